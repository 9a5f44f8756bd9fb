"""Each quarter's deadline and each champion's status for it; programme staff change the deadline."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from case_studies.models import CaseStudy
from case_studies.progress import QuarterStatus, quarter_statuses
from programme.models import Quarter
from regions.models import Champion
from tests.case_studies.factories import case_study, make_case_study, submitted

LONDON = ZoneInfo("Europe/London")
# Deadlines of 2013-14 by default: Q1 14 July 2013, Q2 14 October 2013, Q3 14 January 2014, Q4 14 April 2014.
NOW = datetime.datetime(2013, 10, 20, 9, 0, tzinfo=LONDON)
QUARTERS = reverse("case_studies:quarter_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _q(number: int) -> Quarter:
    return Quarter.objects.get(number=number)


def _at(*date) -> datetime.datetime:
    return datetime.datetime(*date, 12, 0, tzinfo=LONDON)


@pytest.fixture
def gm(champion_staff) -> Champion:
    return champion_staff.champion


@pytest.fixture
def hartlepool(other_champion_staff) -> Champion:
    return other_champion_staff.champion


@pytest.fixture
def delivered(champion_staff, gm, hartlepool):
    """Q1: GM on time (then a second, late one), Hartlepool late. Q2: GM only a draft, Hartlepool on time."""
    first = submitted(created_by=champion_staff, quarter=_q(1), at=_at(2013, 7, 10), title="GM Q1")
    submitted(created_by=champion_staff, quarter=_q(1), at=_at(2013, 7, 20), late=True, title="GM Q1 again")
    submitted(created_by=champion_staff, champion=hartlepool, quarter=_q(1), at=_at(2013, 7, 16), late=True)
    make_case_study(created_by=champion_staff, quarter=_q(2), title="GM Q2 draft")
    submitted(created_by=champion_staff, champion=hartlepool, quarter=_q(2), at=_at(2013, 10, 1), title="NE Q2")
    return first


def _labels(today: datetime.date, champion: Champion) -> list[str]:
    statuses = quarter_statuses(quarters=Quarter.objects.all(), champions=[champion], today=today)
    return [statuses[quarter.pk, champion.pk].label for quarter in Quarter.objects.all()]


def test_it_gives_each_champion_a_status_per_quarter(delivered, gm, hartlepool):
    today = NOW.date()
    assert _labels(today, gm) == ["On time", "Overdue", "Due by 14 January 2014", "Not yet due"]
    assert _labels(today, hartlepool) == ["Late", "On time", "Due by 14 January 2014", "Not yet due"]
    wiltshire = Champion.objects.get(slug="wiltshire")
    assert _labels(today, wiltshire) == ["Overdue", "Overdue", "Due by 14 January 2014", "Not yet due"]


def test_it_counts_the_first_submitted_case_study_of_a_champion_for_a_quarter(delivered, gm):
    status = quarter_statuses(quarters=[_q(1)], champions=[gm], today=NOW.date())[_q(1).pk, gm.pk]
    assert (status.status, status.case_study) == (QuarterStatus.ON_TIME, delivered)


@pytest.mark.parametrize(
    "today,label",
    [
        (datetime.date(2013, 6, 30), "Not yet due"),  # the day before the quarter starts
        (datetime.date(2013, 7, 1), "Due by 14 October 2013"),
        (datetime.date(2013, 10, 14), "Due by 14 October 2013"),  # the deadline itself
        (datetime.date(2013, 10, 15), "Overdue"),
    ],
)
def test_it_moves_from_not_yet_due_to_due_to_overdue_around_the_dates(gm, today, label):
    assert quarter_statuses(quarters=[_q(2)], champions=[gm], today=today)[_q(2).pk, gm.pk].label == label


def test_it_shows_every_quarter_and_champion_to_programme_staff(signed_in, programme_staff, delivered, hartlepool):
    response = signed_in(programme_staff).get(QUARTERS)
    html = response.content.decode()
    assert [q.number for q in response.context["quarters"]] == [1, 2, 3, 4]
    assert all(len(q.rows) == 9 for q in response.context["quarters"])
    q1, q2 = (html.split(f'id="quarter-{n}"')[1].split("</table>")[0] for n in (1, 2))
    assert "14 July 2013 (the default)" in q1 and "1 on time, 1 late, 7 overdue" in q1
    gm_row = q1.split("Greater Manchester Group")[1].split("</tr>")[0]
    assert 'govuk-tag--green">On time' in gm_row and "GM Q1<" in gm_row and "GM Q1 again" not in gm_row
    assert reverse("case_studies:case_study_review", args=[delivered.pk]) in gm_row
    assert 'govuk-tag--orange">Late' in q1.split(">Hartlepool<")[1].split("</tr>")[0]
    assert 'govuk-tag--red">Overdue' in q2.split("Greater Manchester Group")[1].split("</tr>")[0]
    assert "GM Q2 draft" not in html  # drafts do not count
    assert "Due by 14 January 2014" in html and "Not yet due" in html
    assert reverse("case_studies:quarter_deadline_edit", args=[_q(2).pk]) in q2 and "Change deadline" in q2


def test_it_shows_the_quarters_in_a_constant_number_of_queries(signed_in, programme_staff, champion_staff, query_count):
    client = signed_in(programme_staff)
    champions, quarters = list(Champion.objects.all()), list(Quarter.objects.all())
    counts = {}
    for total in (5, 200):
        CaseStudy.objects.bulk_create(
            case_study(
                created_by=champion_staff,
                champion=champions[n % 9],
                quarter=quarters[n % 4],
                status="submitted",
                first_submitted_at=NOW - datetime.timedelta(hours=n),
                submitted_late=n % 3 == 0,
            )
            for n in range(CaseStudy.objects.count(), total)
        )
        counts[total] = query_count(lambda: client.get(QUARTERS))
    assert counts[5] == counts[200], counts


def _deadline(*parts) -> dict:
    return {f"deadline_{i}": part for i, part in enumerate(parts)}


def test_it_changes_a_deadline_and_restores_the_default(signed_in, programme_staff, gm):
    client = signed_in(programme_staff)
    url = reverse("case_studies:quarter_deadline_edit", args=[_q(2).pk])
    page = client.get(url).content.decode()
    assert "Leave it empty to use the default: 14 October 2013, 14 days after the quarter ends." in page
    response = client.post(url, _deadline("31", "10", "2013"))
    assert response.status_code == 302 and response.url == QUARTERS
    assert _q(2).case_study_deadline == datetime.date(2013, 10, 31)
    html = client.get(QUARTERS).content.decode()
    assert "Quarter 2&#x27;s deadline is 31 October 2013." in html
    q2 = html.split('id="quarter-2"')[1].split("</table>")[0]
    assert "31 October 2013" in q2 and "(the default)" not in q2 and "Due by 31 October 2013" in q2
    client.post(url, _deadline("", "", ""))
    assert _q(2).case_study_deadline is None and _q(2).deadline() == datetime.date(2013, 10, 14)
    html = client.get(QUARTERS).content.decode()
    assert "Quarter 2&#x27;s deadline is 14 October 2013 (the default)." in html


@pytest.mark.parametrize(
    "parts,message",
    [
        (("31", "2", "2014"), "Deadline must be a real date"),
        (("31", "10", ""), "The deadline must include a day, month and year"),
        (("x", "10", "2013"), "Deadline must be a real date"),
        (("29", "9", "2013"), "The deadline must be on or after 30 September 2013, when the quarter ends"),
    ],
)
def test_it_refuses_a_bad_deadline_and_changes_nothing(signed_in, programme_staff, parts, message):
    quarter = _q(2)
    quarter.case_study_deadline = datetime.date(2013, 10, 21)
    quarter.save()
    response = signed_in(programme_staff).post(
        reverse("case_studies:quarter_deadline_edit", args=[quarter.pk]), _deadline(*parts)
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert message in html.split('class="govuk-error-summary"')[1]
    assert _q(2).case_study_deadline == datetime.date(2013, 10, 21)
