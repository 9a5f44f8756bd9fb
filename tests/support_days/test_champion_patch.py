"""A champion's patch: every LA assigned to it with its support-day status, those with no day first."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from champions_portal import public_cache
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay
from tests.support_days.factories import make_support_day, support_day
from tests.tracker.afresh import counted_afresh

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
PATCH = reverse("support_days:patch")
LAST_WEEK = datetime.date(2013, 9, 24)
NEXT_WEEK = datetime.date(2013, 10, 8)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _la(slug: str) -> LocalAuthority:
    return LocalAuthority.objects.get(slug=slug)


def _day(slug: str, status: str, by, **fields) -> SupportDay:
    gm = Champion.objects.get(slug="greater-manchester-group")
    return make_support_day(local_authority=_la(slug), champion=gm, status=status, requested_by=by, **fields)


@pytest.fixture
def patch_days(champion_staff, la_officer):
    """GM's days, one LA assigned across regions each way, and a day with another champion."""
    gm, hartlepool = Champion.objects.get(slug="greater-manchester-group"), Champion.objects.get(slug="hartlepool")
    LocalAuthority.objects.filter(slug="kirklees").update(champion_override=gm)  # from Yorkshire and the Humber
    LocalAuthority.objects.filter(slug="cumbria").update(champion_override=hartlepool)  # to the North East
    days = {
        "bolton": _day("bolton", "delivered", la_officer, date=LAST_WEEK),
        "bolton-later": _day("bolton", "booked", la_officer, date=NEXT_WEEK),
        "bury": _day("bury", "booked", la_officer, date=NEXT_WEEK),
        "bury-old": _day("bury", "requested", la_officer),
        "salford": _day("salford", "requested", la_officer),
        "wigan": _day("wigan", "booked", la_officer, date=NEXT_WEEK),  # a pathfinder LA
        "kirklees": _day("kirklees", "delivered", la_officer, date=LAST_WEEK),
        "stockport": _day("stockport", "declined", la_officer),
        "tameside": _day("tameside", "cancelled", la_officer, date=NEXT_WEEK),
    }
    make_support_day(local_authority=_la("oldham"), champion=hartlepool, status="delivered", requested_by=la_officer)
    return days


def _la_row(html: str, name: str) -> str:
    """The row of the patch table for one LA."""
    return html.split(f'govuk-table__header">{name}')[1].split("</tr>")[0]


def _row_names(response, status: str) -> list[str]:
    return [row.local_authority.name for row in response.context["rows"] if row.status == status]


def test_it_lists_the_patch_with_no_day_yet_first_then_requested_booked_delivered(
    signed_in, champion_staff, patch_days
):
    response = signed_in(champion_staff).get(PATCH)
    rows = response.context["rows"]
    assert [row.status for row in rows] == sorted(
        (row.status for row in rows), key=["none", "requested", "booked", "delivered"].index
    )
    names = [row.local_authority.name for row in rows]
    assert "Cumbria" not in names and "Kirklees" in names and "Manchester" in names
    assert len(rows) == 23  # North West's 23, less Cumbria, plus Kirklees
    assert _row_names(response, "requested") == ["Salford"]
    assert _row_names(response, "booked") == ["Bury", "Wigan"]
    assert _row_names(response, "delivered") == ["Bolton", "Kirklees"]
    none_yet = _row_names(response, "none")
    assert none_yet == sorted(none_yet) and {"Oldham", "Stockport", "Tameside"} <= set(none_yet)
    assert none_yet[0] == "Blackburn with Darwen"


def test_it_shows_the_best_day_for_each_la(signed_in, champion_staff, patch_days):
    rows = {row.local_authority.slug: row for row in signed_in(champion_staff).get(PATCH).context["rows"]}
    assert rows["bolton"].day == patch_days["bolton"]  # delivered beats a later booking
    assert rows["bury"].day == patch_days["bury"]  # booked beats an older request
    assert rows["stockport"].day is None and rows["tameside"].day is None  # declined and cancelled count as none
    assert rows["oldham"].day is None  # a day with another champion does not count here


def test_it_counts_only_non_pathfinder_las(signed_in, champion_staff, patch_days):
    response = signed_in(champion_staff).get(PATCH)
    assert response.context["counted"] == 18
    totals = {status: total["count"] for status, total in response.context["totals"].items()}
    assert totals == {"delivered": 2, "booked": 1, "requested": 1, "none": 14}
    html = response.content.decode()
    summary = html.split('id="coverage-summary">')[1].split("</p>")[0]
    assert " ".join(summary.split()) == (
        "2 of 18 non-pathfinder local authorities have had a delivered support day; 1 more is booked."
    )
    assert "coverage counts only non-pathfinder local authorities" in html


def test_it_marks_pathfinder_las_and_las_from_a_neighbouring_region(signed_in, champion_staff, patch_days):
    html = signed_in(champion_staff).get(PATCH).content.decode()
    wigan = _la_row(html, "Wigan")
    assert "Pathfinder, not counted" in wigan and 'govuk-tag--blue">Booked' in wigan
    assert "8 October 2013" in wigan
    kirklees = _la_row(html, "Kirklees")
    assert "Yorkshire and the Humber" in kirklees and "Neighbouring region" in kirklees
    assert 'govuk-tag--green">Delivered' in kirklees and "24 September 2013" in kirklees
    bolton = _la_row(html, "Bolton")
    assert "Neighbouring region" not in bolton and "Pathfinder" not in bolton
    assert 'govuk-tag--grey">None yet' in _la_row(html, "Stockport")


def test_it_links_each_la_to_the_page_of_the_day_that_gives_its_status(signed_in, champion_staff, patch_days):
    html = signed_in(champion_staff).get(PATCH).content.decode()
    table = html.split("Local authorities you support")[1]
    detail = lambda name: f'href="{reverse("support_days:support_day_detail", args=[patch_days[name].pk])}"'  # noqa: E731
    for name in ("bolton", "bury", "salford", "wigan", "kirklees"):
        assert detail(name) in table, name
    for name in ("bolton-later", "bury-old", "stockport", "tameside"):
        assert detail(name) not in table, name


def test_it_lists_open_requests_with_confirm_and_decline_links(signed_in, champion_staff, patch_days):
    response = signed_in(champion_staff).get(PATCH)
    assert response.context["requests"] == [patch_days["bury-old"], patch_days["salford"]]
    html = response.content.decode()
    requests = html.split('id="requests"')[1].split("</table>")[0]
    assert "Requests waiting for an answer (2)" in html
    for name in ("bury-old", "salford"):
        assert reverse("support_days:support_day_confirm", args=[patch_days[name].pk]) in requests
        assert reverse("support_days:support_day_decline", args=[patch_days[name].pk]) in requests
    assert "Tuesday 15 October 2013" in requests and "Tuesday 22 October 2013" in requests  # preferred dates
    assert "Local offer" in requests


def test_it_lists_booked_days_that_have_happened_to_record_as_delivered(signed_in, champion_staff, la_officer):
    happened = _day("bury", "booked", la_officer, date=LAST_WEEK)
    _day("bolton", "booked", la_officer, date=NEXT_WEEK)
    response = signed_in(champion_staff).get(PATCH)
    assert response.context["to_deliver"] == [happened]
    assert reverse("support_days:support_day_deliver", args=[happened.pk]) in response.content.decode()


def test_it_shows_another_champions_staff_only_their_own_patch(signed_in, other_champion_staff, patch_days):
    response = signed_in(other_champion_staff).get(PATCH)
    names = {row.local_authority.name for row in response.context["rows"]}
    assert "Cumbria" in names and "Sunderland" in names and "Bolton" not in names
    assert response.context["requests"] == []
    assert response.context["champion"].slug == "hartlepool"


def test_it_lets_programme_staff_choose_a_champion(signed_in, programme_staff, patch_days):
    client = signed_in(programme_staff)
    first = client.get(PATCH)
    assert first.status_code == 200 and "rows" not in first.context
    assert "Choose a champion to see the local authorities it supports" in first.content.decode()
    gm = Champion.objects.get(slug="greater-manchester-group")
    chosen = client.get(PATCH, {"champion": gm.pk})
    assert len(chosen.context["rows"]) == 23
    assert f"{reverse('support_days:offers_create')}?champion={gm.pk}" in chosen.content.decode()
    bad = client.get(PATCH, {"champion": "999999"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "<title>Error: " in html and "Select a champion from the list" in html


def test_it_shows_the_patch_in_a_constant_number_of_queries(
    signed_in, champion_staff, la_officer, query_count, django_assert_max_num_queries
):
    client = signed_in(champion_staff)
    las = list(LocalAuthority.objects.assigned_to(champion_staff.champion))
    statuses = ["delivered", "booked", "requested", "declined", "cancelled"]
    counts = {}
    for total in (5, 200):
        start = SupportDay.objects.count()
        SupportDay.objects.bulk_create(
            support_day(
                local_authority=las[n % len(las)],
                status=statuses[n % len(statuses)],
                date=datetime.date(2013, 10, 2) + datetime.timedelta(days=n),
                requested_by=la_officer,
            )
            for n in range(start, total)
        )
        public_cache.changed("support_days")  # bulk_create sends no signal
        counts[total] = query_count(lambda: counted_afresh(client, PATCH))
        assert len(counted_afresh(client, PATCH).context["requests"]) == total // len(statuses)
    assert counts[5] == counts[200], counts
    assert counts[200] <= 8, counts  # session, user, champion and region, LAs, days, their themes
    with django_assert_max_num_queries(4):  # then the session, the person, their champion and its region: no more
        assert "Your patch" in client.get(PATCH).content.decode()
