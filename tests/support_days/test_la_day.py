"""One support day: its page for both sides, and rescheduling and cancelling it, with the LA officers' cut-off."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Theme
from support_days.models import SupportDay
from tests.support_days.factories import make_offer, make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)  # a Tuesday
MONDAY_14 = datetime.date(2013, 10, 14)  # its cut-off is two working days before: Thursday 10 October
LAST_CHANCE = datetime.datetime(2013, 10, 10, 17, 0, tzinfo=LONDON)
TOO_LATE = datetime.datetime(2013, 10, 11, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def booked(la_officer, champion_staff) -> SupportDay:
    """Bolton's day with Greater Manchester Group on Monday 14 October 2013, booked from an offer."""
    offer = make_offer(created_by=champion_staff, date=MONDAY_14, notes="Bolton Town Hall")
    return make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, offer=offer)


@pytest.fixture
def delivered(la_officer) -> SupportDay:
    day = make_support_day(
        local_authority=la_officer.local_authority,
        requested_by=la_officer,
        status="delivered",
        date=datetime.date(2013, 9, 23),
        attendees="Head of SEN; parent carer forum chair",
        delivery_notes="Walked through the local offer template.",
    )
    day.delivered_themes.set(Theme.objects.filter(slug="joint-commissioning"))
    return day


def _url(name: str, day: SupportDay) -> str:
    return reverse(f"support_days:{name}", args=[day.pk])


def _state() -> list:
    fields = ["status", "date", "offer", "cancellation_reason", "cancelled_by", "feedback_usefulness"]
    return list(SupportDay.objects.order_by("pk").values_list(*fields, "feedback_comments"))


# --- The day's page ---------------------------------------------------------------------------


def test_it_shows_an_la_officer_their_booked_day_and_until_when_they_can_change_it(signed_in, la_officer, booked):
    response = signed_in(la_officer).get(booked.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bolton with Greater Manchester Group" in html
    assert '">Booked</strong>' in html
    assert "Monday 14 October 2013" in html and "In person" in html and "Bolton Town Hall" in html
    assert "Local offer" in html and "We want to get our local offer right." in html
    assert "You can change this day until 10 October 2013" in html
    assert _url("support_day_reschedule", booked) in html
    assert _url("support_day_cancel", booked) in html
    for champions_only in ("support_day_confirm", "support_day_decline", "support_day_deliver"):
        assert _url(champions_only, booked) not in html


def test_it_offers_no_changes_to_an_la_officer_after_the_cut_off(signed_in, la_officer, booked, time_machine):
    time_machine.move_to(TOO_LATE, tick=False)
    html = signed_in(la_officer).get(booked.get_absolute_url()).content.decode()
    assert "It is too close to the day to change it here." in html
    assert _url("support_day_reschedule", booked) not in html
    assert _url("support_day_cancel", booked) not in html


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_shows_the_champion_side_what_they_can_do_with_a_request(request, signed_in, la_officer, person):
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    html = signed_in(request.getfixturevalue(person)).get(day.get_absolute_url()).content.decode()
    assert '">Requested</strong>' in html
    assert "Tuesday 15 October 2013" in html and "Tuesday 22 October 2013" in html  # the preferred dates
    for action in ("support_day_confirm", "support_day_decline", "support_day_cancel"):
        assert _url(action, day) in html
    assert _url("support_day_reschedule", day) not in html
    assert _url("support_day_deliver", day) not in html


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_lets_the_champion_side_record_delivery_from_the_day_itself(
    request, signed_in, booked, person, time_machine
):
    client = signed_in(request.getfixturevalue(person))
    assert _url("support_day_deliver", booked) not in client.get(booked.get_absolute_url()).content.decode()
    time_machine.move_to(datetime.datetime(2013, 10, 14, 8, 0, tzinfo=LONDON), tick=False)
    html = client.get(booked.get_absolute_url()).content.decode()
    assert _url("support_day_deliver", booked) in html
    assert _url("support_day_cancel", booked) in html  # the champion side may cancel after the cut-off


def test_it_shows_what_was_delivered_and_asks_the_la_for_feedback(signed_in, la_officer, champion_staff, delivered):
    html = signed_in(la_officer).get(delivered.get_absolute_url()).content.decode()
    assert '">Delivered</strong>' in html
    assert "Head of SEN; parent carer forum chair" in html
    assert "Joint commissioning" in html
    assert "Walked through the local offer template." in html
    assert _url("support_day_feedback", delivered) in html
    assert _url("support_day_cancel", delivered) not in html

    champion_html = signed_in(champion_staff).get(delivered.get_absolute_url()).content.decode()
    assert "The local authority has not given feedback yet." in champion_html
    assert _url("support_day_feedback", delivered) not in champion_html


def test_it_shows_the_feedback_once_given(signed_in, la_officer, champion_staff, delivered):
    SupportDay.objects.filter(pk=delivered.pk).update(
        feedback_usefulness=4, feedback_comments="Clear.", feedback_at=NOW
    )
    for person in (la_officer, champion_staff):
        html = signed_in(person).get(delivered.get_absolute_url()).content.decode()
        assert "4 out of 5" in html and "Clear." in html
        assert _url("support_day_feedback", delivered) not in html


def test_it_shows_why_a_day_was_declined_or_cancelled(signed_in, la_officer, champion_staff):
    bolton = la_officer.local_authority
    declined = make_support_day(
        local_authority=bolton, requested_by=la_officer, status="declined", date=None, declined_reason="No capacity"
    )
    cancelled = make_support_day(
        local_authority=bolton,
        requested_by=la_officer,
        status="cancelled",
        cancelled_at=NOW,
        cancelled_by=champion_staff,
        cancellation_reason="Illness",
    )
    declined_html = signed_in(la_officer).get(declined.get_absolute_url()).content.decode()
    assert '">Declined</strong>' in declined_html and "No capacity" in declined_html
    cancelled_html = signed_in(la_officer).get(cancelled.get_absolute_url()).content.decode()
    assert '">Cancelled</strong>' in cancelled_html and "Illness" in cancelled_html
    assert "by Chris" in cancelled_html
    for html, day in ((declined_html, declined), (cancelled_html, cancelled)):
        assert _url("support_day_cancel", day) not in html


# --- Rescheduling -----------------------------------------------------------------------------


def test_it_moves_a_booked_day_to_another_offered_date_and_tells_both_sides(
    signed_in, la_officer, champion_staff, other_la_officer, booked, mailoutbox, django_capture_on_commit_callbacks
):
    tuesday = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 15), format="online")
    full = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 16))
    make_support_day(local_authority=other_la_officer.local_authority, requested_by=other_la_officer, offer=full)
    client = signed_in(la_officer)

    page = client.get(_url("support_day_reschedule", booked))
    assert list(page.context["form"].fields["offer"].queryset) == [tuesday]
    assert "Tuesday 15 October 2013, online" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("support_day_reschedule", booked), {"offer": tuesday.pk})

    assert response.status_code == 302 and response.url == booked.get_absolute_url()
    booked.refresh_from_db()
    assert (booked.status, booked.offer, booked.date) == ("booked", tuesday, datetime.date(2013, 10, 15))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([la_officer.email, champion_staff.email])
    assert {m.subject for m in mailoutbox} == {"Support day moved to 15 October 2013"}
    assert "Your support day is moved." in client.get(response.url).content.decode()


def test_it_reschedules_up_to_the_cut_off(signed_in, la_officer, champion_staff, booked, time_machine):
    later = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 22))
    time_machine.move_to(LAST_CHANCE, tick=False)
    assert signed_in(la_officer).post(_url("support_day_reschedule", booked), {"offer": later.pk}).status_code == 302
    booked.refresh_from_db()
    assert booked.date == datetime.date(2013, 10, 22)


def test_it_refuses_to_reschedule_after_the_cut_off_and_changes_nothing(
    signed_in, la_officer, champion_staff, booked, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    later = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 22))
    time_machine.move_to(TOO_LATE, tick=False)
    before = _state()
    client = signed_in(la_officer)

    page = client.get(_url("support_day_reschedule", booked))
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(_url("support_day_reschedule", booked), {"offer": later.pk})

    assert (page.status_code, refused.status_code) == (200, 409)
    for response in (page, refused):
        html = response.content.decode()
        assert "You cannot reschedule this day" in html
        assert "The last day to change it here was 10 October 2013." in html
        assert 'name="offer"' not in html
    assert _state() == before
    assert mailoutbox == []


def test_it_says_when_the_new_date_has_just_been_taken(signed_in, la_officer, other_la_officer, champion_staff, booked):
    later = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 22))
    client = signed_in(la_officer)
    assert 'name="offer"' in client.get(_url("support_day_reschedule", booked)).content.decode()
    make_support_day(local_authority=other_la_officer.local_authority, requested_by=other_la_officer, offer=later)
    before = _state()

    response = client.post(_url("support_day_reschedule", booked), {"offer": later.pk})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "That date has just been taken. Choose another date" in html
    assert _state() == before


def test_it_asks_for_a_date_and_says_when_there_is_none_to_move_to(signed_in, la_officer, champion_staff, booked):
    client = signed_in(la_officer)
    assert "has no other dates you can move to" in client.get(_url("support_day_reschedule", booked)).content.decode()
    make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 22))
    html = client.post(_url("support_day_reschedule", booked), {}).content.decode()
    assert "Select the date you would like instead" in html
    assert SupportDay.objects.get().date == MONDAY_14


def test_it_cannot_reschedule_a_request(signed_in, la_officer):
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    response = signed_in(la_officer).post(_url("support_day_reschedule", day), {})
    assert response.status_code == 409
    assert "has not confirmed a date yet" in response.content.decode()


# --- Cancelling -------------------------------------------------------------------------------


def test_it_lets_an_la_officer_cancel_before_the_cut_off_and_tells_both_sides(
    signed_in, la_officer, champion_staff, booked, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(LAST_CHANCE, tick=False)
    client = signed_in(la_officer)
    page = client.get(_url("support_day_cancel", booked)).content.decode()
    assert "Why are you cancelling the support day?" in page and "novalidate" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("support_day_cancel", booked), {"reason": "Ofsted inspection that week"})

    assert response.status_code == 302 and response.url == booked.get_absolute_url()
    booked.refresh_from_db()
    assert (booked.status, booked.cancelled_by, booked.cancelled_at) == ("cancelled", la_officer, LAST_CHANCE)
    assert booked.cancellation_reason == "Ofsted inspection that week"
    assert sorted(m.to[0] for m in mailoutbox) == sorted([la_officer.email, champion_staff.email])
    assert {m.subject for m in mailoutbox} == {"Support day cancelled: Bolton"}
    assert all("Ofsted inspection that week" in m.body for m in mailoutbox)
    assert "The support day is cancelled." in client.get(response.url).content.decode()


def test_it_lets_an_la_officer_cancel_a_request(signed_in, la_officer):
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    assert signed_in(la_officer).post(_url("support_day_cancel", day), {"reason": "Found a date"}).status_code == 302
    assert SupportDay.objects.get().status == "cancelled"


def test_it_refuses_an_la_officer_after_the_cut_off_and_changes_nothing(
    signed_in, la_officer, booked, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    time_machine.move_to(TOO_LATE, tick=False)
    before = _state()
    client = signed_in(la_officer)
    page = client.get(_url("support_day_cancel", booked))
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(_url("support_day_cancel", booked), {"reason": "Too busy"})
    assert (page.status_code, refused.status_code) == (200, 409)
    for response in (page, refused):
        assert "You cannot cancel this day" in response.content.decode()
        assert "Contact Greater Manchester Group" in response.content.decode()
    assert _state() == before
    assert mailoutbox == []


def test_it_counts_the_cut_off_in_london_time(signed_in, la_officer, booked, time_machine):
    """Half past midnight on Friday 11 October in London is still Thursday in UTC: too late all the same."""
    time_machine.move_to(datetime.datetime(2013, 10, 11, 0, 30, tzinfo=LONDON), tick=False)
    client = signed_in(la_officer)
    assert client.post(_url("support_day_cancel", booked), {"reason": "Too busy"}).status_code == 409
    assert client.post(_url("support_day_reschedule", booked), {}).status_code == 409
    assert SupportDay.objects.get().status == "booked"


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
def test_it_lets_the_champion_side_cancel_after_the_cut_off(request, signed_in, booked, time_machine, person):
    time_machine.move_to(TOO_LATE, tick=False)
    user = request.getfixturevalue(person)
    response = signed_in(user).post(_url("support_day_cancel", booked), {"reason": "Trainer is ill"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert (booked.status, booked.cancelled_by, booked.cancellation_reason) == ("cancelled", user, "Trainer is ill")


@pytest.mark.parametrize(
    "data,error",
    [
        ({}, "Enter why you are cancelling the support day"),
        ({"reason": "   "}, "Enter why you are cancelling the support day"),
        ({"reason": "x" * 1001}, "Reason must be 1,000 characters or fewer"),
    ],
)
def test_it_asks_for_a_reason_and_changes_nothing_without_one(
    signed_in, la_officer, booked, mailoutbox, django_capture_on_commit_callbacks, data, error
):
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(la_officer).post(_url("support_day_cancel", booked), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html and error in html
    assert 'href="#id_reason"' in html
    assert _state() == before
    assert mailoutbox == []


def test_it_leaves_a_cancelled_day_alone_and_refuses_to_cancel_a_delivered_one(
    signed_in, la_officer, champion_staff, delivered
):
    cancelled = make_support_day(
        local_authority=la_officer.local_authority,
        requested_by=la_officer,
        status="cancelled",
        cancelled_at=NOW,
        cancelled_by=champion_staff,
        cancellation_reason="First reason",
    )
    before = _state()
    again = signed_in(champion_staff).post(_url("support_day_cancel", cancelled), {"reason": "Second"}, follow=True)
    assert "This day was already cancelled. Nothing changed." in again.content.decode()
    refused = signed_in(champion_staff).post(_url("support_day_cancel", delivered), {"reason": "Oops"})
    assert refused.status_code == 409
    assert "This day is delivered, so it can no longer be changed." in refused.content.decode()
    assert _state() == before
