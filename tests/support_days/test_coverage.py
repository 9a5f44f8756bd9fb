"""National support-day coverage for programme staff: every non-pathfinder LA, filters, downloads."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay
from tests.spreadsheets import table, title_block, workbook
from tests.support_days.factories import make_support_day, support_day
from tests.tracker.afresh import counted_afresh

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
COVERAGE = reverse("support_days:coverage")
HEADERS = ["Region", "Local authority", "Assigned champion", "Champion from a neighbouring region", "Status", "Date"]


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _la(slug: str) -> LocalAuthority:
    return LocalAuthority.objects.get(slug=slug)


@pytest.fixture
def days(la_officer):
    """Days across the country: counted, not counted (pathfinder, wrong champion, declined), and across regions."""
    gm, hartlepool = Champion.objects.get(slug="greater-manchester-group"), Champion.objects.get(slug="hartlepool")
    LocalAuthority.objects.filter(slug="cumbria").update(champion_override=hartlepool)
    by = {"requested_by": la_officer}
    make_support_day(local_authority=_la("bolton"), status="delivered", date=datetime.date(2013, 9, 24), **by)
    make_support_day(local_authority=_la("bury"), date=datetime.date(2013, 10, 8), **by)
    make_support_day(local_authority=_la("salford"), status="requested", **by)
    make_support_day(local_authority=_la("stockport"), status="declined", **by)
    make_support_day(local_authority=_la("wigan"), status="delivered", date=datetime.date(2013, 9, 20), **by)
    make_support_day(
        local_authority=_la("cumbria"), champion=gm, status="delivered", date=datetime.date(2013, 9, 2), **by
    )
    make_support_day(local_authority=_la("sunderland"), date=datetime.date(2013, 10, 9), **by)


def _rows(response) -> dict:
    return {row.local_authority.slug: row for row in response.context["rows"]}


def _totals(response) -> dict:
    return {total["status"]: total["count"] for total in response.context["totals"]}


def test_it_lists_every_non_pathfinder_la_with_its_champion_and_status(signed_in, programme_staff, days):
    response = signed_in(programme_staff).get(COVERAGE)
    assert response.status_code == 200
    rows = _rows(response)
    assert len(rows) == 121
    assert "wigan" not in rows and "manchester" not in rows  # pathfinders are not counted
    assert [(rows[s].champion.slug, rows[s].status) for s in ("bolton", "bury", "salford", "stockport")] == [
        ("greater-manchester-group", "delivered"),
        ("greater-manchester-group", "booked"),
        ("greater-manchester-group", "requested"),
        ("greater-manchester-group", "none"),
    ]
    # Cumbria is now Hartlepool's: its day with Greater Manchester Group does not count.
    assert (rows["cumbria"].champion.slug, rows["cumbria"].status) == ("hartlepool", "none")
    assert rows["sunderland"].status == "booked"
    assert _totals(response) == {"delivered": 1, "booked": 2, "requested": 1, "none": 117}
    regions = {row["region"].slug: row for row in response.context["regions"]}
    assert {slug: row["total"] for slug, row in regions.items()} == {
        "north-east": 9, "north-west": 18, "yorkshire-and-the-humber": 13, "east-midlands": 6, "west-midlands": 13,
        "east-of-england": 10, "london": 29, "south-east": 11, "south-west": 12,
    }  # fmt: skip
    assert regions["north-west"]["counts"]["delivered"] == 1 and regions["north-east"]["counts"]["booked"] == 1


def test_it_shows_statuses_dates_and_neighbouring_region_champions(signed_in, programme_staff, days):
    html = signed_in(programme_staff).get(COVERAGE).content.decode()
    bolton = html.split('govuk-table__header">Bolton</th>')[1].split("</tr>")[0]
    assert 'govuk-tag--green">Delivered' in bolton and "24 September 2013" in bolton
    cumbria = html.split('govuk-table__header">Cumbria</th>')[1].split("</tr>")[0]
    assert "Hartlepool" in cumbria and "From North East" in cumbria and 'govuk-tag--grey">None yet' in cumbria
    salford = html.split('govuk-table__header">Salford</th>')[1].split("</tr>")[0]
    assert "Not agreed yet" in salford
    assert "From " not in html.split('govuk-table__header">Bolton</th>')[1].split("</tr>")[0]
    assert f"{reverse('support_days:patch')}?champion=" in html
    assert "121 non-pathfinder local authorities" in html


@pytest.mark.parametrize(
    ("query", "slugs", "total"),
    [
        ({"region": "north-west"}, None, 18),
        ({"status": "booked"}, {"bury", "sunderland"}, 2),
        ({"region": "north-west", "status": "booked"}, {"bury"}, 1),
        ({"region": "north-east", "status": "delivered"}, set(), 0),
        ({"status": "none", "region": "london"}, None, 29),
    ],
)
def test_it_filters_by_region_and_status(signed_in, programme_staff, days, query, slugs, total):
    response = signed_in(programme_staff).get(COVERAGE, query)
    rows = _rows(response)
    assert len(rows) == total
    if slugs is not None:
        assert set(rows) == slugs
    if "region" in query:
        assert {row.local_authority.region.slug for row in rows.values()} <= {query["region"]}
    if not total:
        assert "No local authorities match those filters." in response.content.decode()


def test_it_totals_statuses_within_the_chosen_region(signed_in, programme_staff, days):
    response = signed_in(programme_staff).get(COVERAGE, {"region": "north-west", "status": "delivered"})
    assert _totals(response) == {"delivered": 1, "booked": 1, "requested": 1, "none": 15}
    assert "North West: 18 non-pathfinder local authorities" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"region": "narnia"}, "Select a region from the list"),
        ({"status": "lost"}, "Select a status from the list"),
        ({"region": "narnia", "status": "booked"}, "Select a region from the list"),
    ],
)
def test_it_shows_bad_filters_as_errors_and_ignores_them(signed_in, programme_staff, days, query, message):
    response = signed_in(programme_staff).get(COVERAGE, query)
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html and message in html
    expected = 2 if query.get("status") == "booked" else 121
    assert len(response.context["rows"]) == expected


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_it_downloads_every_row_as_csv(signed_in, programme_staff, days):
    response = signed_in(programme_staff).get(reverse("support_days:coverage_export", args=["csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="support-day-coverage-2013-10-01.csv"'
    header, *rows = _csv(response)
    assert header == HEADERS and len(rows) == 121
    by_la = {row[1]: row for row in rows}
    assert by_la["Bolton"] == [
        "North West", "Bolton", "Greater Manchester Group (Wigan, Trafford and Manchester)", "No", "Delivered",
        "2013-09-24",
    ]  # fmt: skip
    assert by_la["Cumbria"][2:5] == ["Hartlepool", "North East", "None yet"]
    assert by_la["Salford"][4:] == ["Requested", ""]
    assert "Wigan" not in by_la


def test_it_downloads_the_filtered_rows_as_xlsx(signed_in, programme_staff, days):
    url = reverse("support_days:coverage_export", args=["xlsx"])
    response = signed_in(programme_staff).get(url, {"status": "booked"})
    assert response["Content-Disposition"] == 'attachment; filename="support-day-coverage-2013-10-01.xlsx"'
    sheet = workbook(response.getvalue()).active
    header, *rows = [list(row) for row in table(sheet)]
    assert header == HEADERS
    assert title_block(sheet)[1:3] == ["Region: All regions", "Support-day status: Booked"]
    assert [(row[1], row[4], row[5].date()) for row in rows] == [
        ("Sunderland", "Booked", datetime.date(2013, 10, 9)),
        ("Bury", "Booked", datetime.date(2013, 10, 8)),
    ]


def test_it_links_downloads_with_the_current_valid_filters(signed_in, programme_staff, days):
    html = signed_in(programme_staff).get(COVERAGE, {"region": "north-west", "status": "nope"}).content.decode()
    assert f'{reverse("support_days:coverage_export", args=["csv"])}?region=north-west"' in html
    assert f'{reverse("support_days:coverage_export", args=["xlsx"])}?region=north-west"' in html


def test_it_ignores_bad_filters_in_a_download(signed_in, programme_staff, days):
    url = reverse("support_days:coverage_export", args=["csv"])
    response = signed_in(programme_staff).get(url, {"region": "narnia", "status": "delivered"})
    assert [row[1] for row in _csv(response)[1:]] == ["Bolton"]


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "xlsx.exe", "json"])
def test_it_gives_404_for_another_download_format(signed_in, programme_staff, fmt):
    assert signed_in(programme_staff).get(reverse("support_days:coverage_export", args=[fmt])).status_code == 404


@pytest.mark.parametrize("person", ["champion_staff", "other_champion_staff", "la_officer", "other_la_officer"])
def test_it_is_for_programme_staff_only(request, signed_in, person):
    client = signed_in(request.getfixturevalue(person))
    for url in (COVERAGE, reverse("support_days:coverage_export", args=["csv"])):
        assert client.get(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_sign_in(client, reference_data):
    for url in (COVERAGE, reverse("support_days:coverage_export", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url


def test_it_shows_coverage_in_a_constant_number_of_queries(signed_in, programme_staff, la_officer, query_count):
    client = signed_in(programme_staff)
    las = list(LocalAuthority.objects.non_pathfinder().select_related("region__champion"))
    statuses = ["delivered", "booked", "requested", "declined", "cancelled"]
    counts = {}
    for total in (5, 200):
        start = SupportDay.objects.count()
        SupportDay.objects.bulk_create(
            support_day(
                local_authority=las[n % len(las)],
                status=statuses[n % len(statuses)],
                date=datetime.date(2013, 9, 2) + datetime.timedelta(days=n),
                requested_by=la_officer,
            )
            for n in range(start, total)
        )
        counts[total] = query_count(lambda: counted_afresh(client, COVERAGE))  # built, not from the cache
        export = query_count(lambda: client.get(reverse("support_days:coverage_export", args=["csv"])))
        counts[f"export {total}"] = export
    assert counts[5] == counts[200] and counts["export 5"] == counts["export 200"], counts
    # Also bounded whatever the number of LAs: session, user, regions for the filter, LAs, days.
    assert counts[200] <= 6 and counts["export 200"] <= 5, counts
