"""The school's structure, shaped like 1EdTech OneRoster 1.1 so that a roster maps one to one.

Organisation (the school), academic session, course, class and enrolment each keep the
`sourcedId` of the record they were imported from (unique per kind, empty for records made
here), a `status` and when they last changed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    TO_BE_DELETED = "tobedeleted", _("To be deleted")


class RosterRecord(models.Model):
    """What every OneRoster record carries."""

    sourced_id = models.CharField(
        _("sourcedId"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The record's identifier in the school information system, if imported."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    date_last_modified = models.DateTimeField(_("last modified"), default=timezone.now)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sourced_id = self.sourced_id or None  # "" would collide with other empty ones
        super().save(*args, **kwargs)


class OrgType(models.TextChoices):
    SCHOOL = "school", _("School")
    DISTRICT = "district", _("District")
    DEPARTMENT = "department", _("Department")
    LOCAL = "local", _("Local authority")
    STATE = "state", _("State")
    NATIONAL = "national", _("National")


class Org(RosterRecord):
    """An organisation: the school, or a body above it."""

    name = models.CharField(_("name"), max_length=200)
    org_type = models.CharField(
        _("type"), max_length=16, choices=OrgType.choices, default=OrgType.SCHOOL
    )
    identifier = models.CharField(_("identifier"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SessionType(models.TextChoices):
    SCHOOL_YEAR = "schoolYear", _("School year")
    TERM = "term", _("Term")
    SEMESTER = "semester", _("Semester")
    GRADING_PERIOD = "gradingPeriod", _("Grading period")


class AcademicSession(RosterRecord):
    """A school year, term, semester or grading period, inside its parent."""

    title = models.CharField(_("title"), max_length=200)
    session_type = models.CharField(_("type"), max_length=16, choices=SessionType.choices)
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year ends in, e.g. 2027.")
    )

    class Meta:
        verbose_name = _("academic session")
        verbose_name_plural = _("academic sessions")
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_dates_in_order",
                violation_error_message=_("A session cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title


class Course(RosterRecord):
    """A subject taught to a year group, of which classes are sections."""

    title = models.CharField(_("title"), max_length=200)
    course_code = models.CharField(_("course code"), max_length=100, blank=True)
    grades = models.CharField(_("grades"), max_length=100, blank=True)
    subjects = models.CharField(_("subjects"), max_length=200, blank=True)
    subject_codes = models.CharField(_("subject codes"), max_length=200, blank=True)
    org = models.ForeignKey(Org, models.PROTECT, related_name="courses", verbose_name=_("school"))
    school_year = models.ForeignKey(
        AcademicSession,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("school year"),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ClassType(models.TextChoices):
    HOMEROOM = "homeroom", _("Homeroom")
    SCHEDULED = "scheduled", _("Scheduled")


class EnrollmentRole(models.TextChoices):
    STUDENT = Role.STUDENT.value, _("Student")
    TEACHER = Role.TEACHER.value, _("Teacher")


class ClassQuerySet(models.QuerySet):
    def _with_member(self, user, role):
        members = Enrollment.objects.filter(school_class=OuterRef("pk"), user=user, role=role)
        return self.filter(Exists(members))

    def taught_by(self, user):
        """Classes `user` teaches."""
        return self._with_member(user, EnrollmentRole.TEACHER)

    def attended_by(self, user):
        """Classes `user` is enrolled in as a student."""
        return self._with_member(user, EnrollmentRole.STUDENT)

    def visible_to(self, user):
        """The classes a person may open: all for staff, else those they teach or attend."""
        if user.is_staff:
            return self.all()
        members = Enrollment.objects.filter(school_class=OuterRef("pk"), user=user)
        return self.filter(Exists(members))

    @staticmethod
    def teachers_prefetch():
        """Each class's teachers as `teacher_enrolments`, primary first, with their accounts."""
        teaching = (
            Enrollment.objects.filter(role=EnrollmentRole.TEACHER)
            .select_related("user")
            .order_by("-primary", "user__last_name", "user__first_name", "user__username")
        )
        return models.Prefetch("enrollments", queryset=teaching, to_attr="teacher_enrolments")

    def with_teachers(self):
        """Load each class's teachers (`teacher_enrolments`, primary first) in one query."""
        return self.prefetch_related(self.teachers_prefetch())

    def cards(self):
        """With what a class card shows: student count, teachers, terms."""
        return self.with_student_count().with_teachers().prefetch_related("terms")

    def listing_for(self, user):
        """The classes `user`'s class list shows, ready for cards."""
        return self.visible_to(user).cards()

    def with_student_count(self):
        students = Enrollment.objects.filter(
            school_class=OuterRef("pk"), role=EnrollmentRole.STUDENT
        )
        counted = students.order_by().values("school_class").annotate(n=models.Count("*"))
        return self.annotate(
            student_count=models.functions.Coalesce(models.Subquery(counted.values("n")), 0)
        )


class Class(RosterRecord):
    """A class: a group of students taught together, usually a section of a course."""

    title = models.CharField(_("title"), max_length=200)
    class_code = models.CharField(_("class code"), max_length=100, blank=True)
    class_type = models.CharField(
        _("class type"), max_length=16, choices=ClassType.choices, default=ClassType.SCHEDULED
    )
    location = models.CharField(_("room"), max_length=100, blank=True)
    periods = models.CharField(_("periods"), max_length=100, blank=True)
    grades = models.CharField(_("grades"), max_length=100, blank=True)
    subjects = models.CharField(_("subject"), max_length=200, blank=True)
    subject_codes = models.CharField(_("subject codes"), max_length=200, blank=True)
    course = models.ForeignKey(
        Course, models.PROTECT, null=True, blank=True, related_name="classes"
    )
    school = models.ForeignKey(Org, models.PROTECT, related_name="classes")
    terms = models.ManyToManyField(AcademicSession, blank=True, related_name="classes")
    join_code = models.CharField(_("join code"), max_length=8, blank=True)
    join_code_enabled = models.BooleanField(_("join code on"), default=False)

    objects = ClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"],
                condition=Q(join_code_enabled=True),
                name="class_join_code_unique_when_enabled",
            ),
            models.CheckConstraint(
                condition=Q(join_code_enabled=False) | ~Q(join_code=""),
                name="class_enabled_join_code_not_empty",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("classes:detail", args=[self.pk])

    def details(self):
        """What a list says about the class besides its title: subject, room, terms."""
        room = _("Room %(room)s") % {"room": self.location} if self.location else ""
        return [t for t in (self.subjects, room, *(str(t) for t in self.terms.all())) if t]


class Enrollment(RosterRecord):
    """A person in a class, as a student or as one of its teachers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="enrollments")
    school_class = models.ForeignKey(
        Class, models.CASCADE, related_name="enrollments", verbose_name=_("class")
    )
    role = models.CharField(_("role"), max_length=16, choices=EnrollmentRole.choices)
    primary = models.BooleanField(
        _("primary"), default=False, help_text=_("The class's main teacher.")
    )
    begin_date = models.DateField(_("begins"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school_class", "role"],
                name="enrollment_once_per_role",
                violation_error_message=_("This person is already enrolled in this class."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=EnrollmentRole.values), name="enrollment_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(begin_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("begin_date")),
                name="enrollment_dates_in_order",
                violation_error_message=_("An enrolment cannot end before it begins."),
            ),
        ]
        indexes = [
            # Rosters and student counts read a class's enrolments of one role.
            # (A person's classes use the unique constraint's index: user first.)
            models.Index(fields=["school_class", "role", "user"], name="enrollment_roster"),
        ]

    def __str__(self):
        return f"{self.user} in {self.school_class} ({self.get_role_display()})"


from .roster_imports import RosterImport  # noqa: E402,F401
