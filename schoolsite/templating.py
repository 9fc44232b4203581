"""The Jinja2 environment of the site's pages (`templates/`); the admin and crispy-forms'
field templates stay with Django's template language (settings.TEMPLATES).

This is the environment Django's documentation describes for its Jinja2 backend: `static()` and
`url()` as globals, and Django's own filters for what the pages used from its language. The
school's name is a global too, so that every render has it: pages, the 500 page (rendered
without a request, so without context processors) and mails.

`static` and `url` are filters too: Jinja works out a filter of constants once, when it
compiles a template (its own optimisation), so `{{ 'css/site.css'|static }}` and
`{{ 'home'|url }}` are plain text of the compiled page. A page's static files and its URLs
without arguments are fixed while the site runs (one URLconf, one script prefix, one manifest);
a URL that depends on the page's data uses `url()`.
"""

import datetime

from crispy_forms.templatetags.crispy_forms_filters import (
    as_crispy_errors,
    as_crispy_field,
    as_crispy_form,
)
from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince as django_timesince
from jinja2 import ChainableUndefined, Environment, select_autoescape

from accounts.templatetags.icons import icon


def url(view_name, *args, **kwargs):
    """`reverse()` with positional or keyword arguments, as `{% url %}` takes them."""
    return reverse(view_name, args=args or None, kwargs=kwargs or None)


def localtime(value):
    """An aware time in the current time zone, as Django's templates show times."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value, arg=None):
    """Django's `date` filter, on the time in the current zone."""
    return defaultfilters.date(localtime(value), arg)


def isoformat(value):
    """A time as ISO 8601 in the current zone, for `<time datetime>`."""
    return localtime(value).isoformat() if value else ""


def timesince(value, arg=None):
    """Django's `timesince` filter ("4 days, 6 hours"); empty for no or a bad value."""
    if not value:
        return ""
    try:
        return django_timesince(value, arg)
    except (ValueError, TypeError):
        return ""


def environment(**options):
    """Build the environment Django's Jinja2 backend renders the site's pages with."""
    # Django's backend passes its own choices for these two; the site's are:
    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = Environment(
        # HTML is escaped; a plain-text mail (.txt) is not, as `{% autoescape off %}` did.
        autoescape=select_autoescape(disabled_extensions=("txt",), default=True),
        # A missing variable or attribute renders empty, as in Django's language, so that
        # pages rendered with no context (500.html) and optional values need no guards.
        undefined=ChainableUndefined,
        **options,
    )
    env.globals.update(
        url=url,
        static=static,
        now=timezone.localtime,
        school_name=settings.SCHOOL_NAME,
        student_signup=settings.STUDENT_SIGNUP,  # "closed": no page offers student registration
    )
    env.filters.update(
        url=reverse,
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
