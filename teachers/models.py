from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import ProfileQuerySet, Role


class Title(models.TextChoices):
    MR = "Mr", _("Mr")
    MS = "Ms", _("Ms")
    MRS = "Mrs", _("Mrs")
    MX = "Mx", _("Mx")
    DR = "Dr", _("Dr")
    PROF = "Prof", _("Prof")


class TeacherProfileQuerySet(ProfileQuerySet):
    role = Role.TEACHER
    directory_fields = ("title", "department", "subject")

    def pending(self):
        return self.filter(user__is_approved=False)


class TeacherProfile(models.Model):
    """What the school records about a teacher."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="teacher_profile",
    )
    title = models.CharField(_("title"), max_length=8, choices=Title.choices, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    objects = TeacherProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self):
        return self.display_name

    @property
    def title_label(self):
        """`get_title_display()`, which rebuilds the choices on every call (some 60 us)."""
        try:
            return str(Title(self.title).label)
        except ValueError:  # not one of the choices: shown as stored, as Django does
            return self.title

    @property
    def display_name(self):
        name = self.user.get_full_name() or self.user.username
        return f"{self.title} {name}" if self.title else name
