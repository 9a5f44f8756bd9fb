"""What every form here shares: the crispy-forms-gds helper, and GOV.UK date and time fields."""

import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.validators import RegexValidator


def gds_helper(*fields, submit: str) -> FormHelper:
    """A GOV.UK form: our error summary, not the browser's pop-ups (novalidate), and one submit button."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


TIME_HINT = "Use the 24-hour clock or am and pm, for example 09:30, 14:00 or 2pm"
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


class GovDateField(DateInputField):
    """The GOV.UK date input (day, month, year), with messages that name the date."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = self.error_messages["incomplete"] = f"Enter {what}"
        self.real_date = f"{what.removeprefix('the ').capitalize()} must be a real date"
        for part, widget in zip(self.fields, self.widget.widgets, strict=True):
            part.validators = [RegexValidator(r"^[0-9]+$", self.real_date)]
            widget.attrs["inputmode"] = "numeric"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            if len(year) != 4:
                raise ValueError(year)
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # OverflowError: a day or month too big for C
            raise forms.ValidationError(self.real_date) from error


class OptionalDateField(GovDateField):
    """A GOV.UK date input that may be left empty, but not half filled in."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(what=what, required=False, **kwargs)
        self.incomplete = f"{what.removeprefix('the ').capitalize()} must include a day, month and year"

    def compress(self, data_list):
        if any(data_list) and not all(data_list):
            raise forms.ValidationError(self.incomplete)
        return super().compress(data_list)


class TimeOfDayField(forms.Field):
    """A time a person types: "09:30", "14:00", "9.30am", "2pm", "midday"."""

    widget = forms.TimeInput(format="%H:%M", attrs={"autocomplete": "off", "spellcheck": "false"})

    def __init__(self, *, what: str, **kwargs):
        kwargs.setdefault("help_text", TIME_HINT)
        super().__init__(error_messages={"required": f"Enter {what}"}, **kwargs)
        self.invalid = f"{what.removeprefix('the ').capitalize()} must be a real time, like 09:30 or 2pm"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        text = value.strip().lower()
        if text in {"midday", "noon", "12 noon"}:
            return datetime.time(12)
        match = _TIME.fullmatch(text)
        if not match:
            raise forms.ValidationError(self.invalid)
        hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(self.invalid)
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.invalid)
        return datetime.time(hour, minute)


class SlugFilterField(forms.ModelChoiceField):
    """An optional filter chosen by slug in a GET form: "All <things>" first, a GOV.UK message if unknown."""

    def __init__(self, queryset, *, things: str, thing: str, **kwargs):
        kwargs.setdefault("label", thing.capitalize())
        super().__init__(
            queryset,
            to_field_name="slug",
            required=False,
            empty_label=f"All {things}",
            error_messages={"invalid_choice": f"Select a {thing} from the list"},  # noqa: S608 (words, not SQL)
            **kwargs,
        )
