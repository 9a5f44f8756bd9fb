"""Forms for champion staff and programme staff: offer dates, answer requests, record delivery.

They validate and normalise; the views call the services.
"""

import calendar
import datetime
from operator import attrgetter

from crispy_forms_gds.layout import Field, Size
from django import forms

from champions_portal.dates import govuk_date
from champions_portal.forms import GovDateField, gds_helper
from programme.models import Theme
from regions.models import Champion
from support_days.models import SupportDayOffer

WEEKDAYS = [(str(number), calendar.day_name[number]) for number in range(5)]
MAX_MONTHS = 6
MAX_CAPACITY = 10


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _plural_days(numbers: list[int]) -> str:
    """ "Tuesdays", "Mondays or Fridays", "Mondays, Tuesdays or Fridays" """
    names = [f"{calendar.day_name[n]}s" for n in numbers]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _weekdays_between(first: datetime.date, last: datetime.date, weekdays: list[str]) -> list[datetime.date]:
    numbers = {int(n) for n in weekdays}
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() in numbers]


def _champion_field(*, required_message: str = "", **kwargs) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        error_messages={"invalid_choice": "Select a champion from the list", "required": required_message},
        **kwargs,
    )
    field.label_from_instance = attrgetter("label")
    return field


class ChampionChooserForm(forms.Form):
    """Programme staff choose whose offers or patch to see (GET)."""

    def __init__(self, *args, empty_label: str, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"] = _champion_field(required=False, label="Champion", empty_label=empty_label)
        self.helper = gds_helper(Field.select("champion"), submit=submit)
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"

    def champion(self) -> Champion | None:
        return self.cleaned_data["champion"] if self.is_valid() else None


class OffersCreateForm(forms.Form):
    """Many dates at once: every chosen weekday from the first date to the last."""

    first_date = GovDateField(what="the first date", label="First date", help_text="For example, 5 11 2013")
    last_date = GovDateField(what="the last date", label="Last date", help_text="For example, 26 11 2013")
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        label="On which days of the week?",
        help_text="We offer every one of these days between the first and last dates.",
        error_messages={
            "required": "Select at least one day of the week",
            "invalid_choice": "Select days of the week from the list",
        },
    )
    format = forms.ChoiceField(
        choices=SupportDayOffer.Format.choices,
        widget=forms.RadioSelect,
        label="Will the days be in person or online?",
        error_messages={
            "required": "Select whether the days are in person or online",
            "invalid_choice": "Select whether the days are in person or online",
        },
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=MAX_CAPACITY,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        label="How many local authorities can you see on each day?",
        help_text="Usually 1.",
        error_messages={
            "required": "Enter how many local authorities you can see on each day",
            "invalid": "Number of local authorities must be a whole number, like 1",
            "min_value": "Number of local authorities must be 1 or more",
            "max_value": f"Number of local authorities must be {MAX_CAPACITY} or fewer",
        },
    )
    notes = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Notes for local authorities (optional)",
        help_text="For example, where you will meet or who will come. Local authorities see this when they book.",
        error_messages={"max_length": "Notes must be 500 characters or fewer"},
    )

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        fields = [Field("first_date"), Field("last_date"), Field.checkboxes("weekdays", small=True)]
        fields += [Field.radios("format", inline=True), Field.text("capacity", field_width=2)]
        fields += [Field.textarea("notes", rows=3)]
        if user.is_programme_staff:
            self.fields["champion"] = _champion_field(
                label="Which champion is offering the days?",
                empty_label="Choose a champion",
                required_message="Select the champion offering the days",
            )
            self.order_fields(["champion"])
            fields.insert(0, Field.select("champion"))
        self.helper = gds_helper(*fields, submit="Offer these dates")

    def clean(self):
        data = super().clean()
        first, last, weekdays = data.get("first_date"), data.get("last_date"), data.get("weekdays")
        if first and first <= self.today:
            self.add_error("first_date", "The first date must be after today")
        if first and last and last < first:
            self.add_error("last_date", "The last date must be the same as or after the first date")
        elif first and last and last > _months_after(first, MAX_MONTHS):
            self.add_error("last_date", f"The last date must be no more than {MAX_MONTHS} months after the first date")
        elif first and last and weekdays and not _weekdays_between(first, last, weekdays):
            numbers = sorted(int(n) for n in weekdays)
            self.add_error("weekdays", f"There are no {_plural_days(numbers)} between those dates")
        return data

    def dates(self) -> list[datetime.date]:
        data = self.cleaned_data
        return _weekdays_between(data["first_date"], data["last_date"], data["weekdays"])


class ConfirmForm(forms.Form):
    """The date for a requested day: one of the LA's preferred dates still to come, or another."""

    OTHER = "other"

    date_choice = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Which date will the day be on?",
        error_messages={
            "required": "Select the date of the day",
            "invalid_choice": "Select one of the dates given, or another date",
        },
    )
    other_date = GovDateField(
        what="the other date",
        required=False,
        label="The other date (if you chose another date)",
        help_text="For example, 12 11 2013",
    )
    format = forms.ChoiceField(
        choices=SupportDayOffer.Format.choices,
        widget=forms.RadioSelect,
        label="Will it be in person or online?",
        help_text="If you already offer that date, the day takes the format you offered it in.",
        error_messages={
            "required": "Select whether the day is in person or online",
            "invalid_choice": "Select whether the day is in person or online",
        },
    )

    def __init__(self, *args, preferred_dates: list[str], today: datetime.date, **kwargs):
        """`preferred_dates`: the request's ISO dates. Only those after today are offered."""
        super().__init__(*args, **kwargs)
        self.today = today
        preferred = sorted(datetime.date.fromisoformat(iso) for iso in preferred_dates)
        choices = [(day.isoformat(), govuk_date(day, with_weekday=True)) for day in preferred if day > today]
        self.fields["date_choice"].choices = [*choices, (self.OTHER, "Another date")]
        legend = Size.MEDIUM
        self.helper = gds_helper(
            Field.radios("date_choice", legend_size=legend),
            Field("other_date"),
            Field.radios("format", legend_size=legend),
            submit="Confirm the day",
        )

    def clean(self):
        data = super().clean()
        choice, other = data.get("date_choice"), data.get("other_date")
        if choice == self.OTHER and not other and "other_date" not in self.errors:
            self.add_error("other_date", "Enter the other date")
        if choice and choice != self.OTHER and other:
            self.add_error("other_date", "Leave the other date empty, or choose ‘Another date’")
        date = other if choice == self.OTHER else (datetime.date.fromisoformat(choice) if choice else None)
        if date and date <= self.today:
            self.add_error("other_date", "The date must be after today")
        data["date"] = date
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why can you not give this day?",
        help_text="We include this in the email to the local authority's officers.",
        error_messages={
            "required": "Enter why you are declining the request",
            "max_length": "Reason must be 1,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4), submit="Decline the request")
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--warning"


class DeliverForm(forms.Form):
    attendees = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Who attended from the local authority?",
        help_text="Names and roles, one a line.",
        error_messages={
            "required": "Enter who attended from the local authority",
            "max_length": "Who attended must be 2,000 characters or fewer",
        },
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Which themes did the day cover?",
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one theme the day covered"},
    )
    notes = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Notes (optional)",
        help_text="What was covered, what was agreed, and any follow-up.",
        error_messages={"max_length": "Notes must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("attendees", label_size=Size.MEDIUM, rows=4),
            Field.checkboxes("themes", legend_size=Size.MEDIUM, small=True),
            Field.textarea("notes", label_size=Size.MEDIUM, rows=5),
            submit="Record the day as delivered",
        )
