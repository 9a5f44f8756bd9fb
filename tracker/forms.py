from crispy_forms_gds.layout import Field
from django import forms

from champions_portal.forms import gds_helper
from tracker.models import TrackerSnapshot


class CompareForm(forms.Form):
    """Which earlier snapshot of the tracker to compare today's figures with (sent by GET)."""

    compare = forms.ModelChoiceField(
        queryset=TrackerSnapshot.objects.none(),
        label="Compare with an earlier snapshot",
        empty_label="Choose a snapshot",
        error_messages={"invalid_choice": "Select a snapshot from the list"},
    )

    def __init__(self, *args, snapshots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compare"].queryset = snapshots
        self.fields["compare"].label_from_instance = lambda snapshot: snapshot.label
        self.helper = gds_helper(Field.select("compare"), submit="Show the changes")
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"
