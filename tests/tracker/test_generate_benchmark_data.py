"""The benchmark data command: a large programme state for measuring the tracker, never in production."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from case_studies.models import CaseStudy
from events.models import Event, Registration
from support_days.models import SupportDay, SupportDayOffer
from tracker.management.commands.generate_benchmark_data import BENCHMARK_PEOPLE, large_event_title


def _generate(**options) -> str:
    defaults = {"events": 40, "registrations": 300, "support_days": 12, "case_studies": 5, "seed": 1}
    out = io.StringIO()
    call_command("generate_benchmark_data", **{**defaults, **options}, stdout=out)
    return out.getvalue()


def test_it_makes_what_it_is_asked_for(reference_data, capsys):
    call_command("generate_benchmark_data", events=40, registrations=300, support_days=12, case_studies=5, seed=1)
    assert "Made 40 events, 300 registrations, 12 support days and 5 case studies in" in capsys.readouterr().out
    assert Event.objects.filter(status=Event.Status.PUBLISHED).count() == 40
    assert Event.objects.values("champion").distinct().count() == 9
    assert not Event.objects.filter(themes=None).exists()
    assert Registration.objects.count() == 300
    assert Registration.objects.filter(attendance=Registration.Attendance.ATTENDED).exists()
    assert SupportDay.objects.count() == 12
    assert not SupportDay.objects.filter(local_authority__pathfinder__isnull=False).exists()
    assert CaseStudy.objects.filter(first_submitted_at__isnull=False).count() == 5


def test_it_spreads_events_over_the_programme_year(reference_data):
    _generate(events=200, registrations=0)
    dates = [e.starts_at.date() for e in Event.objects.all()]
    assert min(dates).isoformat() >= "2013-04-01" and max(dates).isoformat() <= "2014-03-31"
    assert len({d.month for d in dates}) == 12
    assert set(Event.objects.values_list("kind", flat=True)) == set(Event.Kind.values)


def test_it_can_run_twice_with_one_creator(reference_data):
    _generate()
    _generate(seed=2)
    assert Event.objects.count() == 80
    assert User.objects.filter(email="benchmark-data@example.invalid").count() == 1


def test_it_says_when_the_reference_data_is_missing(empty_database):
    with pytest.raises(CommandError, match="load_programme"):
        _generate()
    assert Event.objects.count() == 0


def test_it_refuses_in_production(reference_data, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        _generate()
    assert Event.objects.count() == 0


def test_it_makes_what_each_key_page_needs(reference_data):
    out = _generate(events=30, upcoming_events=5, registrations=100, large_events=[25], support_days=8, case_studies=4)
    assert "Made 31 events, 125 registrations, 8 support days and 4 case studies in" in out
    large = Event.objects.get(title=large_event_title(25))
    assert large.champion.slug == "greater-manchester-group" and large.registrations.count() == 25 == large.capacity
    upcoming = Event.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 5
    assert all(e.registration_refusal(timezone.now()) is None for e in upcoming)
    assert set(SupportDay.objects.values_list("status", flat=True)) == set(SupportDay.Status.values)
    booked = SupportDay.objects.filter(status__in=["booked", "delivered"])
    assert not booked.filter(offer=None).exists()
    assert SupportDayOffer.objects.filter(date__gt=timezone.localdate(), support_days=None).exists()  # free places
    assert CaseStudy.objects.filter(status=CaseStudy.Status.PUBLISHED).count() == 2
    people = User.objects.filter(email__in=[email for email, _, _ in BENCHMARK_PEOPLE.values()])
    assert {(p.role, p.champion_id is not None, p.local_authority_id is not None) for p in people} == {
        ("programme_staff", False, False),
        ("champion_staff", True, False),
        ("la_officer", False, True),
    }


def test_it_makes_nothing_if_missing_and_already_there(reference_data):
    _generate()
    assert "already there: nothing made" in _generate(if_missing=True)
    assert Event.objects.count() == 40


def test_it_refuses_more_upcoming_events_than_events(reference_data):
    with pytest.raises(CommandError, match="upcoming"):
        _generate(events=3, upcoming_events=4)
