"""Forms for the organising champion's staff and programme staff. They validate; services save."""

import copy
import datetime
import zoneinfo
from operator import attrgetter

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms

from champions_portal.forms import GovDateField, TimeOfDayField, gds_helper
from events.forms.attendance import AttendanceSearchForm
from events.models import Event, Network
from programme.models import Theme
from regions.models import Champion, ChampionContact

LONDON = zoneinfo.ZoneInfo("Europe/London")


class EventForm(forms.ModelForm):
    """An event's details. Programme staff choose the champion; champion staff always get their own.

    Dates and times are typed as in Europe/London and cleaned into aware `starts_at`, `ends_at`,
    `registration_opens_at` and `registration_closes_at`. Works on a copy of the event, so a
    rejected edit leaves the caller's event as it was.
    """

    champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        label="Which champion is running it?",
        empty_label="Choose a champion",
        error_messages={"required": "Select the champion running the event"},
    )
    kind = forms.ChoiceField(
        choices=Event.Kind.choices,
        widget=forms.RadioSelect,
        label="What kind of event is it?",
        error_messages={"required": "Select the kind of event"},
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        error_messages={"required": "Enter the title", "max_length": "Title must be 200 characters or fewer"},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Description",
        help_text="What it covers and what people will take away.",
        error_messages={"required": "Enter a description"},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Which themes does it cover?",
        help_text="Select all that apply. The event counts towards each theme it covers.",
        error_messages={"required": "Select at least one theme"},
    )
    network = forms.ModelChoiceField(
        queryset=Network.objects.select_related("region"),
        required=False,
        label="Is it part of a local or regional network? (optional)",
        help_text="The collaborative network the event belongs to. People can find events by network.",
        empty_label="Not part of a network",
        error_messages={"invalid_choice": "Select a network from the list"},
    )
    date = GovDateField(what="the date of the event", label="Date of the event", help_text="For example, 14 10 2013")
    start_time = TimeOfDayField(what="the start time", label="Start time")
    end_time = TimeOfDayField(what="the end time", label="End time")
    format = forms.ChoiceField(
        choices=Event.Format.choices,
        widget=forms.RadioSelect,
        label="Is it in person or online?",
        error_messages={"required": "Select whether the event is in person or online"},
    )
    venue_address = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Venue address (if in person)"
    )
    joining_details = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Joining details (if online)",
        help_text="For example, the meeting link. Only people with a confirmed place see these.",
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=10_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        label="How many places are there?",
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Number of places must be a whole number, like 30",
            "min_value": "Number of places must be 1 or more",
            "max_value": "Number of places must be 10,000 or fewer",
        },
    )
    registration_opens_date = GovDateField(
        what="the date registration opens", label="Date registration opens", help_text="For example, 2 9 2013"
    )
    registration_opens_time = TimeOfDayField(what="the time registration opens", label="Time registration opens")
    registration_closes_date = GovDateField(
        what="the date registration closes",
        label="Date registration closes",
        help_text="No later than the start of the event.",
    )
    registration_closes_time = TimeOfDayField(what="the time registration closes", label="Time registration closes")
    audience_notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Who is it for? (optional)",
        help_text="For example, parent carer forums and SENCOs in the North West.",
    )
    accessibility_info = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Accessibility of the venue (optional)",
        help_text="For example, step-free access, a hearing loop, a quiet room.",
    )
    contact = forms.ModelChoiceField(
        queryset=ChampionContact.objects.none(),
        required=False,
        label="Who should people contact with questions? (optional)",
        empty_label="The champion's first contact",
        help_text="Shown on the event's page and in every email about a place. Add people on the champion's page.",
        error_messages={"invalid_choice": "Select one of your champion's contacts, or none"},
    )

    field_order = ["champion", "kind", "title", "description", "themes", "network", "date", "start_time", "end_time"]
    field_order += ["format", "venue_address", "joining_details", "capacity", "registration_opens_date"]
    field_order += ["registration_opens_time", "registration_closes_date", "registration_closes_time"]
    field_order += ["audience_notes", "accessibility_info"]
    field_order += ["contact"]

    class Meta:
        model = Event
        fields = ["champion", "kind", "title", "description", "themes", "network", "format", "venue_address"]
        fields += ["joining_details", "capacity", "audience_notes", "accessibility_info"]

    def __init__(self, *args, user, now: datetime.datetime, instance: Event | None = None, **kwargs):
        self.now = now
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)
        if not user.is_programme_staff:
            del self.fields["champion"]
        else:
            self.fields["champion"].label_from_instance = attrgetter("label")
        self._contact_choices(user, instance)
        self.fields["network"].label_from_instance = attrgetter("label")
        if instance:
            starts, ends = instance.starts_at.astimezone(LONDON), instance.ends_at.astimezone(LONDON)
            opens = instance.registration_opens_at.astimezone(LONDON)
            closes = instance.registration_closes_at.astimezone(LONDON)
            self.initial.update(date=starts.date(), start_time=starts.time(), end_time=ends.time())
            self.initial.update(registration_opens_date=opens.date(), registration_opens_time=opens.time())
            self.initial.update(registration_closes_date=closes.date(), registration_closes_time=closes.time())
        self.helper = gds_helper(*self._layout(), submit="Save changes" if instance else "Save as a draft")

    def _layout(self):
        medium = Size.for_legend(Size.MEDIUM)
        fields = [Field.select("champion")] if "champion" in self.fields else []
        fields += [Field.radios("kind", legend_size=Size.MEDIUM), Field.text("title", label_size=Size.MEDIUM)]
        fields += [Field.textarea("description", label_size=Size.MEDIUM, rows=5)]
        fields += [Field.checkboxes("themes", legend_size=Size.MEDIUM, small=True), Field.select("network")]
        fields += [HTML('<h2 class="govuk-heading-m">When and where</h2>')]
        fields += [Field("date", context={"legend_size": medium}), Field.text("start_time", field_width=5)]
        fields += [Field.text("end_time", field_width=5), Field.radios("format", legend_size=Size.MEDIUM)]
        fields += [Field.textarea("venue_address", rows=3), Field.textarea("joining_details", rows=3)]
        fields += [HTML('<h2 class="govuk-heading-m">Places and registration</h2>')]
        fields += [Field.text("capacity", field_width=5), Field("registration_opens_date")]
        fields += [Field.text("registration_opens_time", field_width=5), Field("registration_closes_date")]
        fields += [Field.text("registration_closes_time", field_width=5)]
        fields += [HTML('<h2 class="govuk-heading-m">About the people coming</h2>')]
        fields += [Field.textarea("audience_notes", rows=3), Field.textarea("accessibility_info", rows=3)]
        return fields + [HTML('<h2 class="govuk-heading-m">Questions</h2>'), Field.select("contact")]

    def _contact_choices(self, user, instance: Event | None) -> None:
        """Champion staff choose among their champion's contacts; programme staff among every champion's
        (`clean` checks it is the event's champion's)."""
        field = self.fields["contact"]
        if user.is_programme_staff:
            field.queryset = ChampionContact.objects.select_related("champion").order_by(
                "champion__region__position", "order", "pk"
            )
            field.label_from_instance = lambda c: f"{c.name}, {c.role} ({c.champion.name})"
        else:
            field.queryset = ChampionContact.objects.filter(
                champion_id=instance.champion_id if instance else user.champion_id
            )
            field.label_from_instance = lambda c: f"{c.name}, {c.role}"

    def _at(self, date_name: str, time_name: str) -> datetime.datetime | None:
        date, time = self.cleaned_data.get(date_name), self.cleaned_data.get(time_name)
        return datetime.datetime.combine(date, time, tzinfo=LONDON) if date and time else None

    def clean(self):
        data = super().clean()
        starts, ends = self._at("date", "start_time"), self._at("date", "end_time")
        opens = self._at("registration_opens_date", "registration_opens_time")
        closes = self._at("registration_closes_date", "registration_closes_time")
        if starts and ends and ends <= starts:
            self.add_error("end_time", "The end time must be after the start time")
        if starts and starts <= self.now and (self.instance.pk is None or starts != self.instance.starts_at):
            self.add_error("date", "The event must start in the future")
        if data.get("format") == Event.Format.IN_PERSON and not data.get("venue_address"):
            self.add_error("venue_address", "Enter the venue address")
        if data.get("format") == Event.Format.ONLINE and not data.get("joining_details"):
            self.add_error("joining_details", "Enter the joining details for the online event")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_date", "Registration must close after it opens")
        elif starts and closes and closes > starts:
            self.add_error("registration_closes_date", "Registration must close no later than the start of the event")
        champion = (
            data.get("champion") if "champion" in self.fields else self.instance.champion if self.instance.pk else None
        )
        if data.get("contact") and champion and data["contact"].champion_id != champion.pk:
            self.add_error("contact", "Select a contact of the champion running the event, or none")
        data.update(starts_at=starts, ends_at=ends, registration_opens_at=opens, registration_closes_at=closes)
        return data

    def event_fields(self, *, with_champion: bool = False) -> dict:
        """What the services save: the event's own fields (not themes), with aware datetimes."""
        names = ["kind", "title", "description", "network", "format", "venue_address", "joining_details", "capacity"]
        names += ["audience_notes", "accessibility_info", "starts_at", "ends_at"]
        names += ["registration_opens_at", "registration_closes_at", "contact"]
        if with_champion and "champion" in self.fields:
            names.append("champion")
        return {name: self.cleaned_data[name] for name in names}

    def refuse_capacity(self, confirmed: int) -> None:
        people = "person" if confirmed == 1 else "people"
        self.add_error("capacity", f"Capacity cannot be less than the {confirmed} {people} already confirmed")


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        label="Why is the event cancelled?",
        help_text="We include this in the email to everyone with a place or on the waiting list.",
        error_messages={
            "required": "Enter why the event is cancelled",
            "max_length": "Reason must be 1,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", label_size=Size.MEDIUM, rows=4), submit="Cancel the event")
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--warning"


class ChampionFilterForm(forms.Form):
    champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        required=False,
        label="Champion",
        empty_label="All champions",
        error_messages={"invalid_choice": "Select a champion from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"].label_from_instance = attrgetter("label")
        self.helper = gds_helper(Field.select("champion"), submit="Show events")
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"


class RegistrationSearchForm(AttendanceSearchForm):
    """The registrations page's search by name, within the list shown (`list`: one of `lists`, kept in a
    hidden input; anything else shows the first list)."""

    list = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, lists: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = lists
        self.helper.layout.insert(0, Field("list"))

    def list_shown(self) -> str:
        self.is_valid()  # a name too long to search for does not change the list
        chosen = self.cleaned_data.get("list") or ""
        return chosen if chosen in self.lists else next(iter(self.lists))
