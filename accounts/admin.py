"""The staff admin for accounts, and the bases the role apps configure for their profiles."""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import lockout_admin
from .forms import EmptyChoiceLabelsMixin
from .lockout import lift_lockout, lockout_name
from .models import Role, SignInBadge, User


def admin_url(opts, action, *args, site=admin.site):
    """Reverse an admin page (`changelist`, `add`, `change`) of the model with `opts`."""
    name = f"admin:{opts.app_label}_{opts.model_name}_{action}"
    return reverse(name, args=args, current_app=site.name)


class ProfileAdminForm(EmptyChoiceLabelsMixin, forms.ModelForm):
    """The admin's form of a profile."""


class StaffCreationForm(AdminUserCreationForm):
    """Create a staff account (role admin); people with a profile are added by their role."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "first_name", "last_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.role = Role.ADMIN
        self.instance.is_staff = True
        self.fields["email"].required = True

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.with_email(email).exists():
            raise forms.ValidationError(
                _("An account with that email address already exists."), code="email_taken"
            )
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Every account; a person's profile is edited inline, by the inline of their role."""

    profile_inlines = {}  # role -> inline class; filled by register_profile_inline()

    add_form = StaffCreationForm
    add_fields = (
        "username",
        "email",
        "first_name",
        "last_name",
        "usable_password",
        "password1",
        "password2",
    )
    # Fits a 1280 px screen beside the admin's sidebars; email is searched, and on the page.
    list_display = ("username", "name", "role", "is_approved", "last_sign_in")
    list_filter = ("role", "is_active", "is_staff", "is_approved")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("School"), {"fields": ("role", "is_approved", "login_count")}),
    )
    actions = ["lift_sign_in_lockouts"]
    # A role change would leave the person without the right profile; approval goes
    # through the teachers' admin action, which records who approved and when.
    change_readonly_fields = ("role", "is_approved", "login_count", "last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        return self.change_readonly_fields if obj else ()

    def get_inlines(self, request, obj):
        inline = self.profile_inlines.get(obj.role) if obj else None
        return [inline] if inline else []

    def get_fieldsets(self, request, obj=None):
        if obj:
            return super().get_fieldsets(request, obj)
        return ((None, {"description": self.add_description(), "fields": self.add_fields}),)

    def add_description(self):
        """Say that this page makes staff, and link to the pages that add everyone else."""
        add_pages = (
            (admin_url(opts, "add", site=self.admin_site), opts.verbose_name)
            for opts in (inline.model._meta for inline in self.profile_inlines.values())
        )
        return format_html(
            "{} {} {}",
            gettext("This page creates a staff account (role: administrator)."),
            gettext("Add other people on their own page, which creates their profile too:"),
            format_html_join(", ", '<a href="{}">{}</a>', add_pages),
        )

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, user):
        return user.get_full_name()

    @admin.display(description=_("last sign-in"), ordering="last_login", empty_value=_("never"))
    def last_sign_in(self, user):
        return user.last_login

    @admin.action(description=_("Lift sign-in lockouts"), permissions=["change"])
    def lift_sign_in_lockouts(self, request, queryset):
        """Let the selected people sign in again from every client, as a password reset does."""
        for user in queryset.only("username"):
            lift_lockout(lockout_name(user))
        self.message_user(request, gettext("Sign-in lockouts lifted."), messages.SUCCESS)


lockout_admin.register()


def register_profile_inline(role, inline_class):
    """Show `inline_class` on the user page of every person of `role`."""
    UserAdmin.profile_inlines[role] = inline_class


class ProfileInline(admin.StackedInline):
    """A person's profile on their user page: one row, never deleted on its own."""

    form = ProfileAdminForm
    fk_name = "user"
    can_delete = False
    extra = 0
    max_num = 1


logger = logging.getLogger(__name__)


class NotAdded(Exception):
    """The add form validated, but saving the person failed; `form` says why."""

    def __init__(self, form):
        super().__init__(form.errors.as_text())
        self.form = form

    @property
    def lost_race(self):
        """Another request took the name or email after the form's checks: the form says so."""
        return self.form.has_error("username") or self.form.has_error("email")


class ProfileAdmin(admin.ModelAdmin):
    """A role's profiles; adding one creates the person through the add form's service.

    Subclasses set `add_form` (a registration form of the role) and `add_profile_fields`.
    """

    form = ProfileAdminForm
    add_form = None
    add_profile_fields = ()
    person_fields = ("username", "email", "first_name", "last_name", "password1", "password2")
    account_fieldset = (
        _("Account"),
        {
            "fields": ("account", "email"),
            "description": _(
                "Name, email address and password are changed, and the person deleted, "
                "on the account page."
            ),
        },
    )
    readonly_fields = ("account", "email")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")

    def get_fieldsets(self, request, obj=None):
        if obj:
            return super().get_fieldsets(request, obj)
        return (
            (_("Account"), {"fields": self.person_fields}),
            (self.opts.verbose_name.capitalize(), {"fields": self.add_profile_fields}),
        )

    def get_readonly_fields(self, request, obj=None):
        return super().get_readonly_fields(request, obj) if obj else ()

    def has_delete_permission(self, request, obj=None):
        # Deleting only the profile would leave a person without one; delete the account.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return self.add_form  # a form of the user model, so no model form factory
        return super().get_form(request, obj, change=change, **kwargs)

    def save_form(self, request, form, change):
        """Create an added person, user and profile together, through the form's service."""
        if change:
            return super().save_form(request, form, change)
        form.added_by = request.user  # e.g. recorded as who approved an added teacher
        user = form.save()
        if user is None:  # the insert failed (form.save() explains why on the form)
            raise NotAdded(form)
        return self.model.objects.get(user=user)

    def add_view(self, request, form_url="", extra_context=None):
        """Django's add page; a person who could not be saved is explained, never a 500.

        When another request took the name or email after the form's checks, the page is
        answered again (Django's add view rolled back its transaction): the form's checks
        now find the person that request added and say so on the field, as for any taken
        name. Any other failure is logged and said in a message.
        """
        for _attempt in range(3):
            try:
                return super().add_view(request, form_url, extra_context)
            except NotAdded as failure:
                failed = failure
                if not failure.lost_race:
                    break
        logger.error("%s could not be added: %s", self.opts.verbose_name, failed)
        errors = " ".join(failed.form.non_field_errors()) or gettext("Please try again.")
        messages.error(request, gettext("The person could not be added. %s") % errors)
        return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:  # an added profile was saved with its user in save_form()
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.display(description=_("account"))
    def account(self, profile):
        user = profile.user
        url = admin_url(user._meta, "change", user.pk, site=self.admin_site)
        return format_html('<a href="{}">{} ({})</a>', url, user.get_full_name(), user.username)

    @admin.display(description=_("name"), ordering="user__last_name")
    def name(self, profile):
        return profile.user.get_full_name()

    @admin.display(description=_("username"), ordering="user__username")
    def username(self, profile):
        return profile.user.username

    @admin.display(description=_("email address"), ordering="user__email")
    def email(self, profile):
        return profile.user.email

    @admin.display(description=_("active"), boolean=True, ordering="user__is_active")
    def active(self, profile):
        return profile.user.is_active


@admin.register(SignInBadge)
class SignInBadgeAdmin(admin.ModelAdmin):
    """Printed sign-in cards: delete one to void it (a lost card)."""

    list_display = ("user", "created_at", "expires_at", "created_by")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user", "created_by")
    readonly_fields = ("user", "token_hash", "created_at", "expires_at", "created_by")

    def has_add_permission(self, request):
        return False  # cards are made from a class's page, where they are printed
