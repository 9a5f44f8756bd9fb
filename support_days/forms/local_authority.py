"""Forms for LA officers' support days, and the cancel form both sides use. They validate; services save."""

import datetime

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms

from champions_portal.dates import govuk_date
from champions_portal.forms import OptionalDateField, gds_helper
from programme.models import Theme
from support_days.models import SupportDayOffer

ORDINALS = ["first", "second", "third"]
DATES_INTRO = "Give up to three dates. Your champion will confirm one of them or tell you why they cannot."
USEFULNESS_CHOICES = [(1, "1 – not useful"), (2, "2"), (3, "3"), (4, "4"), (5, "5 – very useful")]


def offer_label(offer: SupportDayOffer) -> str:
    """ "Tuesday 15 October 2013, in person: notes" """
    label = f"{govuk_date(offer.date, with_weekday=True)}, {offer.get_format_display().lower()}"
    return f"{label}: {offer.notes}" if offer.notes else label


def _themes_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Which themes do you want to focus on?",
        help_text="Select all that apply.",
        error_messages={
            "required": "Select at least one theme to focus on",
            "invalid_choice": "Select themes from the list",
            "invalid_pk_value": "Select themes from the list",
        },
    )


def _context_field() -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What should the champion know before the day? (optional)",
        help_text="For example, where you are with the reforms, what you most want to get out of the day, "
        "and who from your local authority and partners will come.",
        error_messages={"max_length": "What the champion should know must be 2,000 characters or fewer"},
    )


def _focus_layout() -> list:
    return [
        Field.checkboxes("themes", legend_size=Size.MEDIUM, small=True),
        Field.textarea("context", label_size=Size.MEDIUM, rows=5),
    ]


class SupportDayBookForm(forms.Form):
    themes = _themes_field()
    context = _context_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(*_focus_layout(), submit="Book this date")


class SupportDayRequestForm(forms.Form):
    """Up to three preferred dates (at least one, each in the future, all different), themes and context."""

    preferred_date_1 = OptionalDateField(
        what="the first preferred date", label="First choice", help_text="For example, 14 10 2013"
    )
    preferred_date_2 = OptionalDateField(what="the second preferred date", label="Second choice (optional)")
    preferred_date_3 = OptionalDateField(what="the third preferred date", label="Third choice (optional)")
    themes = _themes_field()
    context = _context_field()

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        small = {"legend_size": Size.for_legend(Size.SMALL)}
        self.helper = gds_helper(
            HTML('<h2 class="govuk-heading-m">Which dates would suit you?</h2>'),
            HTML(f'<p class="govuk-body">{DATES_INTRO}</p>'),
            *(Field(f"preferred_date_{n}", context=small) for n in (1, 2, 3)),
            *_focus_layout(),
            submit="Send the request",
        )

    def clean(self):
        data = super().clean()
        seen = {}
        for n, ordinal in enumerate(ORDINALS, start=1):
            name = f"preferred_date_{n}"
            day = data.get(name)
            if day is None:
                continue
            if day <= self.today:
                self.add_error(name, f"The {ordinal} preferred date must be in the future")
            elif day in seen:
                self.add_error(name, f"The {ordinal} preferred date must be different from the {seen[day]}")
            else:
                seen[day] = ordinal
        names = [f"preferred_date_{n}" for n in (1, 2, 3)]
        if not seen and not any(name in self.errors for name in names):
            self.add_error("preferred_date_1", "Enter at least one preferred date")
        data["preferred_dates"] = sorted(seen)
        return data


class SupportDayRescheduleForm(forms.Form):
    offer = forms.ModelChoiceField(
        queryset=SupportDayOffer.objects.none(),
        widget=forms.RadioSelect,
        label="Which date would you like instead?",
        empty_label=None,
        error_messages={
            "required": "Select the date you would like instead",
            "invalid_choice": "That date has just been taken. Choose another date",
        },
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = offer_label
        self.helper = gds_helper(Field.radios("offer", legend_size=Size.MEDIUM), submit="Move the day to this date")


class SupportDayCancelForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        label="Why are you cancelling the support day?",
        help_text="We include this in the email to both sides.",
        error_messages={
            "required": "Enter why you are cancelling the support day",
            "max_length": "Reason must be 1,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("reason", label_size=Size.MEDIUM, rows=4), submit="Cancel the support day"
        )
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--warning"


class SupportDayFeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        choices=USEFULNESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was the support day?",
        error_messages={
            "required": "Select how useful the support day was",
            "invalid_choice": "Select how useful the support day was",
        },
    )
    comments = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Comments (optional)",
        help_text="What helped, what did not, and what you will do next.",
        error_messages={"max_length": "Comments must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("usefulness", legend_size=Size.MEDIUM),
            Field.textarea("comments", label_size=Size.MEDIUM, rows=5),
            submit="Send feedback",
        )
