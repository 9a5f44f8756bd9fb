from operator import attrgetter

from crispy_forms_gds.layout import Field, Size
from django import forms

from champions_portal.forms import gds_helper
from regions.models import Champion


class AssignChampionForm(forms.Form):
    champion = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which champion should support this local authority?",
        error_messages={"required": "Select the champion that will support this local authority"},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        label="Why is it changing?",
        help_text="For example, the neighbouring region's champion has more capacity.",
        error_messages={"required": "Enter why the assigned champion is changing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"].label_from_instance = attrgetter("label")
        self.helper = gds_helper(
            Field.radios("champion", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.MEDIUM),
            submit="Change assigned champion",
        )
