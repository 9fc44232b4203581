"""What the request log says: a refused request on one line, a server error with its traceback."""

import io
import logging

import pytest
from django.conf import settings
from django.core.exceptions import BadRequest
from django.test import Client
from django.urls import include, path


def broken(request):
    raise RuntimeError("the database fell over")


def bad_request(request):
    raise BadRequest("a form that no browser sends")


urlpatterns = [
    path("broken/", broken),
    path("bad/", bad_request),
    path("", include("schoolsite.urls")),
]


@pytest.fixture
def request_log():
    """What the `django.request` logger writes, formatted as the console shows it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_a_403_is_one_line_without_a_traceback(student_client, request_log):
    response = student_client.get("/students/")  # the directory is for teachers and staff

    assert response.status_code == 403
    lines = request_log.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("WARNING django.request Forbidden (Permission denied): /students/")


@pytest.mark.urls(__name__)
def test_a_bad_request_is_one_line_without_a_traceback(db, request_log):
    response = Client().get("/bad/")

    assert response.status_code == 400
    assert request_log.getvalue().splitlines()[0].endswith("a form that no browser sends: /bad/")
    assert "Traceback" not in request_log.getvalue()


@pytest.mark.urls(__name__)
def test_a_server_error_keeps_its_traceback(db, request_log):
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    log = request_log.getvalue()
    assert "ERROR django.request Internal Server Error: /broken/" in log
    assert "Traceback (most recent call last)" in log
    assert 'raise RuntimeError("the database fell over")' in log
