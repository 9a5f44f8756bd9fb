"""Programme staff choose whose readiness grid to see (GET). An unknown champion is shown as an error."""

from operator import attrgetter

from crispy_forms_gds.layout import Field
from django import forms

from champions_portal.forms import SlugFilterField, gds_helper
from regions.models import Champion


class ReadinessChooserForm(forms.Form):
    champion = SlugFilterField(
        Champion.objects.select_related("region"),
        things="champions",
        thing="champion",
        help_text="See the readiness of the local authorities this champion supports.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["champion"]
        field.empty_label = "Choose a champion"
        field.label_from_instance = attrgetter("label")
        self.helper = gds_helper(Field.select("champion"), submit="Show readiness")
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"

    def chosen(self) -> Champion | None:
        """The chosen champion, or None when none (or an unknown one) is chosen."""
        return self.cleaned_data.get("champion") if self.is_valid() else None
