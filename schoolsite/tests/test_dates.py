"""The pages' `date` and `timesince` filters give Django's text, in every language and zone."""

import datetime
import itertools
import runpy
import threading
import zoneinfo

import pytest
from django.template import defaultfilters
from django.utils import timezone, translation
from django.utils.timezone import template_localtime
from django.utils.translation import trans_real

from schoolsite import dates

LANGUAGES = ["en-gb", "en", "fr", "de", "pl", "ru", "ar", "ja"]
ZONES = ["UTC", "Europe/London", "America/Sao_Paulo", "Asia/Kathmandu"]
FORMATS = [
    "j F Y",
    "l j F Y, H:i",
    *dates.DATE_LETTERS,
    *dates.TIME_LETTERS,
    "D, d M y",
    "N E b",
    "g:i a",
    "h:i:s A",
    "w n m",
    r"\j\F \\ j \Y: Y",
    "Today is l.",
    "",
]
LEFT_TO_DJANGO = ["DATE_FORMAT", "SHORT_DATETIME_FORMAT", "c", "e", "I", "O", "P", "r", "S"]

# A year of times: every third day at a different hour and minute, across both clock changes.
START = datetime.datetime(2026, 1, 1, 0, 7, 5, tzinfo=datetime.UTC)
TIMES = [
    START + datetime.timedelta(hours=25 * n, minutes=13 * n, seconds=7 * n)
    for n in range(0, 366, 3)
]
DAYS = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 366, 15)]


def django_date(value, format_string):
    """What Django's template language shows: the filter, on the value in the current zone."""
    return outcome(defaultfilters.date, template_localtime(value), format_string)


def outcome(function, *args):
    try:
        return function(*args)
    except Exception as error:  # Django's own failures must be ours too
        return type(error)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_times_read_as_django_writes_them(language):
    with translation.override(language):
        for zone, format_string in itertools.product(ZONES, FORMATS):
            with timezone.override(zoneinfo.ZoneInfo(zone)):
                for value in [*TIMES, *DAYS]:
                    expected = django_date(value, format_string)
                    assert outcome(dates.date, value, format_string) == expected, (
                        language,
                        zone,
                        format_string,
                        value,
                    )


@pytest.mark.parametrize("format_string", [*LEFT_TO_DJANGO, None, "H:i"])
def test_what_the_fast_path_does_not_know_is_djangos_own(format_string):
    with translation.override("fr"), timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        for value in [TIMES[0], TIMES[70], DAYS[3]]:
            assert outcome(dates.date, value, format_string) == django_date(value, format_string)


@pytest.mark.parametrize("value", [None, "", "not a date", 0, datetime.time(9, 30)])
def test_values_that_are_not_dates_are_shown_as_django_shows_them(value):
    assert outcome(dates.date, value, "j F Y") == django_date(value, "j F Y")


def test_names_follow_the_active_language():
    day = datetime.date(2026, 3, 2)
    with translation.override("en-gb"):
        assert dates.date(day, "l j F") == "Monday 2 March"
    with translation.override("de"):
        assert dates.date(day, "l j F") == "Montag 2 März"
    with translation.override("en-gb"):
        assert dates.date(day, "l j F") == "Monday 2 March"


AGES = [
    datetime.timedelta(0),
    datetime.timedelta(seconds=59),
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=22),
    datetime.timedelta(hours=1, minutes=1),
    datetime.timedelta(hours=21, minutes=35),
    datetime.timedelta(days=2, hours=4),
    datetime.timedelta(days=12),
    datetime.timedelta(days=45),
    datetime.timedelta(days=400),
    datetime.timedelta(days=365 * 22 + 40),
    -datetime.timedelta(days=3),  # in the future: "0 minutes"
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_time_since_reads_as_django_writes_it(language):
    now = datetime.datetime(2026, 11, 21, 16, 30, tzinfo=datetime.UTC)
    with translation.override(language):
        for age in AGES:
            expected = defaultfilters.timesince_filter(now - age, now)
            assert dates.timesince(now - age, now) == expected, (language, age)
        assert dates.timesince(datetime.date(2026, 10, 1), datetime.date(2026, 11, 21)) == (
            defaultfilters.timesince_filter(datetime.date(2026, 10, 1), datetime.date(2026, 11, 21))
        )


@pytest.mark.parametrize("value", [None, "", "yesterday", 3])
def test_time_since_of_nothing_or_of_a_non_date_is_as_in_django(value):
    assert outcome(dates.timesince, value) == outcome(defaultfilters.timesince_filter, value)


def test_time_since_without_now_counts_from_the_present():
    assert dates.timesince(timezone.now() - datetime.timedelta(days=3, hours=2)) == (
        "3\xa0days, 2\xa0hours"
    )


def test_translations_are_looked_up_again_when_the_language_settings_change(settings):
    with translation.override("en-gb"):
        dates.date(DAYS[0], "F")
    assert dates.words_in.cache_info().currsize > 0
    settings.LANGUAGE_CODE = "fr"
    assert dates.words_in.cache_info().currsize == 0
    assert dates.plural_in.cache_info().currsize == 0


def test_the_formats_the_pages_use_are_written_without_djangos_formatter(monkeypatch):
    def not_here(*args):
        raise AssertionError("Django's date filter was called")

    monkeypatch.setattr(defaultfilters, "date", not_here)
    with translation.override("en-gb"), timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        assert dates.date(datetime.date(2011, 12, 9), "j F Y") == "9 December 2011"
        summer = datetime.datetime(2026, 8, 3, 3, 15, 5, tzinfo=datetime.UTC)
        assert dates.date(summer, "l j F Y, H:i:s") == "Monday 3 August 2026, 04:15:05"


def test_time_since_translates_each_part_once_per_language_and_number():
    dates.plural_in.cache_clear()
    now = datetime.datetime(2026, 11, 21, 16, 30, tzinfo=datetime.UTC)
    with translation.override("fr"):
        for _ in range(3):
            assert dates.timesince(now - datetime.timedelta(days=2, hours=4), now) == (
                "2\xa0jours, 4\xa0heures"
            )
    assert dates.plural_in.cache_info().misses == 2


@pytest.mark.parametrize("use_tz", [True, False])
def test_times_are_shown_in_the_zone_django_s_templates_use(settings, use_tz):
    settings.USE_TZ = use_tz
    naive = datetime.datetime(2026, 3, 29, 0, 30)
    for zone in ZONES:
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            for value in [*TIMES, *DAYS, naive, None, "2026-01-01"]:
                ours = dates.localized(value)
                assert ours == template_localtime(value)
                assert getattr(ours, "tzinfo", None) == getattr(
                    template_localtime(value), "tzinfo", None
                )


def test_a_page_locale_gives_the_active_zone_and_language_once_looked_up():
    with translation.override("de"), timezone.override(zoneinfo.ZoneInfo("Asia/Kathmandu")):
        page = dates.PageLocale()
        value = TIMES[40]
        assert dates.date(value, "l j F Y, H:i", page) == django_date(value, "l j F Y, H:i")
        assert dates.timesince(value, TIMES[60], page) == defaultfilters.timesince_filter(
            value, TIMES[60]
        )
        assert dates.localized(value, page) == template_localtime(value)


@pytest.mark.django_db
def test_a_page_looks_up_its_zone_and_language_once(client, settings, monkeypatch):
    from django.urls import reverse

    from students.tests.factories import StudentFactory

    settings.TIME_ZONE = "Europe/London"
    student = StudentFactory()
    client.force_login(student)
    type(student).objects.filter(pk=student.pk).update(last_login=TIMES[0])
    client.get(reverse("students:dashboard"))  # a first visit: the welcome, the CSRF cookie
    client.get(reverse("students:dashboard"))
    lookups = []
    for name in ("get_current_timezone", "get_language"):
        looked_up = getattr(dates, name)
        monkeypatch.setattr(dates, name, lambda f=looked_up, n=name: lookups.append(n) or f())
    html = client.get(reverse("students:dashboard")).content.decode()
    assert "ago)" in html and f"&copy; {timezone.localtime().year}" in html  # dates, and now()
    assert sorted(lookups) == ["get_current_timezone", "get_language"]


def in_a_new_thread(function):
    """Run `function` where nothing is active yet, as in a fresh worker; return its result."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function()
        except BaseException as error:  # raised again in the test's own thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def active_now():
    """(language, zone, whether each was found active rather than defaulted).

    Whether a value is active is read from Django's own context-local stores (private names).
    """
    return (
        translation.get_language(),
        timezone.get_current_timezone(),
        hasattr(trans_real._active, "value"),
        hasattr(timezone._active, "value"),
    )


@pytest.mark.parametrize("zone", ["UTC", "Europe/London"])
def test_a_worker_makes_the_sites_language_and_zone_active_with_the_same_answers(
    settings, monkeypatch, zone
):
    settings.TIME_ZONE = zone
    # The module as gunicorn loads it, without setting Django up again (logging, middleware).
    monkeypatch.setattr("django.core.wsgi.get_wsgi_application", lambda: None)
    language, found_zone, *found = in_a_new_thread(active_now)
    assert found == [False, False]  # what every lookup paid for: a miss, then the default
    assert (language, found_zone) == (settings.LANGUAGE_CODE, zoneinfo.ZoneInfo(zone))

    def served():
        runpy.run_module("schoolsite.wsgi")  # what gunicorn loads in each worker
        return active_now()

    assert in_a_new_thread(served) == (settings.LANGUAGE_CODE, zoneinfo.ZoneInfo(zone), True, True)


def test_another_language_or_zone_for_a_while_gives_the_sites_back(settings):
    def overridden():
        dates.activate_site_locale()
        with translation.override("de"), timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
            inside = (translation.get_language(), str(timezone.get_current_timezone()))
        return inside, active_now()

    inside, after = in_a_new_thread(overridden)
    assert inside == ("de", "Asia/Tokyo")
    assert after == (settings.LANGUAGE_CODE, zoneinfo.ZoneInfo(settings.TIME_ZONE), True, True)
