"""Printed sign-in cards and signing in with their QR code's URL."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInBadge
from classes import services
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(teacher, student):
    school_class = ClassFactory(teacher=teacher)
    services.enrol(student, school_class)
    return school_class


def make_cards(client, school_class, **data):
    response = client.post(reverse("classes:cards", args=[school_class.pk]), data)
    assert response.status_code == 200
    return re.findall(r'data-badge-url="([^"]+)"', response.content.decode()), response


def test_the_cards_page_explains_before_it_voids_anything(teacher_client, school_class):
    page = teacher_client.get(reverse("classes:cards", args=[school_class.pk])).content.decode()
    assert "voids every earlier card" in page
    assert not SignInBadge.objects.exists()


def test_a_card_per_student_with_name_username_class_and_qr(teacher_client, school_class, student):
    urls, response = make_cards(teacher_client, school_class)
    html = response.content.decode()
    assert len(urls) == 1 and "/accounts/badge/" in urls[0]
    assert student.display_name in html and student.username in html and school_class.title in html
    assert html.count("<svg") >= 1 and "no-store" in response["Cache-Control"]
    token = urls[0].rsplit("/", 2)[1]
    assert len(token) >= 32  # at least 128 random bits, URL-safe
    assert not SignInBadge.objects.filter(token_hash=token).exists()  # only its hash is kept


def test_get_asks_and_post_signs_the_student_in_until_the_browser_closes(
    teacher_client, school_class, student
):
    urls, _ = make_cards(teacher_client, school_class)
    path = urls[0].removeprefix("http://testserver")
    visitor = Client()
    asking = visitor.get(path)
    assert (
        asking.status_code == 200 and f"Sign in as {student.first_name}?" in asking.content.decode()
    )
    assert "_auth_user_id" not in visitor.session  # a link preview signs nobody in
    signed_in = visitor.post(path)
    assert signed_in["Location"] == reverse("students:dashboard")
    assert visitor.session.get_expire_at_browser_close()
    assert visitor.get(reverse("students:dashboard")).status_code == 200


def test_new_cards_void_the_old_ones(teacher_client, school_class):
    old, _ = make_cards(teacher_client, school_class)
    make_cards(teacher_client, school_class)
    response = Client().get(old[0].removeprefix("http://testserver"))
    assert response.status_code == 404
    assert "This sign-in card does not work" in response.content.decode()


def test_cards_expire_at_the_end_of_the_term(teacher, student):
    term = TermFactory(start_date=datetime.date(2020, 1, 6), end_date=datetime.date(2020, 3, 27))
    school_class = ClassFactory(teacher=teacher, terms=[term])
    services.enrol(student, school_class)
    client = Client()
    client.force_login(teacher)
    urls, _ = make_cards(client, school_class)
    assert Client().get(urls[0].removeprefix("http://testserver")).status_code == 404


def test_unknown_tokens_are_404_and_limited_per_client(settings):
    settings.BADGE_FAILURE_LIMIT = 3
    client = Client()
    for n in range(3):
        assert client.get(f"/accounts/badge/not-a-real-token-{n}/").status_code == 404
    assert client.get("/accounts/badge/another/").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.9").get("/accounts/badge/x/").status_code == 404


def test_only_the_class_runners_make_cards(client, school_class, student):
    other = StudentFactory()
    client.force_login(student)
    assert client.post(reverse("classes:cards", args=[school_class.pk])).status_code == 403
    client.logout()
    assert client.post(reverse("classes:cards", args=[school_class.pk])).status_code == 302
    assert not SignInBadge.objects.filter(user__in=[student, other]).exists()


def test_a_deactivated_student_cannot_use_their_card(teacher_client, school_class, student):
    urls, _ = make_cards(teacher_client, school_class)
    student.is_active = False
    student.save()
    assert Client().post(urls[0].removeprefix("http://testserver")).status_code == 404


def test_a_teacher_voids_the_class_cards(teacher_client, school_class):
    urls, _ = make_cards(teacher_client, school_class)
    teacher_client.post(reverse("classes:cards", args=[school_class.pk]), {"action": "void"})
    assert Client().get(urls[0].removeprefix("http://testserver")).status_code == 404


def test_a_real_card_works_while_unknown_ones_are_paused(teacher_client, school_class, settings):
    settings.BADGE_FAILURE_LIMIT = 2
    urls, _ = make_cards(teacher_client, school_class)
    shared_address = Client()  # a whole school behind one address
    for n in range(3):
        shared_address.get(f"/accounts/badge/old-card-{n}/")
    assert shared_address.get("/accounts/badge/old-card-9/").status_code == 429
    real = shared_address.get(urls[0].removeprefix("http://testserver"))
    assert real.status_code == 200
    # Only the origin leaves as Referer; "no-referrer" would make browsers send Origin: null.
    assert real["Referrer-Policy"] == "strict-origin"


def test_a_class_without_terms_gives_cards_that_end_within_a_year(teacher_client, school_class):
    make_cards(teacher_client, school_class)
    badge = SignInBadge.objects.get()
    assert badge.expires_at <= timezone.now() + datetime.timedelta(days=366)


@pytest.mark.parametrize("value", ["²", "x", "9" * 30])
def test_a_bad_student_value_makes_no_cards(teacher_client, school_class, value):
    urls, _ = make_cards(teacher_client, school_class, student=value)
    assert urls == [] and not SignInBadge.objects.exists()


def test_a_teacher_cannot_name_a_student_outside_the_class(teacher_client, school_class):
    outsider = StudentFactory(first_name="Hidden")
    url = reverse("classes:remove_student", args=[school_class.pk, outsider.pk])
    assert teacher_client.post(url).status_code == 404


def test_a_student_removed_from_their_last_class_loses_their_card(
    teacher_client, school_class, student
):
    other = ClassFactory()
    services.enrol(student, other)
    urls, _ = make_cards(teacher_client, school_class)
    path = urls[0].removeprefix("http://testserver")
    services.unenrol(student, other)
    assert Client().get(path).status_code == 200  # still in a class: the card still works
    teacher_client.post(reverse("classes:remove_student", args=[school_class.pk, student.pk]))
    assert Client().get(path).status_code == 404
