import unicodedata

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.db import IntegrityError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import update_details

USERNAME_TAKEN = _("That username is taken. Please choose another.")
INVALID_LOGIN = _(
    "Please enter a correct username or email and password. "
    "Note that the password is case-sensitive."
)
AUTOCOMPLETE = {
    "username": "username",
    "email": "email",
    "first_name": "given-name",
    "last_name": "family-name",
}


def label_empty_choices(fields):
    """Start each select that may be left empty with "Choose a title…", not "---------"."""
    for name, field in fields.items():
        if isinstance(field, forms.ModelChoiceField) or not isinstance(field, forms.ChoiceField):
            continue  # a related object's select keeps its own empty_label
        choices = list(field.choices)
        if choices and choices[0][0] == "":
            label = str(field.label or name.replace("_", " ")).lower()
            field.choices = [("", gettext("Choose a %(field)s…") % {"field": label}), *choices[1:]]


class EmptyChoiceLabelsMixin:
    """A form whose selects start with a "Choose a …" label (label_empty_choices)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields)


class RegistrationForm(EmptyChoiceLabelsMixin, UserCreationForm):
    """Register a person of one role; subclasses name the role's service and profile fields.

    Only the fields declared here reach the service, so `role`, `is_staff` and the like
    in a POST are ignored.
    """

    register = None  # the role's service function, e.g. students.services.register_student
    profile_fields = ()

    error_messages = {
        **UserCreationForm.error_messages,
        "username_taken": USERNAME_TAKEN,
        "email_taken": _("An account with that email address already exists."),
        "race": _("Registration could not be completed. Please try again."),
    }

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "first_name", "last_name")
        # The model's own unique check can fire too (in a race); say it the same way.
        error_messages = {"username": {"unique": USERNAME_TAKEN}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "Up to 150 English letters, digits and . + - _ characters. You can sign in with "
            "this or your email address."
        )
        for name, hint in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = hint
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__lower=username.lower()).exists():
            raise forms.ValidationError(self.error_messages["username_taken"], "username_taken")
        return username

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.with_email(email).exists():
            raise forms.ValidationError(self.error_messages["email_taken"], "email_taken")
        return email

    def save(self, commit=True):
        """Create the account through the role's service; lost races become form errors."""
        data = self.cleaned_data
        try:
            self.instance = type(self).register(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                **self.service_kwargs(),
                **{
                    name: data[name]
                    for name in self.profile_fields
                    if data.get(name) not in (None, "")
                },
            )
        except IntegrityError:
            self.explain_integrity_error()
            return None
        return self.instance

    def service_kwargs(self):
        return {}

    def explain_integrity_error(self):
        """Another request registered the same name or email a moment ago: say which."""
        data = self.cleaned_data
        if User.objects.filter(username__lower=data["username"].lower()).exists():
            self.add_error("username", self.error_messages["username_taken"])
        elif User.objects.with_email(data["email"]).exists():
            self.add_error("email", self.error_messages["email_taken"])
        else:
            self.add_error(None, self.error_messages["race"])


class ProfileForm(EmptyChoiceLabelsMixin, forms.Form):
    """Edit one's own names; each role's form adds the profile fields a person owns.

    Only the declared fields reach the service, so `role`, `username`, `is_staff`,
    `year_group` and the like in a POST are ignored. An account of no role's profile
    (an administrator) edits its names alone.
    """

    profile_model = None  # the role's profile model, one-to-one to `user`
    profile_fields = ()  # the fields of that profile a person edits
    school_fields = {}  # profile field name -> label: shown, changed only by the school

    first_name = User._meta.get_field("first_name").formfield(required=True)
    last_name = User._meta.get_field("last_name").formfield(required=True)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.profile = None
        if self.profile_model is not None:
            self.profile = (
                self.profile_model.objects.select_related("user").filter(user=user).first()
            )
        kwargs["initial"] = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            **{name: getattr(self.profile, name, None) for name in self.profile_fields},
        }
        super().__init__(*args, **kwargs)
        for name, hint in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = hint

    @property
    def has_profile(self):
        """False for a student or teacher whose profile is missing (the page is then a 404)."""
        return self.profile_model is None or self.profile is not None

    def school_managed(self):
        """What the page shows but only the school changes, as (label, value) pairs."""
        user = self.user
        shown = [
            (_("Role"), user.get_role_display()),
            (_("Username"), user.username),
            (_("Email address"), user.email),
        ]
        fields = self.school_fields.items()
        return shown + [(label, getattr(self.profile, name)) for name, label in fields]

    def save(self):
        """Write the person's names and profile fields through the service; return the user."""
        data = self.cleaned_data
        return update_details(
            self.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            profile=self.profile,
            **{name: data[name] for name in self.profile_fields},
        )


class SignInForm(AuthenticationForm):
    """Sign in by username or email; `role` limits the form to one kind of account."""

    role = None

    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    remember_me = forms.BooleanField(label=_("Keep me signed in on this device"), required=False)

    error_messages = {
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
        "awaiting_approval": _(
            "Your teacher account is waiting for approval by the school staff. "
            "You can sign in once it has been approved."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm caps the field at the username's 150; emails may be longer.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        if self.initial.get("username") and not self.is_bound:
            # Just registered: the username is filled in, the password is what is left.
            del self.fields["username"].widget.attrs["autofocus"]
            self.fields["password"].widget.attrs["autofocus"] = True

    def confirm_login_allowed(self, user):
        # Same message as a wrong password: the page must not reveal the account's role.
        if self.role and user.role != self.role:
            raise self.get_invalid_login_error()
        super().confirm_login_allowed(user)
        if user.awaits_approval:
            raise forms.ValidationError(
                self.error_messages["awaiting_approval"], code="awaiting_approval"
            )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, finding the account through the email index, as sign-in does.

    Django's `email__iexact` lookup reads every account (no index serves it); emails are
    stored lower-cased, and `User.objects.with_email` finds them through their unique index.
    Django's other rules stay: active accounts with a usable password, and the address the
    same as typed once both are case-folded (Django's guard against look-alike letters).
    """

    def get_users(self, email):
        return (
            user
            for user in User.objects.with_email(email).filter(is_active=True)
            if user.has_usable_password() and folded(email) == folded(user.email)
        )


def folded(text):
    """Text compared without case, as Django compares reset addresses (NFKC, casefold)."""
    return unicodedata.normalize("NFKC", text).casefold()
