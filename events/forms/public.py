"""Forms anyone can use, with no account: finding events and registering for one."""

import datetime

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from champions_portal.forms import OptionalDateField, SlugFilterField, gds_helper
from events.models import Event, Network, PartnerType
from events.services import RegistrationData
from programme.models import Theme
from regions.models import LocalAuthority, Region


def _london_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class EventFilterForm(forms.Form):
    """The filters on the events page. Sent by GET; each is optional and an invalid one is ignored."""

    region = SlugFilterField(Region.objects.all(), things="regions", thing="region")
    theme = SlugFilterField(Theme.objects.all(), things="themes", thing="theme")
    # Only networks with published events still to come (the queryset is set in __init__, from `now`).
    network = SlugFilterField(Network.objects.none(), things="networks", thing="network")
    kind = forms.ChoiceField(
        label="Type of event",
        choices=[("", "All types"), *Event.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of event from the list"},
    )
    format = forms.ChoiceField(
        label="In person or online",
        choices=[("", "In person or online"), *Event.Format.choices],
        required=False,
        error_messages={"invalid_choice": "Select in person or online from the list"},
    )
    # GOV.UK date inputs: sent as date_from_0 (day), date_from_1 (month), date_from_2 (year).
    date_from = OptionalDateField(what="the from date", label="From", help_text="For example, 14 10 2013")
    date_to = OptionalDateField(what="the to date", label="To", help_text="For example, 3 11 2013")
    cancelled = forms.BooleanField(label="Show cancelled events", required=False)

    def __init__(self, *args, now: datetime.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.with_upcoming_events(now or timezone.now())
        self.helper = gds_helper(
            Field.select("region"),
            Field.select("theme"),
            Field.select("network"),
            Field.select("kind"),
            Field.select("format"),
            Field("date_from", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field("date_to", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.checkbox("cancelled", small=True),
            submit="Filter events",
        )
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return data

    def filter(self, events):
        """Narrow a queryset of published and cancelled events by the filters that are valid (invalid ones
        show as errors). Cancelled events stay only when asked for."""
        self.is_valid()
        data = self.cleaned_data
        if not data.get("cancelled"):
            events = events.exclude(status=Event.Status.CANCELLED)
        if data.get("region"):
            events = events.filter(champion__region=data["region"])
        if data.get("theme"):
            events = events.filter(themes=data["theme"])
        if data.get("network"):
            events = events.filter(network=data["network"])
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("format"):
            events = events.filter(format=data["format"])
        if data.get("date_from"):
            events = events.filter(starts_at__gte=_london_midnight(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(starts_at__lt=_london_midnight(data["date_to"] + datetime.timedelta(days=1)))
        return events


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email your confirmation here, with a link to view or cancel your registration.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        help_text="For example, your parent carer forum, school or local authority. "
        "Leave it blank if you are coming as a parent, carer or young person.",
        error_messages={"max_length": "Organisation must be 200 characters or fewer"},
    )
    partner_type = forms.ChoiceField(
        label="What type of organisation do you represent?",
        choices=PartnerType.choices,
        widget=forms.RadioSelect,
        help_text="If you are coming as a parent, carer or young person, choose that.",
        error_messages={
            "required": "Select the type of organisation you represent",
            "invalid_choice": "Select the type of organisation you represent",
        },
    )
    local_authority = forms.ModelChoiceField(
        LocalAuthority.objects.all(),
        required=False,
        label="Local authority area (optional)",
        help_text="The local authority you work for, or the area you live in.",
        empty_label="Not applicable",
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    access_needs = forms.CharField(
        label="Access needs (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that would help you take part, for example step-free access, a hearing loop or a "
        "British Sign Language interpreter. Only the organisers of this event will see this.",
        error_messages={"max_length": "Access needs must be 2,000 characters or fewer"},
    )
    dietary_needs = forms.CharField(
        label="Dietary needs (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, vegetarian, halal or a food allergy. Only the organisers of this event will see this.",
        error_messages={"max_length": "Dietary needs must be 1,000 characters or fewer"},
    )
    privacy = forms.BooleanField(
        label="I agree to the privacy notice",
        error_messages={"required": "You must agree to the privacy notice to register"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(autocomplete="name", spellcheck="false")
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")
        self.fields["organisation"].widget.attrs.update(autocomplete="organization")
        self.fields["privacy"].help_text = format_html(
            'The <a class="govuk-link" href="{}" target="_blank" rel="noopener">privacy notice (opens in new tab)</a> '
            "says who sees your details, including your access and dietary needs, and how long we keep them.",
            reverse("privacy"),
        )
        self.helper = gds_helper(
            Field.text("name"),
            Field.text("email"),
            Field.text("organisation"),
            Field.radios("partner_type", legend_size=Size.SMALL),
            Field.select("local_authority"),
            Field.textarea("access_needs", rows=3),
            Field.textarea("dietary_needs", rows=2),
            Field.checkbox("privacy"),
            submit="Register",
        )

    @staticmethod
    def initial_for(user) -> dict:
        """Prefilled answers for a signed-in LA officer or champion's staff member."""
        if not user.is_authenticated:
            return {}
        initial = {"name": user.full_name, "email": user.email}
        if user.is_la_officer:
            initial |= {
                "organisation": user.local_authority.name,
                "local_authority": user.local_authority_id,
                "partner_type": PartnerType.LA_EDUCATION,
            }
        elif user.is_champion_staff:
            initial |= {"organisation": user.champion.name, "partner_type": PartnerType.LA_EDUCATION}
        return initial

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            partner_type=data["partner_type"],
            local_authority=data["local_authority"],
            access_needs=data["access_needs"],
            dietary_needs=data["dietary_needs"],
        )
