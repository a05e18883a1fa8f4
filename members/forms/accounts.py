"""The account forms: signing in (password, then the one-time code), API tokens, and the admin's
new-user form."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from gidh_portal.input_fields import form_field
from gidh_portal.input_limits import refuse_control_characters

from ..models import ApiToken, User


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form, whose email address is checked as the account's is (its length, no
    control characters) before any password: an address no account can have is a form error,
    not a failed login that the lockout's table could not store."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = User._meta.get_field("email").max_length
        self.fields["username"].validators += [
            MaxLengthValidator(limit),
            refuse_control_characters,
        ]


class ApiTokenCreateForm(forms.Form):
    name = form_field(
        ApiToken,
        "name",
        label=_("Token name"),
        help_text=_("What the token is for, e.g. “Data warehouse import”."),
    )


class EmailLanguageForm(forms.Form):
    language = form_field(
        User,
        "language",
        label=_("Language of e-mails"),
        help_text=_("Reminders before a reporting cycle closes come in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("The portal's default (English)")),
            *self.fields["language"].choices[1:],
        ]


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now for the GIDH Portal."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code is six digits."))
        return code
