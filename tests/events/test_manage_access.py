"""Only the organising champion's staff and programme staff manage an event; everyone else changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Registration
from regions.models import Champion
from tests.events.factories import event_form_data, make_event, make_registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def published(champion_staff) -> Event:
    """Greater Manchester Group's workshop, under way (so attendance can be recorded), with one person."""
    workshop = make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(hours=1))
    make_registration(workshop, email="ann@example.com", access_needs="Wheelchair user")
    return workshop


@pytest.fixture
def draft(champion_staff) -> Event:
    draft = make_event(created_by=champion_staff, title="Secret draft", status=Event.Status.DRAFT, published_at=None)
    make_registration(draft, email="bo@example.com")
    return draft


def _requests(event: Event) -> list[tuple[str, str, dict | None]]:
    """Every organiser page of the event, as a GET, and every change, as a POST that would work."""
    url = lambda name, *args: reverse(f"events:{name}", args=[event.pk, *args])  # noqa: E731
    registration = event.registrations.get()
    return [
        ("get", url("event_edit"), None),
        ("post", url("event_edit"), event_form_data(title="Changed by someone else")),
        ("post", url("event_publish"), None),
        ("get", url("event_cancel"), None),
        ("post", url("event_cancel"), {"reason": "Changed by someone else"}),
        ("get", url("registration_list"), None),
        ("get", url("attendance_mark"), None),
        ("post", url("attendance_mark"), {"shown": [registration.pk], "did_not_attend": [registration.pk]}),
        ("get", url("registration_export", "csv"), None),
        ("get", url("registration_export", "xlsx"), None),
        ("get", url("attendance_export", "csv"), None),
        ("get", url("attendance_export", "xlsx"), None),
        ("get", url("event_representation"), None),
    ]


def _state() -> list:
    events = Event.objects.order_by("pk").values_list("title", "status", "capacity", "cancellation_reason")
    registrations = Registration.objects.order_by("pk").values_list("status", "attendance")
    return [list(events), list(registrations)]


def _send(client, method: str, url: str, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_it_sends_anonymous_visitors_to_sign_in(client, published, draft):
    before = _state()
    pages = [("get", reverse("events:event_manage_list"), None), ("get", reverse("events:event_create"), None)]
    pages.append(("post", reverse("events:event_create"), event_form_data()))
    for method, url, data in pages + _requests(published) + _requests(draft):
        response = _send(client, method, url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert _state() == before


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer"])
def test_it_refuses_la_officers(request, signed_in, published, draft, person):
    client = signed_in(request.getfixturevalue(person))
    before = _state()
    pages = [("get", reverse("events:event_manage_list"), None), ("get", reverse("events:event_create"), None)]
    pages.append(("post", reverse("events:event_create"), event_form_data()))
    for method, url, data in pages + _requests(published) + _requests(draft):
        assert _send(client, method, url, data).status_code == 403, url
    assert _state() == before


def test_it_refuses_another_champions_staff(signed_in, other_champion_staff, published, draft):
    client = signed_in(other_champion_staff)
    before = _state()
    for method, url, data in _requests(published):
        assert _send(client, method, url, data).status_code == 403, url
    # A draft is not even admitted to exist.
    for method, url, data in _requests(draft):
        response = _send(client, method, url, data)
        assert response.status_code == 404, url
        assert b"Secret draft" not in response.content
    assert _state() == before


def test_it_keeps_other_champions_events_off_a_champions_list(signed_in, other_champion_staff, published, draft):
    response = signed_in(other_champion_staff).get(reverse("events:event_manage_list"))
    assert response.context["upcoming"] == [] and response.context["past"] == []


def test_it_lets_programme_staff_manage_any_champions_events(signed_in, programme_staff, published, draft):
    client = signed_in(programme_staff)
    for method, url, _data in _requests(published) + _requests(draft):
        if method == "get":
            assert client.get(url).status_code == 200, url
    client.post(reverse("events:event_publish", args=[draft.pk]))
    client.post(reverse("events:attendance_mark", args=[published.pk]), _requests(published)[7][2])
    draft.refresh_from_db()
    assert draft.status == "published"
    assert published.registrations.get().attendance == "did_not_attend"


def test_it_lets_champion_staff_manage_their_own_events(signed_in, champion_staff, published, draft):
    client = signed_in(champion_staff)
    for method, url, _data in _requests(published) + _requests(draft):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_it_gives_404_for_an_unknown_event_or_download_format(signed_in, programme_staff, published):
    client = signed_in(programme_staff)
    assert client.get(reverse("events:registration_list", args=[999999])).status_code == 404
    for name in ("registration_export", "attendance_export"):
        for fmt in ("pdf", "CSV", "xlsx.exe"):
            assert client.get(reverse(f"events:{name}", args=[published.pk, fmt])).status_code == 404


def test_it_never_lets_champion_staff_create_for_another_champion(signed_in, other_champion_staff):
    gm = Champion.objects.get(slug="greater-manchester-group")
    signed_in(other_champion_staff).post(reverse("events:event_create"), event_form_data(champion=gm.pk))
    assert Event.objects.get().champion.slug == "hartlepool"
