"""django-axes' sign-in records in the admin, in a school's words.

The section's name is the app's (accounts.apps.SignInLockoutsConfig); the records keep axes'
models, URLs and signals. Each list is named by its admin's `singular` and `plural` (the site's
menus read `plural`, see accounts.admin_site) instead of axes' "access attempt", and each record
as "alice from 203.0.113.5" instead of by axes' `__str__` ("Attempted Access: <time>").
"""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.admin import AccessFailureLogAdmin as AxesAccessFailureLogAdmin
from axes.admin import AccessLogAdmin as AxesAccessLogAdmin
from axes.admin import IsLockedOutFilter
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeData
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .lockout import lift_account_lock

DELETED_RECORD = "sign_in_record_deleted"  # request attribute: the name for the message after


def when(moment):
    """A time as the admin's lists show it; its read-only fields would print it raw."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else None


def record_name(record):
    """Name a sign-in record as staff say it: "alice from 203.0.113.5"."""
    return gettext("%(account)s from %(address)s") % {
        "account": record.username or gettext("an unnamed account"),
        "address": record.ip_address or gettext("an unknown address"),
    }


class LockedFilter(IsLockedOutFilter):
    title = _("locked")


def delete_named(model_admin, request, queryset):
    """Django's bulk delete, its confirmation page naming the records as the list does."""
    response = delete_selected(model_admin, request, queryset)
    if getattr(response, "context_data", None) is not None:  # the confirmation page
        kind = model_admin.singular if len(queryset) == 1 else model_admin.plural
        response.context_data.update(model_admin.names({"objects_name": kind}))
    return response


class SignInRecordAdmin:
    """Plain columns shared by axes' records, and the names of the list and of each record."""

    singular = plural = None  # what staff call one record and the list; set by each admin

    def names(self, extra_context=None):
        """The context that names the list and its records on the admin's pages."""
        plural = capfirst(self.plural)
        names = {"plural_name": plural, "module_name": plural, "object_name": self.singular}
        return {**names, **(extra_context or {})}

    def changelist_view(self, request, extra_context=None):
        context = self.names({"title": capfirst(self.plural), **(extra_context or {})})
        return super().changelist_view(request, context)

    def action_checkbox(self, record):
        """The row's checkbox, read out by screen readers with the record's name."""
        label = gettext("Select %(record)s for an action") % {"record": record_name(record)}
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label})
        return checkbox.render(admin.helpers.ACTION_CHECKBOX_NAME, str(record.pk))

    def get_actions(self, request):
        """Name the bulk delete plainly, and its confirmation page as the list is named."""
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            description = gettext("Delete the selected %(plural)s") % {"plural": self.plural}
            actions["delete_selected"] = (delete_named, "delete_selected", description)
        return actions

    def log_deletions(self, request, queryset):
        """Record deletions in the admin's history by the record's name, not axes' string."""
        entries = [
            LogEntry(
                user_id=request.user.pk,
                content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
                object_id=str(record.pk),
                object_repr=record_name(record)[:200],
                action_flag=DELETION,
            )
            for record in queryset
        ]
        return LogEntry.objects.bulk_create(entries)

    def message_user(self, request, message, *args, **kwargs):
        """Django's messages name the model by axes' words; say the list's instead."""
        if isinstance(message, SafeData):  # already HTML, from elsewhere: leave it
            return super().message_user(request, message, *args, **kwargs)
        opts = self.opts
        for axes_word, word in (
            (opts.verbose_name_plural, self.plural),
            (opts.verbose_name, self.singular),
        ):
            message = str(message).replace(str(axes_word), str(word))
        return super().message_user(request, message, *args, **kwargs)

    @admin.display(description=_("sign-in"), ordering="username")
    def sign_in(self, record):
        return record_name(record)

    @admin.display(description=_("sign-in page"), ordering="path_info")
    def page(self, record):
        return record.path_info

    @admin.display(description=_("browser"))
    def browser(self, record):
        return record.user_agent

    def named(self, request, object_id, extra_context):
        """The page's context with the record's name, when there is such a record."""
        record = self.get_object(request, object_id)
        names = {"subtitle": record_name(record), "record_name": record_name(record)}
        return self.names({**(names if record else {}), **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = self.named(request, object_id, {"title": capfirst(self.singular)})
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def history_view(self, request, object_id, extra_context=None):
        context = self.named(request, object_id, extra_context)
        if "record_name" in context:
            context.setdefault("title", gettext("History: %s") % context["record_name"])
        return super().history_view(request, object_id, context)

    def delete_view(self, request, object_id, extra_context=None):
        context = self.named(request, object_id, extra_context)
        setattr(request, DELETED_RECORD, context.get("record_name"))
        return super().delete_view(request, object_id, context)

    def response_delete(self, request, obj_display, obj_id):
        name = getattr(request, DELETED_RECORD, None) or obj_display
        return super().response_delete(request, name, obj_id)

    def get_deleted_objects(self, objs, request):
        """List the records a bulk delete removes by name (nothing else goes with them)."""
        _listed, model_count, *rest = super().get_deleted_objects(objs, request)
        kind = capfirst(self.singular)
        count = {capfirst(self.plural): len(objs)} if model_count else model_count
        return [f"{kind}: {record_name(record)}" for record in objs], count, *rest


class AccessAttemptAdmin(SignInRecordAdmin, AxesAccessAttemptAdmin):
    """Failed sign-ins counted per account and address; deleting a row lifts its lock."""

    singular = _("failed sign-in count")
    plural = _("failed sign-ins and locks")
    list_display = ("sign_in", "failures", "status", "last_try", "page")
    list_filter = (LockedFilter,)
    fields = ("sign_in", "failures", "status", "last_try", "page", "browser")
    fieldsets = None
    readonly_fields = fields

    @admin.display(description=_("failed tries"), ordering="failures_since_start")
    def failures(self, attempt):
        return attempt.failures_since_start

    @admin.display(description=_("last try"), ordering="attempt_time")
    def last_try(self, attempt):
        return when(attempt.attempt_time)

    @admin.display(description=_("status"))
    def status(self, attempt):
        left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        if left > 0:
            return ngettext("%(count)d try left", "%(count)d tries left", left) % {"count": left}
        until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
        if until <= timezone.now():
            return gettext("Lock expired")
        return gettext("Locked until %(time)s") % {"time": when(until)}

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        lift_account_lock(obj.username)

    def delete_queryset(self, request, queryset):
        usernames = set(queryset.values_list("username", flat=True))
        super().delete_queryset(request, queryset)
        for username in usernames:
            lift_account_lock(username)


class AccessLogAdmin(SignInRecordAdmin, AxesAccessLogAdmin):
    """Successful sign-ins, and when each ended."""

    singular = _("sign-in")
    plural = _("sign-in history")
    list_display = ("sign_in", "signed_in", "signed_out", "page")
    list_filter = ()
    fields = ("sign_in", "signed_in", "signed_out", "page", "browser")
    fieldsets = None
    readonly_fields = fields

    @admin.display(description=_("signed in"), ordering="attempt_time")
    def signed_in(self, entry):
        return when(entry.attempt_time)

    @admin.display(description=_("signed out"), ordering="logout_time")
    def signed_out(self, entry):
        return when(entry.logout_time) or "-"


class AccessFailureLogAdmin(SignInRecordAdmin, AxesAccessFailureLogAdmin):
    """Each failed sign-in, when axes is set to keep them."""

    singular = _("failed sign-in")
    plural = _("failed sign-in history")
    list_display = ("sign_in", "failed_at", "refused", "page")
    list_filter = ()
    fields = ("sign_in", "failed_at", "refused", "page", "browser")
    fieldsets = None
    readonly_fields = fields

    @admin.display(description=_("failed at"), ordering="attempt_time")
    def failed_at(self, entry):
        return when(entry.attempt_time)

    @admin.display(description=_("locked out"), boolean=True, ordering="locked_out")
    def refused(self, entry):
        return entry.locked_out


def register(site=admin.site):
    """Show axes' records with the admins above, unless AXES_ENABLE_ADMIN turned them off."""
    admins = {
        AccessAttempt: AccessAttemptAdmin,
        AccessLog: AccessLogAdmin,
        AccessFailureLog: AccessFailureLogAdmin,
    }
    for model, model_admin in admins.items():
        if site.is_registered(model):
            site.unregister(model)
            site.register(model, model_admin)
