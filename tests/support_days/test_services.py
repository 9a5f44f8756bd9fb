"""Support-day offers and bookings through the services: capacity, clashes, cut-off, emails."""

import datetime

import pytest
import time_machine

from accounts.models import Role, User
from notifications.models import OutboxMessage
from programme.models import Theme
from regions.models import LocalAuthority
from support_days.models import SupportDay, SupportDayOffer, working_days_before
from support_days.services import (
    DateTaken,
    SupportDayRefused,
    offer_withdraw,
    offers_create,
    support_day_book,
    support_day_cancel,
    support_day_confirm,
    support_day_decline,
    support_day_deliver,
    support_day_emails_queue,
    support_day_feedback,
    support_day_request,
    support_day_reschedule,
)

# Tuesday 1 October 2013, 9am in London.
NOW = datetime.datetime(2013, 10, 1, 8, 0, tzinfo=datetime.UTC)
TUESDAY_15 = datetime.date(2013, 10, 15)
TUESDAY_22 = datetime.date(2013, 10, 22)


def _offers(staff, dates=(TUESDAY_15, TUESDAY_22), capacity=1) -> list[SupportDayOffer]:
    return offers_create(
        champion=staff.champion, dates=list(dates), format="in_person", capacity=capacity, notes="", by=staff, now=NOW
    )


def _book(offer, officer, now=NOW) -> SupportDay:
    return support_day_book(
        offer=offer,
        local_authority=officer.local_authority,
        themes=Theme.objects.filter(slug="local-offer"),
        context="Our local offer",
        by=officer,
        now=now,
    )


def _officer(slug: str) -> User:
    la = LocalAuthority.objects.get(slug=slug)
    return User.objects.create_user(
        f"officer@{slug}.example", "x", full_name=f"{la} officer", role=Role.LA_OFFICER, local_authority=la
    )


def test_it_offers_many_dates_and_skips_ones_already_offered(champion_staff):
    assert len(_offers(champion_staff)) == 2
    again = _offers(champion_staff, dates=(TUESDAY_15, datetime.date(2013, 10, 29)))
    assert [o.date for o in again] == [datetime.date(2013, 10, 29)]
    assert SupportDayOffer.objects.count() == 3


def test_it_books_an_offered_date_and_emails_both_sides_with_a_calendar_file(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    offer, _ = _offers(champion_staff)
    with django_capture_on_commit_callbacks(execute=True):
        day = _book(offer, la_officer)
    assert (day.status, day.date, day.champion, day.booked_at) == ("booked", TUESDAY_15, champion_staff.champion, NOW)
    assert list(day.themes.values_list("slug", flat=True)) == ["local-offer"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([la_officer.email, champion_staff.email])
    assert all(m.attachments[0][0] == "support-day.ics" for m in mailoutbox)
    assert "DTSTART:20131015T080000Z" in mailoutbox[0].attachments[0][1]


def test_it_never_books_an_offer_beyond_its_capacity(champion_staff, la_officer):
    offer, _ = _offers(champion_staff)
    _book(offer, la_officer)
    with pytest.raises(DateTaken):
        _book(offer, _officer("bury"))
    assert SupportDay.objects.count() == 1


def test_it_lets_two_las_share_a_date_offered_for_two(champion_staff, la_officer):
    offer, _ = _offers(champion_staff, capacity=2)
    _book(offer, la_officer)
    _book(offer, _officer("bury"))
    with pytest.raises(DateTaken):
        _book(offer, _officer("salford"))


def test_it_refuses_a_second_active_day_for_an_la_on_the_same_date(champion_staff, other_champion_staff, la_officer):
    mine, _ = _offers(champion_staff)
    theirs, _ = _offers(other_champion_staff)
    _book(mine, la_officer)
    with pytest.raises(SupportDayRefused, match="already has a support day on that date"):
        _book(theirs, la_officer)


def test_it_refuses_withdrawn_and_past_offers(champion_staff, la_officer):
    offer, later = _offers(champion_staff)
    offer_withdraw(offer=offer, now=NOW)
    with pytest.raises(SupportDayRefused, match="no longer offered"):
        _book(offer, la_officer)
    with pytest.raises(SupportDayRefused, match="no longer offered"):
        _book(later, la_officer, now=NOW + datetime.timedelta(days=30))


def test_it_withdraws_only_unbooked_offers(champion_staff, la_officer):
    offer, spare = _offers(champion_staff)
    _book(offer, la_officer)
    with pytest.raises(SupportDayRefused, match="cannot be withdrawn"):
        offer_withdraw(offer=offer, now=NOW)
    offer_withdraw(offer=spare, now=NOW)
    offer_withdraw(offer=spare, now=NOW + datetime.timedelta(hours=1))
    spare.refresh_from_db()
    assert spare.withdrawn_at == NOW


def test_it_counts_the_cut_off_in_working_days():
    monday = datetime.date(2013, 10, 14)
    assert working_days_before(monday, 2) == datetime.date(2013, 10, 10)  # Thursday
    assert working_days_before(datetime.date(2013, 10, 16), 2) == datetime.date(2013, 10, 14)


def test_it_lets_an_la_reschedule_and_cancel_only_up_to_the_cut_off(champion_staff, la_officer):
    offer, later = _offers(champion_staff)
    day = _book(offer, la_officer)
    too_late = datetime.datetime(2013, 10, 12, 9, 0, tzinfo=datetime.UTC)  # Saturday before Tuesday 15th
    with pytest.raises(SupportDayRefused):
        support_day_reschedule(day=day, offer=later, by=la_officer, now=too_late)
    with pytest.raises(SupportDayRefused, match="too close"):
        support_day_cancel(day=day, reason="Clash", by=la_officer, now=too_late)
    moved = support_day_reschedule(day=day, offer=later, by=la_officer, now=NOW)
    assert (moved.date, moved.offer) == (TUESDAY_22, later)
    # The first date is free again for another LA.
    assert _book(offer, _officer("bury")).status == "booked"


def test_it_lets_the_champion_cancel_after_the_cut_off_and_cancelling_twice_is_harmless(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    offer, _ = _offers(champion_staff)
    day = _book(offer, la_officer)
    late = datetime.datetime(2013, 10, 14, 9, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        support_day_cancel(day=day, reason="Illness", by=champion_staff, now=late)
        support_day_cancel(day=day, reason="Again", by=champion_staff, now=late)
    day.refresh_from_db()
    assert (day.status, day.cancellation_reason, day.cancelled_by) == ("cancelled", "Illness", champion_staff)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([la_officer.email, champion_staff.email])
    assert "Illness" in mailoutbox[0].body


def test_it_confirms_a_request_on_a_date_and_emails_the_la(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        day = support_day_request(
            champion=champion_staff.champion,
            local_authority=la_officer.local_authority,
            preferred_dates=[TUESDAY_22],
            themes=Theme.objects.all()[:2],
            context="Joint commissioning",
            by=la_officer,
            now=NOW,
        )
    assert [m.to for m in mailoutbox] == [[champion_staff.email]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        day = support_day_confirm(day=day, date=TUESDAY_22, format="online", by=champion_staff, now=NOW)
    assert (day.status, day.date, day.offer.capacity, day.offer.format) == ("booked", TUESDAY_22, 1, "online")
    assert [m.to for m in mailoutbox] == [[la_officer.email]]
    assert mailoutbox[0].attachments


def test_it_will_not_confirm_a_request_on_a_date_already_full(champion_staff, la_officer):
    offer, _ = _offers(champion_staff)
    _book(offer, _officer("bury"))
    day = support_day_request(
        champion=champion_staff.champion,
        local_authority=la_officer.local_authority,
        preferred_dates=[TUESDAY_15],
        themes=[],
        context="",
        by=la_officer,
        now=NOW,
    )
    with pytest.raises(DateTaken):
        support_day_confirm(day=day, date=TUESDAY_15, format="online", by=champion_staff, now=NOW)
    day.refresh_from_db()
    assert day.status == "requested"


def test_it_declines_a_request(champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks):
    day = support_day_request(
        champion=champion_staff.champion,
        local_authority=la_officer.local_authority,
        preferred_dates=[TUESDAY_15],
        themes=[],
        context="",
        by=la_officer,
        now=NOW,
    )
    with django_capture_on_commit_callbacks(execute=True):
        support_day_decline(day=day, reason="No capacity in October", by=champion_staff, now=NOW)
    assert SupportDay.objects.get().status == "declined"
    assert "No capacity in October" in [m for m in mailoutbox if m.to == [la_officer.email]][-1].body


def test_it_records_delivery_on_or_after_the_day_then_feedback_once(champion_staff, la_officer):
    offer, _ = _offers(champion_staff)
    day = _book(offer, la_officer)
    with pytest.raises(SupportDayRefused, match="on or after the day"):
        support_day_deliver(day=day, attendees="Head of SEN", themes=[], notes="", now=NOW)
    with pytest.raises(SupportDayRefused, match="once the day has been delivered"):
        support_day_feedback(day=day, usefulness=5, comments="", now=NOW)
    on_the_day = datetime.datetime(2013, 10, 15, 16, 0, tzinfo=datetime.UTC)
    day = support_day_deliver(
        day=day, attendees="Head of SEN", themes=Theme.objects.all()[:3], notes="Good day", now=on_the_day
    )
    assert (day.status, day.delivered_themes.count()) == ("delivered", 3)
    support_day_feedback(day=day, usefulness=4, comments="Useful", now=on_the_day)
    with pytest.raises(SupportDayRefused, match="already been given"):
        support_day_feedback(day=day, usefulness=1, comments="Changed my mind", now=on_the_day)
    day.refresh_from_db()
    assert (day.feedback_usefulness, day.feedback_comments) == (4, "Useful")


def test_it_sends_each_notice_once_however_often_it_is_queued(
    champion_staff, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    offer, _ = _offers(champion_staff)
    with django_capture_on_commit_callbacks(execute=True):
        day = _book(offer, la_officer)
        for _ in range(3):
            assert support_day_emails_queue(day=day, template="support_day_booked", now=NOW) == 0
    assert len(mailoutbox) == 2
    rows = OutboxMessage.objects.filter(key__startswith=f"support_day_booked:{day.pk}:")
    assert sorted(rows.values_list("state", flat=True)) == [OutboxMessage.State.SENT] * 2


def test_it_counts_a_pathfinder_las_day_but_lets_it_book(champion_staff):
    offer, _ = _offers(champion_staff)
    wigan = _officer("wigan")
    assert wigan.local_authority.is_pathfinder
    assert _book(offer, wigan).status == "booked"


def test_it_keeps_time_as_an_argument(champion_staff, la_officer):
    offer, _ = _offers(champion_staff)
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)):
        day = _book(offer, la_officer)  # the service uses NOW, not the clock
    assert day.booked_at == NOW


def test_it_counts_days_in_london_time_not_utc(champion_staff, la_officer):
    offer, _ = _offers(champion_staff)
    day = _book(offer, la_officer)
    # 00:30 on 15 October in London is still 14 October in UTC: the day has begun, so it can be delivered.
    just_after_midnight = datetime.datetime(2013, 10, 14, 23, 30, tzinfo=datetime.UTC)
    assert support_day_deliver(day=day, attendees="SENCO", themes=[], notes="", now=just_after_midnight).status == (
        "delivered"
    )
