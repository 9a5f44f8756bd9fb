"""The filters on the good-practice library, which anyone can use with no account."""

from crispy_forms_gds.layout import Field
from django import forms
from django.db.models import CharField, Q, Value

from case_studies.models import CaseStudy, Resource
from champions_portal.forms import SlugFilterField, gds_helper
from programme.models import Theme
from regions.models import Champion, Region

NATIONAL = "national"
CASE_STUDY = "case_study"
RESOURCE = "resource"
# The text each search word is looked for in.
CASE_STUDY_TEXT = ("title", "summary", "problem", "approach", "impact", "lessons")
RESOURCE_TEXT = ("title", "description")


def _matching_every_word(queryset, fields: tuple[str, ...], words: list[str]):
    for word in words:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(anywhere)
    return queryset


def _rows(queryset, kind: str):
    return (
        queryset.order_by()
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list("id", "published_at", "kind")
    )


def library_rows(*, theme: Theme | None = None, region: str = "", champion: Champion | None = None, words=()):
    """(id, published_at, kind) of each published case study and resource that matches, newest first.

    One query for the whole library, so a page of it can be counted and sliced in the database.
    `region` is a region's slug, NATIONAL (national resources only) or "" (everything).
    The champion filter is for case studies only: resources are left out when it is set.
    """
    case_studies, resources = CaseStudy.objects.published(), Resource.objects.published()
    if theme:
        case_studies, resources = case_studies.filter(themes=theme), resources.filter(themes=theme)
    if region == NATIONAL:
        case_studies, resources = case_studies.none(), resources.filter(region__isnull=True)
    elif region:
        case_studies = case_studies.filter(champion__region__slug=region)
        resources = resources.filter(region__slug=region)
    if champion:
        case_studies, resources = case_studies.filter(champion=champion), resources.none()
    case_studies = _matching_every_word(case_studies, CASE_STUDY_TEXT, list(words))
    resources = _matching_every_word(resources, RESOURCE_TEXT, list(words))
    return (
        _rows(case_studies, CASE_STUDY)
        .union(_rows(resources, RESOURCE), all=True)
        .order_by("-published_at", "kind", "-id")
    )


class LibraryFilterForm(forms.Form):
    """Sent by GET; each filter is optional, and an invalid one is shown as an error and ignored."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"spellcheck": "false"}),
        help_text="Words in the title, summary or text. Every word must appear.",
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )
    theme = SlugFilterField(Theme.objects.all(), things="themes", thing="theme")
    region = forms.ChoiceField(
        required=False,
        help_text="A case study's region is its champion's. National resources are for every region.",
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    champion = SlugFilterField(
        Champion.objects.all(),
        things="champions",
        thing="champion",
        help_text="Choosing a champion shows only its case studies.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", "All regions"),
            (NATIONAL, "National"),
            *Region.objects.values_list("slug", "name"),
        ]
        self.helper = gds_helper(
            Field.text("q"),
            Field.select("theme"),
            Field.select("region"),
            Field.select("champion"),
            submit="Search the library",
        )
        self.helper.form_method = "get"

    def rows(self):
        """library_rows narrowed by the filters that are valid."""
        self.is_valid()
        data = self.cleaned_data
        return library_rows(
            theme=data.get("theme"),
            region=data.get("region", ""),
            champion=data.get("champion"),
            words=data.get("q", "").split(),
        )
