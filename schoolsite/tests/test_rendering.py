"""The site's pages (Jinja2, schoolsite/templating.py): what they show, and the helpers that
skip repeated work, must be exactly what Django would give."""

import json

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from schoolsite import reversing
from schoolsite.storage import StaticFilesStorage


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


def test_a_url_without_arguments_is_reversed_once(monkeypatch):
    calls = []

    def counting_reverse(*args, **kwargs):
        calls.append(args)
        return reverse(*args, **kwargs)

    monkeypatch.setattr(reversing, "reverse", counting_reverse)
    monkeypatch.setattr(reversing, "_reversed", {})
    template = engines["jinja2"].from_string("{{ url('accounts:password_change') }}")
    assert [template.render({}) for _ in range(3)] == [reverse("accounts:password_change")] * 3
    assert len(calls) == 1


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
    tmp_path, settings, monkeypatch
):
    settings.STATIC_URL = "/static/"
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    looked_up = []
    original = storage.stored_name
    monkeypatch.setattr(
        storage, "stored_name", lambda name: looked_up.append(name) or original(name)
    )
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert looked_up == ["css/site.css"]  # the manifest was read once
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


@pytest.mark.django_db
def test_pages_give_times_in_the_sites_time_zone(client, settings):
    from datetime import UTC, datetime

    from students.tests.factories import StudentFactory

    settings.TIME_ZONE = "Europe/London"  # an hour ahead of UTC in summer
    student = StudentFactory()
    client.force_login(student)
    type(student).objects.filter(pk=student.pk).update(
        last_login=datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    )
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


def test_static_and_icon_of_constants_are_text_of_the_compiled_page(monkeypatch):
    from django.contrib.staticfiles.storage import staticfiles_storage

    from accounts.templatetags.icons import svg

    source = "{{ 'css/site.css'|static }} {{ 'key'|icon(size=20) }}"
    template = engines["jinja2"].from_string(source)

    def not_again(*args, **kwargs):
        raise AssertionError("worked out again when the page was rendered")

    monkeypatch.setattr(staticfiles_storage, "url", not_again)
    monkeypatch.setattr("accounts.templatetags.icons.svg", not_again)
    assert template.render({}) == f"/static/css/site.css {svg('key', 20, '')}"
    assert "<svg" in template.render({}) and "&lt;svg" not in template.render({})


@pytest.mark.django_db
def test_pages_link_the_static_files_of_the_storage_in_force(client):
    assert 'href="/static/css/site.css"' in client.get(reverse("home")).content.decode()
    with override_settings(STATIC_URL="/assets/"):
        assert 'href="/assets/css/site.css"' in client.get(reverse("home")).content.decode()
    assert 'href="/static/css/site.css"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_an_english_dashboard_is_ascii_and_says_how_long_ago_as_django_does(client):
    from datetime import timedelta
    from html import unescape

    from django.template.defaultfilters import timesince_filter
    from django.utils import timezone

    from students.tests.factories import StudentFactory

    student = StudentFactory(first_name="Ann", last_name="Lee")
    client.force_login(student)
    last_login = timezone.now() - timedelta(days=3, hours=2, seconds=30)
    type(student).objects.filter(pk=student.pk).update(last_login=last_login)
    html = client.get(reverse("students:dashboard")).content.decode()
    assert html.isascii()  # Python joins and encodes an ASCII page many times faster
    assert f"({timesince_filter(last_login)} ago)" in unescape(html)
    assert "3&nbsp;days, 2&nbsp;hours" in html


def test_shown_values_are_escaped_exactly_as_jinja_escapes_them():
    from django.utils.functional import lazy
    from markupsafe import Markup, escape

    from schoolsite.templating import escape_output

    env = engines["jinja2"].env
    lazy_text = lazy(lambda: "<i>lazy</i>", str)()
    values = ["", "plain", "<b>&'\"</b>", "Zoë <3", Markup("<b>safe</b>"), 7, 2.5, None, lazy_text]
    for value in [*values, env.undefined(name="missing")]:
        ours = escape_output(value)
        assert ours == escape(value) and type(ours) is type(escape(value)), value
    page = env.from_string("{{ a }}|{{ b }}|{{ c }}").render(a="<x>", b=Markup("<y>"), c=3)
    assert page == "&lt;x&gt;|<y>|3"


def test_pages_escape_through_escape_output_and_mails_do_not_escape():
    env = engines["jinja2"].env
    page = env.compile("{{ name }}", name="page.html", raw=True)
    mail = env.compile("{{ name }}", name="mail.txt", raw=True)
    assert "yield environment.escape_output((undefined(name='name')" in page
    assert "yield str((undefined(name='name')" in mail


def test_time_since_in_a_plain_text_mail_keeps_django_s_text():
    from datetime import timedelta

    from django.template.defaultfilters import timesince_filter
    from django.utils import timezone

    env = engines["jinja2"].env
    value = timezone.now() - timedelta(days=3, hours=2, seconds=30)
    code = env.compile("{{ value|timesince }}", name="mail.txt")  # escaped by file name
    rendered = env.template_class.from_code(env, code, env.make_globals(None)).render(value=value)
    assert rendered == timesince_filter(value) and "&nbsp;" not in rendered
