from django.urls import path

from . import views

app_name = "students"

urlpatterns = [
    path("", views.StudentDirectoryView.as_view(), name="directory"),
    path("register/", views.StudentRegisterView.as_view(), name="register"),
    path("login/", views.StudentSignInView.as_view(), name="login"),
    path("dashboard/", views.StudentDashboardView.as_view(), name="dashboard"),
]
