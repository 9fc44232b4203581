"""Counts in the right plural form, and role sign-in pages that say whom they are for."""

import html
import re

import pytest
from django.urls import reverse

from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def caption(response):
    found = re.search(r"<caption[^>]*>(.*?)</caption>", response.content.decode(), re.S)
    return " ".join(html.unescape(found.group(1)).split())


@pytest.mark.parametrize(
    ("directory", "factory", "noun"),
    [
        ("students:directory", StudentFactory, "student"),
        ("teachers:directory", TeacherFactory, "teacher"),
    ],
)
def test_directory_totals_in_the_singular_and_the_plural(staff_client, directory, factory, noun):
    url = reverse(directory)
    factory(last_name="Lovelace")
    assert caption(staff_client.get(url)) == f"Showing 1\N{EN DASH}1 of 1 {noun}"
    factory(last_name="Turing")
    assert caption(staff_client.get(url)) == f"Showing 1\N{EN DASH}2 of 2 {noun}s"
    assert caption(staff_client.get(url, {"q": "turing"})) == (
        f"Showing 1\N{EN DASH}1 of 1 {noun} matching \N{LEFT DOUBLE QUOTATION MARK}turing"
        "\N{RIGHT DOUBLE QUOTATION MARK}"
    )


def test_the_sign_in_count_on_the_dashboard_is_pluralised(student_client, student):
    assert (
        "You have signed in 1 time." in student_client.get("/students/dashboard/").content.decode()
    )


@pytest.mark.parametrize(
    ("sign_in_page", "role", "other", "other_page"),
    [
        ("students:login", "student", "teacher", "/teachers/login/"),
        ("teachers:login", "teacher", "student", "/students/login/"),
    ],
)
def test_role_sign_in_pages_say_whom_they_are_for_and_link_the_other(
    client, sign_in_page, role, other, other_page
):
    text = " ".join(client.get(reverse(sign_in_page)).content.decode().split())
    assert f"This page is for {role} accounts." in text
    assert (
        f'Have a {other} account? Use the <a href="{other_page}">{other} sign-in page</a>.' in text
    )


def test_the_any_account_sign_in_page_is_for_everyone(client):
    text = client.get(reverse("accounts:login")).content.decode()
    assert "This page is for" not in text


def test_a_wrong_role_sign_in_still_says_nothing_about_the_account(client, teacher, password):
    login = reverse("students:login")
    wrong_role = client.post(login, {"username": teacher.username, "password": password})
    unknown = client.post(login, {"username": "nobody-at-all", "password": password})
    assert (
        wrong_role.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    )
    assert "_auth_user_id" not in client.session
