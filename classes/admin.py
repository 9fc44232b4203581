"""The staff admin for the school's structure; classes and enrolments are written by the services.

A class added here is made by `services.create_class` (join code, default school); an
enrolment added or removed here goes through `services.enrol` / `services.unenrol`.
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AcademicSession, Class, Course, Enrollment, EnrollmentRole, Org

CLASS_FIELDS = (
    "title",
    "class_code",
    "class_type",
    "course",
    "school",
    "terms",
    "location",
    "periods",
    "grades",
    "subjects",
    "subject_codes",
    "status",
    "sourced_id",
)
ENROLMENT_DETAILS = ("primary", "begin_date", "end_date")
RECORD_FIELDS = ("status", "sourced_id")


def enrol_from(enrolment):
    """Enrol the person an unsaved enrolment names, through the service; return the saved one."""
    saved, _created = services.enrol(
        enrolment.user,
        enrolment.school_class,
        **{name: getattr(enrolment, name) for name in (*ENROLMENT_DETAILS, *RECORD_FIELDS)},
    )
    return saved


class EnrollmentForm(forms.ModelForm):
    """An enrolment whose role is the account's own: the database refuses any other."""

    moved_message = _("To move a person, remove this enrolment and add a new one.")

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        if self.instance.pk and {"user", "role"} & set(self.changed_data):
            raise forms.ValidationError(self.moved_message, code="moved")
        if user is not None and user.role not in EnrollmentRole.values:
            self.add_error(
                "user",
                forms.ValidationError(
                    _("%(username)s is not a student or teacher account, so cannot be enrolled."),
                    code="not_enrollable",
                    params={"username": user.username},
                ),
            )
        elif user is not None and role and user.role != role:
            self.add_error("role", self.role_mismatch(user))
        if cleaned.get("primary") and (role or self.instance.role) != EnrollmentRole.TEACHER:
            self.add_error("primary", _("Only a teacher can be a class's primary teacher."))
        return cleaned

    @staticmethod
    def role_mismatch(user):
        return forms.ValidationError(
            _("%(username)s is a %(account)s account, so can only be enrolled as a %(account)s."),
            code="role_mismatch",
            params={"username": user.username, "account": user.get_role_display().lower()},
        )


class EnrollmentInline(admin.TabularInline):
    """The people in a class; the class admin saves and removes them through the services."""

    model = Enrollment
    form = EnrollmentForm
    fields = ("user", "role", *ENROLMENT_DETAILS)
    autocomplete_fields = ("user",)
    extra = 1
    verbose_name = _("person in this class")
    verbose_name_plural = _("people in this class")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ("name", "org_type", "identifier", "parent")
    list_filter = ("org_type",)
    list_select_related = ("parent",)
    search_fields = ("name", "identifier", "sourced_id")
    readonly_fields = ("date_last_modified",)


@admin.register(AcademicSession)
class AcademicSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "session_type", "start_date", "end_date", "parent")
    list_filter = ("session_type",)
    list_select_related = ("parent",)
    search_fields = ("title", "sourced_id")
    date_hierarchy = "start_date"
    readonly_fields = ("date_last_modified",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "course_code", "school_year", "org")
    list_filter = (("school_year", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("school_year", "org")
    search_fields = ("title", "course_code", "sourced_id")
    readonly_fields = ("date_last_modified",)


@admin.register(Class)
class ClassAdmin(admin.ModelAdmin):
    """Classes, with the people in each; join codes change only through the actions."""

    list_display = ("title", "class_code", "course", "join_code_state", "student_count")
    list_filter = (("terms", admin.RelatedOnlyFieldListFilter), "course")
    list_select_related = ("course",)
    search_fields = ("title", "class_code", "sourced_id")
    filter_horizontal = ("terms",)
    fields = CLASS_FIELDS
    readonly_fields = ("join_code_state", "date_last_modified")
    inlines = (EnrollmentInline,)
    actions = ("give_new_join_codes", "turn_join_codes_off")

    def get_queryset(self, request):
        return super().get_queryset(request).with_student_count()

    def get_fields(self, request, obj=None):
        return (*self.fields, *self.readonly_fields) if obj else self.fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            form.base_fields["school"].required = False
            form.base_fields["school"].help_text = gettext("Leave empty for this site's school.")
        return form

    def save_model(self, request, obj, form, change):
        """Create an added class through `services.create_class`, so it gets a join code."""
        if change:
            obj.date_last_modified = timezone.now()
            return super().save_model(request, obj, form, change)
        data = {name: form.cleaned_data[name] for name in CLASS_FIELDS}
        created = services.create_class(**data)
        obj.pk = created.pk  # the admin goes on with its own instance: inlines, log, redirect
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """Enrol added people and unenrol removed ones through the services."""
        if formset.model is not Enrollment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for enrolment in formset.deleted_objects:
            services.unenrol(enrolment.user, enrolment.school_class, enrolment.role)
        for enrolment in formset.new_objects:
            enrol_from(enrolment)
        for enrolment, _changed in formset.changed_objects:
            enrolment.date_last_modified = timezone.now()
            enrolment.save()

    @admin.display(description=_("join code"), ordering="join_code")
    def join_code_state(self, school_class):
        if school_class.join_code_enabled:
            return school_class.join_code
        return gettext("off")

    @admin.display(description=_("students"), ordering="student_count")
    def student_count(self, school_class):
        return school_class.student_count

    @admin.action(description=_("Give the selected classes new join codes"), permissions=["change"])
    def give_new_join_codes(self, request, queryset):
        """Reset the codes: the old ones stop working at once."""
        for school_class in queryset:
            services.set_new_join_code(school_class)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d class has a new join code.",
                "%(count)d classes have new join codes.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Turn off the selected classes' join codes"), permissions=["change"]
    )
    def turn_join_codes_off(self, request, queryset):
        for school_class in queryset:
            services.disable_join_code(school_class)
        self.message_user(request, gettext("Nobody can join those classes by code now."))


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    """Enrolments one by one; who is enrolled where is fixed once saved (remove and re-add)."""

    form = EnrollmentForm
    list_display = ("user", "school_class", "role", "primary")
    list_filter = ("role", "primary")
    list_select_related = ("user", "school_class")
    search_fields = ("user__username", "school_class__title")
    autocomplete_fields = ("user", "school_class")
    fields = ("user", "school_class", "role", *ENROLMENT_DETAILS, *RECORD_FIELDS)
    placement = ("user", "school_class", "role")

    def get_readonly_fields(self, request, obj=None):
        return (*self.placement, "date_last_modified") if obj else ()

    def get_fields(self, request, obj=None):
        return (*self.fields, "date_last_modified") if obj else self.fields

    def save_model(self, request, obj, form, change):
        """Enrol through `services.enrol`; a saved enrolment changes only its details."""
        if change:
            obj.date_last_modified = timezone.now()
            return super().save_model(request, obj, form, change)
        obj.pk = enrol_from(obj).pk

    def delete_model(self, request, obj):
        services.unenrol(obj.user, obj.school_class, obj.role)

    def delete_queryset(self, request, queryset):
        for enrolment in queryset.select_related("user", "school_class"):
            services.unenrol(enrolment.user, enrolment.school_class, enrolment.role)
