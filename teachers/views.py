from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts import views as base
from accounts.models import Role
from classes.models import Class

from .forms import TeacherRegistrationForm, TeacherSignInForm
from .models import TeacherProfile


class TeacherRegisterView(base.RegisterView):
    form_class = TeacherRegistrationForm
    template_name = "teachers/register.html"
    role_label = _("teacher")
    login_url = reverse_lazy("teachers:login")


class TeacherSignInView(base.SignInView):
    form_class = TeacherSignInForm
    heading = _("Teacher sign-in")
    register_url = reverse_lazy("teachers:register")
    role_label = _("teacher")
    other_role_label = _("student")
    other_login_url = reverse_lazy("students:login")


class TeacherDashboardView(base.DashboardView):
    allowed_roles = (Role.TEACHER,)
    login_url = reverse_lazy("teachers:login")
    denied_message = _("The teacher dashboard is only for teacher accounts.")
    template_name = "teachers/dashboard.html"
    profile_model = TeacherProfile

    def get_context_data(self, **kwargs):
        classes = Class.objects.taught_by(self.request.user).with_student_count()
        return super().get_context_data(classes=classes, **kwargs)


class TeacherDirectoryView(base.DirectoryView):
    model = TeacherProfile
    allowed_roles = tuple(Role.values)
    login_url = reverse_lazy("accounts:login")
    template_name = "teachers/directory.html"
    extra_context = {
        "counted": ngettext_lazy("%(count)d teacher", "%(count)d teachers", "count"),
    }
