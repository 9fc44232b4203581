from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts import views as base
from accounts.models import Role

from .forms import StudentRegistrationForm, StudentSignInForm
from .models import StudentProfile


class StudentRegisterView(base.RegisterView):
    form_class = StudentRegistrationForm
    template_name = "students/register.html"
    role_label = _("student")
    login_url = reverse_lazy("students:login")


class StudentSignInView(base.SignInView):
    form_class = StudentSignInForm
    heading = _("Student sign-in")
    register_url = reverse_lazy("students:register")
    role_label = _("student")
    other_role_label = _("teacher")
    other_login_url = reverse_lazy("teachers:login")


class StudentDashboardView(base.DashboardView):
    allowed_roles = (Role.STUDENT,)
    login_url = reverse_lazy("students:login")
    denied_message = _("The student dashboard is only for student accounts.")
    template_name = "students/dashboard.html"
    profile_model = StudentProfile


class StudentDirectoryView(base.DirectoryView):
    model = StudentProfile
    allowed_roles = (Role.TEACHER,)
    allow_staff = True
    login_url = reverse_lazy("accounts:login")
    denied_message = _("The student directory is only for teachers and school staff.")
    template_name = "students/directory.html"
    extra_context = {
        "counted": ngettext_lazy("%(count)d student", "%(count)d students", "count"),
    }
