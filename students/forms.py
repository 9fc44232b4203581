from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfileForm, RegistrationForm, SignInForm
from accounts.models import Role
from classes.forms import JoinForm
from classes.services import find_class_by_code

from .models import StudentProfile
from .services import PROFILE_FIELDS, register_student, register_student_in_class


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


class StudentCodeRegistrationForm(StudentRegistrationForm):
    """Registration with a class join code (STUDENT_SIGNUP=code): the student joins that class."""

    register = staticmethod(register_student_in_class)
    field_order = ["code"]

    code = JoinForm.base_fields["code"]  # the same field as /classes/join/

    error_messages = {
        **StudentRegistrationForm.error_messages,
        "unknown_code": _(
            "That code does not open a class. Check it with your teacher: it may have been "
            "changed or turned off."
        ),
    }

    def clean_code(self):
        """Return the class the code opens (like a ModelChoiceField, the object, not the text)."""
        school_class = find_class_by_code(self.cleaned_data["code"])
        if school_class is None:
            raise forms.ValidationError(self.error_messages["unknown_code"], "unknown_code")
        return school_class

    def service_kwargs(self):
        return {"school_class": self.cleaned_data["code"]}


class StudentProfileForm(ProfileForm):
    """A student edits their names and date of birth; the school sets the rest."""

    profile_model = StudentProfile
    profile_fields = ("date_of_birth",)
    school_fields = {"student_number": _("Student number"), "year_group": _("Year group")}

    date_of_birth = date_of_birth_field()


class StudentSignInForm(SignInForm):
    role = Role.STUDENT
