from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from . import badges, lockout
from .audit import log_event
from .forms import PasswordResetForm, ProfileForm, SignInForm
from .mixins import AnonymousOnlyMixin, RoleRequiredMixin
from .models import Role
from .pagination import DirectoryPaginator, page_links

# A signed cookie set at registration, read and deleted by the sign-in page that follows:
# the username is filled in without travelling in a URL (logs, history), and, like the
# message beside it, without a session row for every anonymous registrant.
REGISTERED_USERNAME = "registered_username"
REGISTERED_USERNAME_AGE = 10 * 60


class RegisterView(AnonymousOnlyMixin, FormView):
    """Registration for one role; `students` and `teachers` configure it."""

    role_label = ""
    login_url = None

    def form_valid(self, form):
        user = form.save()
        if user is None:
            return self.form_invalid(form)
        log_event("registration", self.request, user.username, role=user.role)
        messages.success(self.request, self.success_message(user))
        response = redirect(self.login_url)
        response.set_signed_cookie(
            REGISTERED_USERNAME,
            user.username,
            salt=REGISTERED_USERNAME,
            max_age=REGISTERED_USERNAME_AGE,
            path=str(self.login_url),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def success_message(self, user):
        if user.awaits_approval:
            return _(
                "You are registered as a %(role)s. A member of staff will approve your "
                "account; you can sign in once they have."
            ) % {"role": self.role_label}
        return _("You are registered as a %(role)s; sign in to continue.") % {
            "role": self.role_label
        }


class SignInView(AnonymousOnlyMixin, auth_views.LoginView):
    """Sign-in for one role, or for every role when `form_class.role` is None."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    heading = gettext_lazy("Sign in")
    register_url = None
    role_label = ""  # the accounts this page is for, e.g. "student"; "" for every account
    other_role_label = ""
    other_login_url = None  # the other role's sign-in page, linked for whoever is lost

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember_me"):
            self.request.session.set_expiry(0)
        user = form.get_user()
        _previous, first = sign_in_history(self.request.session)
        greeting = _("Welcome, %(name)s.") if first else _("Welcome back, %(name)s.")
        messages.success(self.request, greeting % {"name": user.get_short_name() or user.username})
        return response

    def get_default_redirect_url(self):
        return self.request.user.get_dashboard_url()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if REGISTERED_USERNAME in request.COOKIES:  # read once
            response.delete_cookie(REGISTERED_USERNAME, path=request.path, samesite="Lax")
        return response

    def get_initial(self):
        initial = super().get_initial()
        if self.request.method == "GET":
            username = self.request.get_signed_cookie(
                REGISTERED_USERNAME,
                default=None,
                salt=REGISTERED_USERNAME,
                max_age=REGISTERED_USERNAME_AGE,
            )
            if username:
                initial["username"] = username
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.heading,
            register_url=self.register_url,
            role_label=self.role_label,
            other_role_label=self.other_role_label,
            other_login_url=self.other_login_url,
        )
        return context


class SignOutView(auth_views.LogoutView):
    """GET: a page with a sign-out button (a link cannot sign anyone out); POST: sign out."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "accounts/logout.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("home")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.get_redirect_url()  # only a safe `next`, else ""
        return context

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.info(request, _("You have signed out."))
        return response


class ProfileView(RoleRequiredMixin, FormView):
    """A signed-in person edits their own details; each role's app provides the form."""

    allowed_roles = tuple(Role.values)
    login_url = reverse_lazy("accounts:login")
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")
    # Dotted paths, as `User.dashboard_view_name` names URLs: `accounts` imports no role app.
    form_classes = {
        Role.STUDENT: "students.forms.StudentProfileForm",
        Role.TEACHER: "teachers.forms.TeacherProfileForm",
    }

    def get_form_class(self):
        path = self.form_classes.get(self.request.user.role)
        return import_string(path) if path else ProfileForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not form.has_profile:
            raise Http404("No profile for this account.")
        return form

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.save()
        log_event(
            "profile.update", self.request, form.user.username, changed=",".join(form.changed_data)
        )
        messages.success(self.request, _("Your details have been saved."))
        return super().form_valid(form)


class BadgeSignInView(TemplateView):
    """A printed card's QR code: GET asks "Sign in as ...?" (so link previews and prefetching
    sign nobody in), POST signs the student in until the browser closes."""

    template_name = "accounts/badge.html"

    def dispatch(self, request, *args, token, **kwargs):
        # A real card always works: a shared school address paused by someone's old cards
        # must not lock every card in the building.
        self.student = badges.student_for(token)
        if self.student is not None:
            return super().dispatch(request, *args, **kwargs)
        if badges.guesses.blocked(request):
            context = {"minutes": settings.BADGE_FAILURE_WINDOW_MINUTES, "paused": True}
            return TemplateResponse(request, "accounts/badge_invalid.html", context, status=429)
        badges.guesses.count_failure(request)
        log_event("badge.unknown", request)
        return TemplateResponse(request, "accounts/badge_invalid.html", status=404)

    def get(self, request, *args, **kwargs):
        response = self.render_to_response({"student": self.student})
        response["Cache-Control"] = "no-store"
        # The token is in this page's address: send only the origin, never the path (and
        # not "no-referrer", which makes browsers send `Origin: null`, failing CSRF).
        response["Referrer-Policy"] = "strict-origin"
        return response

    def post(self, request, *args, **kwargs):
        login(request, self.student, backend="accounts.backends.UsernameOrEmailBackend")
        request.session.set_expiry(0)  # a shared classroom computer: gone with the browser
        log_event("badge.sign_in", request, self.student.username)
        return redirect(self.student.get_dashboard_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        log_event("password.change", self.request, self.request.user.username)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        log_event("password.reset_requested", self.request, form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; a completed reset lifts the account's lockout."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        # Only the mailbox's owner gets here: the locked page promises this way out.
        lockout.lift_lockout(lockout.lockout_name(form.user))
        log_event("password.reset", self.request, form.user.username)
        return response


def sign_in_history(session):
    """Return (the sign-in before this session's, or None; whether this is the first ever).

    `services.record_sign_in` keeps it in the session; a session from before it did is
    neither: nothing is claimed about it.
    """
    kept = session.get("previous_login")
    return parse_datetime(kept or ""), kept == ""


class DashboardView(RoleRequiredMixin, TemplateView):
    """A person's own page; each role's app names its role, template and sign-in page."""

    profile_model = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.profile_model.objects.filter(user=self.request.user).first()
        if profile is None:
            raise Http404("No profile for this account.")
        profile.user = self.request.user  # already loaded: no second read of the account
        context["profile"] = profile
        previous, first = sign_in_history(self.request.session)
        context.update(
            previous_login=previous,
            # "20 seconds ago", "3 hours ago": not "0 minutes ago" for one a moment before.
            previous_login_ago=naturaltime(previous) if previous else "",
            first_sign_in=first,
        )
        return context


class DirectoryView(RoleRequiredMixin, ListView):
    """A paginated, searchable list of one role's profiles."""

    context_object_name = "people"

    def get_paginate_by(self, queryset):
        return settings.DIRECTORY_PAGE_SIZE

    def get_queryset(self):
        """The users listed (counted and paged); their profiles load a page at a time."""
        return self.model.objects.listed_users(self.query)

    def listed_total(self, users):
        """How many `users` (this page's queryset) holds, as an expression."""
        return self.model.objects.listed_total(self.query)

    def kept_parameters(self):
        """Query parameters besides the search that page links keep (e.g. a filter)."""
        return {}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # NUL cannot be stored or searched in PostgreSQL text: drop it rather than fail.
        self.query = request.GET.get("q", "").replace("\x00", "").strip()[:100]

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a bad or out-of-range `page` shows the nearest page, never a 404."""
        paginator = DirectoryPaginator(
            queryset,
            page_size,
            load_rows=self.model.objects.directory,
            total=self.listed_total(queryset),
        )
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        context["page_links"] = page_links(
            context["page_obj"], self.query, **self.kept_parameters()
        )
        context["search_url"] = self.request.path
        return context
