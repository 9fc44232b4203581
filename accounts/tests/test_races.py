import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from students.models import StudentProfile

SPELLINGS = ["racer", "RACER", "Racer", "rAcEr"]


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_registrations_of_one_username_make_one_account():
    start = threading.Barrier(16)

    def register(n):
        client = Client()
        start.wait()
        try:
            response = client.post(
                reverse("students:register"),
                {
                    "username": SPELLINGS[n % 4],
                    "email": f"racer{n}@example.org",
                    "first_name": "Race",
                    "last_name": f"Runner{n}",
                    "password1": "photo-finish-2026",
                    "password2": "photo-finish-2026",
                },
            )
            errors = response.context["form"].errors if response.status_code == 200 else {}
            return response.status_code, errors
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(register, range(16)))

    statuses = [status for status, _ in results]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == 15, statuses
    for status, errors in results:
        if status == 200:
            # On the field when the form's own check or the insert lost the race; as a form
            # error when the model's constraint check did.
            shown = errors.get("username", []) + errors.get("__all__", [])
            assert "That username is taken. Please choose another." in shown, errors
    assert User.objects.filter(username__lower="racer").count() == 1
    assert StudentProfile.objects.count() == 1
