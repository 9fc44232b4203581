from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ProfileQuerySet, Role


def validate_date_of_birth(value):
    """Refuse a date of birth after today."""
    if value and value > timezone.localdate():
        raise ValidationError(_("A date of birth cannot be in the future."), code="future")


class StudentProfileQuerySet(ProfileQuerySet):
    role = Role.STUDENT
    directory_fields = ("student_number", "year_group")


class StudentProfile(models.Model):
    """What the school records about a student."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="student_profile",
    )
    student_number = models.CharField(
        _("student number"), max_length=20, unique=True, editable=False
    )
    year_group = models.PositiveSmallIntegerField(
        _("year group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
        help_text=_("School year, 1 to 13."),
    )
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_date_of_birth]
    )
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)

    objects = StudentProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_group__isnull=True) | models.Q(year_group__range=(1, 13)),
                name="student_year_group_range",
            )
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.student_number})"

    def save(self, *args, **kwargs):
        if not self.student_number:
            self.student_number = self.number_for(self.user_id)
        super().save(*args, **kwargs)

    @staticmethod
    def number_for(user_id):
        """The student number given when the school has none: derived from the user's primary
        key, so unique without a counter to race on."""
        return f"S{user_id:06d}"
