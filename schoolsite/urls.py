from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = f"{settings.SCHOOL_NAME} administration"
admin.site.site_title = f"{settings.SCHOOL_NAME} admin"
admin.site.index_title = "School administration"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("students/", include("students.urls")),
    path("teachers/", include("teachers.urls")),
    path("classes/", include("classes.urls")),
    path("admin/", admin.site.urls),
]
