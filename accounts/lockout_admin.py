"""django-axes' sign-in records in the admin, in a school's words.

The section's name is the app's (accounts.apps.SignInLockoutsConfig); the records keep axes'
models, URLs and signals, and are named here, e.g. "alice from 203.0.113.5", instead of by
axes' `__str__` ("Attempted Access: <time>").
"""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.admin import AccessFailureLogAdmin as AxesAccessFailureLogAdmin
from axes.admin import AccessLogAdmin as AxesAccessLogAdmin
from axes.admin import IsLockedOutFilter
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
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


class SignInRecordAdmin:
    """Plain columns shared by axes' records, and the record's name on its own pages."""

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
        return {**(names if record else {}), **(extra_context or {})}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = self.named(request, object_id, extra_context)
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
        _listed, *rest = super().get_deleted_objects(objs, request)
        kind = capfirst(self.opts.verbose_name)
        return [f"{kind}: {record_name(record)}" for record in objs], *rest


class AccessAttemptAdmin(SignInRecordAdmin, AxesAccessAttemptAdmin):
    """Failed sign-ins counted per account and address; deleting a row lifts its lock."""

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
