"""Forms for LA officers completing a quarterly return: how to start it, the ratings of one CDF theme,
the assessment and planning approaches, (pathfinders) the quarter's development costs, and why a submitted
return is to be changed.

They validate and normalise; the views pass what they clean to the services, which lock the return,
check it is still open to the LA and record every change.
"""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.utils.html import format_html

from champions_portal.forms import gds_helper
from self_evaluation import services
from self_evaluation.models import (
    Agency,
    AssessmentApproach,
    CdfTheme,
    Element,
    Level,
    PlanningApproach,
    QuarterlyReturn,
    Rating,
)

EVIDENCE_MAX = 2000
REASON_MAX = 2000


class StartForm(forms.Form):
    """Start from the previous quarter's answers (the default) or blank."""

    start_from = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="How do you want to start this return?",
        error_messages={"required": "Select how you want to start your return"},
    )

    def __init__(self, *args, previous: QuarterlyReturn, **kwargs):
        super().__init__(*args, initial={"start_from": "previous"}, **kwargs)
        hint = "Your ratings, evidence notes and approaches are copied, so you only change what has moved on. "
        hint += "Costs are not copied: you give them for each quarter."
        self.fields["start_from"].choices = [
            Choice("previous", f"Start from your answers for {previous.quarter.label}", hint=hint),
            Choice("blank", "Start with a blank return"),
        ]
        self.helper = gds_helper(Field.radios("start_from", legend_size=Size.MEDIUM), submit="Start the return")


class ChangeReasonForm(forms.Form):
    """Why the LA's officers are changing a return they submitted: shown in its history."""

    reason = forms.CharField(
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why do you need to change your return?",
        help_text="Programme staff and your champion see this in the return's history.",
        error_messages={
            "required": "Enter why you need to change your return",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reason", rows=4), submit="Change your return")


class RatingsForm(forms.Form):
    """One CDF theme: for each element, how far it has developed (five levels) and an optional evidence note.

    `required`: every element must be rated (a submitted or reopened return), else ratings may be left out."""

    def __init__(self, *args, elements: list[Element], ratings: dict[int, Rating], required: bool, **kwargs):
        initial = {}
        for element in elements:
            if rating := ratings.get(element.pk):
                initial[f"level_{element.slug}"] = rating.level
                initial[f"evidence_{element.slug}"] = rating.evidence
        super().__init__(*args, initial=initial, **kwargs)
        self.elements = elements
        layout, group = [], ""
        for element in elements:
            name = element.name.lower()
            if element.group and element.group != group:
                layout.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', element.group)))
            group = element.group
            self.fields[f"level_{element.slug}"] = forms.ChoiceField(
                widget=forms.RadioSelect,
                choices=Level.choices,
                required=required,
                label=element.name,
                error_messages={
                    "required": f"Select how far {name} has developed",
                    "invalid_choice": f"Select how far {name} has developed",
                },
            )
            self.fields[f"evidence_{element.slug}"] = forms.CharField(
                required=False,
                max_length=EVIDENCE_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=format_html('Evidence<span class="govuk-visually-hidden"> for {}</span> (optional)', name),
                error_messages={"max_length": f"Evidence for {name} must be 2,000 characters or fewer"},
            )
            layout += [
                Field.radios(f"level_{element.slug}", legend_size=Size.SMALL, small=True),
                Field.textarea(f"evidence_{element.slug}", rows=3),
                HTML('<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">'),
            ]
        self.helper = gds_helper(*layout, submit="Save and continue")

    def ratings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {e.pk: (data[f"level_{e.slug}"] or "", data[f"evidence_{e.slug}"]) for e in self.elements}


def _approaches_field(label: str, choices, what: str) -> forms.MultipleChoiceField:
    *approaches, none = choices
    items = [Choice(value, words) for value, words in approaches]
    items[-1].divider = "or"
    return forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        choices=[*items, Choice(*none)],
        label=label,
        help_text="Select all that apply.",
        error_messages={
            "required": f"Select the {what} approaches you use, or ‘None of these yet’",
            "invalid_choice": f"Select the {what} approaches you use from the list",  # noqa: S608 (words, not SQL)
        },
    )


class ApproachesForm(forms.Form):
    """Which assessment and planning approaches the area uses (seed 004), or none of them yet."""

    def __init__(self, *args, quarterly_return: QuarterlyReturn, **kwargs):
        initial = {
            "assessment": quarterly_return.assessment_approaches,
            "planning": quarterly_return.planning_approaches,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["assessment"] = _approaches_field(
            "Which assessment approaches does your area use?", AssessmentApproach.choices, "assessment"
        )
        self.fields["planning"] = _approaches_field(
            "Which planning approaches does your area use?", PlanningApproach.choices, "planning"
        )
        self.helper = gds_helper(
            Field.checkboxes("assessment", legend_size=Size.MEDIUM),
            Field.checkboxes("planning", legend_size=Size.MEDIUM),
            submit="Save and continue",
        )

    def _clean_approaches(self, name: str) -> list[str]:
        values = self.cleaned_data[name]
        if "none" in values and len(values) > 1:
            raise forms.ValidationError("Select ‘None of these yet’ on its own, or only the approaches you use")
        return values

    def clean_assessment(self):
        return self._clean_approaches("assessment")

    def clean_planning(self):
        return self._clean_approaches("planning")


# "1500", "1500.5", "1,500.50": digits, commas only between thousands, any digits after the point.
_AMOUNT = re.compile(r"(\d+|\d{1,3}(,\d{3})+)(\.\d+)?")


class MoneyField(forms.CharField):
    """An amount in pounds and pence, typed as text ("1500", "1,500.50", "£1500.5"): a Decimal, £0 or more,
    at most 2 decimal places, below services.MAX_AMOUNT. Empty: None if required, else £0."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"})

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        super().__init__(error_messages={"required": f"Enter {what}"}, **kwargs)

    def to_python(self, value):
        text = super().to_python(value).replace(" ", "")
        if not text:
            return None if self.required else Decimal(0)
        what = self.what[:1].upper() + self.what[1:]
        negative = text.startswith(("-", "£-", "−", "£−"))
        text = text.lstrip("-−").removeprefix("£").lstrip("-−")
        if not _AMOUNT.fullmatch(text):
            raise forms.ValidationError(f"Enter {self.what} as an amount in pounds and pence, like 1500 or 1500.50")
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation as error:  # pragma: no cover (the pattern admits only decimals)
            raise forms.ValidationError(f"Enter {self.what} as an amount in pounds and pence") from error
        if negative and amount:
            raise forms.ValidationError(f"{what} must be £0 or more")
        if amount >= services.MAX_AMOUNT:
            raise forms.ValidationError(f"{what} must be less than £10,000,000,000")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"{what} must be in pounds and pence, with no more than 2 decimal places")
        return amount.quantize(Decimal("0.01"))

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def _shown(amount: Decimal | None, *, blank_zero: bool) -> str:
    if amount is None or (blank_zero and not amount):
        return ""
    return f"{amount:.2f}"


class CostsForm(forms.Form):
    """A pathfinder's development costs for the quarter, financial and in kind, for each CDF theme and
    agency (blank means £0), and the development grant received (required)."""

    def __init__(self, *args, quarterly_return: QuarterlyReturn, cost_lines, **kwargs):
        initial = {"grant_received": _shown(quarterly_return.grant_received, blank_zero=False)}
        for line in cost_lines:
            initial[f"financial_{line.theme}_{line.agency}"] = _shown(line.financial, blank_zero=True)
            initial[f"in_kind_{line.theme}_{line.agency}"] = _shown(line.in_kind, blank_zero=True)
        super().__init__(*args, initial=initial, **kwargs)
        for theme in CdfTheme:
            for agency in Agency:
                about = f"the {agency.label.lower()} {{}} cost for {theme.label.lower()}"
                self.fields[f"financial_{theme}_{agency}"] = MoneyField(
                    what=about.format("financial"), required=False, label=f"{agency.label}: financial cost"
                )
                self.fields[f"in_kind_{theme}_{agency}"] = MoneyField(
                    what=about.format("in-kind"), required=False, label=f"{agency.label}: in-kind cost"
                )
        self.fields["grant_received"] = MoneyField(
            what="the development grant received this quarter", label="Development grant received this quarter"
        )

    def themes(self):
        """[(theme, [(agency, financial field, in-kind field), ...]), ...] for the page, theme by theme."""
        pair = lambda theme, agency: (agency, self[f"financial_{theme}_{agency}"], self[f"in_kind_{theme}_{agency}"])  # noqa: E731
        return [(theme, [pair(theme, agency) for agency in Agency]) for theme in CdfTheme]

    def costs(self) -> services.Costs:
        data = self.cleaned_data
        lines = {
            (theme.value, agency.value): (data[f"financial_{theme}_{agency}"], data[f"in_kind_{theme}_{agency}"])
            for theme in CdfTheme
            for agency in Agency
        }
        return services.Costs(lines=lines, grant_received=data["grant_received"])
