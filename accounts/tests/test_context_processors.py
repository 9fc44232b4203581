from django.contrib.auth import login, logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.context_processors import auth


def signed_in_request(user=None):
    """A request through the session and authentication middleware, as a page gets it."""
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    if user is not None:
        request.session["_auth_user_id"] = str(user.pk)
        request.session["_auth_user_backend"] = "accounts.backends.UsernameOrEmailBackend"
        request.session["_auth_user_hash"] = user.get_session_auth_hash()
    AuthenticationMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_pages_get_the_signed_in_account_itself(student):
    context = auth(signed_in_request(student))
    assert type(context["user"]) is type(student)  # not the middleware's lazy stand-in
    assert context["user"].pk == student.pk
    assert context["perms"].user is context["user"]


def test_pages_get_an_anonymous_user_without_a_session(db):
    assert isinstance(auth(signed_in_request())["user"], AnonymousUser)
    assert isinstance(auth(RequestFactory().get("/"))["user"], AnonymousUser)  # no middleware


def test_a_sign_in_or_out_during_the_request_shows_on_its_page(student, teacher):
    request = signed_in_request(student)
    assert auth(request)["user"].pk == student.pk
    login(request, teacher, backend="accounts.backends.UsernameOrEmailBackend")
    assert auth(request)["user"].pk == teacher.pk
    logout(request)
    assert not auth(request)["user"].is_authenticated
