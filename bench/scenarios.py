"""The requests the benchmark measures, each as one scenario."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from bench.dataset import PASSWORD, student_username, teacher_username
from bench.urls import FLOOR_PATH, SIGNED_IN_FLOOR_PATH

UNIQUE = "__UNIQUE__"  # the load generator replaces it with a value unique to each request
SEARCH = "smith"
DEEP_PAGE = 1000
REGISTRATION_PASSWORD = "quiet-harbour-lantern-58"

# Who signs in for each kind of scenario (sign-in POSTs use another student, so that
# the sessions they create never touch the dashboard's).
ACCOUNTS = {
    "student": ("students:login", student_username(1)),
    "teacher": ("teachers:login", teacher_username(1)),
}
SIGN_IN_ACCOUNT = student_username(2)


@dataclass(frozen=True)
class Scenario:
    """One request, sent again and again: by whom, and which answers count as success."""

    key: str
    name: str
    path: str
    who: str = "anonymous"  # or a key of ACCOUNTS
    form: dict = field(default_factory=dict)  # fields of a POST, without the CSRF token
    expected: tuple = (200,)
    needs_classes: bool = False  # a --baseline from before classes cannot serve it

    @property
    def is_floor(self):
        return self.path == f"/{FLOOR_PATH}"

    @property
    def method(self):
        return "POST" if self.form else "GET"

    def form_for(self, unique):
        """The POST fields with UNIQUE replaced, for a single request."""
        return {name: value.replace(UNIQUE, unique) for name, value in self.form.items()}


def floor(key="floor", name="floor: empty view"):
    return Scenario(key, name, f"/{FLOOR_PATH}")


def site_scenarios():
    """Every scenario but the floor, in the order they run (writes last)."""
    directory = reverse("students:directory")
    return [
        Scenario("landing", "landing page (anonymous)", reverse("home")),
        Scenario("sign_in_page", "sign-in page", reverse("students:login")),
        Scenario(
            "signed_in_floor",
            "signed in, nothing else (session + user)",
            f"/{SIGNED_IN_FLOOR_PATH}",
            "student",
        ),
        Scenario(
            "student_dashboard", "student dashboard", reverse("students:dashboard"), "student"
        ),
        Scenario(
            "teacher_dashboard", "teacher dashboard", reverse("teachers:dashboard"), "teacher"
        ),
        Scenario(
            "directory",
            f"student directory, page 1 ({settings.DIRECTORY_PAGE_SIZE} rows)",
            f"{directory}?page=1",
            "teacher",
        ),
        Scenario(
            "deep_page",
            f"student directory, page {DEEP_PAGE:,}",
            f"{directory}?page={DEEP_PAGE}",
            "teacher",
        ),
        Scenario("search", f'directory search "{SEARCH}"', f"{directory}?q={SEARCH}", "teacher"),
        *class_scenarios(directory),
        Scenario(
            "sign_in_post",
            "sign-in POST (correct password)",
            reverse("students:login"),
            form={"username": SIGN_IN_ACCOUNT, "password": PASSWORD},
            expected=(302,),
        ),
        Scenario(
            "registration_post",
            "registration POST (new student)",
            reverse("students:register"),
            form={
                "username": f"bench{UNIQUE}",
                "email": f"bench{UNIQUE}@example.com",
                "first_name": "Bench",
                "last_name": "Registrant",
                "password1": REGISTRATION_PASSWORD,
                "password2": REGISTRATION_PASSWORD,
            },
            expected=(302,),
        ),
    ]


def class_scenarios(directory):
    """A class the signed-in teacher leads: its students on /students/, and its page."""
    if not apps.is_installed("classes"):  # the code of a --baseline from before classes
        return []
    from bench.school import CLASS_SIZE, measured_class  # needs the classes app

    school_class = measured_class(ACCOUNTS["teacher"][1])
    return [
        Scenario(
            "class_students",
            f"a teacher's students, one class of {CLASS_SIZE} (?class=)",
            f"{directory}?class={school_class.pk}",
            "teacher",
            needs_classes=True,
        ),
        Scenario(
            "class_page",
            f"class page with its roster of {CLASS_SIZE} (its teacher)",
            school_class.get_absolute_url(),
            "teacher",
            needs_classes=True,
        ),
    ]


def all_scenarios():
    """The floor first and again last, so drift on a noisy machine shows."""
    return [
        floor("floor", "floor: empty view (first)"),
        *site_scenarios(),
        floor("floor_end", "floor: empty view (last)"),
    ]
