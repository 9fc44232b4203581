from django import forms

from accounts.forms import RegistrationForm, SignInForm
from accounts.models import Role

from .models import StudentProfile
from .services import PROFILE_FIELDS, register_student


class StudentRegistrationForm(RegistrationForm):
    register = staticmethod(register_student)
    profile_fields = PROFILE_FIELDS

    year_group = StudentProfile._meta.get_field("year_group").formfield()
    date_of_birth = StudentProfile._meta.get_field("date_of_birth").formfield(
        widget=forms.DateInput(attrs={"type": "date"})
    )


class StudentSignInForm(SignInForm):
    role = Role.STUDENT
