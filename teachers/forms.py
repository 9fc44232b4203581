from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfileForm, RegistrationForm, SignInForm
from accounts.models import Role

from .models import TeacherProfile
from .services import PROFILE_FIELDS, register_teacher


class TeacherRegistrationForm(RegistrationForm):
    register = staticmethod(register_teacher)
    profile_fields = PROFILE_FIELDS

    title = TeacherProfile._meta.get_field("title").formfield()
    department = TeacherProfile._meta.get_field("department").formfield()
    subject = TeacherProfile._meta.get_field("subject").formfield()

    def service_kwargs(self):
        return {"approved": not settings.TEACHER_SIGNUP_REQUIRES_APPROVAL}


class TeacherProfileForm(ProfileForm):
    """A teacher edits their names, title, department and subject; approval is the school's."""

    profile_model = TeacherProfile
    profile_fields = PROFILE_FIELDS
    school_fields = {"approved_at": _("Approved on")}

    title = TeacherProfile._meta.get_field("title").formfield()
    department = TeacherProfile._meta.get_field("department").formfield()
    subject = TeacherProfile._meta.get_field("subject").formfield()


class TeacherSignInForm(SignInForm):
    role = Role.TEACHER
