"""The filters on the page of emails that failed or are delayed."""

from crispy_forms_gds.layout import Field
from django import forms

from champions_portal.forms import gds_helper
from notifications.models import OutboxMessage

NEEDING_ATTENTION, FAILED, DELAYED = "attention", "failed", "delayed"


class MessageFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[(NEEDING_ATTENTION, "Failed or delayed"), (FAILED, "Failed"), (DELAYED, "Delayed")],
        error_messages={"invalid_choice": "Select which emails to show from the list"},
    )
    to = forms.CharField(
        label="Recipient's email address contains",
        required=False,
        max_length=254,
        error_messages={"max_length": "Recipient's email address must be 254 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.select("show"), Field.text("to"), submit="Filter")
        self.helper.form_method = "get"

    def messages(self, queryset):
        """The messages to show, oldest problem first; the unfiltered list when the filters are not valid."""
        queryset = queryset.needing_attention()
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("show") == FAILED:
            queryset = queryset.filter(state=OutboxMessage.State.FAILED)
        elif data.get("show") == DELAYED:
            queryset = queryset.exclude(state=OutboxMessage.State.FAILED)
        if data.get("to"):
            queryset = queryset.filter(to__icontains=data["to"])
        return queryset.select_related("champion").order_by("created_at", "pk")
