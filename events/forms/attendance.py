"""Forms of the attendance page: find people by name, and tick the few who did not attend."""

from crispy_forms_gds.layout import Field
from django import forms

from champions_portal.forms import gds_helper

# Registration ids are PostgreSQL integers: anything outside is not one of ours (and would not fit a query).
LARGEST_ID = 2**31 - 1
NOT_SENT_CORRECTLY = "The list of people was not sent correctly. Open the page again and save your changes."


class RegistrationIdsField(forms.Field):
    """Registration ids sent back by the attendance page (hidden inputs or ticked boxes): a set of whole numbers.
    Whether each is a confirmed registrant of the event is for the service to check."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> set[int]:
        try:
            ids = {int(item) for item in value or []}
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(NOT_SENT_CORRECTLY) from error
        if any(not 0 < item <= LARGEST_ID for item in ids):
            raise forms.ValidationError(NOT_SENT_CORRECTLY)
        return ids


class AttendanceForm(forms.Form):
    """What the organiser sent from one page of the list: who was on it, who is ticked as not attending, and
    whether to mark everyone else as attended. The page draws the boxes itself, one per table row."""

    shown = RegistrationIdsField(required=False)
    did_not_attend = RegistrationIdsField(required=False)
    everyone_else = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if "shown" in data and "did_not_attend" in data:
            data["shown"] = data["shown"] | data["did_not_attend"]  # a ticked box was on the page
        # Both id lists fail for one reason: say it once.
        errors = [message for name in ("shown", "did_not_attend") for message in self.errors.pop(name, [])]
        if errors:
            raise forms.ValidationError(NOT_SENT_CORRECTLY)
        return data

    def marks(self) -> dict:
        """The service's arguments: the ticked are the exceptions; the unticked on the page are no longer."""
        data = self.cleaned_data
        return {
            "did_not_attend": data["did_not_attend"],
            "no_longer_absent": data["shown"] - data["did_not_attend"],
            "everyone_else_attended": data["everyone_else"],
        }


class AttendanceSearchForm(forms.Form):
    """Find people on the list by name: every word typed must be in the name, in any case."""

    q = forms.CharField(
        label="Search by name",
        required=False,
        max_length=150,
        error_messages={"max_length": "Name must be 150 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(spellcheck="false", autocomplete="off")
        self.helper = gds_helper(Field.text("q", field_width=20), submit="Search")
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"

    def search(self, registrations):
        """Narrow the registrations by the words typed; all of them when the search is empty or not valid."""
        words = self.cleaned_data["q"].split() if self.is_valid() else []
        for word in words:
            registrations = registrations.filter(name__icontains=word)
        return registrations

    def query(self) -> str:
        """The search as it stands after cleaning, for links back to this page ("" when none or not valid)."""
        return self.cleaned_data["q"] if self.is_valid() else ""
