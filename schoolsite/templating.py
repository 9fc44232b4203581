"""The Jinja2 environment of the site's pages (`templates/`); the admin and crispy-forms'
field templates stay with Django's template language (settings.TEMPLATES).

Jinja2 compiles a template to Python, where Django's language resolves every variable through
its own lookup rules (5 to 9 microseconds each): a dashboard or a directory page renders in a
fraction of the time (docs/BENCHMARKS.md). The pages get what they used from Django's tags:
`url()`, `now()`, the `static` and `icon` filters, Django's `date`, `timesince`
(schoolsite.dates) and `pluralize` filters, and crispy-forms' filters, which render forms with
crispy's own templates.

`static` and `icon` are filters because Jinja works out a filter of constants when it compiles
the template: `{{ "css/site.css"|static }}` and `{{ "key"|icon(size=20) }}` are then plain text
of the compiled page, at no cost per page. A static file's URL is fixed for the life of a
process (the manifest is read once), and the compiled templates are dropped if the storage
settings change.
"""

import jinja2.compiler
from crispy_forms.templatetags.crispy_forms_filters import (
    as_crispy_errors,
    as_crispy_field,
    as_crispy_form,
)
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters, engines
from django.template.backends.jinja2 import Jinja2
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, Environment, pass_context, select_autoescape
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner as _escape_text  # markupsafe 3: its escaping, in C
except ImportError:  # another version: its public escape does the same, a little slower
    _escape_text = escape

from accounts.templatetags.icons import icon
from schoolsite import dates
from schoolsite.reversing import reverse_once


@pass_context
def url(context, view_name, *args, **kwargs):
    """`reverse()`; a URL without arguments is worked out once (schoolsite.reversing)."""
    if args or kwargs:
        return reverse(view_name, args=args, kwargs=kwargs)
    return reverse_once(view_name, context.get("request"))


def static(path):
    """The URL of a static file (the storage remembers each, schoolsite.storage)."""
    return staticfiles_storage.url(path)


@receiver(setting_changed)
def forget_compiled_pages(*, setting, **kwargs):
    """Compiled pages hold their static URLs: compile them again when the storage changes."""
    if setting in {"STORAGES", "STATIC_URL", "STATIC_ROOT"}:
        for engine in engines.all():
            if isinstance(engine, Jinja2) and engine.env.cache is not None:
                engine.env.cache.clear()


# Dates in the page's zone and language, looked up once per page (schoolsite.dates.PageLocale);
# a template rendered without a request (a mail) looks them up at each use.


@pass_context
def date(context, value, arg=None):
    return dates.date(value, arg, context.get("page_locale"))


@pass_context
def timesince(context, value, arg=None):
    """Django's text; its no-break spaces as `&nbsp;`, so that an English page stays ASCII,
    which Python joins and encodes many times faster."""
    text = dates.timesince(value, arg, context.get("page_locale"))
    if not context.eval_ctx.autoescape:  # a plain-text mail: the text as it is
        return text
    return escape(text).replace("\xa0", Markup("&nbsp;"))


@pass_context
def isoformat(context, value):
    """A time as ISO 8601 in the current time zone, for `<time datetime>`: Django's `date:'c'`."""
    return dates.localized(value, context.get("page_locale")).isoformat()


@pass_context
def now(context):
    """The time now, in the page's time zone."""
    return timezone.localtime(timezone=(context.get("page_locale") or dates.CURRENT).zone)


def escape_output(value):
    """What a page shows for `{{ value }}`: Jinja's `escape(value)`, a text sooner.

    A page escapes every value it shows, a directory page some four hundred; for text, the
    usual case, this skips a Python call (`Markup()`) of the two in markupsafe's `escape`.
    """
    if type(value) is str:
        return str.__new__(Markup, _escape_text(value))
    return escape(value)


class CodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's, writing an escaped `{{ value }}` as a call of `escape_output`.

    `_output_child_pre` is the hook Jinja's own native-types generator overrides to change
    how output is written.
    """

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class SiteEnvironment(Environment):
    """Jinja's environment, compiling pages with the site's code generator."""

    code_generator_class = CodeGenerator
    escape_output = staticmethod(escape_output)


def environment(**options):
    """Build the environment Django's Jinja2 backend renders the site's pages with."""
    # Django's backend passes its own choices for these two; the site's are:
    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = SiteEnvironment(
        # HTML is escaped; a plain-text mail (.txt) is not, as `{% autoescape off %}` did.
        autoescape=select_autoescape(disabled_extensions=("txt",), default=True),
        # A missing variable or attribute renders empty, as in Django's language, so that
        # pages rendered with no context (500.html) and optional values need no guards.
        undefined=ChainableUndefined,
        **options,
    )
    env.globals.update(url=url, now=now)
    env.filters.update(
        static=static,
        icon=icon,
        date=date,
        isoformat=isoformat,
        timesince=timesince,
        pluralize=defaultfilters.pluralize,
        crispy=as_crispy_form,
        as_crispy_errors=as_crispy_errors,
        as_crispy_field=as_crispy_field,
    )
    return env
