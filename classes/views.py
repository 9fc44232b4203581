from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts import badges
from accounts.audit import log_event
from accounts.mixins import RoleRequiredMixin
from accounts.models import DIRECTORY_ORDER, Role, User

from . import cards, services, throttle
from .forms import AddTeacherForm, ClassForm, JoinForm, NewStudentForm
from .models import Class, Enrollment


class ClassListView(RoleRequiredMixin, ListView):
    """The classes one teaches or attends; every class for staff."""

    allowed_roles = (Role.STUDENT, Role.TEACHER)
    allow_staff = True
    login_url = reverse_lazy("accounts:login")
    template_name = "classes/list.html"
    context_object_name = "classes"

    def get_queryset(self):
        return Class.objects.listing_for(self.request.user)


class ClassCreateView(RoleRequiredMixin, FormView):
    allowed_roles = (Role.TEACHER,)
    login_url = reverse_lazy("teachers:login")
    denied_message = gettext_lazy("Only teachers can create classes.")
    template_name = "classes/form.html"
    form_class = ClassForm

    def form_valid(self, form):
        school_class = form.save(teacher=self.request.user)
        log_event("class.create", self.request, self.request.user.username, id=school_class.pk)
        messages.success(
            self.request,
            _("Class created. Students join it with the code %(code)s.")
            % {"code": school_class.join_code},
        )
        return redirect(school_class)


class ClassAccessMixin(RoleRequiredMixin):
    """Load the class in the URL and say who the visitor is to it: "teacher" (its teachers and
    staff, who run it) or "student" (enrolled); anyone else gets a 403."""

    allowed_roles = (Role.STUDENT, Role.TEACHER)
    allow_staff = True
    login_url = reverse_lazy("accounts:login")
    runners_only = False  # pages and actions only its teachers and staff may use

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.school_class = get_object_or_404(Class, pk=kwargs["pk"])
        self.membership = self.membership_of(request.user)
        if self.membership is None or (self.runners_only and self.membership != "teacher"):
            raise PermissionDenied(_("This class is not one of yours."))
        return super().dispatch(request, *args, **kwargs)

    def log(self, event, **details):
        """Write an audit line of what the visitor did to this class."""
        log_event(
            event, self.request, self.request.user.username, id=self.school_class.pk, **details
        )

    def membership_of(self, user):
        if user.is_staff:
            return "teacher"
        role = (
            Enrollment.objects.filter(user=user, school_class=self.school_class, role=user.role)
            .values_list("role", flat=True)
            .first()
        )
        return {Role.TEACHER: "teacher", Role.STUDENT: "student"}.get(role)


class ClassDetailView(ClassAccessMixin, TemplateView):
    """A class's page: the roster and its tools for its teachers, the basics for its students."""

    template_name = "classes/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_class = self.school_class
        prefetch_related_objects([school_class], "terms", Class.objects.teachers_prefetch())
        teachers = [enrolment.user for enrolment in school_class.teacher_enrolments]
        context.update(
            school_class=school_class,
            runs_it=self.membership == "teacher",
            terms=list(school_class.terms.all()),
            teachers=list(teachers),
        )
        if self.membership == "teacher":
            context["roster"] = list(
                User.objects.in_class(school_class)
                .select_related("student_profile")
                .order_by(*DIRECTORY_ORDER)
            )
            context["add_teacher_form"] = AddTeacherForm()
        return context


class ClassActionView(ClassAccessMixin, View):
    """A POST that changes a class, for its teachers and staff; back to the class page."""

    runners_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        text = self.act(request, **kwargs)
        if text:
            messages.success(request, text)
        return redirect(self.school_class)


class JoinCodeView(ClassActionView):
    def act(self, request, **kwargs):
        school_class = self.school_class
        if request.POST.get("action") == "off":
            services.disable_join_code(school_class)
            self.log("class.join_code_off")
            return _("The join code is turned off: nobody can join with it.")
        code = services.set_new_join_code(school_class)
        self.log("class.join_code_reset")
        return _("The new join code is %(code)s; the old one no longer works.") % {"code": code}


class RemoveStudentView(ClassActionView):
    def act(self, request, user_id, **kwargs):
        # Only this class's students: an id from elsewhere names nobody (404).
        student = get_object_or_404(
            User.objects.in_class(self.school_class), pk=user_id, role=Role.STUDENT
        )
        if not services.unenrol(student, self.school_class):
            return _("%(name)s is not in this class.") % {"name": student.display_name}
        self.log("class.remove_student", student=student.username)
        return _("%(name)s has been removed from the class.") % {"name": student.display_name}


class StudentPasswordView(ClassActionView):
    """A teacher of the class (or staff) sets a new password for one of its students, shown
    once on the page this POST returns."""

    def post(self, request, *args, user_id, **kwargs):
        student = get_object_or_404(
            User.objects.in_class(self.school_class), pk=user_id, role=Role.STUDENT
        )
        password = services.set_new_password(student)
        log_event(
            "password.set_by_teacher",
            request,
            student.username,
            by=request.user.username,
            id=self.school_class.pk,
        )
        context = {"school_class": self.school_class, "student": student, "password": password}
        response = TemplateResponse(request, "classes/new_password.html", context)
        response["Cache-Control"] = "no-store"  # shown once: never kept by a browser or proxy
        return response


class NewStudentView(ClassActionView):
    """A teacher adds a student who has no account yet: made without email, and enrolled."""

    def act(self, request, **kwargs):
        form = NewStudentForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Give the student's first and last name (and a year group 1 to 13).")
            )
            return ""
        student = services.add_new_student(self.school_class, **form.cleaned_data)
        self.log("class.new_student", student=student.username)
        return _(
            "%(name)s now has an account, username %(username)s. Give them a sign-in card or "
            "set a password."
        ) % {"name": student.display_name, "username": student.username}


class CardsView(ClassAccessMixin, TemplateView):
    """Sign-in cards for a class: GET explains, POST makes new ones (voiding the old) and
    returns the sheet to print, one card per student with a QR code of their badge URL."""

    runners_only = True
    template_name = "classes/cards_intro.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(school_class=self.school_class, **kwargs)

    def post(self, request, *args, **kwargs):
        students = User.objects.in_class(self.school_class).order_by(*DIRECTORY_ORDER)
        one = request.POST.get("student", "")
        if one:
            wanted = one.isascii() and one.isdigit() and len(one) < 19
            students = students.filter(pk=int(one)) if wanted else students.none()
        students = list(students)
        if request.POST.get("action") == "void":
            voided = badges.revoke(students)
            self.log("class.cards_voided")
            messages.success(request, _("%(n)d sign-in card(s) no longer work.") % {"n": voided})
            return redirect(self.school_class)
        tokens = badges.issue(students, by=request.user, expires_at=cards.expiry(self.school_class))
        self.log("class.cards", students=len(tokens))
        context = {
            "school_class": self.school_class,
            "cards": [cards.card(request, student, tokens[student.pk]) for student in students],
        }
        response = TemplateResponse(request, "classes/cards.html", context)
        response["Cache-Control"] = "no-store"
        return response


class AddTeacherView(ClassActionView):
    def act(self, request, **kwargs):
        form = AddTeacherForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Type the username of the teacher to add."))
            return ""
        try:
            teacher = services.add_teacher(self.school_class, form.cleaned_data["username"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return ""
        self.log("class.add_teacher", teacher=teacher.username)
        return _("%(name)s now teaches this class too.") % {"name": teacher.display_name}


class JoinView(RoleRequiredMixin, FormView):
    """A student joins a class with the code their teacher gave them."""

    allowed_roles = (Role.STUDENT,)
    login_url = reverse_lazy("students:login")
    denied_message = gettext_lazy("Only students join classes with a code.")
    template_name = "classes/join.html"
    form_class = JoinForm

    def post(self, request, *args, **kwargs):
        if throttle.blocked(request):
            return self.too_many_tries()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        school_class = services.join_by_code(self.request.user, form.cleaned_data["code"])
        if school_class is None:
            throttle.count_failure(self.request)
            log_event("class.join_failed", self.request, self.request.user.username)
            form.add_error(
                "code",
                _(
                    "That code does not open a class. Check it with your teacher: it may have "
                    "been changed or turned off."
                ),
            )
            return self.form_invalid(form)
        log_event("class.join", self.request, self.request.user.username, id=school_class.pk)
        messages.success(self.request, _("You have joined %(title)s.") % {"title": school_class})
        return redirect(school_class)

    def too_many_tries(self):
        minutes = settings.JOIN_CODE_FAILURE_WINDOW_MINUTES
        return TemplateResponse(
            self.request, "classes/too_many_codes.html", {"minutes": minutes}, status=429
        )
