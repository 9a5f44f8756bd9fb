"""Champion.label, "Hartlepool (North East)": the one way a champion is named in lists and choices."""

from case_studies.forms.writing import ChampionChooserForm as CaseStudyChampionForm
from events.forms.manage import ChampionFilterForm as EventChampionFilterForm
from regions.forms import AssignChampionForm
from regions.models import Champion, Region
from self_evaluation.forms.readiness import ReadinessChooserForm
from support_days.forms.champion import ChampionChooserForm as SupportDayChampionForm

GM = "Greater Manchester Group (Wigan, Trafford and Manchester) (North West)"


def test_it_names_the_champion_and_its_region():
    assert Champion(name="Hartlepool", region=Region(name="North East")).label == "Hartlepool (North East)"


def _choice_labels(form) -> list[str]:
    return [label for value, label in form.fields["champion"].choices if value]


def test_it_is_what_every_champion_choice_shows(reference_data):
    labels = [champion.label for champion in Champion.objects.select_related("region")]
    assert "Hartlepool (North East)" in labels and GM in labels
    forms = [
        CaseStudyChampionForm(),
        EventChampionFilterForm(),
        ReadinessChooserForm(),
        SupportDayChampionForm(empty_label="All champions", submit="Show"),
        AssignChampionForm(),
    ]
    for form in forms:
        assert _choice_labels(form) == labels, type(form)


def test_it_needs_no_query_per_champion(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        _choice_labels(EventChampionFilterForm())
