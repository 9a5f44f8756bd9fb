"""load_sample_activity and remove_sample_activity: a year of invented activity for every champion, loaded once for
this module (at a tenth of the registrations and returns), labelled on every page while it is there, sending no
email, and removed exactly; never in production, never twice, never over activity of a database's own."""

import datetime
import io
import time
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from case_studies.models import CaseStudy
from events.models import Event, Registration
from notifications.models import OutboxMessage
from programme.models import Programme
from regions.models import Champion, LocalAuthority
from sample_data.models import SampleLoad, SampleRecord
from self_evaluation.models import Element, QuarterlyReturn, ReturnsWindow
from support_days.models import SupportDay, SupportDayOffer
from tests.conftest import _ensure_reference_data
from tracker.delivery import programme_delivery
from tracker.models import TrackerSnapshot

pytestmark = pytest.mark.xdist_group("sample_data")

AS_AT = timezone.make_aware(datetime.datetime(2014, 1, 14, 12))
BANNER = "This portal is showing invented sample activity as at 14 January 2014"
OUR_APPS = [
    "accounts",
    "audit",
    "events",
    "support_days",
    "case_studies",
    "self_evaluation",
    "tracker",
    "notifications",
]


def _counts() -> dict[str, int]:
    """Rows of every model of the apps the sample writes to."""
    return {
        model._meta.label: model.objects.count() for app in OUR_APPS for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture(scope="module")
def _loaded(django_db_setup, django_db_blocker):
    """The sample loaded once, in a transaction rolled back when the module ends; each test runs in a
    savepoint inside it (pytest-django's `db`), so a test that removes the sample leaves it for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        _ensure_reference_data()
        before = _counts()
        out = io.StringIO()
        started = time.monotonic()
        call_command("load_sample_activity", scale=0.1, stdout=out)
        yield {"before": before, "output": out.getvalue(), "seconds": time.monotonic() - started}
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_loaded, db) -> dict:
    return _loaded


def test_it_says_what_it_loaded(loaded):
    assert "Loaded in" in loaded["output"]
    assert f"{Event.objects.count():>6} events" in loaded["output"]
    assert "Delivery tracker as at that day:" in loaded["output"]
    assert SampleLoad.objects.get().as_at == AS_AT


def test_it_gives_every_champion_events_days_case_studies_and_returns(loaded):
    for champion in Champion.objects.all():
        held = Event.objects.filter(champion=champion, status=Event.Status.PUBLISHED, ends_at__lt=AS_AT)
        upcoming = Event.objects.filter(champion=champion, status=Event.Status.PUBLISHED, ends_at__gt=AS_AT)
        assert held.count() >= 3 and upcoming.exists(), champion
        assert Registration.objects.filter(event__in=held, attendance=Registration.Attendance.ATTENDED).exists()
        assert SupportDayOffer.objects.filter(champion=champion).exists()
        assert SupportDay.objects.filter(champion=champion, status=SupportDay.Status.DELIVERED).exists(), champion
        assert CaseStudy.objects.filter(champion=champion, status=CaseStudy.Status.PUBLISHED).exists(), champion
        assert QuarterlyReturn.objects.filter(local_authority__region=champion.region).exists(), champion


def test_it_has_held_upcoming_cancelled_and_draft_events_and_a_waiting_list(loaded):
    statuses = Counter(Event.objects.values_list("status", flat=True))
    assert statuses[Event.Status.PUBLISHED] > statuses[Event.Status.CANCELLED] > 0
    assert statuses[Event.Status.DRAFT] > 0
    assert Event.objects.filter(kind=Event.Kind.REGIONAL_CONFERENCE, ends_at__lt=AS_AT).exists()
    assert Event.objects.filter(kind=Event.Kind.REGIONAL_CONFERENCE, starts_at__gt=AS_AT).exists()
    assert all(event.themes.exists() for event in Event.objects.all())
    waiting = Registration.objects.filter(status=Registration.Status.WAITLISTED)
    assert waiting.exists() and waiting.filter(event__starts_at__gt=AS_AT).count() == waiting.count()
    full = {r.event for r in waiting}
    assert all(e.registrations.filter(status="confirmed").count() == e.capacity for e in full)
    # Partners of every kind the letter names registered, some in groups, a few cancelled.
    assert len(set(Registration.objects.values_list("partner_type", flat=True))) >= 10
    assert Registration.objects.exclude(group_token="").exists()
    assert Registration.objects.filter(status=Registration.Status.CANCELLED).exists()
    assert not Registration.objects.exclude(email__endswith="@example.invalid").exists()
    # Nobody registered after the as-at moment, or outside an event's registration window.
    assert not Registration.objects.filter(created_at__gt=AS_AT).exists()


def test_it_has_support_days_in_every_state_with_feedback(loaded):
    statuses = set(SupportDay.objects.values_list("status", flat=True))
    assert statuses == set(SupportDay.Status.values)
    delivered = SupportDay.objects.filter(status=SupportDay.Status.DELIVERED)
    assert not delivered.filter(date__gte=AS_AT.date()).exists()
    assert delivered.exclude(feedback_usefulness=None).exists()
    assert not SupportDay.objects.filter(local_authority__pathfinder__isnull=False).exists()
    assert not SupportDay.objects.filter(status=SupportDay.Status.BOOKED, date__lte=AS_AT.date()).exists()


def test_it_has_case_studies_at_every_review_stage(loaded):
    assert set(CaseStudy.objects.values_list("status", flat=True)) == set(CaseStudy.Status.values)
    assert CaseStudy.objects.filter(submitted_late=True).exists()
    assert not CaseStudy.objects.filter(status=CaseStudy.Status.PUBLISHED, published_at__gt=AS_AT).exists()


def test_it_has_returns_windows_and_returns_for_quarters_1_to_3(loaded):
    windows = {w.quarter.number: w.is_open for w in ReturnsWindow.objects.select_related("quarter")}
    assert windows == {1: False, 2: False, 3: True}
    returns = Counter(QuarterlyReturn.objects.values_list("quarter__number", "status"))
    assert returns[1, "submitted"] and returns[2, "submitted"] and returns[3, "submitted"] and returns[3, "draft"]
    elements = Element.objects.count()
    for submitted in QuarterlyReturn.objects.filter(status=QuarterlyReturn.Status.SUBMITTED):
        assert submitted.ratings.exclude(level="").count() == elements
        assert submitted.cost_lines.exists() == submitted.local_authority.is_pathfinder
    assert QuarterlyReturn.objects.filter(started_from__isnull=False).exists()


def test_it_shows_the_programme_in_progress_on_the_tracker(loaded, signed_in, programme_staff, settings):
    deliveries = programme_delivery(programme=Programme.objects.get(), now=AS_AT)
    statuses = Counter(d.status for d in deliveries)
    assert statuses["on_track"] >= 2 and statuses["off_track"] < len(deliveries)
    assert TrackerSnapshot.objects.filter(kind="quarter").count() == 3
    settings.SITE_AS_AT = AS_AT
    page = signed_in(programme_staff).get("/programme/2013-14/tracker/")
    assert Counter(d.status for d in page.context["deliveries"]) == statuses


def test_it_sends_no_email(loaded, mailoutbox):
    assert OutboxMessage.objects.count() == loaded["before"]["notifications.OutboxMessage"] == 0
    assert mailoutbox == []


def test_it_acts_through_inactive_sample_accounts_nobody_can_sign_in_as(loaded):
    made = SampleRecord.objects.filter(content_type__model="user").values("object_id")
    people = apps.get_model("accounts", "User").objects.filter(pk__in=made)
    assert people.count() == 1 + Champion.objects.count() + LocalAuthority.objects.count()
    assert not people.filter(is_active=True).exists()
    assert not any(person.has_usable_password() for person in people)


def test_it_shows_the_banner_on_every_page_while_loaded_and_not_after_removal(
    loaded, client, signed_in, la_officer, settings
):
    settings.SAMPLE_DATA_BANNER = True
    for url in ["/", "/events/", "/library/", "/sign-in/"]:
        assert BANNER in client.get(url).content.decode()
    assert BANNER in signed_in(la_officer).get("/home/").content.decode()
    call_command("remove_sample_activity", stdout=io.StringIO())
    assert BANNER not in client.get("/events/").content.decode()


def test_the_banner_costs_one_query_and_none_where_it_is_off(loaded, client, settings):
    settings.SAMPLE_DATA_BANNER = True
    with CaptureQueriesContext(connection) as captured:
        client.get("/events/")
    assert sum("sample_data_sampleload" in q["sql"] for q in captured.captured_queries) == 1
    settings.SAMPLE_DATA_BANNER = False  # production, and the other tests
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/events/")
    assert not any("sample_data_sampleload" in q["sql"] for q in captured.captured_queries)
    assert BANNER not in page.content.decode()


def test_it_removes_exactly_what_it_made(loaded, champion_staff):
    # Something real, made after the sample, stays; someone's registration for a sample event goes with the event.
    sample_event = Event.objects.filter(status=Event.Status.PUBLISHED).first()
    real = Event.objects.create(
        champion=champion_staff.champion,
        kind=Event.Kind.WORKSHOP,
        title="A real workshop",
        description="Not a sample.",
        starts_at=AS_AT,
        ends_at=AS_AT + datetime.timedelta(hours=2),
        format=Event.Format.ONLINE,
        capacity=20,
        registration_opens_at=AS_AT - datetime.timedelta(days=30),
        registration_closes_at=AS_AT - datetime.timedelta(days=1),
        created_by=champion_staff,
        created_at=AS_AT,
    )
    Registration.objects.create(
        event=sample_event,
        status=Registration.Status.CONFIRMED,
        name="Real Person",
        email="real.person@example.com",
        organisation="A school",
        partner_type="school",
        privacy_agreed_at=AS_AT,
        created_at=AS_AT,
    )
    before = loaded["before"]
    out = io.StringIO()
    call_command("remove_sample_activity", stdout=out)
    after = _counts()
    expected = {**before, "events.Event": before["events.Event"] + 1, "accounts.User": before["accounts.User"] + 1}
    assert after == expected
    assert Event.objects.get() == real
    assert not SampleLoad.objects.exists() and not SampleRecord.objects.exists()
    assert "Removed the sample activity:" in out.getvalue()
    call_command("remove_sample_activity", stdout=out)
    assert "nothing to remove" in out.getvalue()


def test_it_refuses_to_load_twice(loaded):
    before = _counts()
    with pytest.raises(CommandError, match="loaded already"):
        call_command("load_sample_activity", scale=0.1, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_sample_activity", scale=0.1, if_empty=True, stdout=out)
    assert "Sample activity is loaded, as at 14 January 2014." in out.getvalue()
    assert _counts() == before
