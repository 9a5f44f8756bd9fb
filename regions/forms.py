import re
from operator import attrgetter

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.translation import ngettext

from champions_portal.forms import gds_helper
from regions.models import Champion, ChampionContact


class AssignChampionForm(forms.Form):
    champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which champion should support this local authority?",
        error_messages={"required": "Select the champion that will support this local authority"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        label="Why is it changing?",
        help_text="For example, the neighbouring region's champion has more capacity.",
        error_messages={"required": "Enter why the assigned champion is changing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"].label_from_instance = attrgetter("label")
        self.helper = gds_helper(
            Field.radios("champion", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.MEDIUM),
            submit="Change assigned champion",
        )


PHONE_FORMAT = "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit} {ngettext('character', 'characters', limit)} or fewer"


class ChampionContactForm(forms.Form):
    """A champion's named contact. Names, roles and numbers are kept as typed, less spaces at the ends.
    A plain form (the view gives an existing contact's values as `initial`), so a rejected edit never
    touches the contact the page shows."""

    FIELDS = ("name", "role", "email", "phone")

    name = forms.CharField(
        max_length=150,
        label="Full name",
        error_messages={"required": "Enter the contact's full name", "max_length": _too_long("Full name", 150)},
    )
    role = forms.CharField(
        max_length=150,
        label="Role or job title",
        help_text="For example, SEND reforms lead or champion programme manager.",
        error_messages={
            "required": "Enter the contact's role or job title",
            "max_length": _too_long("Role or job title", 150),
        },
    )
    email = forms.EmailField(
        max_length=254,
        label="Email address",
        error_messages={
            "required": "Enter the contact's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": _too_long("Email address", 254),
        },
    )
    phone = forms.CharField(
        required=False,
        max_length=30,
        label="Telephone number (optional)",
        help_text="For international numbers include the country code.",
        error_messages={"max_length": PHONE_FORMAT},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs.update(autocomplete="off")
        self.helper = gds_helper(
            Field.text("name"),
            Field.text("role"),
            Field.text("email"),
            Field.text("phone", field_width=20),
            submit="Save contact",
        )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and not (re.fullmatch(r"\+?[0-9 ()-]+", phone) and 10 <= len(re.sub(r"\D", "", phone)) <= 15):
            raise forms.ValidationError(PHONE_FORMAT)
        return phone

    def contact_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    @classmethod
    def initial_for(cls, contact: ChampionContact) -> dict:
        return {name: getattr(contact, name) for name in cls.FIELDS}


class ContactMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
