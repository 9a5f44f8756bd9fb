"""The filters on the audit log page."""

import datetime

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from champions_portal.forms import GovDateField, gds_helper


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label="Person's email address contains",
        required=False,
        max_length=254,
        error_messages={"max_length": "Person's email address must be 254 characters or fewer"},
    )
    action = forms.CharField(
        label="Action starts with",
        help_text="For example, event.updated, signin or export",
        required=False,
        max_length=60,
        error_messages={"max_length": "Action must be 60 characters or fewer"},
    )
    object = forms.CharField(
        label="What it was about contains",
        help_text="An event's title, a local authority, a person's name or email address",
        required=False,
        max_length=200,
        error_messages={"max_length": "What it was about must be 200 characters or fewer"},
    )
    since = GovDateField(what="the first day", label="From", required=False, help_text="For example, 1 9 2013")
    until = GovDateField(what="the last day", label="To", required=False, help_text="For example, 30 9 2013")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("person"),
            Field.text("action"),
            Field.text("object"),
            Field("since"),
            Field("until"),
            submit="Search",
        )
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "The last day must be the same as or after the first day")
        return data

    def entries(self, queryset):
        """The entries to show, newest first; the whole log when the filters are not valid."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("person"):
            queryset = queryset.filter(actor_email__icontains=data["person"])
        if data.get("action"):
            queryset = queryset.filter(action__startswith=data["action"])
        if data.get("object"):
            queryset = queryset.filter(object_repr__icontains=data["object"])
        zone = timezone.get_current_timezone()
        if data.get("since"):
            queryset = queryset.filter(at__gte=datetime.datetime.combine(data["since"], datetime.time(), zone))
        if data.get("until"):
            day_after = data["until"] + datetime.timedelta(days=1)
            queryset = queryset.filter(at__lt=datetime.datetime.combine(day_after, datetime.time(), zone))
        return queryset.select_related("object_type").order_by("-at", "-pk")
