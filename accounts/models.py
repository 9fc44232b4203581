from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Count, F, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import directory_counts


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    ADMIN = "admin", _("Administrator")


# The directories' order: unique (usernames are), so every page is well defined.
DIRECTORY_ORDER = ("last_name", "first_name", "username")
SEARCH_FIELDS = ("username", "first_name", "last_name")
DISPLAY_FIELDS = ("username", "first_name", "last_name", "email")


class UserQuerySet(models.QuerySet):
    def for_identifier(self, identifier):
        """Match a username or an email address in any letter case."""
        value = identifier.strip().lower()
        # `~Q(email="")` repeats the condition of the email index, so both lookups use one.
        return self.filter(Q(username__lower=value) | (Q(email__lower=value) & ~Q(email="")))

    def with_email(self, email):
        """Accounts with this email address, in any letter case; none for an empty one."""
        # As above: without `~Q(email="")` the email index does not apply, and PostgreSQL
        # reads every account (70 to 110 ms with 100,000 of them) at each registration.
        return self.filter(Q(email__lower=UserManager.normalize_email(email)) & ~Q(email=""))

    def directory(self, role):
        """The people a directory lists, in its order, read from the user table alone.

        Counting and paging touch only the `user_directory` index, which holds every
        column they read: a deep page skips index entries, not table rows.
        """
        return self.filter(role=role, is_active=True, is_approved=True).order_by(*DIRECTORY_ORDER)

    def students_of(self, teacher, school_class=None):
        """Students enrolled in a class `teacher` teaches (or in that one class of theirs).

        The enrolments are read once, by their indexes, into a list of keys (`pk IN (...)`);
        a correlated EXISTS instead looked up enrolments for every student of the school.
        """
        enrolments = apps.get_model("classes", "Enrollment").objects
        taught = enrolments.filter(user=teacher, role=Role.TEACHER)
        if school_class is not None:
            taught = taught.filter(school_class=school_class)
        attending = enrolments.filter(
            role=Role.STUDENT, school_class__in=taught.values("school_class")
        )
        return self.filter(pk__in=attending.values("user"))

    def in_class(self, school_class, role=Role.STUDENT):
        """People enrolled in `school_class` as `role`."""
        enrolments = apps.get_model("classes", "Enrollment").objects
        members = enrolments.filter(role=role, school_class=school_class)
        return self.filter(pk__in=members.values("user"))

    def search(self, text):
        """Keep people whose name or username contains every word of `text` (any case)."""
        words = text.split()[:5]
        condition = Q()
        for word in words:
            condition &= Q.create([(f"{name}__icontains", word) for name in SEARCH_FIELDS], "OR")
        found = self.filter(condition)
        if connections[self.db].vendor == "postgresql" and any(len(w) >= 3 for w in words):
            # Trigram indexes find the matches at once; sorted by plain columns, PostgreSQL
            # would rather walk the name index and test every row before the first match.
            # The same order through an expression takes the trigram plan.
            found = found.order_by(Concat("last_name", Value("")), *DIRECTORY_ORDER[1:])
        return found


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
        if email and self.with_email(email).exists():
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
    # The account's OneRoster user, when it came from a roster (classes.oneroster).
    sourced_id = models.CharField(
        _("sourcedId"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The person's identifier in the school information system, if imported."),
    )
    date_last_modified = models.DateTimeField(_("roster last modified"), null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Serves UserQuerySet.directory(): equality on role, then the directory order, then
        # the other columns it filters and the key it returns, so pages are index-only scans.
        indexes = [
            models.Index(
                fields=["role", *DIRECTORY_ORDER, "is_active", "is_approved", "id"],
                name="user_directory",
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

    @property
    def is_student(self):
        return self.role == Role.STUDENT

    @property
    def is_teacher(self):
        return self.role == Role.TEACHER

    @property
    def awaits_approval(self):
        return not self.is_approved

    @property
    def display_name(self):
        """How pages name this person: the full name, or the username if there is none."""
        return self.get_full_name() or self.get_username()

    @property
    def dashboard_view_name(self):
        """The URL name of where this person lands after signing in."""
        if self.is_student:
            return "students:dashboard"
        if self.is_teacher:
            return "teachers:dashboard"
        if self.is_staff:
            return "admin:index"
        return "home"

    def get_dashboard_url(self):
        """Where this person lands after signing in (pages: `url(user.dashboard_view_name)`)."""
        return reverse(self.dashboard_view_name)


def listed_total_of(users):
    """A subquery counting a listing of users of one role, to select beside other columns.

    Django's documented aggregate-in-a-subquery: grouped by the role all of them share.
    """
    counted = users.order_by().values("role").annotate(total=Count("*")).values("total")
    return Coalesce(Subquery(counted), 0)


class DirectoryCount(models.Model):
    """How many people one role's directory lists: kept by triggers (accounts.directory_counts)."""

    role = models.CharField(_("role"), max_length=16, primary_key=True)
    listed = models.IntegerField(_("listed"), default=0)

    class Meta:
        verbose_name = _("directory count")
        verbose_name_plural = _("directory counts")

    def __str__(self):
        return f"{self.role}: {self.listed}"

    @classmethod
    def of(cls, role):
        """The number listed for `role`, as an expression to select beside other columns."""
        return Coalesce(Subquery(cls.objects.filter(role=role).values("listed")), 0)


class ProfileQuerySet(models.QuerySet):
    """Shared reads for the per-role profile models (one-to-one to `user`)."""

    role = None  # whose profile this is: each role's queryset names it
    directory_fields = ()

    def listed_users(self, search=""):
        """The users this role's directory lists (or finds), in directory order."""
        users = User.objects.directory(self.role)
        return users.search(search) if search.strip() else users

    def listed_total(self, search=""):
        """How many `listed_users(search)` gives, as an expression: the kept count of the whole
        directory, or a count of a search's matches."""
        if search.strip() or not directory_counts.supported(connections[self.db]):
            return listed_total_of(self.listed_users(search))
        return DirectoryCount.of(self.role)

    @staticmethod
    def directory_position(row):
        """Where a directory row stands in the directory: the values it is sorted by."""
        return [row[name] for name in DIRECTORY_ORDER]

    def directory(self, users=None):
        """Rows for `users` (default: everyone listed): the columns a directory shows, as dicts.

        `users` may be a sliced query of user keys: the page's rows then load in one query.
        Dicts rather than model instances: no model is built, and the template reads each value
        by its key.
        """
        if users is None:
            users = self.listed_users()
        return (
            self.filter(user__in=users)
            .order_by(*(f"user__{name}" for name in DIRECTORY_ORDER))
            .values(*self.directory_fields, **{name: F(f"user__{name}") for name in DISPLAY_FIELDS})
        )


class AccountLockout(models.Model):
    """One account's sign-in failures from every client in the current window, and its lock.

    Used when there is no Redis (accounts.account_lock); usernames are lockout names, so an
    unknown name typed at sign-in has a row like a real account's.
    """

    username = models.CharField(_("username"), max_length=255, unique=True)
    failures = models.PositiveIntegerField(_("failures in this window"), default=0)
    window_ends = models.DateTimeField(_("window ends"), db_index=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("account lockout")
        verbose_name_plural = _("account lockouts")

    def __str__(self):
        return self.username


class SignInBadge(models.Model):
    """A student's printed sign-in card: the hash of the secret in its QR code's URL.

    The secret itself is never stored: 192 random bits need no slow hash, only one that
    cannot be reversed (accounts.badges).
    """

    user = models.ForeignKey(User, models.CASCADE, related_name="sign_in_badges")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("sign-in card")
        verbose_name_plural = _("sign-in cards")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
