"""The national coverage filters (GET). A bad value is shown as an error and ignored."""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.http import urlencode

from champions_portal.forms import SlugFilterField, gds_helper
from regions.models import Region
from support_days.coverage import STATUS_LABELS


class CoverageFilterForm(forms.Form):
    region = SlugFilterField(Region.objects.all(), things="regions", thing="region")
    status = forms.ChoiceField(
        choices=[("", "Any status"), *STATUS_LABELS.items()],
        required=False,
        label="Support-day status",
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.select("region"), Field.select("status"), submit="Show local authorities")
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"

    def filters(self) -> dict:
        """The valid filters, {"region": Region | None, "status": str}; a bad value counts as none."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"region": data.get("region"), "status": data.get("status") or ""}

    def query(self) -> str:
        """The valid filters as a query string, for the download links."""
        filters = self.filters()
        params = {"region": filters["region"].slug if filters["region"] else "", "status": filters["status"]}
        return urlencode({name: value for name, value in params.items() if value})
