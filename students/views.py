from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts import views as base
from accounts.audit import log_event
from accounts.models import Role, listed_total_of
from classes import throttle
from classes.models import Class

from .forms import StudentCodeRegistrationForm, StudentRegistrationForm, StudentSignInForm
from .models import StudentProfile


class StudentRegisterView(base.RegisterView):
    """Student registration as settings.STUDENT_SIGNUP allows: open, with a class code, closed."""

    form_class = StudentRegistrationForm
    template_name = "students/register.html"
    role_label = _("student")
    login_url = reverse_lazy("students:login")

    def get(self, request, *args, **kwargs):
        if settings.STUDENT_SIGNUP == "closed":
            return self.closed_page(status=200)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if settings.STUDENT_SIGNUP == "closed":
            return self.closed_page(status=403)
        if settings.STUDENT_SIGNUP == "code" and throttle.blocked(request):
            # Guessing codes here is limited as on /classes/join/: one count, one page.
            minutes = settings.JOIN_CODE_FAILURE_WINDOW_MINUTES
            return TemplateResponse(
                request, "classes/too_many_codes.html", {"minutes": minutes}, status=429
            )
        return super().post(request, *args, **kwargs)

    def closed_page(self, status):
        return TemplateResponse(self.request, "students/register_closed.html", status=status)

    def get_form_class(self):
        if settings.STUDENT_SIGNUP == "code":
            return StudentCodeRegistrationForm
        return super().get_form_class()

    def form_invalid(self, form):
        if form.has_error("code", "unknown_code"):
            throttle.count_failure(self.request)
            log_event("class.join_failed", self.request, form.cleaned_data.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        self.school_class = form.cleaned_data.get("code")
        response = super().form_valid(form)
        if self.school_class is not None and form.instance.pk:
            log_event("class.join", self.request, form.instance.username, id=self.school_class.pk)
        return response

    def success_message(self, user):
        if self.school_class is None:
            return super().success_message(user)
        return gettext("You are registered as a student in %(class)s; sign in to continue.") % {
            "class": self.school_class
        }


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

    def get_context_data(self, **kwargs):
        classes = Class.objects.attended_by(self.request.user).with_teachers()
        return super().get_context_data(classes=classes, **kwargs)


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

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.class_filter = None
        if request.user.is_authenticated:
            self.class_filter = class_filter(request.user, request.GET.get("class", ""))

    def get_queryset(self):
        """Staff: every student (or one class's); a teacher: only the students they teach."""
        users = super().get_queryset()
        viewer = self.request.user
        if viewer.is_staff:
            return users.in_class(self.class_filter) if self.class_filter else users
        return users.students_of(viewer, self.class_filter)

    def listed_total(self, users):
        if self.request.user.is_staff and self.class_filter is None:
            return super().listed_total(users)  # the whole directory: its kept count
        return listed_total_of(users)

    def kept_parameters(self):
        return {"class": self.class_filter.pk if self.class_filter else ""}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        viewer = self.request.user
        context.update(
            class_filter=self.class_filter,
            filter_classes=[] if viewer.is_staff else list(Class.objects.taught_by(viewer)),
        )
        return context


def class_filter(viewer, value):
    """The class `?class=` names, if the viewer may narrow the list to it; else None."""
    if not value.isdigit():
        return None
    return Class.objects.visible_to(viewer).filter(pk=int(value)).first()
