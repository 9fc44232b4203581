"""Django's `date` and `timesince` filters for the site's pages, without their repeated work.

For every value, Django's `date` filter splits its format string again, builds a formatter
that works out the time zone, and translates each month or weekday name through a lazy
string; `timesince` makes a lazy plural string for each part. A dashboard showed four dates
and a "time since" at about a third of its rendering time (docs/BENCHMARKS.md).

Here a format string is split once, the names are translated once per language, and plural
strings are translated directly. The text is Django's, letter for letter, in every language
(schoolsite/tests/test_dates.py). Every other format letter, a format's name such as
`DATE_FORMAT`, and anything that is not a date are left to Django itself.
"""

import datetime
from functools import cache, lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils import dates as names
from django.utils import timezone, translation
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.formats import FORMAT_SETTINGS
from django.utils.functional import cached_property
from django.utils.timesince import timesince as django_timesince
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext, ngettext

# Format letters of a date, then of a clock time: what Django's DateFormat gives for each.
DATE_LETTERS = {
    "d": lambda value, words: f"{value.day:02d}",
    "j": lambda value, words: str(value.day),
    "w": lambda value, words: str((value.weekday() + 1) % 7),
    "D": lambda value, words: words["D"][value.weekday()],
    "l": lambda value, words: words["l"][value.weekday()],
    "m": lambda value, words: f"{value.month:02d}",
    "n": lambda value, words: str(value.month),
    "b": lambda value, words: words["b"][value.month],
    "M": lambda value, words: words["M"][value.month],
    "N": lambda value, words: words["N"][value.month],
    "F": lambda value, words: words["F"][value.month],
    "E": lambda value, words: words["E"][value.month],
    "y": lambda value, words: f"{value.year % 100:02d}",
    "Y": lambda value, words: f"{value.year:04d}",
}
TIME_LETTERS = {
    "a": lambda value, words: words["a"][value.hour > 11],
    "A": lambda value, words: words["A"][value.hour > 11],
    "g": lambda value, words: str(value.hour % 12 or 12),
    "G": lambda value, words: str(value.hour),
    "h": lambda value, words: f"{value.hour % 12 or 12:02d}",
    "H": lambda value, words: f"{value.hour:02d}",
    "i": lambda value, words: f"{value.minute:02d}",
    "s": lambda value, words: f"{value.second:02d}",
}


@lru_cache(maxsize=256)
def compiled(format_string, with_time):
    """The format's pieces (text, or a letter's function), or None if Django must do it."""
    letters = {**DATE_LETTERS, **TIME_LETTERS} if with_time else DATE_LETTERS
    pieces = []
    for index, piece in enumerate(re_formatchars.split(format_string)):
        if index % 2:  # a format letter, as Django's Formatter.format() splits them
            if piece not in letters:
                return None
            pieces.append(letters[piece])
        elif piece:
            pieces.append(re_escaped.sub(r"\1", piece))
    return tuple(pieces)


@cache
def words_in(language):
    """Month and weekday names, a.m. and p.m., translated: `language` is the active one."""
    return {
        "D": [str(names.WEEKDAYS_ABBR[day]) for day in range(7)],
        "l": [str(names.WEEKDAYS[day]) for day in range(7)],
        "b": {month: str(name) for month, name in names.MONTHS_3.items()},
        "M": {month: str(name).title() for month, name in names.MONTHS_3.items()},
        "N": {month: str(name) for month, name in names.MONTHS_AP.items()},
        "F": {month: str(name) for month, name in names.MONTHS.items()},
        "E": {month: str(name) for month, name in names.MONTHS_ALT.items()},
        "a": (gettext("a.m."), gettext("p.m.")),
        "A": (gettext("AM"), gettext("PM")),
    }


def localized(value, locale=None):
    """A time in the current time zone, as Django's templates show it (`template_localtime`).

    Django's also honours a flag that only its own `{% localtime off %}` sets, and finds the
    flag missing by a caught exception, which made it half the cost of a formatted date.
    """
    if isinstance(value, datetime.datetime) and settings.USE_TZ and value.utcoffset() is not None:
        return value.astimezone((locale or CURRENT).zone)
    return value


class Current:
    """The active time zone and language, looked up at each use."""

    __slots__ = ()

    @property
    def zone(self):
        return get_current_timezone()

    @property
    def language(self):
        return get_language()


class PageLocale:
    """The time zone and language of one page, each looked up once, when first needed.

    Both live in context-local variables, and each lookup costs as much as writing a date:
    a dashboard made a dozen. A page is rendered within one request, in one zone and language.
    """

    zone = cached_property(Current.zone.fget)
    language = cached_property(Current.language.fget)


CURRENT = Current()


def activate_site_locale():
    """Make the site's language and time zone the active ones in this thread.

    A serving process calls this once. With none active, every lookup of the active
    language or zone falls back to these same settings only after asgiref's context-local
    storage has raised and caught an exception: three or four times a page, 1 to 3 % of a
    dashboard. Active, the lookups find them. Answers do not change; a view that needs
    another language or zone uses `translation.override()`, which puts these back.
    """
    translation.activate(settings.LANGUAGE_CODE)
    timezone.activate(settings.TIME_ZONE)


def context_processor(request):
    """`page_locale` for the site's pages (schoolsite.templating's date filters use it)."""
    return {"page_locale": PageLocale()}


@receiver(setting_changed)
def forget_words(*, setting, **kwargs):
    """Translations change with these settings (as Django's own catalogue cache does)."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}:
        words_in.cache_clear()
        plural_in.cache_clear()
        time_strings_in.cache_clear()


def date(value, arg=None, locale=None):
    """Django's `date` filter, in the current time zone as Django's templates give it.

    `locale` gives the zone and language (default: the active ones, `CURRENT`).
    """
    locale = locale or CURRENT
    value = localized(value, locale)
    # No format, or a format's name (DATE_FORMAT), means the language's format: Django's.
    if isinstance(value, datetime.date) and arg and isinstance(arg, str):
        with_time = isinstance(value, datetime.datetime)
        pieces = None if arg in FORMAT_SETTINGS else compiled(arg, with_time)
        if pieces is not None:
            words = words_in(locale.language)
            return "".join(piece if type(piece) is str else piece(value, words) for piece in pieces)
    return defaultfilters.date(value, arg)


@lru_cache(maxsize=1024)
def plural_in(language, singular, plural, number):
    """`ngettext()`: `language` is the active one."""
    return ngettext(singular, plural, number)


class Plural:
    """One of Django's `timesince` parts in one language, with no lazy string."""

    __slots__ = ("language", "plural", "singular")

    def __init__(self, singular, plural, language=None):
        self.singular, self.plural, self.language = singular, plural, language

    def __mod__(self, values):
        language = self.language or get_language()
        return plural_in(language, self.singular, self.plural, values["num"]) % values


# Django's own messages (django.utils.timesince.TIME_STRINGS), so its translations apply.
TIME_STRINGS = {
    "year": Plural("%(num)d year", "%(num)d years"),
    "month": Plural("%(num)d month", "%(num)d months"),
    "week": Plural("%(num)d week", "%(num)d weeks"),
    "day": Plural("%(num)d day", "%(num)d days"),
    "hour": Plural("%(num)d hour", "%(num)d hours"),
    "minute": Plural("%(num)d minute", "%(num)d minutes"),
}


@cache
def time_strings_in(language):
    """TIME_STRINGS for `language`, the active one."""
    return {key: Plural(part.singular, part.plural, language) for key, part in TIME_STRINGS.items()}


def timesince(value, arg=None, locale=None):
    """Django's `timesince` filter ("4 days, 6 hours"); `locale` as for `date`."""
    if not value:
        return ""
    time_strings = time_strings_in((locale or CURRENT).language)
    try:
        return django_timesince(value, arg, time_strings=time_strings)
    except (ValueError, TypeError):
        return ""
