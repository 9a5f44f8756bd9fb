"""Forms for programme staff: review a case study, set a quarter's deadline. They validate; views save."""

import datetime

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.conf import settings
from django.utils.translation import ngettext

from champions_portal.dates import govuk_date
from champions_portal.forms import GovDateField, gds_helper
from programme.models import Quarter


class ReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (RETURN, "Return for changes")],
        widget=forms.RadioSelect,
        label="What is your decision?",
        error_messages={"required": "Select whether to approve it or return it for changes"},
    )
    # Not revealed by the radios (DEVELOPERS.md: no conditional reveals), so the label says when it is needed.
    comments = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Comments (needed if you return it)",
        help_text="The champion's staff see these in the email we send them and in the case study's history.",
        error_messages={"max_length": "Comments must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.radios("decision", legend_size=Size.MEDIUM), Field.textarea("comments", rows=5)]
        self.helper = gds_helper(*fields, submit="Save your decision")

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("comments", "").strip():
            self.add_error("comments", "Enter what needs to change")
        return data


class DeadlineForm(forms.Form):
    """A quarter's case-study deadline. Left empty, the default applies again."""

    deadline = GovDateField(what="the deadline", label="Deadline", required=False)

    def __init__(self, *args, quarter: Quarter, **kwargs):
        kwargs.setdefault("initial", {"deadline": quarter.case_study_deadline})
        super().__init__(*args, **kwargs)
        self.quarter = quarter
        self.default = quarter.ends_on + datetime.timedelta(days=settings.CASE_STUDY_DEADLINE_DAYS)
        days = settings.CASE_STUDY_DEADLINE_DAYS
        self.fields["deadline"].help_text = (
            f"For example, {self.default.day} {self.default.month} {self.default.year}. Leave it empty to use the "
            f"default: {govuk_date(self.default)}, {days} {ngettext('day', 'days', days)} after the quarter ends."
        )
        medium = Size.for_legend(Size.MEDIUM)
        self.helper = gds_helper(Field("deadline", context={"legend_size": medium}), submit="Save the deadline")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        # GovDateField treats a partly typed date as empty when the field is optional: do not reset on a typo.
        typed = [(part or "").strip() for part in self["deadline"].value() or []]
        if deadline is None and any(typed):
            raise forms.ValidationError("The deadline must include a day, month and year")
        if deadline is not None and deadline < self.quarter.ends_on:
            raise forms.ValidationError(
                f"The deadline must be on or after {govuk_date(self.quarter.ends_on)}, when the quarter ends"
            )
        return deadline
