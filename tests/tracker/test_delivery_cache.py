"""The tracker's figures come from the cache while nothing they count has changed, and are never stale: any
change to what they count, an event ending, midnight, or a question about an earlier moment counts them again
(tracker/delivery_cache.py)."""

import datetime
import zoneinfo

import pytest

from case_studies.models import CaseStudy
from events.attendance import attendance_mark
from events.models import Event, Registration
from programme.models import Programme, Quarter
from regions.models import Champion, LocalAuthority
from regions.services import local_authority_assign_champion
from tests.case_studies.factories import make_resource, submitted
from tests.events.factories import make_event, make_registration
from tests.support_days.factories import make_support_day
from tracker.delivery import programme_delivery
from tracker.delivery_cache import programme_delivery_cached

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)


def _figures(rows) -> list:
    """Everything a tracker page shows of each champion."""
    return [
        (
            row.champion.slug,
            row.status,
            (row.conference.actual, row.conference.target, row.conference.status),
            row.conferences_held,
            row.conferences_scheduled,
            {theme: (f.actual, f.status) for theme, f in row.workshops.items()},
            dict(row.workshops_upcoming),
            (row.assigned_las, row.las_delivered, row.las_booked, row.support_days.status),
            {quarter: status.status for quarter, status in row.case_studies.items()},
            dict(row.published_by_quarter),
            {t: n for t, n in row.attendees_by_partner_type.items() if n},
            row.allocation,
        )
        for row in rows
    ]


def cached(now=NOW, champion=None, programme=None) -> list:
    programme = programme or Programme.objects.get()
    return _figures(programme_delivery_cached(programme=programme, now=now, champion=champion))


def counted(now=NOW, champion=None) -> list:
    return _figures(programme_delivery(programme=Programme.objects.get(), now=now, champion=champion))


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def gm(reference_data) -> Champion:
    return Champion.objects.get(slug="greater-manchester-group")


@pytest.fixture
def workshop(programme_staff, gm) -> Event:
    """A workshop of GM's held in June: one person there, one not recorded."""
    held = make_event(
        created_by=programme_staff, champion=gm, starts_at=datetime.datetime(2013, 6, 3, 10, tzinfo=LONDON)
    )
    make_registration(held, partner_type="school", attendance="attended")
    make_registration(held, partner_type="health")
    return held


def test_it_answers_a_second_time_from_the_cache_without_a_query(workshop, query_count):
    programme = Programme.objects.get()
    first = cached(programme=programme)

    assert query_count(lambda: cached(programme=programme)) == 0
    assert cached() == first == counted()


def test_it_keeps_one_champion_apart_from_everyone(workshop, gm):
    everyone, one = cached(), cached(champion=gm)

    assert one == [row for row in everyone if row[0] == gm.slug] == counted(champion=gm)


def _publish_a_conference(programme_staff, gm, **kwargs):
    make_event(
        created_by=programme_staff,
        champion=gm,
        kind=Event.Kind.REGIONAL_CONFERENCE,
        starts_at=datetime.datetime(2013, 9, 2, 10, tzinfo=LONDON),
    )


def _mark_attendance(programme_staff, gm, workshop, **kwargs):
    someone = workshop.registrations.get(partner_type="health")
    attendance_mark(event=workshop, now=NOW, attended=[someone.pk])  # an UPDATE, which sends no signal


def _cancel_the_workshop(workshop, **kwargs):
    workshop.status = Event.Status.CANCELLED
    workshop.save()


def _deliver_a_day(programme_staff, gm, **kwargs):
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bury"),
        requested_by=programme_staff,
        champion=gm,
        status="delivered",
        date=datetime.date(2013, 10, 1),
    )


def _submit_a_case_study(programme_staff, gm, **kwargs):
    submitted(
        created_by=programme_staff,
        champion=gm,
        quarter=Quarter.objects.get(number=1),
        at=datetime.datetime(2013, 7, 1, 10, tzinfo=LONDON),
        status=CaseStudy.Status.PUBLISHED,
        published_at=datetime.datetime(2013, 7, 20, 10, tzinfo=LONDON),
    )


def _publish_a_resource(champion_staff, **kwargs):
    make_resource(published_by=champion_staff, published_at=datetime.datetime(2013, 8, 10, 10, tzinfo=LONDON))


def _move_an_la(programme_staff, gm, **kwargs):
    local_authority_assign_champion(
        local_authority=LocalAuthority.objects.get(slug="sunderland"),
        champion=gm,
        reason="Capacity",
        by=programme_staff,
        now=NOW,
    )


def _change_a_target(**kwargs):
    programme = Programme.objects.get()
    programme.target_regional_conferences = 2
    programme.save()


@pytest.mark.parametrize(
    "change",
    [
        _publish_a_conference,
        _mark_attendance,
        _cancel_the_workshop,
        _deliver_a_day,
        _submit_a_case_study,
        _publish_a_resource,
        _move_an_la,
        _change_a_target,
    ],
    ids=lambda change: change.__name__.strip("_").replace("_", " "),
)
def test_it_counts_again_after_a_change(change, workshop, gm, programme_staff, champion_staff):
    before = cached()

    change(programme_staff=programme_staff, champion_staff=champion_staff, gm=gm, workshop=workshop)

    assert cached() == counted() != before


def test_it_counts_again_when_an_event_ends(programme_staff, gm, time_machine):
    make_event(
        created_by=programme_staff,
        champion=gm,
        kind=Event.Kind.REGIONAL_CONFERENCE,
        starts_at=NOW - datetime.timedelta(hours=1),
        ends_at=NOW + datetime.timedelta(hours=1),
    )
    during = NOW + datetime.timedelta(minutes=30)
    after = NOW + datetime.timedelta(hours=2)

    assert cached()[0:9] == counted()[0:9]
    assert cached(during) == counted(during)
    assert cached(after) == counted(after) != counted(during)


def test_it_counts_again_after_midnight(workshop, query_count):
    programme = Programme.objects.get()
    evening = NOW.replace(hour=23, minute=30)
    cached(evening, programme=programme)
    assert query_count(lambda: cached(evening, programme=programme)) == 0

    next_morning = evening + datetime.timedelta(hours=1)

    assert query_count(lambda: cached(next_morning, programme=programme)) > 0
    assert cached(next_morning) == counted(next_morning)


def _deliver_bury_on_1_october(programme_staff, gm) -> None:
    """A day delivered to Bury on 1 October 2013, recorded as delivered at 4pm that day."""
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="bury"),
        requested_by=programme_staff,
        champion=gm,
        status="delivered",
        date=datetime.date(2013, 10, 1),
        delivered_at=datetime.datetime(2013, 10, 1, 16, tzinfo=LONDON),
    )


def test_it_counts_again_for_an_earlier_moment(workshop, programme_staff, gm):
    _deliver_bury_on_1_october(programme_staff, gm)
    cached(NOW)
    september = datetime.datetime(2013, 9, 30, tzinfo=LONDON)

    assert cached(september) == counted(september) != counted(NOW)


def test_it_counts_again_when_a_later_recorded_delivery_comes_due(workshop, programme_staff, gm):
    """A figure asked for as at a moment before a recorded delivery (a snapshot looking back) is kept only
    until that delivery's time."""
    _deliver_bury_on_1_october(programme_staff, gm)
    morning, evening = (datetime.datetime(2013, 10, 1, hour, tzinfo=LONDON) for hour in (9, 17))
    cached(morning)

    assert cached(evening) == counted(evening) != counted(morning)


def test_it_counts_a_registration_in_the_figures_it_shows(workshop):
    """Registrations change the events topic too: a place taken on an upcoming event is on the next view."""
    before = cached()
    make_registration(workshop, partner_type="vcs", attendance=Registration.Attendance.ATTENDED)

    assert cached() == counted() != before
