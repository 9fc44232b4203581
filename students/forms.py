from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import RegistrationForm, SignInForm
from accounts.models import Role

from .services import PROFILE_FIELDS, register_student


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
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional."),
    )


class StudentSignInForm(SignInForm):
    role = Role.STUDENT
