"""The site's URLs plus the floor: a view that does nothing, behind the same middleware."""

from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path

from schoolsite.urls import urlpatterns as site_urlpatterns

FLOOR_PATH = "bench/floor"
SIGNED_IN_FLOOR_PATH = "bench/signed-in"


def floor(request):
    """Answer at once: what gunicorn, Django and the middleware cost on their own."""
    return HttpResponse("ok")


def signed_in_floor(request):
    """Name the signed-in user and nothing more: what a session and its user cost on their own.

    Every signed-in page pays this before it renders anything, so a dashboard can never be
    cheaper than this view.
    """
    if not request.user.is_authenticated:
        return HttpResponseForbidden("sign in first")
    return HttpResponse(request.user.get_username())


urlpatterns = [
    *site_urlpatterns,
    path(FLOOR_PATH, floor),
    path(SIGNED_IN_FLOOR_PATH, signed_in_floor),
]
