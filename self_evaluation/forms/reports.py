"""The reports' filters, sent by GET: which areas (pathfinders, non-pathfinders or both), which region
(England by default) and which quarter or quarters (by default the latest with submitted returns).

The forms are always bound: a filter left out takes its default, so a bare URL shows figures. A bad
value is shown in the GOV.UK error summary and no figures are shown until it is put right.
"""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils.http import urlencode

from champions_portal.forms import SlugFilterField, gds_helper
from programme.models import Quarter
from regions.models import Region
from self_evaluation.models import QuarterlyReturn
from self_evaluation.reports import Population


class _ReportFilterForm(forms.Form):
    region = SlugFilterField(
        Region.objects.all(), things="regions", thing="region", help_text="All regions shows England as a whole"
    )
    quarter_fields: tuple[str, ...] = ()
    submit = "Show the figures"

    def __init__(self, data):
        self.quarters = {q.pk: q for q in Quarter.objects.select_related("programme").order_by("starts_on")}
        submitted = QuarterlyReturn.objects.counted().order_by().values_list("quarter_id", flat=True).distinct()
        with_returns = set(submitted)
        # Latest first: the quarters that have submitted returns.
        self.with_returns = [q for q in reversed(self.quarters.values()) if q.pk in with_returns]
        data = data.copy()
        for name, value in self.defaults(data).items():
            if not data.get(name) and value is not None:
                data[name] = str(value)
        super().__init__(data)
        choices = [(q.pk, q.label) for q in self.quarters.values()]
        for name in self.quarter_fields:
            self.fields[name].choices = choices
        self.helper = gds_helper(*self.layout(), submit=self.submit)
        self.helper.form_method = "get"
        self.helper.layout[-1].field_classes = "govuk-button govuk-button--secondary"

    def defaults(self, data) -> dict:
        return {}

    def layout(self) -> list:
        return [Field.select("region"), *(Field.select(name) for name in self.quarter_fields)]

    def _quarter(self, name: str) -> Quarter | None:
        pk = self.cleaned_data.get(name)
        return self.quarters[pk] if pk else None

    def filters(self) -> dict | None:
        """The chosen filters ({"region": Region | None, "quarter": Quarter | None, ...}), or None if any is bad."""
        if not self.is_valid():
            return None
        filters = {name: value for name, value in self.cleaned_data.items() if name not in self.quarter_fields}
        filters.update({name: self._quarter(name) for name in self.quarter_fields})
        return filters

    def query(self) -> str:
        """The chosen filters as a query string, for the download links (so they download these figures)."""
        filters = self.filters() or {}
        params = {
            name: value.slug if isinstance(value, Region) else value.pk if isinstance(value, Quarter) else value
            for name, value in filters.items()
            if value
        }
        return urlencode(params)

    def query_slug(self) -> str:
        """The chosen filters for a download's file name: "2013-14-q1-to-2013-14-q2-pathfinders-north-west"."""
        filters = self.filters() or {}
        quarters = [filters.get(name) for name in self.quarter_fields]
        parts = [
            "-to-".join(f"{q.programme.slug}-q{q.number}" for q in quarters if q),
            filters.get("areas"),
            filters["region"].slug if filters.get("region") else "",
        ]
        return "-".join(part for part in parts if part)


def _quarter_field(label: str, *, which: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": f"Select {which} from the list"},  # noqa: S608 (words, not SQL)
    )


class _AreasFilterForm(_ReportFilterForm):
    areas = forms.ChoiceField(
        label="Areas",
        choices=Population.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select pathfinder areas, non-pathfinder areas or both"},
    )

    def defaults(self, data) -> dict:
        return {"areas": Population.PATHFINDERS}

    def layout(self) -> list:
        return [Field.radios("areas", legend_size="s", small=True), *super().layout()]


class LevelsFilterForm(_AreasFilterForm):
    quarter = _quarter_field("Quarter", which="a quarter")
    quarter_fields = ("quarter",)

    def defaults(self, data) -> dict:
        latest = self.with_returns[0].pk if self.with_returns else None
        return {**super().defaults(data), "quarter": latest}


class ChangeFilterForm(_AreasFilterForm):
    before = _quarter_field("Earlier quarter", which="the earlier quarter")
    after = _quarter_field("Later quarter", which="the later quarter")
    quarter_fields = ("before", "after")
    submit = "Compare the quarters"

    def defaults(self, data) -> dict:
        """The latest quarter with returns, compared with the one with returns before it."""
        after = self.with_returns[0] if self.with_returns else None
        chosen = data.get("after")
        if chosen and chosen.isdigit() and int(chosen) in self.quarters:
            after = self.quarters[int(chosen)]
        before = next((q for q in self.with_returns if after and q.starts_on < after.starts_on), None)
        return {**super().defaults(data), "after": after.pk if after else None, "before": before.pk if before else None}

    def clean(self):
        data = super().clean()
        before, after = self.quarters.get(data.get("before")), self.quarters.get(data.get("after"))
        if before and after and before.pk == after.pk:
            self.add_error("after", "Select a later quarter that is different from the earlier quarter")
        elif before and after and before.starts_on > after.starts_on:
            self.add_error("after", "The later quarter must be after the earlier quarter")
        return data


class CostsFilterForm(_ReportFilterForm):
    """Costs are returned by pathfinder areas only, so there is no choice of areas."""

    quarter = _quarter_field("Costs up to the end of", which="a quarter")
    quarter_fields = ("quarter",)

    def defaults(self, data) -> dict:
        return {"quarter": self.with_returns[0].pk if self.with_returns else None}
