"""Champion staff (and programme staff) write case studies, see them with their status, and submit them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from case_studies.models import CaseStudy, ReviewEntry
from case_studies.views.writing import PER_PAGE
from programme.models import Quarter, Theme
from regions.models import Champion, LocalAuthority
from tests.case_studies.factories import case_study, make_case_study, submitted

LONDON = ZoneInfo("Europe/London")
# Quarter 2 of 2013-14 (July to September 2013) is due on 14 October 2013.
NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=LONDON)
AFTER_DEADLINE = datetime.datetime(2013, 10, 15, 9, 0, tzinfo=LONDON)
LIST = reverse("case_studies:case_study_list")
CREATE = reverse("case_studies:case_study_create")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _edit(case_study) -> str:
    return reverse("case_studies:case_study_edit", args=[case_study.pk])


def _form_data(**overrides) -> dict:
    data = {
        "quarter": Quarter.objects.get(number=2).pk,
        "title": "Personal budgets in Trafford",
        "themes": [Theme.objects.get(slug="personal-budgets").pk, Theme.objects.get(slug="local-offer").pk],
        "local_authorities": [LocalAuthority.objects.get(slug="trafford").pk],
        "summary": "Families chose how their budget was spent.",
        "problem": "Budgets were set before families were asked.",
        "approach": "A resource allocation system agreed with the parent carer forum.",
        "impact": "40 families have a personal budget.",
        "lessons": "Agree the rules with families first.",
        "consent_confirmed": "on",
    }
    return {**data, **overrides}


def test_it_lists_the_champions_own_case_studies_with_their_status_in_words(
    signed_in, champion_staff, other_champion_staff
):
    make_case_study(created_by=champion_staff, title="Our draft")
    submitted(created_by=champion_staff, title="Sent in late", late=True)
    make_case_study(created_by=champion_staff, title="Sent back", status=CaseStudy.Status.RETURNED)
    make_case_study(created_by=other_champion_staff, champion=other_champion_staff.champion, title="Hartlepool study")
    response = signed_in(champion_staff).get(LIST)
    assert response.status_code == 200
    assert {c.title for c in response.context["case_studies"]} == {"Our draft", "Sent in late", "Sent back"}
    html = response.content.decode()
    assert "Hartlepool study" not in html
    for words in ('govuk-tag--grey">Draft', 'govuk-tag--blue">Submitted for review', 'govuk-tag--red">Late'):
        assert words in html
    assert 'govuk-tag--orange">Returned for changes' in html
    late_row = html.split("Sent in late")[1].split("</tr>")[0]
    assert "Late" in late_row and "Quarter 2 2013-14" in late_row and "10 October 2013" in late_row
    assert html.count("Late</strong>") == 1
    assert f'href="{CREATE}"' in html and "Write a case study" in html


def test_it_lists_every_champions_case_studies_for_programme_staff_with_a_filter(
    signed_in, programme_staff, champion_staff
):
    hartlepool = Champion.objects.get(slug="hartlepool")
    make_case_study(created_by=champion_staff, title="GM study")
    make_case_study(created_by=programme_staff, champion=hartlepool, title="NE study")
    client = signed_in(programme_staff)
    assert {c.title for c in client.get(LIST).context["case_studies"]} == {"GM study", "NE study"}
    filtered = client.get(LIST, {"champion": hartlepool.pk})
    assert [c.title for c in filtered.context["case_studies"]] == ["NE study"]
    bad = client.get(LIST, {"champion": "nope"})
    assert bad.status_code == 200 and "Select a champion from the list" in bad.content.decode()
    assert len(bad.context["case_studies"]) == 2


def test_it_lists_case_studies_in_a_constant_number_of_queries(signed_in, programme_staff, champion_staff, query_count):
    themes = list(Theme.objects.all()[:2])
    counts = {}
    for total in (5, 200):
        made = CaseStudy.objects.bulk_create(
            case_study(created_by=champion_staff, status=CaseStudy.Status.SUBMITTED)
            for _ in range(total - CaseStudy.objects.count())
        )
        through = CaseStudy.themes.through
        through.objects.bulk_create(through(casestudy=c, theme=t) for c in made for t in themes)
        ReviewEntry.objects.bulk_create(
            ReviewEntry(case_study=c, action="submitted", by=champion_staff, at=NOW) for c in made
        )
        for person in (programme_staff, champion_staff):
            client = signed_in(person)
            counts[total, person.role] = query_count(lambda c=client: c.get(LIST))
            assert len(client.get(LIST).context["case_studies"]) == min(total, PER_PAGE)  # a page at a time
    assert counts[5, "programme_staff"] == counts[200, "programme_staff"], counts
    assert counts[5, "champion_staff"] == counts[200, "champion_staff"], counts


def test_it_offers_the_current_quarters_with_their_deadlines_and_the_champions_local_authorities(
    signed_in, champion_staff
):
    response = signed_in(champion_staff).get(CREATE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quarter 2 2013-14 (July to September 2013), due 14 October 2013" in html
    assert "Quarter 4 2013-14 (January to March 2014), due 14 April 2014" in html
    offered = set(response.context["form"].fields["local_authorities"].queryset.values_list("slug", flat=True))
    assert {"wigan", "trafford", "bolton"} <= offered and "sunderland" not in offered
    assert len(offered) == LocalAuthority.objects.filter(region__slug="north-west").count() == 23
    assert "The people named in this case study agreed to be named" in html
    assert "What should others learn from it?" in html and "novalidate" in html


def test_it_saves_a_draft_for_the_champion(signed_in, champion_staff):
    response = signed_in(champion_staff).post(CREATE, _form_data(champion=Champion.objects.get(slug="hartlepool").pk))
    created = CaseStudy.objects.get()
    assert response.status_code == 302 and response.url == _edit(created)
    assert (created.champion.slug, created.quarter.number, created.status) == ("greater-manchester-group", 2, "draft")
    assert (created.title, created.consent_confirmed, created.created_by) == (
        "Personal budgets in Trafford",
        True,
        champion_staff,
    )
    assert created.lessons == "Agree the rules with families first."
    assert set(created.themes.values_list("slug", flat=True)) == {"personal-budgets", "local-offer"}
    assert list(created.local_authorities.values_list("slug", flat=True)) == ["trafford"]
    assert created.first_submitted_at is None and not created.history.exists()


def test_it_shows_every_error_and_saves_nothing(signed_in, champion_staff):
    response = signed_in(champion_staff).post(CREATE, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html and "govuk-error-summary" in html
    for message in (
        "Select the quarter",
        "Enter the title",
        "Select at least one theme",
        "Enter a summary",
        "Enter what the problem was",
        "Enter what you did",
        "Enter what difference it made",
        "Enter what others should learn from it",
    ):
        assert message in html, message
    assert not CaseStudy.objects.exists()


def test_it_refuses_another_champions_local_authority_and_a_quarter_of_another_programme(signed_in, champion_staff):
    sunderland = LocalAuthority.objects.get(slug="sunderland")
    response = signed_in(champion_staff).post(CREATE, _form_data(local_authorities=[sunderland.pk], quarter=99999))
    html = response.content.decode()
    assert "Select local authorities from the list" in html and "Select a quarter from the list" in html
    assert not CaseStudy.objects.exists()


def test_it_lets_programme_staff_choose_the_champion_first(signed_in, programme_staff):
    client = signed_in(programme_staff)
    chooser = client.get(CREATE)
    assert "Which champion is it for?" in chooser.content.decode() and 'name="title"' not in chooser.content.decode()
    hartlepool = Champion.objects.get(slug="hartlepool")
    page = client.get(CREATE, {"champion": hartlepool.pk})
    offered = set(page.context["form"].fields["local_authorities"].queryset.values_list("region__slug", flat=True))
    assert offered == {"north-east"}
    url = f"{CREATE}?champion={hartlepool.pk}"
    client.post(url, _form_data(local_authorities=[LocalAuthority.objects.get(slug="sunderland").pk]))
    created = CaseStudy.objects.get()
    assert (created.champion, created.created_by) == (hartlepool, programme_staff)
    bad = client.get(CREATE, {"champion": "nope"})
    assert "Select a champion from the list" in bad.content.decode() and "<title>Error: " in bad.content.decode()


def test_it_saves_changes_to_a_draft_or_returned_case_study(signed_in, champion_staff):
    client = signed_in(champion_staff)
    for status in (CaseStudy.Status.DRAFT, CaseStudy.Status.RETURNED):
        made = make_case_study(created_by=champion_staff, status=status)
        response = client.post(_edit(made), _form_data(title="Changed", quarter=Quarter.objects.get(number=3).pk))
        assert response.status_code == 302
        made.refresh_from_db()
        assert (made.title, made.quarter.number, made.status, made.updated_at) == ("Changed", 3, status, NOW)
        assert list(made.local_authorities.values_list("slug", flat=True)) == ["trafford"]


def test_it_shows_errors_on_a_change_and_saves_nothing(signed_in, champion_staff):
    made = make_case_study(created_by=champion_staff)
    response = signed_in(champion_staff).post(_edit(made), _form_data(title="", themes=[]))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert "Enter the title" in html and "Select at least one theme" in html
    made.refresh_from_db()
    assert made.title == "A single assessment pathway in Wigan"


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_it_shows_a_case_study_under_review_without_a_form_and_changes_nothing(signed_in, champion_staff, status):
    made = submitted(created_by=champion_staff, status=status)
    client = signed_in(champion_staff)
    page = client.get(_edit(made))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["form"] is None
    assert "so it cannot be changed" in html and "What should others learn from it?" in html
    assert "Submit for review" not in html and reverse("case_studies:attachment_add", args=[made.pk]) not in html
    response = client.post(_edit(made), _form_data(title="Changed"))
    assert response.status_code == 200 and "so it cannot be changed" in response.content.decode()
    made.refresh_from_db()
    assert (made.title, made.status) == ("A single assessment pathway in Wigan", status)


def test_it_shows_the_history_with_the_reviewers_comments(signed_in, champion_staff, programme_staff):
    made = make_case_study(created_by=champion_staff, status=CaseStudy.Status.RETURNED)
    ReviewEntry.objects.create(case_study=made, action="submitted", by=champion_staff, at=NOW)
    ReviewEntry.objects.create(
        case_study=made, action="returned", comments="Add how many families", by=programme_staff, at=NOW
    )
    html = signed_in(champion_staff).get(_edit(made)).content.decode()
    history = html.split("History and comments")[1]
    assert "Submitted" in history and "Returned for changes" in history
    assert "Add how many families" in history and "Pat" in history and "10 October 2013" in history
    # The latest comments are also shown at the top, above the form.
    assert html.index("Add how many families") < html.index("Change the case study")


def test_it_submits_a_case_study_on_time(signed_in, champion_staff):
    made = make_case_study(created_by=champion_staff)
    client = signed_in(champion_staff)
    response = client.post(reverse("case_studies:case_study_submit", args=[made.pk]), follow=True)
    made.refresh_from_db()
    assert (made.status, made.first_submitted_at, made.submitted_late) == ("submitted", NOW, False)
    assert list(made.history.values_list("action", "by")) == [("submitted", champion_staff.pk)]
    html = response.content.decode()
    assert "is submitted for review" in html and "recorded as late" not in html
    assert response.redirect_chain[-1][0] == LIST


def test_it_accepts_a_late_submission_and_records_it_as_late(signed_in, champion_staff, time_machine):
    made = make_case_study(created_by=champion_staff)
    time_machine.move_to(AFTER_DEADLINE, tick=False)
    response = signed_in(champion_staff).post(reverse("case_studies:case_study_submit", args=[made.pk]), follow=True)
    made.refresh_from_db()
    assert (made.status, made.submitted_late) == ("submitted", True)
    html = response.content.decode()
    assert "It is recorded as late: it was first submitted after the deadline of 14 October 2013." in html
    assert 'govuk-tag--red">Late' in html


def test_it_refuses_to_submit_without_consent_and_changes_nothing(signed_in, champion_staff):
    made = make_case_study(created_by=champion_staff, consent_confirmed=False)
    response = signed_in(champion_staff).post(reverse("case_studies:case_study_submit", args=[made.pk]), follow=True)
    assert "Confirm that the people named agreed to be named before you submit." in response.content.decode()
    assert response.redirect_chain[-1][0] == _edit(made)
    made.refresh_from_db()
    assert (made.status, made.first_submitted_at) == ("draft", None)
    assert not made.history.exists()


def test_it_refuses_to_submit_twice(signed_in, champion_staff):
    made = submitted(created_by=champion_staff)
    response = signed_in(champion_staff).post(reverse("case_studies:case_study_submit", args=[made.pk]), follow=True)
    assert "so it cannot be submitted" in response.content.decode()
    assert not made.history.exists()


def test_it_only_submits_by_post(signed_in, champion_staff):
    made = make_case_study(created_by=champion_staff)
    assert signed_in(champion_staff).get(reverse("case_studies:case_study_submit", args=[made.pk])).status_code == 405
    made.refresh_from_db()
    assert made.status == "draft"


def test_it_links_to_case_studies_from_the_home_page_of_champion_and_programme_staff(
    signed_in, champion_staff, programme_staff, la_officer
):
    home = reverse("accounts:home")
    review, quarters = reverse("case_studies:review_list"), reverse("case_studies:quarter_list")
    champion_home = signed_in(champion_staff).get(home).content.decode()
    assert f'href="{LIST}">See and write your case studies</a>' in champion_home
    assert review not in champion_home and quarters not in champion_home
    staff_home = signed_in(programme_staff).get(home).content.decode()
    assert f'href="{LIST}">See every champion\'s case studies</a>' in staff_home
    assert f'href="{review}">' in staff_home and f'href="{quarters}">' in staff_home
    officer_home = signed_in(la_officer).get(home).content.decode()
    assert review not in officer_home and '<h2 class="govuk-heading-m">Case studies</h2>' not in officer_home


def test_it_lists_case_studies_a_page_at_a_time_at_the_same_cost_and_size(signed_in, champion_staff, query_count):
    client = signed_in(champion_staff)
    sizes = {}
    for total in (PER_PAGE + 10, 3 * PER_PAGE):
        CaseStudy.objects.bulk_create(
            case_study(created_by=champion_staff, title=f"Study {n:04}")
            for n in range(CaseStudy.objects.count(), total)
        )
        sizes[total] = (query_count(lambda: client.get(LIST)), len(client.get(LIST).content))
    (queries_few, size_few), (queries_many, size_many) = sizes.values()
    assert queries_few == queries_many and abs(size_many - size_few) < 0.02 * size_few, sizes
    assert len(client.get(LIST, {"page": 3}).context["case_studies"]) == PER_PAGE


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_of_case_studies_with_a_page(signed_in, champion_staff, page):
    CaseStudy.objects.bulk_create(case_study(created_by=champion_staff) for _ in range(PER_PAGE + 2))
    response = signed_in(champion_staff).get(LIST, {"page": page})
    assert response.status_code == 200 and response.context["page"].number in (1, 2)
