"""Forms for programme staff: a returns window's deadline, and why a submitted return is reopened.
They validate and normalise; the views call the services."""

import datetime

from crispy_forms_gds.layout import Field, Size
from django import forms

from champions_portal.forms import GovDateField, gds_helper
from programme.models import Quarter
from self_evaluation.models import ReturnsWindow

# A new window's suggested deadline: this many days after the quarter ends.
DEFAULT_DEADLINE_DAYS = 14
REASON_MAX_LENGTH = 2000


def default_deadline(quarter: Quarter) -> datetime.date:
    return quarter.ends_on + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)


class WindowDeadlineForm(forms.Form):
    """The deadline to open a window with, move an open one's to, or reopen a closed one with."""

    deadline = GovDateField(what="the deadline", label="Deadline")

    def __init__(self, *args, quarter: Quarter, window: ReturnsWindow | None, today: datetime.date, **kwargs):
        suggested = window.deadline if window else default_deadline(quarter)
        kwargs.setdefault("initial", {"deadline": suggested})
        super().__init__(*args, **kwargs)
        self.today = today
        example = max(suggested, today)
        self.fields[
            "deadline"
        ].help_text = (
            f"Returns are due by the end of this day. For example, {example.day} {example.month} {example.year}."
        )
        submit = "Open returns" if window is None else ("Save the deadline" if window.is_open else "Reopen the window")
        medium = Size.for_legend(Size.MEDIUM)
        self.helper = gds_helper(Field("deadline", context={"legend_size": medium}), submit=submit)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < self.today:
            raise forms.ValidationError("The deadline must be today or in the future")
        return deadline


class ReopenForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Why does the return need correcting?",
        help_text="The local authority's officers see this in the email we send them and in the return's history.",
        error_messages={
            "required": "Enter why the return needs correcting",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", rows=5), submit="Reopen for correction")
