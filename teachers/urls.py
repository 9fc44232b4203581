from django.urls import path

from . import views

app_name = "teachers"

urlpatterns = [
    path("", views.TeacherDirectoryView.as_view(), name="directory"),
    path("register/", views.TeacherRegisterView.as_view(), name="register"),
    path("login/", views.TeacherSignInView.as_view(), name="login"),
    path("dashboard/", views.TeacherDashboardView.as_view(), name="dashboard"),
]
