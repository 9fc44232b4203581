from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AcademicSession, Class, Status


class ClassForm(forms.Form):
    """A teacher's new class: a title, and optionally a subject, a room and a term."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Class._meta.get_field("title").max_length,
        help_text=_("What students call it, e.g. “7B Mathematics”."),
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=Class._meta.get_field("subjects").max_length, required=False
    )
    room = forms.CharField(
        label=_("Room"), max_length=Class._meta.get_field("location").max_length, required=False
    )
    term = forms.ModelChoiceField(
        label=_("Term"),
        queryset=AcademicSession.objects.filter(status=Status.ACTIVE),
        required=False,
        empty_label=_("No particular term"),
    )

    def save(self, teacher):
        data = self.cleaned_data
        return services.create_class(
            teacher=teacher,
            title=data["title"],
            subjects=data["subject"],
            location=data["room"],
            terms=[data["term"]] if data["term"] else [],
        )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=20,
        help_text=_("The code your teacher gave you, e.g. “KM4TX7A”. Capital letters or not."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class AddTeacherForm(forms.Form):
    username = forms.CharField(label=_("Teacher's username"), max_length=150)


class NewStudentForm(forms.Form):
    """A student added by their teacher: a name and, if known, a year group; no email."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    year_group = forms.IntegerField(
        label=_("Year group"), min_value=1, max_value=13, required=False
    )
