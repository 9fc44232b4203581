"""Template helpers that skip repeated work must give exactly what Django would."""

import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from schoolsite.storage import StaticFilesStorage
from schoolsite.templatetags.cached_url import CachedURLNode


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.fixture
def prefix():
    yield set_script_prefix
    set_script_prefix("/")


def test_url_is_django_url_with_the_same_output():
    template = Template("{% url 'teachers:directory' %}|{% url 'home' as home %}{{ home }}")
    assert isinstance(template.nodelist[0], CachedURLNode)
    expected = f"{reverse('teachers:directory')}|{reverse('home')}"
    assert template.render(Context()) == expected
    assert template.render(Context()) == expected  # and the same from the cache


def test_an_argument_free_url_is_reversed_once(monkeypatch):
    from schoolsite.templatetags import cached_url

    calls = []

    def counting_reverse(*args, **kwargs):
        calls.append(args)
        return reverse(*args, **kwargs)

    monkeypatch.setattr(cached_url, "reverse", counting_reverse)
    monkeypatch.setattr(cached_url, "_reversed", {})
    template = Template("{% url 'accounts:password_change' %}")
    assert [template.render(Context()) for _ in range(3)] == [
        reverse("accounts:password_change")
    ] * 3
    assert len(calls) == 1


def test_url_with_arguments_and_unknown_names_behave_as_in_django():
    reset = render("{% url 'accounts:password_reset_confirm' 'MQ' 'set-password' %}")
    assert reset == reverse("accounts:password_reset_confirm", args=["MQ", "set-password"])
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")
    assert render("{% url 'no-such-page' as missing %}[{{ missing }}]") == "[]"


def test_url_follows_the_script_prefix_of_each_request(prefix):
    template = Template("{% url 'home' %}")
    prefix("/school/")
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request})) == "/school/"
    prefix("/")
    assert template.render(Context({"request": RequestFactory().get("/")})) == "/"


def test_url_is_worked_out_again_when_the_urlconf_changes():
    template = Template("{% url 'home' %}")
    assert template.render(Context()) == "/"
    with override_settings(ROOT_URLCONF="schoolsite.tests.urls_elsewhere"):
        assert template.render(Context()) == "/elsewhere/"
    assert template.render(Context()) == "/"


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


# The site's pages are Jinja2 templates (schoolsite/templating.py): what they show must not
# depend on the template language.


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
