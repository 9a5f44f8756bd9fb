"""Organisers see who registered, record attendance, download lists and see which partners came."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from champions_portal import public_cache
from events.models import Event, Registration
from events.views.registrations import PER_PAGE
from regions.models import LocalAuthority
from tests.events.factories import make_event, make_registration, registration
from tests.spreadsheets import xlsx_table

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 14, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def workshop(champion_staff) -> Event:
    """Held this morning: two confirmed (one with needs), two waiting, one cancelled."""
    held = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=5), capacity=2)
    bolton = LocalAuthority.objects.get(slug="bolton")
    make_registration(held, name="Zara Khan", email="zara@example.com", partner_type="school", local_authority=bolton)
    make_registration(
        held, name="amy Lee", email="amy@example.com", access_needs="BSL interpreter", dietary_needs="Vegan"
    )
    make_registration(held, name="Wait One", status="waitlisted", partner_type="health")
    make_registration(held, name="Wait Two", status="waitlisted", partner_type="vcs")
    make_registration(held, name="Gone", status="cancelled", partner_type="school", access_needs="Hidden")
    return held


def _url(name: str, event: Event, *args) -> str:
    return reverse(f"events:{name}", args=[event.pk, *args])


def _by_name(event: Event) -> dict[str, Registration]:
    return {r.name: r for r in event.registrations.all()}


def _names(client, event: Event, **params) -> list[str]:
    return [r.name for r in client.get(_url("registration_list", event), params).context["registrations"]]


def test_it_shows_confirmed_waiting_in_order_and_cancelled(signed_in, champion_staff, workshop):
    client = signed_in(champion_staff)
    response = client.get(_url("registration_list", workshop))
    assert response.context["shown"] == "confirmed"
    assert [r.name for r in response.context["registrations"]] == ["Zara Khan", "amy Lee"]
    assert _names(client, workshop, list="waiting") == ["Wait One", "Wait Two"]
    assert _names(client, workshop, list="cancelled") == ["Gone"]
    html = response.content.decode()
    for text in ("BSL interpreter", "Vegan", "Bolton", "School", "amy@example.com", "Confirmed places (2)"):
        assert text in html
    for text in ('href="?list=waiting">Waiting list (2)', 'href="?list=cancelled">Cancelled registrations (1)'):
        assert text in html
    assert 'href="?list=confirmed" aria-current="page">Confirmed places (2)' in html
    for url in (_url("registration_export", workshop, "csv"), _url("attendance_export", workshop, "xlsx")):
        assert url in html
    assert _url("event_representation", workshop) in html
    waiting = client.get(_url("registration_list", workshop), {"list": "waiting"}).content.decode()
    assert waiting.index("Wait One") < waiting.index("Wait Two") and "Zara Khan" not in waiting


def test_it_explains_attendance_cannot_be_recorded_before_the_event(signed_in, champion_staff):
    upcoming = make_event(created_by=champion_staff)
    make_registration(upcoming)
    html = signed_in(champion_staff).get(_url("registration_list", upcoming)).content.decode()
    assert "You can record attendance once the event has started" in html
    assert _url("attendance_mark", upcoming) not in html


def test_it_shows_attendance_and_links_to_the_page_that_records_it(signed_in, champion_staff, workshop):
    Registration.objects.filter(name="Zara Khan").update(attendance="attended")
    html = signed_in(champion_staff).get(_url("registration_list", workshop)).content.decode()
    assert f'href="{_url("attendance_mark", workshop)}"' in html
    assert 'type="radio"' not in html  # recorded by exception on its own page, not 3 radios a person
    assert '<td class="govuk-table__cell">Attended</td>' in html


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def _xlsx(response) -> list[dict]:
    header, *rows = xlsx_table(response.getvalue())
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_it_downloads_every_registration_as_csv_and_xlsx(signed_in, champion_staff, workshop):
    Registration.objects.filter(name="Zara Khan").update(attendance="attended")
    client = signed_in(champion_staff)
    for read, fmt in ((_csv, "csv"), (_xlsx, "xlsx")):
        response = client.get(_url("registration_export", workshop, fmt))
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="personal-budgets-in-practice-registrations-2013-10-14.{fmt}"'
        )
        rows = read(response)
        assert [r["Name"] for r in rows] == ["Zara Khan", "amy Lee", "Wait One", "Wait Two", "Gone"]
        assert [r["Status"] for r in rows] == [
            "Confirmed",
            "Confirmed",
            "On the waiting list",
            "On the waiting list",
            "Cancelled",
        ]
        amy, zara = rows[1], rows[0]
        assert (amy["Access needs"], amy["Dietary needs"], amy["Email"]) == (
            "BSL interpreter",
            "Vegan",
            "amy@example.com",
        )
        assert (zara["Partner type"], zara["Local authority"], zara["Attendance"]) == ("School", "Bolton", "Attended")
        assert str(zara["Registered at"]).startswith("2013-10-14")
        assert set(rows[0]) >= {"Organisation", "Registered at"}


def test_it_downloads_the_attendance_list_for_the_day(signed_in, champion_staff, workshop):
    client = signed_in(champion_staff)
    for read, fmt in ((_csv, "csv"), (_xlsx, "xlsx")):
        rows = read(client.get(_url("attendance_export", workshop, fmt)))
        assert [r["Name"] for r in rows] == ["amy Lee", "Zara Khan"]  # confirmed only, by name ignoring case
        assert list(rows[0]) == [
            "Name",
            "Organisation",
            "Partner type",
            "Local authority",
            "Access needs",
            "Dietary needs",
            "Signature",
        ]
        assert rows[0]["Access needs"] == "BSL interpreter"
        assert rows[0]["Signature"] in ("", None)


@pytest.mark.parametrize("name", ["registration_export", "attendance_export"])
def test_it_refuses_downloads_with_access_needs_to_anyone_else(
    client, signed_in, workshop, name, other_champion_staff, la_officer
):
    for fmt in ("csv", "xlsx"):
        assert client.get(_url(name, workshop, fmt)).status_code == 302  # anonymous: sign in first
    for person in (other_champion_staff, la_officer):
        for fmt in ("csv", "xlsx"):
            response = signed_in(person).get(_url(name, workshop, fmt))
            assert response.status_code == 403
            assert b"BSL interpreter" not in response.content


def test_it_counts_partners_and_flags_the_missing_ones(signed_in, programme_staff, workshop):
    Registration.objects.filter(name="Zara Khan").update(attendance="attended")
    response = signed_in(programme_staff).get(_url("event_representation", workshop))
    assert response.status_code == 200
    types = {row["label"]: row for row in response.context["types"]}
    assert (types["School"]["registered"], types["School"]["attended"]) == (1, 1)  # the cancelled one does not count
    assert (types["Parent carer forum"]["registered"], types["Parent carer forum"]["attended"]) == (1, 0)
    assert (types["Health service"]["registered"], types["Voluntary and community sector (VCS)"]["registered"]) == (
        1,
        1,
    )
    assert types["Young person"]["registered"] == 0
    groups = {g["name"]: g for g in response.context["groups"]}
    assert (groups["Parents and carers"]["registered"], groups["Schools"]["attended"]) == (1, 1)
    assert response.context["missing_registered"] == [
        "Children and young people",
        "Early years providers",
        "Post-16 institutions",
        "Local authority education",
        "Children's social care",
        "Adult social care",
    ]
    assert "Parents and carers" in response.context["missing_attended"]
    assert "Schools" not in response.context["missing_attended"]
    html = response.content.decode()
    assert "Not represented" in html
    assert 'class="portal-bar-chart" aria-hidden="true"' in html


def test_it_does_not_flag_attendees_before_the_event(signed_in, champion_staff):
    upcoming = make_event(created_by=champion_staff)
    make_registration(upcoming, partner_type="young_person")
    response = signed_in(champion_staff).get(_url("event_representation", upcoming))
    assert response.context["missing_attended"] == []
    assert "Children and young people" not in response.context["missing_registered"]


def _grow(event: Event, total: int) -> None:
    """Registrations up to `total`, a third each confirmed, waiting and cancelled."""
    bolton = LocalAuthority.objects.get(slug="bolton")
    more = total - event.registrations.count()
    statuses = ["confirmed", "waitlisted", "cancelled"]
    Registration.objects.bulk_create(
        registration(event, status=statuses[i % 3], local_authority=bolton, name=f"Person {i:05}") for i in range(more)
    )
    public_cache.changed("events")  # bulk_create sends no signal


@pytest.mark.parametrize("shown", ["confirmed", "waiting", "cancelled"])
def test_it_lists_registrations_in_a_constant_number_of_queries_and_size(
    signed_in, champion_staff, workshop, query_count, shown
):
    client = signed_in(champion_staff)
    url = _url("registration_list", workshop)
    counts, sizes = {}, {}
    for total in (5, 3 * PER_PAGE + 30, 6 * PER_PAGE + 60):
        _grow(workshop, total)
        counts[total] = query_count(lambda: client.get(url, {"list": shown}))
        response = client.get(url, {"list": shown})
        sizes[total] = len(response.content)
        assert len(response.context["registrations"]) == min(response.context["count"], PER_PAGE)
    assert len(set(counts.values())) == 1, counts
    big, bigger = sizes[3 * PER_PAGE + 30], sizes[6 * PER_PAGE + 60]
    assert abs(bigger - big) < 0.02 * big, sizes  # a full page either way


def test_it_numbers_the_waiting_list_across_pages_and_in_a_search(signed_in, champion_staff, workshop):
    _grow(workshop, 3 * PER_PAGE + 30)
    client = signed_in(champion_staff)
    url = _url("registration_list", workshop)
    waiting = list(workshop.registrations.waiting_list())
    second = client.get(url, {"list": "waiting", "page": 2}).context["registrations"]
    assert [(r.pk, r.position) for r in second] == [(r.pk, n) for n, r in enumerate(waiting, 1)][PER_PAGE:]
    found = client.get(url, {"list": "waiting", "q": "person 00100"}).context["registrations"]
    [person] = [r for r in waiting if r.name == "Person 00100"]
    assert [(r.pk, r.position) for r in found] == [(person.pk, person.waiting_list_position())]


def test_it_searches_the_list_shown_by_name(signed_in, champion_staff, workshop):
    client = signed_in(champion_staff)
    assert _names(client, workshop, q="KHAN") == ["Zara Khan"]
    assert _names(client, workshop, q="wait", list="waiting") == ["Wait One", "Wait Two"]
    response = client.get(_url("registration_list", workshop), {"q": "nobody", "list": "cancelled"})
    assert response.context["registrations"] == []
    assert 'No one in this list has a name matching "nobody"' in response.content.decode()
    html = client.get(_url("registration_list", workshop), {"list": "waiting"}).content.decode()
    assert '<input type="hidden" name="list" value="waiting"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"list": "nonsense"},
        {"list": ["waiting", "x"]},
        {"q": "x" * 151},
    ],
)
def test_it_answers_bad_input_with_a_page_not_an_error(signed_in, champion_staff, workshop, params):
    response = signed_in(champion_staff).get(_url("registration_list", workshop), params)
    assert response.status_code == 200
    assert response.context["shown"] in ("confirmed", "waiting")
    if "q" in params:
        assert "Name must be 150 characters or fewer" in response.content.decode()
        assert len(response.context["registrations"]) == 2  # everyone, the search ignored


def test_it_still_refuses_other_champions_and_la_officers(
    client, signed_in, workshop, other_champion_staff, la_officer
):
    url = _url("registration_list", workshop)
    assert client.get(url, {"list": "waiting"}).status_code == 302
    for person in (other_champion_staff, la_officer):
        response = signed_in(person).get(url, {"list": "waiting", "page": "2"})
        assert response.status_code == 403 and b"Wait One" not in response.content


def test_it_still_downloads_every_registrant_of_a_large_event(signed_in, champion_staff, workshop):
    _grow(workshop, 3 * PER_PAGE + 30)
    rows = _csv(signed_in(champion_staff).get(_url("registration_export", workshop, "csv")))
    assert len(rows) == 3 * PER_PAGE + 30


def _export_queries(client, event: Event, name: str, fmt: str) -> tuple[int, int]:
    """The queries of a download, the streamed body read to the end included, and its number of rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(name, event, fmt))
        rows = (_csv if fmt == "csv" else _xlsx)(response)
    return len(queries), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ["registration_export", "attendance_export"])
def test_it_downloads_registrants_with_the_same_queries_for_5_or_60_and_records_each_download(
    signed_in, champion_staff, workshop, name, fmt
):
    client = signed_in(champion_staff)
    client.get(_url("registration_list", workshop))  # the session's first request does more
    few, rows = _export_queries(client, workshop, name, fmt)
    Registration.objects.bulk_create(registration(workshop, local_authority_id=None) for _ in range(55))
    many, more_rows = _export_queries(client, workshop, name, fmt)
    assert more_rows == rows + 55
    assert many == few
    action = "export.registrations" if name == "registration_export" else "export.attendance"
    assert AuditEntry.objects.filter(action=action).count() == 2  # each download still recorded
