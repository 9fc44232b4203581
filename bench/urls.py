"""The site's URLs plus the floor: a view that does nothing, behind the same middleware."""

from django.http import HttpResponse
from django.urls import path

from schoolsite.urls import urlpatterns as site_urlpatterns

FLOOR_PATH = "bench/floor"


def floor(request):
    """Answer at once: what gunicorn, Django and the middleware cost on their own."""
    return HttpResponse("ok")


urlpatterns = [*site_urlpatterns, path(FLOOR_PATH, floor)]
