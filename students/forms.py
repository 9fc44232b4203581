from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfileForm, RegistrationForm, SignInForm
from accounts.models import Role

from .models import StudentProfile
from .services import PROFILE_FIELDS, register_student


def date_of_birth_field(**kwargs):
    """The model's field and its rule (not in the future), with the browser's date picker."""
    model_field = StudentProfile._meta.get_field("date_of_birth")
    return model_field.formfield(
        validators=model_field.validators,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class StudentRegistrationForm(RegistrationForm):
    register = staticmethod(register_student)
    profile_fields = PROFILE_FIELDS

    year_group = forms.IntegerField(
        label=_("Year group"),
        min_value=1,
        max_value=13,
        required=False,
        help_text=_("Optional: school year, 1 to 13."),
    )
    date_of_birth = date_of_birth_field(help_text=_("Optional."))


class StudentProfileForm(ProfileForm):
    """A student edits their names and date of birth; the school sets the rest."""

    profile_model = StudentProfile
    profile_fields = ("date_of_birth",)
    school_fields = {"student_number": _("Student number"), "year_group": _("Year group")}

    date_of_birth = date_of_birth_field()


class StudentSignInForm(SignInForm):
    role = Role.STUDENT
