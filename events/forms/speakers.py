"""Forms for speaker requests: organisers ask, programme staff answer. They validate; services save."""

import datetime
from operator import attrgetter

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.utils import timezone

from champions_portal.forms import OptionalDateField, gds_helper
from events.models import Event
from events.speakers import SpeakerRequestData
from programme.models import Theme
from regions.models import Champion

OUTCOME_SECURED, OUTCOME_NOT_POSSIBLE = "secured", "not_possible"


class SpeakerRequestForm(forms.Form):
    """What an organiser tells Mott MacDonald about their event and the speaker they need.

    Champion staff may pick one of their champion's upcoming events in the portal; then a title or date
    left empty is the event's. LA officers' events are not in the portal, so they are not offered one.
    """

    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        label="Is it one of your champion's events in the portal? (optional)",
        help_text="If you choose one, you can leave its title and date empty below.",
        empty_label="No, or it is not in the portal yet",
        error_messages={"invalid_choice": "Select one of your champion's events from the list"},
    )
    event_title = forms.CharField(
        max_length=200,
        required=False,
        label="Title of the event",
        error_messages={"max_length": "Title of the event must be 200 characters or fewer"},
    )
    # May be left empty (the form decides whether it may), but not half filled in.
    date = OptionalDateField(
        what="the date of the event", label="Date of the event", help_text="For example, 14 10 2013"
    )
    format = forms.ChoiceField(
        choices=Event.Format.choices,
        widget=forms.RadioSelect,
        label="Is it in person or online?",
        error_messages={
            "required": "Select whether the event is in person or online",
            "invalid_choice": "Select whether the event is in person or online",
        },
    )
    location = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Where is it? (if in person)",
        help_text="The venue and town.",
        error_messages={"max_length": "Where the event is must be 500 characters or fewer"},
    )
    audience = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Who will be at the event?",
        help_text="For example, about 80 SENCOs and parent carer forum members from across the county.",
        error_messages={
            "required": "Enter who will be at the event",
            "max_length": "Who will be at the event must be 1,000 characters or fewer",
        },
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.RadioSelect,
        label="Which theme should the speaker cover?",
        empty_label=None,
        error_messages={
            "required": "Select the theme the speaker should cover",
            "invalid_choice": "Select the theme the speaker should cover",
        },
    )
    topic = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What would you like the speaker to talk about?",
        help_text="For example, how their area introduced personal budgets, and what they would do differently.",
        error_messages={
            "required": "Enter what you would like the speaker to talk about",
            "max_length": "What the speaker should talk about must be 2,000 characters or fewer",
        },
    )
    preferred_champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        required=False,
        label="Would you like a speaker from a particular champion? (optional)",
        empty_label="No preference",
        error_messages={"invalid_choice": "Select a champion from the list"},
    )

    def __init__(self, *args, user, today: datetime.date, now: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        if user.is_champion_staff:
            events = Event.objects.filter(champion_id=user.champion_id).exclude(status=Event.Status.CANCELLED)
            self.fields["event"].queryset = events.upcoming(now).order_by("starts_at", "pk")
        else:
            del self.fields["event"]
        self.fields["preferred_champion"].label_from_instance = attrgetter("label")
        medium = Size.for_legend(Size.MEDIUM)
        layout = [Field.select("event")] if "event" in self.fields else []
        layout += [Field.text("event_title", label_size=Size.MEDIUM), Field("date", context={"legend_size": medium})]
        layout += [Field.radios("format", legend_size=Size.MEDIUM, inline=True), Field.textarea("location", rows=2)]
        layout += [Field.textarea("audience", label_size=Size.MEDIUM, rows=3)]
        layout += [HTML('<h2 class="govuk-heading-m">The talk</h2>')]
        layout += [Field.radios("theme", legend_size=Size.SMALL, small=True)]
        layout += [Field.textarea("topic", label_size=Size.SMALL, rows=4), Field.select("preferred_champion")]
        self.helper = gds_helper(*layout, submit="Send the request")

    def clean(self):
        data = super().clean()
        event = data.get("event")
        if event and not data.get("event_title"):
            data["event_title"] = event.title
        if event and data.get("date") is None and "date" not in self.errors:
            data["date"] = timezone.localdate(event.starts_at)
        if not data.get("event_title") and "event_title" not in self.errors:
            self.add_error("event_title", "Enter the title of the event")
        if data.get("date") is None and "date" not in self.errors:
            self.add_error("date", "Enter the date of the event")
        elif data.get("date") and data["date"] <= self.today:
            self.add_error("date", "The date of the event must be in the future")
        if data.get("format") == Event.Format.IN_PERSON and not data.get("location"):
            self.add_error("location", "Enter where the event is")
        return data

    def request_data(self) -> SpeakerRequestData:
        data = self.cleaned_data
        return SpeakerRequestData(
            event=data.get("event"),
            event_title=data["event_title"],
            date=data["date"],
            format=data["format"],
            location=data["location"] if data["format"] == Event.Format.IN_PERSON else "",
            audience=data["audience"],
            theme=data["theme"],
            topic=data["topic"],
            preferred_champion=data["preferred_champion"],
        )


class SpeakerRequestAnswerForm(forms.Form):
    """Programme staff's answer: secured (from which champion, who) or not possible (why)."""

    outcome = forms.ChoiceField(
        choices=[(OUTCOME_SECURED, "A speaker is secured"), (OUTCOME_NOT_POSSIBLE, "It is not possible")],
        widget=forms.RadioSelect,
        label="Is a speaker secured?",
        error_messages={
            "required": "Select whether a speaker is secured",
            "invalid_choice": "Select whether a speaker is secured",
        },
    )
    champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        required=False,
        label="Which champion is the speaker from? (if secured)",
        empty_label="Choose a champion",
        error_messages={"invalid_choice": "Select the champion the speaker is from"},
    )
    speaker_name = forms.CharField(
        required=False,
        max_length=200,
        label="Name and role of the speaker (if secured)",
        error_messages={"max_length": "Name and role of the speaker must be 200 characters or fewer"},
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything the organiser should know (optional, if secured)",
        help_text="For example, how to reach the speaker. We include this in the email to the organiser.",
        error_messages={"max_length": "What the organiser should know must be 2,000 characters or fewer"},
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is it not possible? (if not possible)",
        help_text="We include this in the email to the organiser.",
        error_messages={"max_length": "Why it is not possible must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"].label_from_instance = attrgetter("label")
        self.helper = gds_helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.select("champion"),
            Field.text("speaker_name"),
            Field.textarea("notes", rows=3),
            Field.textarea("reason", rows=3),
            submit="Send the answer",
        )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == OUTCOME_SECURED:
            if not data.get("champion") and "champion" not in self.errors:
                self.add_error("champion", "Select the champion the speaker is from")
            if not data.get("speaker_name"):
                self.add_error("speaker_name", "Enter the name of the speaker")
        elif data.get("outcome") == OUTCOME_NOT_POSSIBLE and not data.get("reason"):
            self.add_error("reason", "Enter why it is not possible")
        return data

    def answer(self) -> dict:
        """The service's arguments, with only the answer that applies to the outcome."""
        data = self.cleaned_data
        if data["outcome"] == OUTCOME_SECURED:
            return {
                "secured": True,
                "champion": data["champion"],
                "speaker_name": data["speaker_name"],
                "answer": data["notes"],
            }
        return {"secured": False, "champion": None, "speaker_name": "", "answer": data["reason"]}


class SpeakerRequestWithdrawForm(forms.Form):
    """Nothing to fill in: the button, in a GOV.UK form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(submit="Withdraw the request")
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--warning"
