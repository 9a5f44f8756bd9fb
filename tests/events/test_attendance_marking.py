"""Organisers record attendance by exception: tick who did not come, then mark everyone else as attended."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from events import attendance
from events.models import Event, Registration
from regions.models import LocalAuthority
from tests.events.factories import make_event, make_registration, registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 14, 15, 0, tzinfo=LONDON)
ATTENDED, ABSENT, UNKNOWN = "attended", "did_not_attend", ""


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def conference(champion_staff) -> Event:
    """Held this morning: four confirmed, one waiting, one cancelled."""
    held = make_event(
        created_by=champion_staff,
        title="North West conference",
        kind=Event.Kind.REGIONAL_CONFERENCE,
        starts_at=NOW - datetime.timedelta(hours=5),
        capacity=4,
    )
    bolton = LocalAuthority.objects.get(slug="bolton")
    make_registration(
        held, name="Zara Khan", organisation="Bolton Academy", partner_type="school", local_authority=bolton
    )
    make_registration(held, name="amy Lee", organisation="Bolton Parent Carer Forum")
    make_registration(held, name="Ben Smith", organisation="Salford CCG", partner_type="health")
    make_registration(held, name="Bea Smithson", organisation="Wigan Council", partner_type="la_education")
    make_registration(held, name="Wait One", status="waitlisted")
    make_registration(held, name="Gone", status="cancelled")
    return held


def _url(event: Event, **query) -> str:
    url = reverse("events:attendance_mark", args=[event.pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def _people(event: Event) -> dict[str, Registration]:
    return {r.name: r for r in event.registrations.all()}


def _attendance(event: Event) -> dict[str, str]:
    return {r.name: r.attendance for r in event.registrations.all()}


def _confirmed_pks(event: Event) -> list[int]:
    return list(event.registrations.filter(status="confirmed").values_list("pk", flat=True))


def _rows(response) -> list[str]:
    return [r.name for r in response.context["page"].object_list]


def test_it_lists_confirmed_registrants_in_a_compact_table_with_one_checkbox_each(
    signed_in, champion_staff, conference
):
    response = signed_in(champion_staff).get(_url(conference))
    assert response.status_code == 200
    html = response.content.decode()
    assert _rows(response) == ["amy Lee", "Bea Smithson", "Ben Smith", "Zara Khan"]  # by name, any case
    assert 'type="radio"' not in html
    assert html.count('type="checkbox"') == 4
    people = _people(conference)
    for name in ("Zara Khan", "amy Lee", "Ben Smith", "Bea Smithson"):
        assert re.search(rf'name="did_not_attend" type="checkbox" value="{people[name].pk}"', html), name
        assert f'<span class="govuk-visually-hidden">{name} did not attend</span>' in html
    for text in ("Bolton Academy", "School", "Salford CCG", "Health service", "Not recorded"):
        assert text in html, text
    assert "Wait One" not in html and "Gone" not in html
    assert ">Save changes</button>" in html
    assert ">Mark everyone else as attended</button>" in html
    assert "4 people had a confirmed place" in html


def test_it_marks_the_exceptions_then_everyone_else_as_attended(signed_in, champion_staff, conference):
    amy = _people(conference)["amy Lee"]
    data = {"shown": _confirmed_pks(conference), "did_not_attend": [amy.pk], "everyone_else": "yes"}
    response = signed_in(champion_staff).post(_url(conference), data, follow=True)
    assert response.redirect_chain[-1][0] == _url(conference)
    assert "Attendance is saved" in response.content.decode()
    assert _attendance(conference) == {
        "Zara Khan": ATTENDED,
        "amy Lee": ABSENT,
        "Ben Smith": ATTENDED,
        "Bea Smithson": ATTENDED,
        "Wait One": UNKNOWN,
        "Gone": UNKNOWN,
    }
    html = response.content.decode()
    assert re.search(rf'value="{amy.pk}" checked', html)  # the exception shows, ready to correct
    assert "3 attended" in html and "1 did not attend" in html


def test_it_saves_exceptions_without_marking_anyone_else(signed_in, champion_staff, conference):
    people = _people(conference)
    client = signed_in(champion_staff)
    client.post(
        _url(conference),
        {"shown": [people["amy Lee"].pk, people["Zara Khan"].pk], "did_not_attend": [people["amy Lee"].pk]},
    )
    client.post(_url(conference), {"shown": [people["Ben Smith"].pk], "did_not_attend": [people["Ben Smith"].pk]})
    attendance = _attendance(conference)
    assert (attendance["amy Lee"], attendance["Ben Smith"]) == (ABSENT, ABSENT)
    assert (attendance["Zara Khan"], attendance["Bea Smithson"]) == (UNKNOWN, UNKNOWN)
    # Marking everyone else later keeps both exceptions, from any page or search.
    client.post(_url(conference, q="zara"), {"shown": [people["Zara Khan"].pk], "everyone_else": "yes"})
    attendance = _attendance(conference)
    assert (attendance["amy Lee"], attendance["Ben Smith"]) == (ABSENT, ABSENT)
    assert (attendance["Zara Khan"], attendance["Bea Smithson"]) == (ATTENDED, ATTENDED)


def test_it_reverses_an_exception_when_its_box_is_unticked(signed_in, champion_staff, conference):
    people = _people(conference)
    Registration.objects.filter(event=conference, status="confirmed").update(attendance=ATTENDED)
    Registration.objects.filter(pk=people["amy Lee"].pk).update(attendance=ABSENT)
    client = signed_in(champion_staff)
    client.post(_url(conference), {"shown": [people["amy Lee"].pk, people["Ben Smith"].pk]})
    assert _attendance(conference)["amy Lee"] == ATTENDED
    # And the other way: someone recorded as attending is ticked.
    client.post(_url(conference), {"shown": [people["Ben Smith"].pk], "did_not_attend": [people["Ben Smith"].pk]})
    assert _attendance(conference)["Ben Smith"] == ABSENT


def test_it_changes_only_the_people_who_were_on_the_page(signed_in, champion_staff, conference):
    people = _people(conference)
    Registration.objects.filter(pk=people["amy Lee"].pk).update(attendance=ABSENT)
    signed_in(champion_staff).post(_url(conference), {"shown": [people["Zara Khan"].pk]})
    assert _attendance(conference)["amy Lee"] == ABSENT


def test_it_ignores_people_without_a_confirmed_place_and_other_events_registrants(
    signed_in, champion_staff, conference
):
    other = make_registration(make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=1)))
    people = _people(conference)
    ids = [people["Wait One"].pk, people["Gone"].pk, other.pk]
    signed_in(champion_staff).post(_url(conference), {"shown": ids, "did_not_attend": ids, "everyone_else": "yes"})
    assert (_attendance(conference)["Wait One"], _attendance(conference)["Gone"]) == (UNKNOWN, UNKNOWN)
    other.refresh_from_db()
    assert other.attendance == UNKNOWN


@pytest.mark.parametrize(
    "search,expected",
    [
        ("smith", ["Bea Smithson", "Ben Smith"]),
        ("SMITH ben", ["Ben Smith"]),
        ("  amy  ", ["amy Lee"]),
        ("wait", []),
        ("", ["amy Lee", "Bea Smithson", "Ben Smith", "Zara Khan"]),
    ],
)
def test_it_searches_by_name(signed_in, champion_staff, conference, search, expected):
    response = signed_in(champion_staff).get(_url(conference), {"q": search})
    assert response.status_code == 200
    assert _rows(response) == expected
    html = response.content.decode()
    assert "govuk-error-summary" not in html
    if search.strip() and not expected:
        assert "No one with a confirmed place has a name matching" in html


def test_it_keeps_the_search_and_page_when_it_saves(signed_in, champion_staff, conference):
    ben = _people(conference)["Ben Smith"]
    response = signed_in(champion_staff).post(_url(conference, q="smith", page="1"), {"shown": [ben.pk]})
    assert response.status_code == 302
    assert response["Location"] == _url(conference, q="smith", page="1")


@pytest.mark.parametrize(
    "search,error",
    [("x" * 151, "Name must be 150 characters or fewer"), ("amy\x00", "Null characters are not allowed")],
)
def test_it_shows_a_bad_search_as_an_error_and_lists_everyone(signed_in, champion_staff, conference, search, error):
    response = signed_in(champion_staff).get(_url(conference), {"q": search})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and error in html and "<title>Error: " in html
    assert len(_rows(response)) == 4


@pytest.mark.parametrize(
    "data",
    [
        {"shown": ["abc"], "did_not_attend": ["abc"]},
        {"shown": ["99999999999999999999"], "did_not_attend": ["99999999999999999999"]},
        {"shown": ["-1"]},
        {"shown": ["1.5"], "everyone_else": "yes"},
    ],
)
def test_it_rejects_a_bad_list_of_people_and_saves_nothing(signed_in, champion_staff, conference, data):
    response = signed_in(champion_staff).post(_url(conference), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "The list of people was not sent correctly" in html
    assert set(_attendance(conference).values()) == {UNKNOWN}
    assert not AuditEntry.objects.filter(action="event.attendance_marked").exists()


def test_it_saves_nothing_from_an_empty_post(signed_in, champion_staff, conference):
    response = signed_in(champion_staff).post(_url(conference), {})
    assert response.status_code == 302
    assert set(_attendance(conference).values()) == {UNKNOWN}


def test_it_refuses_before_the_event_has_started(signed_in, champion_staff):
    upcoming = make_event(created_by=champion_staff, starts_at=NOW + datetime.timedelta(minutes=30))
    person = make_registration(upcoming)
    client = signed_in(champion_staff)
    response = client.get(_url(upcoming))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You can record attendance once the event has started" in html
    assert 'type="checkbox"' not in html and "Mark everyone else" not in html
    response = client.post(_url(upcoming), {"shown": [person.pk], "everyone_else": "yes"}, follow=True)
    assert "You can record attendance once the event has started" in response.content.decode()
    person.refresh_from_db()
    assert person.attendance == UNKNOWN
    with pytest.raises(attendance.AttendanceRefused):
        attendance.attendance_mark(event=upcoming, everyone_else_attended=True, now=NOW)
    person.refresh_from_db()
    assert person.attendance == UNKNOWN


def test_it_refuses_a_cancelled_event(signed_in, champion_staff, conference):
    Event.objects.filter(pk=conference.pk).update(status=Event.Status.CANCELLED, cancelled_at=NOW)
    client = signed_in(champion_staff)
    assert (
        "This event was cancelled, so there is no attendance to record" in client.get(_url(conference)).content.decode()
    )
    response = client.post(_url(conference), {"shown": _confirmed_pks(conference), "everyone_else": "yes"}, follow=True)
    assert "This event was cancelled, so there is no attendance to record" in response.content.decode()
    assert set(_attendance(conference).values()) == {UNKNOWN}


@pytest.mark.parametrize(
    "person,status", [("la_officer", 403), ("other_la_officer", 403), ("other_champion_staff", 403), (None, 302)]
)
def test_it_refuses_people_who_may_not_manage_the_event(request, client, signed_in, conference, person, status):
    browser = signed_in(request.getfixturevalue(person)) if person else client
    data = {"shown": _confirmed_pks(conference), "everyone_else": "yes"}
    for response in (browser.get(_url(conference)), browser.post(_url(conference), data)):
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith(reverse("accounts:login"))
    assert set(_attendance(conference).values()) == {UNKNOWN}
    assert not AuditEntry.objects.filter(action="event.attendance_marked").exists()


def test_it_hides_another_champions_draft(signed_in, other_champion_staff, champion_staff):
    draft = make_event(created_by=champion_staff, status="draft", published_at=None)
    client = signed_in(other_champion_staff)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), {"everyone_else": "yes"}).status_code == 404


def test_it_lets_programme_staff_mark_attendance(signed_in, programme_staff, conference):
    signed_in(programme_staff).post(_url(conference), {"everyone_else": "yes"})
    assert _attendance(conference)["Zara Khan"] == ATTENDED


def test_it_is_safe_to_repeat_and_audits_each_change_once(signed_in, champion_staff, conference):
    amy = _people(conference)["amy Lee"]
    data = {"shown": _confirmed_pks(conference), "did_not_attend": [amy.pk], "everyone_else": "yes"}
    client = signed_in(champion_staff)
    client.post(_url(conference), data)
    after_first = _attendance(conference)
    client.post(_url(conference), data)
    assert _attendance(conference) == after_first
    entry = AuditEntry.objects.get(action="event.attendance_marked")
    assert entry.object_id == str(conference.pk) and entry.actor == champion_staff
    assert entry.changes == {"attended": [None, 3], "did not attend": [None, 1]}
    assert entry.at == NOW
    assert (
        attendance.attendance_mark(event=conference, did_not_attend=[amy.pk], everyone_else_attended=True, now=NOW) == 0
    )


def test_it_marks_500_people_with_one_update_per_state(champion_staff):
    held = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=2), capacity=500)
    Registration.objects.bulk_create(registration(held) for _ in range(500))
    pks = _confirmed_pks(held)
    attendance.attendance_mark(event=held, attended=pks[:10], now=NOW)
    with CaptureQueriesContext(connection) as captured:
        changed = attendance.attendance_mark(
            event=held, did_not_attend=pks[:20], no_longer_absent=pks[20:100], everyone_else_attended=True, now=NOW
        )
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2  # one to "did not attend", one to "attended"
    assert changed == 20 + 480  # 20 did not attend (10 were marked as attending), the other 480 attended
    counts = dict(held.registrations.order_by().values_list("attendance").annotate(n=Count("pk")))
    assert counts == {ABSENT: 20, ATTENDED: 480}
    if connection.features.has_select_for_update:  # under the event's lock (SQLite has no row locks)
        assert any("FOR UPDATE" in q["sql"] for q in captured.captured_queries)


def _bulk(event: Event, n: int) -> None:
    bolton = LocalAuthority.objects.get(slug="bolton")
    Registration.objects.bulk_create(
        registration(event, name=f"Person {i:03}", local_authority=bolton, partner_type="school") for i in range(n)
    )


def test_it_shows_500_registrants_a_page_at_a_time_in_a_constant_number_of_queries(
    signed_in, champion_staff, query_count
):
    big = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=2), capacity=500)
    client = signed_in(champion_staff)
    _bulk(big, 5)
    few = query_count(lambda: client.get(_url(big)))
    _bulk(big, 495)
    many = query_count(lambda: client.get(_url(big)))
    response = client.get(_url(big))
    assert few == many, (few, many)
    assert len(_rows(response)) == 100
    html = response.content.decode()
    assert html.count('type="checkbox"') == 100
    assert 'aria-label="Page 5"' in html
    assert len(response.content) < 120_000, len(response.content)
    assert len(_rows(client.get(_url(big, page="5")))) == 100
    assert _rows(client.get(_url(big, q="Person 123"))) == ["Person 123"]


def test_it_marks_500_registrants_in_a_constant_number_of_queries(signed_in, champion_staff, query_count):
    big = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=2), capacity=500)
    client = signed_in(champion_staff)
    _bulk(big, 5)

    def mark():
        pks = _confirmed_pks(big)
        Registration.objects.filter(event=big).update(attendance=UNKNOWN)
        data = {"shown": pks[:100], "did_not_attend": pks[:3], "everyone_else": "yes"}
        return query_count(lambda: client.post(_url(big), data))

    few = mark()
    _bulk(big, 495)
    many = mark()
    assert few == many, (few, many)
    assert big.registrations.filter(attendance=ATTENDED).count() == 497
    assert big.registrations.filter(attendance=ABSENT).count() == 3


def test_it_links_the_registrations_page_to_the_attendance_page(signed_in, champion_staff, conference):
    html = signed_in(champion_staff).get(reverse("events:registration_list", args=[conference.pk])).content.decode()
    assert f'href="{_url(conference)}"' in html
    assert 'type="radio"' not in html
