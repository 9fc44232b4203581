"""The site's pages (Jinja2, schoolsite/templating.py) show what Django's own tags and filters
would give."""

import json

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix


def render(source, **context):
    return engines["jinja2"].from_string(source).render(context)


@pytest.fixture
def prefix():
    yield set_script_prefix
    set_script_prefix("/")


def test_url_gives_what_reverse_gives():
    assert render("{{ url('teachers:directory') }}") == reverse("teachers:directory")
    reset = render("{{ url('accounts:password_reset_confirm', 'MQ', 'set-password') }}")
    assert reset == reverse("accounts:password_reset_confirm", args=["MQ", "set-password"])
    by_name = render("{{ url('accounts:password_reset_confirm', uidb64='MQ', token='t-1') }}")
    assert by_name == reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "t-1"}
    )
    with pytest.raises(NoReverseMatch):
        render("{{ url('no-such-page') }}")


def test_url_follows_the_script_prefix(prefix):
    prefix("/school/")
    assert render("{{ url('home') }}") == "/school/"
    prefix("/")
    assert render("{{ url('home') }}") == "/"


def test_url_is_worked_out_again_when_the_urlconf_changes():
    assert render("{{ url('home') }}") == "/"
    with override_settings(ROOT_URLCONF="schoolsite.tests.urls_elsewhere"):
        assert render("{{ url('home') }}") == "/elsewhere/"
    assert render("{{ url('home') }}") == "/"


def test_static_urls_come_from_the_manifest_and_unknown_files_still_fail(
    tmp_path, settings
):  # production's storage: whitenoise's compressed manifest
    settings.STATIC_URL = "/static/"
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
            "OPTIONS": {"location": tmp_path, "base_url": "/static/"},
        },
    }
    assert render("{{ static('css/site.css') }}") == "/static/css/site.0123abcd.css"
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        render("{{ static('css/missing.css') }}")


@pytest.mark.django_db
def test_pages_give_times_in_the_sites_time_zone(client, settings):
    from datetime import UTC, datetime

    from students.tests.factories import StudentFactory

    settings.TIME_ZONE = "Europe/London"  # an hour ahead of UTC in summer
    student = StudentFactory()
    student.last_login = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    client.force_login(student)  # the dashboard shows the sign-in before this one
    html = client.get(reverse("students:dashboard")).content.decode()
    assert "Wednesday 1 July 2026, 13:00" in html


@pytest.mark.django_db
def test_pages_escape_what_people_typed_and_mails_do_not(client, mailoutbox):
    from students.tests.factories import StudentFactory

    student = StudentFactory(first_name="<b>Ann</b>", last_name="O'Neil & Co")
    client.force_login(student)
    html = client.get(reverse("students:dashboard")).content.decode()
    assert "<b>Ann</b>" not in html
    assert "&lt;b&gt;Ann&lt;/b&gt; O&#39;Neil &amp; Co" in html
    client.logout()
    client.post(reverse("accounts:password_reset"), {"email": student.email})
    assert "Hello <b>Ann</b> O'Neil & Co," in mailoutbox[0].body  # plain text, as typed


def test_the_error_page_renders_with_nothing_to_go_on():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")  # Django's server_error view gives no context
    assert "Something went wrong" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_pages_link_the_static_files_of_the_storage_in_force(client):
    assert 'href="/static/css/site.css"' in client.get(reverse("home")).content.decode()


def test_url_and_static_of_constants_are_worked_out_when_the_page_is_compiled():
    env = engines["jinja2"].env
    code = env.compile("{{ 'accounts:password_change'|url }} {{ 'css/site.css'|static }}", raw=True)
    assert f"{reverse('accounts:password_change')} /static/css/site.css" in code


@pytest.mark.django_db
def test_a_dashboard_says_how_long_ago_as_django_does(client):
    from datetime import timedelta

    from django.template.defaultfilters import timesince_filter
    from django.utils import timezone

    from students.tests.factories import StudentFactory

    student = StudentFactory(first_name="Ann", last_name="Lee")
    last_login = timezone.now() - timedelta(days=3, hours=2, seconds=30)
    student.last_login = last_login
    client.force_login(student)  # the dashboard shows the sign-in before this one
    html = client.get(reverse("students:dashboard")).content.decode()
    assert f"({timesince_filter(last_login)} ago)" in html
    assert "3\xa0days, 2\xa0hours" in html


def test_time_since_in_a_plain_text_mail_keeps_django_s_text():
    from datetime import timedelta

    from django.template.defaultfilters import timesince_filter
    from django.utils import timezone

    env = engines["jinja2"].env
    value = timezone.now() - timedelta(days=3, hours=2, seconds=30)
    code = env.compile("{{ value|timesince }}", name="mail.txt")  # escaped by file name
    rendered = env.template_class.from_code(env, code, env.make_globals(None)).render(value=value)
    assert rendered == timesince_filter(value)
