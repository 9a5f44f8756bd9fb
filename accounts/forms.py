from crispy_forms_gds.layout import Field, Size
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Role, User
from champions_portal.forms import gds_helper
from notifications.services import email_queue
from regions.models import Champion, LocalAuthority

SIGN_IN_FAILED = "Enter a correct email address and password"


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in by email. Every failure reads the same, so it never says which part was wrong."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": SIGN_IN_FAILED},
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput, error_messages={"required": "Enter your password"}
    )
    error_messages = {"invalid_login": SIGN_IN_FAILED, "inactive": SIGN_IN_FAILED}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")
        self.helper = gds_helper(Field.text("username"), Field.text("password"), submit="Sign in")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].lower()

    def _failures_key(self) -> str:
        return "sign-in-failures:" + (self.cleaned_data.get("username") or "").lower()

    def clean(self):
        if cache.get(self._failures_key(), 0) >= settings.LOGIN_FAILURE_LIMIT:
            minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
            raise forms.ValidationError(
                f"You have tried to sign in too many times. Wait {minutes} minutes, or reset your password.",
                code="too_many_attempts",
            )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            self._count_failure()
            raise
        cache.delete(self._failures_key())
        return cleaned_data

    def _count_failure(self) -> None:
        key = self._failures_key()
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(SIGN_IN_FAILED, code="inactive")


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.helper = gds_helper(Field.text("email"), submit="Send reset link")

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Through the outbox, never from the web request; a double submit of the same token sends once."""
        email_queue(
            key=f"password-reset:{context['user'].pk}:{context['token']}",
            to=to_email,
            template="password_reset",
            context=context,
            now=timezone.now(),
        )


class NewPasswordMixin:
    """Two password boxes that must match and pass the password validators."""

    def _password_fields(self):
        self.fields["new_password1"] = forms.CharField(
            label="New password",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text="At least 12 characters. Avoid common words and your name.",
            error_messages={"required": "Enter a new password"},
        )
        self.fields["new_password2"] = forms.CharField(
            label="Confirm new password",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            error_messages={"required": "Confirm your new password"},
        )

    def _clean_passwords(self, user) -> None:
        one, two = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", "The passwords do not match")
        elif one:
            try:
                password_validation.validate_password(one, user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)


class SetPasswordForm(NewPasswordMixin, forms.Form):
    """Password reset's last step (Django's view passes the user first)."""

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._password_fields()
        self.helper = gds_helper(Field.text("new_password1"), Field.text("new_password2"), submit="Save password")

    def clean(self):
        self._clean_passwords(self.user)
        return self.cleaned_data

    def save(self, commit: bool = True):
        self.user.set_password(self.cleaned_data["new_password1"])
        if commit:
            self.user.save(update_fields=["password"])
        return self.user


class AcceptInvitationForm(NewPasswordMixin, forms.Form):
    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self._password_fields()
        self.fields["new_password1"].label = "Create a password"
        self.helper = gds_helper(Field.text("new_password1"), Field.text("new_password2"), submit="Create account")

    def clean(self):
        invitee = User(email=self.invitation.email, full_name=self.invitation.full_name)
        self._clean_passwords(invitee)
        return self.cleaned_data


class InvitationForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the person's full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="What will they do in the portal?",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role"},
    )
    champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        required=False,
        label="Champion (for champion staff)",
        empty_label="Choose a champion",
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.all(),
        required=False,
        label="Local authority (for local authority officers)",
        empty_label="Choose a local authority",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = gds_helper(
            Field.text("full_name"),
            Field.text("email"),
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.select("champion"),
            Field.select("local_authority"),
            submit="Send invitation",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already an account for this email address")
        return email

    def clean(self):
        role = self.cleaned_data.get("role")
        if role == Role.CHAMPION_STAFF and not self.cleaned_data.get("champion"):
            self.add_error("champion", "Select the champion this person works for")
        if role == Role.LA_OFFICER and not self.cleaned_data.get("local_authority"):
            self.add_error("local_authority", "Select the local authority this person works for")
        return self.cleaned_data


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["wants_weekly_digest"]
        labels = {"wants_weekly_digest": "Send me the delivery tracker's digest every Monday morning"}
        help_texts = {"wants_weekly_digest": "What changed in the week, who is off track and what is overdue."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.checkbox("wants_weekly_digest"), submit="Save")
