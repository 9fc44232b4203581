from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ProfileAdmin, ProfileInline, register_profile_inline
from accounts.models import Role

from .forms import TeacherRegistrationForm
from .models import TeacherProfile
from .services import PROFILE_FIELDS, approve_teachers

APPROVAL_FIELDS = ("approved_at", "approved_by")


class TeacherProfileInline(ProfileInline):
    model = TeacherProfile
    fields = (*PROFILE_FIELDS, *APPROVAL_FIELDS)
    readonly_fields = APPROVAL_FIELDS


register_profile_inline(Role.TEACHER, TeacherProfileInline)


class TeacherAddForm(TeacherRegistrationForm):
    """Staff add teachers who may sign in at once, approved by the member of staff adding them."""

    added_by = None  # set by the admin before saving

    def service_kwargs(self):
        return {"approved": True, "approved_by": self.added_by}


class ApprovalFilter(admin.SimpleListFilter):
    title = _("approval")
    parameter_name = "approval"
    PENDING = "pending"

    def lookups(self, request, model_admin):
        return ((self.PENDING, _("Awaiting approval")), ("approved", _("Approved")))

    def queryset(self, request, queryset):
        if self.value() == self.PENDING:
            return queryset.pending()
        if self.value() == "approved":
            return queryset.filter(user__is_approved=True)
        return queryset


@admin.register(TeacherProfile)
class TeacherProfileAdmin(ProfileAdmin):
    add_form = TeacherAddForm
    add_profile_fields = PROFILE_FIELDS
    fieldsets = (
        ProfileAdmin.account_fieldset,
        (_("Teaching"), {"fields": PROFILE_FIELDS}),
        (_("Approval"), {"fields": ("approved", *APPROVAL_FIELDS)}),
    )
    readonly_fields = (*ProfileAdmin.readonly_fields, "approved", *APPROVAL_FIELDS)
    # Fits a 1280 px screen beside the admin's sidebars; email is searched, and on the page.
    list_display = ("name", "username", "department", "subject", "approved")
    list_filter = (ApprovalFilter, "department", "user__is_active")
    search_fields = (*ProfileAdmin.search_fields, "department", "subject")
    # Pending teachers first: they are the ones staff come here to find.
    ordering = ("user__is_approved", "user__last_name", "user__first_name", "user__username")
    actions = ("approve_selected",)

    @admin.display(description=_("teacher"), ordering="user__last_name")
    def name(self, profile):
        return profile.display_name

    @admin.display(description=_("approved"), boolean=True, ordering="user__is_approved")
    def approved(self, profile):
        return profile.user.is_approved

    @admin.action(description=_("Approve selected teachers"), permissions=["change"])
    def approve_selected(self, request, queryset):
        selected = [profile.user for profile in queryset.select_related("user")]
        count = approve_teachers(selected, approved_by=request.user, request=request)
        message = ngettext(
            "%(count)d teacher was approved and may now sign in.",
            "%(count)d teachers were approved and may now sign in.",
            count,
        ) % {"count": count}
        if skipped := len(selected) - count:
            message += " " + ngettext(
                "%(count)d selected teacher had already been approved.",
                "%(count)d selected teachers had already been approved.",
                skipped,
            ) % {"count": skipped}
        self.message_user(request, message, messages.SUCCESS if count else messages.WARNING)
