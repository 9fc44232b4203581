"""A roster uploaded in the admin: its .zip, how far its check and its import are, their reports.

The zip's bytes live in the database, not on one server's disk: the worker that checks and
applies it may run on another machine than the web server that took the upload.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .oneroster.report import Report


class RosterImportQuerySet(models.QuerySet):
    def without_data(self):
        """Leave the zip's bytes in the database: lists and status pages never show them."""
        return self.defer("data")


class ImportState(models.TextChoices):
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked")
    APPLYING = "applying", _("applying")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class RosterImport(models.Model):
    """A roster uploaded by staff: checked by a dry run, applied when staff confirm."""

    State = ImportState

    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(_("zip file"), editable=False)  # emptied once no longer needed
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.CHECKING)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows read"), default=0)
    stage = models.CharField(_("reading"), max_length=100, blank=True)
    check_report = models.JSONField(_("check report"), null=True, blank=True)
    final_report = models.JSONField(_("import report"), null=True, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    objects = RosterImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values),
                name="roster_import_state_valid",
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.uploaded_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.file_name} ({when})"

    @property
    def checked(self):
        """The dry run's Report, or None while it runs."""
        return Report.from_dict(self.check_report) if self.check_report is not None else None

    @property
    def result(self):
        """The import's Report, or None until it has run."""
        return Report.from_dict(self.final_report) if self.final_report is not None else None

    @property
    def running(self):
        return self.state in (self.State.CHECKING, self.State.APPLYING)

    @property
    def can_apply(self):
        return self.state == self.State.CHECKED and not self.checked.errors
