"""Forms for champion staff and programme staff: write a case study, attach files, share a resource.

They validate and normalise; the views call the services, which check uploaded files by content.
"""

import datetime
from operator import attrgetter

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import ngettext

from case_studies.models import CaseStudy
from champions_portal.dates import govuk_date
from champions_portal.forms import gds_helper
from programme.models import Programme, Quarter, Theme
from regions.models import Champion, LocalAuthority, Region

UPLOAD_HINT = "PDF, Word (DOCX), OpenDocument (ODT), JPEG, PNG or GIF, up to 10 MB"
# The case study's own fields, as the services take them in `fields`.
CASE_STUDY_FIELDS = ["title", "summary", "problem", "approach", "impact", "lessons", "consent_confirmed"]


def _champion_field(**kwargs) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset=Champion.objects.select_related("region"),
        error_messages={"invalid_choice": "Select a champion from the list", "required": "Select a champion"},
        **kwargs,
    )
    field.label_from_instance = attrgetter("label")
    return field


def _sized(name: str, size: str = Size.MEDIUM) -> Field:
    """A select or file input with a sized label (Field.select sizes only legends)."""
    return Field(name, context={"label_size": Size.for_label(size)})


def _text(label: str, required: str, *, rows: int = 5, max_length: int = 10_000, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required,
            "max_length": f"{label} must be {max_length:,} {ngettext('character', 'characters', max_length)} or fewer",
        },
        **kwargs,
    )


class ChampionChooserForm(forms.Form):
    """Programme staff first choose which champion a new case study is for (GET)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"] = _champion_field(label="Which champion is it for?", empty_label="Choose a champion")
        self.helper = gds_helper(_sized("champion"), submit="Continue")
        self.helper.form_method = "get"

    def champion(self) -> Champion | None:
        return self.cleaned_data["champion"] if self.is_valid() else None


class ChampionFilterForm(forms.Form):
    """Programme staff narrow the list of case studies to one champion (GET)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["champion"] = _champion_field(required=False, label="Champion", empty_label="All champions")
        self.helper = gds_helper(Field.select("champion"), submit="Show case studies")
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"

    def champion(self) -> Champion | None:
        return self.cleaned_data["champion"] if self.is_valid() else None


class CaseStudyForm(forms.Form):
    """A case study's content. The quarters are the current programme's; the LAs are the champion's."""

    quarter = forms.ModelChoiceField(
        queryset=Quarter.objects.none(),
        label="Which quarter is it for?",
        empty_label="Choose a quarter",
        error_messages={"required": "Select the quarter", "invalid_choice": "Select a quarter from the list"},
    )
    title = forms.CharField(
        max_length=200,
        label="Title",
        error_messages={"required": "Enter the title", "max_length": "Title must be 200 characters or fewer"},
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Which themes does it cover?",
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one theme", "invalid_choice": "Select themes from the list"},
    )
    local_authorities = forms.ModelMultipleChoiceField(
        queryset=LocalAuthority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which local authorities were involved? (optional)",
        error_messages={"invalid_choice": "Select local authorities from the list"},
    )
    summary = _text("Summary", "Enter a summary", rows=3, max_length=1000, help_text="Two or three sentences.")
    problem = _text("What was the problem?", "Enter what the problem was")
    approach = _text("What did you do?", "Enter what you did")
    impact = _text("What difference did it make?", "Enter what difference it made")
    lessons = _text("What should others learn from it?", "Enter what others should learn from it")
    consent_confirmed = forms.BooleanField(
        required=False,
        label="The people named in this case study agreed to be named",
        help_text="You can save a draft without this, but you must confirm it before you submit.",
    )

    def __init__(self, *args, champion: Champion, today: datetime.date, instance: CaseStudy | None = None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                **{name: getattr(instance, name) for name in CASE_STUDY_FIELDS},
                "quarter": instance.quarter_id,
                "themes": [theme.pk for theme in instance.themes.all()],
                "local_authorities": [la.pk for la in instance.local_authorities.all()],
            }
        super().__init__(*args, **kwargs)
        programme = Programme.objects.current(today)
        # The current programme's quarters, and the case study's own if it belongs to an earlier one.
        quarters = Q(programme=programme) | (Q(pk=instance.quarter_id) if instance else Q(pk__in=[]))
        self.fields["quarter"].queryset = Quarter.objects.filter(quarters).select_related("programme")
        self.fields["quarter"].label_from_instance = lambda q: f"{q.label}, due {govuk_date(q.deadline())}"
        # The champion's LAs, and any already chosen that have since been assigned to another champion.
        assigned = LocalAuthority.objects.assigned_to(champion).values("pk")
        chosen = Q(case_studies=instance) if instance else Q(pk__in=[])
        self.fields["local_authorities"].queryset = LocalAuthority.objects.filter(
            Q(pk__in=assigned) | chosen
        ).distinct()
        self.fields["local_authorities"].help_text = f"The local authorities {champion.name} supports."
        submit = "Save changes" if instance else "Save as a draft"
        self.helper = gds_helper(*self._layout(), submit=submit)

    def _layout(self):
        medium = Size.MEDIUM
        fields = [_sized("quarter"), Field.text("title", label_size=medium)]
        fields += [Field.checkboxes("themes", legend_size=medium, small=True)]
        fields += [Field.checkboxes("local_authorities", legend_size=medium, small=True)]
        fields += [Field.textarea("summary", label_size=medium, rows=3)]
        fields += [HTML('<h2 class="govuk-heading-m">The case study</h2>')]
        for name in ("problem", "approach", "impact", "lessons"):
            fields.append(Field.textarea(name, label_size=Size.SMALL, rows=6))
        fields += [HTML('<h2 class="govuk-heading-m">Consent</h2>'), Field.checkbox("consent_confirmed")]
        return fields

    def case_study_fields(self) -> dict:
        """What the services save in `fields`: the case study's own fields (not quarter, themes or LAs)."""
        return {name: self.cleaned_data[name] for name in CASE_STUDY_FIELDS}


class _UploadField(forms.FileField):
    """A file; whether its content is allowed is checked by the service (case_studies.uploads)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "Select a file"})
        # Empty files reach upload_check, so every refusal reads the same.
        super().__init__(allow_empty_file=True, help_text=UPLOAD_HINT, **kwargs)


class AttachmentForm(forms.Form):
    """A file for a case study, shown on its edit page and sent to attachment_add."""

    file = _UploadField(label="Attach a file")

    def __init__(self, *args, case_study: CaseStudy, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(_sized("file", Size.SMALL), submit="Upload")
        self.helper.form_action = reverse("case_studies:attachment_add", args=[case_study.pk])
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"
        self.helper.layout[-1].id = "submit-upload"  # the case study's own form, on the same page, has submit-id-submit


class ResourceForm(forms.Form):
    """A library resource. Champion staff share for their own region; programme staff choose national or a region."""

    title = forms.CharField(
        max_length=200,
        label="Title",
        error_messages={"required": "Enter the title", "max_length": "Title must be 200 characters or fewer"},
    )
    description = _text("Description", "Enter a description", rows=4, max_length=2000)
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Which themes does it cover?",
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one theme", "invalid_choice": "Select themes from the list"},
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        empty_label="National (every region)",
        label="Is it national or for one region?",
        error_messages={"invalid_choice": "Select national or a region from the list"},
    )
    file = _UploadField(label="Upload a file", required=False)
    link = forms.URLField(
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
        max_length=200,
        label="Or enter a link",
        help_text="For example, https://www.example.org/local-offer-checklist",
        error_messages={
            "invalid": "Enter a link in the correct format, like https://www.example.org/page",
            "max_length": "Link must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_programme_staff:
            del self.fields["region"]
        medium = Size.MEDIUM
        fields = [Field.text("title", label_size=medium), Field.textarea("description", label_size=medium, rows=4)]
        fields += [Field.checkboxes("themes", legend_size=medium, small=True)]
        fields += [_sized("region")] if "region" in self.fields else []
        fields += [HTML('<h2 class="govuk-heading-m">The file or link</h2>')]
        fields += [Field("file"), Field.text("link")]
        self.helper = gds_helper(*fields, submit="Share the resource")

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("link") and "link" not in self.errors:
            self.add_error("file", "Upload a file or enter a link")
        return data

    def resource_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "description", "link")}
