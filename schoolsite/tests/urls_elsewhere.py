"""A second URLconf, for the test that `url()` follows a changed ROOT_URLCONF."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="home")]
