"""Importing a roster from the admin: upload a .zip, read the dry run's report, confirm.

Uploading needs the "add roster import" permission, confirming "change roster import", and
following an import "view roster import". The work runs in the task queue (classes.roster_tasks).
"""

import zipfile

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import roster_tasks
from .oneroster.report import ACTIONS
from .roster_imports import RosterImport

MAX_UPLOAD_MB = 50

# Staff follow an import on its own page; the queue's raw records (task paths, arguments,
# tracebacks) are for operators, who read them in the worker's log.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class RosterUploadForm(forms.ModelForm):
    """A OneRoster 1.1 bulk CSV set packed in one .zip."""

    upload = forms.FileField(
        label=_("Roster (.zip)"),
        help_text=_(
            "A OneRoster 1.1 CSV export from the school's information system, as one .zip "
            "(manifest.csv, orgs.csv, users.csv...), up to %(size)s MB. It is checked first; "
            "nothing is written until you confirm."
        )
        % {"size": MAX_UPLOAD_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    class Meta:
        model = RosterImport
        fields = []

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("This file is %(size).1f MB; a roster may be at most %(limit)s MB."),
                code="too_big",
                params={"size": upload.size / (1024 * 1024), "limit": MAX_UPLOAD_MB},
            )
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(
                _("This is not a .zip file. Pack the roster's CSV files into one .zip."),
                code="not_zip",
            )
        upload.seek(0)
        return upload


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    form = RosterUploadForm
    singular = _("roster import")
    plural = _("roster imports")
    list_display = ("__str__", "state", "uploaded_by", "finished_at")
    list_filter = ("state",)
    list_select_related = ("uploaded_by",)
    status_template = "admin/classes/rosterimport/status.html"

    def get_queryset(self, request):
        return super().get_queryset(request).without_data()

    def get_urls(self):
        apply = path(
            "<path:object_id>/apply/",
            self.admin_site.admin_view(self.apply_view),
            name="classes_rosterimport_apply",
        )
        return [apply, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        context = {"title": capfirst(self.plural), **(extra_context or {})}
        return super().changelist_view(request, context)

    def add_view(self, request, form_url="", extra_context=None):
        context = {"title": gettext("Import a roster"), **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def save_model(self, request, obj, form, change):
        roster_tasks.start_check(obj, form.cleaned_data["upload"], request.user)

    def response_add(self, request, obj, post_url_continue=None):
        message = gettext("%(file)s is being checked. Nothing is written until you confirm.")
        self.message_user(request, message % {"file": obj.file_name}, messages.SUCCESS)
        return redirect("admin:classes_rosterimport_change", obj.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        roster = self.roster(request, object_id)
        if not self.has_view_or_change_permission(request, roster):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), **self.status(request, roster)}
        return TemplateResponse(request, self.status_template, context)

    def apply_view(self, request, object_id):
        """POST: queue the import of a checked roster."""
        roster = self.roster(request, object_id)
        if not self.has_change_permission(request, roster):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if roster_tasks.confirm(roster, request.user):
            message = gettext("Importing %(file)s. This page shows how far it is.")
            self.message_user(request, message % {"file": roster.file_name}, messages.SUCCESS)
        else:
            message = gettext("This roster is not waiting for confirmation, so nothing was done.")
            self.message_user(request, message, messages.WARNING)
        return redirect("admin:classes_rosterimport_change", roster.pk)

    def roster(self, request, object_id):
        roster = self.get_object(request, unquote(object_id))
        if roster is None:
            raise Http404(gettext("No such roster import."))
        return roster

    def status(self, request, roster):
        task = roster_tasks.task_status(roster) if roster.running else None
        finished = task in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
        if finished:
            roster.refresh_from_db()  # the task may have ended after the page read the roster
        return {
            "opts": self.opts,
            "title": capfirst(self.singular),
            "subtitle": str(roster),
            "roster": roster,
            "checked": roster.checked,
            "result": roster.result,
            "actions": ACTIONS,
            "waiting": task == TaskResultStatus.READY,
            "lost": finished and roster.running,  # the worker stopped before saving a report
            "can_apply": roster.can_apply and self.has_change_permission(request, roster),
            "has_view_permission": True,
        }
