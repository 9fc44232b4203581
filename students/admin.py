from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from accounts.admin import ProfileAdmin, ProfileInline, register_profile_inline
from accounts.models import Role

from .forms import StudentRegistrationForm
from .models import StudentProfile

SCHOOL_RECORD_FIELDS = ("year_group", "date_of_birth", "enrolled_on")


class StudentProfileInline(ProfileInline):
    model = StudentProfile
    fields = ("student_number", *SCHOOL_RECORD_FIELDS)
    readonly_fields = ("student_number",)


register_profile_inline(Role.STUDENT, StudentProfileInline)


class StudentAddForm(StudentRegistrationForm):
    """Staff add a student: the registration form plus the enrolment date."""

    profile_fields = (*StudentRegistrationForm.profile_fields, "enrolled_on")

    enrolled_on = StudentProfile._meta.get_field("enrolled_on").formfield(widget=AdminDateWidget)


@admin.register(StudentProfile)
class StudentProfileAdmin(ProfileAdmin):
    add_form = StudentAddForm
    add_profile_fields = SCHOOL_RECORD_FIELDS
    fieldsets = (
        ProfileAdmin.account_fieldset,
        (_("School record"), {"fields": ("student_number", *SCHOOL_RECORD_FIELDS)}),
    )
    readonly_fields = (*ProfileAdmin.readonly_fields, "student_number")
    list_display = (
        "student_number",
        "name",
        "username",
        "email",
        "year_group",
        "enrolled_on",
        "active",
    )
    list_filter = ("year_group", "user__is_active")
    search_fields = ("student_number", *ProfileAdmin.search_fields)
    ordering = ("user__last_name", "user__first_name", "user__username")
