from crispy_forms_gds.layout import Field, Size
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Role, User, email_key
from audit.services import audit_record
from champions_portal.forms import gds_helper
from champions_portal.ratelimit import Limit, client_address, limit_clear, limit_count, limit_reached
from notifications.services import email_queue
from regions.models import Champion, LocalAuthority

SIGN_IN_FAILED = "Enter a correct email address and password"


class EmailKeyField(forms.EmailField):
    """An email address as stored and matched: every spelling of one address (case, a long s,
    full-width letters) is cleaned to the same email_key before it is validated."""

    def to_python(self, value):
        return email_key(super().to_python(value))


def sign_in_failures_per_client() -> Limit:
    return Limit("sign-in-client", settings.SIGN_IN_FAILURES_PER_CLIENT, settings.LOGIN_FAILURE_WINDOW_SECONDS)


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in by email. Every failure reads the same, so it never says which part was wrong."""

    username = EmailKeyField(
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

    def _failures(self) -> tuple[Limit, str]:
        """The failure count for this target from this client: the account when the address is one
        (whatever spelling was typed), else the address's email_key."""
        address = self.cleaned_data.get("username") or ""
        self.account = address and User.objects.filter(email=address).first()
        target = f"account:{self.account.pk}" if self.account else f"address:{address}"
        limit = Limit("sign-in", settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW_SECONDS)
        return limit, f"{target}|{client_address(self.request)}"

    def _record(self, action: str) -> None:
        """signin.failed or signin.locked_out, against the account when the address is one."""
        typed = {"email": [None, self.cleaned_data.get("username", "")]}
        audit_record(action=action, obj=self.account or None, changes={} if self.account else typed)

    def clean(self):
        limit, subject = self._failures()
        if limit_reached(limit, subject):
            self._record("signin.locked_out")
            minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
            raise forms.ValidationError(
                f"You have tried to sign in too many times. Wait {minutes} {ngettext('minute', 'minutes', minutes)}, "
                "or reset your password.",
                code="too_many_attempts",
            )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            limit_count(limit, subject)
            limit_count(sign_in_failures_per_client(), client_address(self.request))
            self._record("signin.failed")
            raise
        if self.user_cache is not None:  # signed in: not merely a form with the password left out
            limit_clear(limit, subject)
        return cleaned_data

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(SIGN_IN_FAILED, code="inactive")


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = EmailKeyField(
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
    email = EmailKeyField(
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

    def __init__(self, *args, inviter: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        if inviter.is_champion_staff:
            # Champion staff invite their own colleagues and officers of the LAs they support, nobody else.
            champion = inviter.champion
            self.fields["role"].choices = [(r.value, r.label) for r in (Role.CHAMPION_STAFF, Role.LA_OFFICER)]
            self.fields["champion"].queryset = Champion.objects.filter(pk=champion.pk).select_related("region")
            self.fields["champion"].label = "Champion (for your colleagues)"
            self.fields["local_authority"].queryset = champion.assigned_local_authorities().order_by("name")
            self.fields["local_authority"].label = "Local authority (one you support, for its officers)"
        self.helper = gds_helper(
            Field.text("full_name"),
            Field.text("email"),
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.select("champion"),
            Field.select("local_authority"),
            submit="Send invitation",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email=email).exists():
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


class SecondFactorCodeForm(forms.Form):
    """The code from an authenticator app (GOV.UK: "Enter the 6-digit code ...")."""

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.fields["code"].widget.attrs.update(autocomplete="one-time-code", spellcheck="false", autocapitalize="none")
        self.helper = gds_helper(Field.text("code", field_width=10), submit="Continue")

    def code_refused(self, message: str) -> None:
        self.add_error("code", message)


class ChampionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class AccountRequestForm(forms.Form):
    """Asking for an account, from the sign-in page: who they are and what they will do."""

    ROLE_CHOICES = [
        (Role.LA_OFFICER.value, "I work for a local authority"),
        (Role.CHAMPION_STAFF.value, "I work for a pathfinder champion"),
        (Role.PROGRAMME_STAFF.value, "I run the programme, at the Department for Education or Mott MacDonald"),
    ]

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
    )
    email = EmailKeyField(
        label="Work email address",
        max_length=254,
        help_text="We will email you at this address when your request has been decided.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text="Who you work for, and your team, for example Bolton Council, SEND team.",
        error_messages={
            "required": "Enter the name of your organisation",
            "max_length": "Organisation must be 200 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="What will you do in the portal?",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you will do in the portal",
            "invalid_choice": "Select what you will do in the portal",
        },
    )
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.all(),
        required=False,
        label="Local authority (if you work for a local authority)",
        empty_label="Choose a local authority",
        error_messages={"invalid_choice": "Select the local authority you work for"},
    )
    champion = ChampionChoiceField(
        queryset=Champion.objects.select_related("region"),
        required=False,
        label="Champion (if you work for a pathfinder champion)",
        empty_label="Choose a champion",
        error_messages={"invalid_choice": "Select the champion you work for"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs.update(autocomplete="name", spellcheck="false")
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["organisation"].widget.attrs.update(autocomplete="organization")
        self.helper = gds_helper(
            Field.text("full_name"),
            Field.text("email"),
            Field.text("organisation"),
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.select("local_authority"),
            Field.select("champion"),
            submit="Send request",
        )

    def clean(self):
        role = self.cleaned_data.get("role")
        needed = {
            Role.CHAMPION_STAFF: ("champion", "champion"),
            Role.LA_OFFICER: ("local_authority", "local authority"),
        }
        if role in needed:
            field, words = needed[role]
            if not self.cleaned_data.get(field) and field not in self.errors:
                self.add_error(field, f"Select the {words} you work for")
        return self.cleaned_data


class AccountRequestApproveForm(forms.Form):
    """No fields: the Approve button, and where a refusal of the approval is shown."""

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(submit="Approve and send an invitation")
        self.helper.form_action = action


class AccountRequestRefuseForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why are you refusing the request?",
        help_text="We include this in the email to the person who asked.",
        error_messages={
            "required": "Enter why you are refusing the request",
            "max_length": "Reason must be 1,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4), submit="Refuse the request")
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--warning"
