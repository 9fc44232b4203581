from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    ADMIN = "admin", _("Administrator")


class UserQuerySet(models.QuerySet):
    def for_identifier(self, identifier):
        """Match a username or an email address in any letter case."""
        value = identifier.strip().lower()
        return self.filter(Q(username__lower=value) | Q(email__lower=value))


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        # Case-insensitive, like the uniqueness rule: createsuperuser then refuses "Head"
        # when "head" exists instead of failing on the database constraint.
        return self.get(username__lower=username.lower())

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        if email and self.filter(email__lower=self.normalize_email(email)).exists():
            raise ValidationError(_("An account with that email address already exists."))
        return super().create_superuser(username, email, password, **extra_fields)


class UsernameValidator(RegexValidator):
    """ASCII letters, digits and . + - _ only.

    ASCII, because SQLite's LOWER() folds only ASCII letters, and the case-insensitive
    rules must agree between Python and every database; no @, so a username can never
    be mistaken for somebody's email address at sign-in.
    """

    regex = r"^[A-Za-z0-9.+_-]+\Z"
    message = _("Use only English letters, digits and . + - _ characters.")
    flags = 0


models.CharField.register_lookup(Lower)


class User(AbstractUser):
    """A person who signs in: a student, a teacher or an administrator."""

    username_validator = UsernameValidator()
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Up to 150 English letters, digits and . + - _ characters."),
        validators=[username_validator],
        error_messages={"unique": _("That username is taken. Please choose another.")},
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_approved = models.BooleanField(
        _("approved"),
        default=True,
        help_text=_("Self-registered teachers wait here until staff approve them."),
    )
    login_count = models.PositiveIntegerField(_("sign-ins"), default=0, editable=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The directories' order: lets a page walk the index instead of sorting every row.
        indexes = [
            models.Index(
                fields=["last_name", "first_name", "username", "is_active"],
                name="user_directory_order",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message=_("That username is taken. Please choose another."),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_ci_unique",
                violation_error_message=_("An account with that email address already exists."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.email = type(self).objects.normalize_email(self.email)
        super().save(*args, **kwargs)

    @classmethod
    def profile_relations(cls):
        """Names of the one-to-one profiles that role apps attach to users."""
        return [rel.get_accessor_name() for rel in cls._meta.related_objects if rel.one_to_one]

    @property
    def is_student(self):
        return self.role == Role.STUDENT

    @property
    def is_teacher(self):
        return self.role == Role.TEACHER

    @property
    def awaits_approval(self):
        return not self.is_approved

    def get_dashboard_url(self):
        """Where this person lands after signing in."""
        if self.is_student:
            return reverse("students:dashboard")
        if self.is_teacher:
            return reverse("teachers:dashboard")
        if self.is_staff:
            return reverse("admin:index")
        return reverse("home")


class ProfileQuerySet(models.QuerySet):
    """Shared reads for the per-role profile models (one-to-one to `user`)."""

    directory_fields = ()

    def directory(self):
        """Active people with just the columns a directory shows: one query a page."""
        return (
            self.filter(user__is_active=True)
            .select_related("user")
            .only(
                *self.directory_fields,
                "user__username",
                "user__first_name",
                "user__last_name",
                "user__email",
            )
            .order_by("user__last_name", "user__first_name", "user__username")
        )

    def search(self, text):
        """Keep profiles whose name or username contains every word of `text`."""
        condition = Q()
        for word in text.split()[:5]:
            condition &= (
                Q(user__username__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
            )
        return self.filter(condition)
