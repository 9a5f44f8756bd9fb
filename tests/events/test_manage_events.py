"""Organisers see their events, publish drafts and cancel events (which emails everyone affected)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.models import Event, Registration
from events.views.manage import EVENTS_PER_PAGE
from regions.models import Champion
from tests.events.factories import event, make_event, make_registration, registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 9, 2, 9, 0, tzinfo=LONDON)
LIST = reverse("events:event_manage_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _titles(events) -> list[str]:
    return [e.title for e in events]


def test_it_lists_the_champions_own_events_of_every_status(signed_in, champion_staff, other_champion_staff):
    make_event(created_by=champion_staff, title="Draft", status=Event.Status.DRAFT)
    make_event(created_by=champion_staff, title="Cancelled", status=Event.Status.CANCELLED)
    make_event(created_by=champion_staff, title="Held", starts_at=NOW - datetime.timedelta(days=7))
    hartlepool = Champion.objects.get(slug="hartlepool")
    make_event(created_by=other_champion_staff, champion=hartlepool, title="Hartlepool's")
    response = signed_in(champion_staff).get(LIST)
    assert _titles(response.context["upcoming"]) == ["Draft", "Cancelled"]
    assert _titles(response.context["past"]) == ["Held"]
    html = response.content.decode()
    assert "Hartlepool&#x27;s" not in html and "Hartlepool's" not in html
    for words in ('govuk-tag--grey">Draft', 'govuk-tag--red">Cancelled', 'govuk-tag--green">Published'):
        assert words in html
    assert reverse("events:event_create") in html and "Create an event" in html


def test_it_shows_the_date_in_uk_style_and_the_places_taken(signed_in, champion_staff):
    workshop = make_event(
        created_by=champion_staff, capacity=3, starts_at=datetime.datetime(2013, 10, 14, 9, 0, tzinfo=datetime.UTC)
    )
    for status in ("confirmed", "confirmed", "waitlisted", "cancelled"):
        make_registration(workshop, status=status)
    html = signed_in(champion_staff).get(LIST).content.decode()
    assert "14 October 2013" in html
    assert "10am to" in html  # 09:00 UTC is 10am in London (British Summer Time)
    assert "2 of 3" in html
    row = html.split("Personal budgets in practice")[1].split("</tr>")[0]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in row


def test_it_lists_every_champions_events_for_programme_staff_with_a_filter(signed_in, programme_staff):
    make_event(created_by=programme_staff, title="GM")
    make_event(created_by=programme_staff, title="NE", champion=Champion.objects.get(slug="hartlepool"))
    client = signed_in(programme_staff)
    assert sorted(_titles(client.get(LIST).context["upcoming"])) == ["GM", "NE"]
    hartlepool = Champion.objects.get(slug="hartlepool")
    assert _titles(client.get(LIST, {"champion": hartlepool.pk}).context["upcoming"]) == ["NE"]
    bad = client.get(LIST, {"champion": "nope"})
    assert bad.status_code == 200 and "Select a champion from the list" in bad.content.decode()
    assert sorted(_titles(bad.context["upcoming"])) == ["GM", "NE"]


def test_it_lists_events_in_a_constant_number_of_queries(signed_in, programme_staff, query_count):
    client = signed_in(programme_staff)
    counts = {}
    for total in (5, 200):
        made = Event.objects.bulk_create(
            event(created_by=programme_staff) for _ in range(total - Event.objects.count())
        )
        Registration.objects.bulk_create(registration(e, status=s) for e in made for s in ("confirmed", "waitlisted"))
        counts[total] = query_count(lambda: client.get(LIST))
        assert len(client.get(LIST).context["upcoming"]) == min(total, EVENTS_PER_PAGE)  # a page at a time
    assert counts[5] == counts[200], counts


def test_it_publishes_a_draft(signed_in, champion_staff):
    draft = make_event(created_by=champion_staff, status=Event.Status.DRAFT, published_at=None)
    response = signed_in(champion_staff).post(reverse("events:event_publish", args=[draft.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("events:registration_list", args=[draft.pk])
    assert "is published. People can now find it and register" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", NOW)


def test_it_only_publishes_by_post(signed_in, champion_staff):
    draft = make_event(created_by=champion_staff, status=Event.Status.DRAFT)
    assert signed_in(champion_staff).get(reverse("events:event_publish", args=[draft.pk])).status_code == 405
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_will_not_publish_a_cancelled_event(signed_in, champion_staff):
    cancelled = make_event(created_by=champion_staff, status=Event.Status.CANCELLED)
    response = signed_in(champion_staff).post(reverse("events:event_publish", args=[cancelled.pk]), follow=True)
    assert "This event has been cancelled, so it cannot be published" in response.content.decode()
    cancelled.refresh_from_db()
    assert cancelled.status == "cancelled"


def test_it_asks_for_a_reason_before_cancelling(signed_in, champion_staff):
    workshop = make_event(created_by=champion_staff)
    make_registration(workshop), make_registration(workshop, status="waitlisted")
    url = reverse("events:event_cancel", args=[workshop.pk])
    page = signed_in(champion_staff).get(url)
    assert page.status_code == 200
    assert "with a place (1) or on the waiting list (1)" in page.content.decode()
    for data in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 1001}):
        response = signed_in(champion_staff).post(url, data)
        html = response.content.decode()
        assert response.status_code == 200 and "<title>Error: " in html and "govuk-error-summary" in html
        assert "Enter why the event is cancelled" in html or "Reason must be 1,000 characters or fewer" in html
    workshop.refresh_from_db()
    assert workshop.status == "published"


def test_it_cancels_and_emails_everyone_confirmed_or_waiting_once(
    signed_in, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = make_event(created_by=champion_staff)
    confirmed = [make_registration(workshop) for _ in range(2)]
    waiting = make_registration(workshop, status="waitlisted")
    make_registration(workshop, status="cancelled", email="gone@example.com")
    url = reverse("events:event_cancel", args=[workshop.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(url, {"reason": "The venue flooded"}, follow=True)
    assert "is cancelled. Everyone with a place or waiting is being emailed" in response.content.decode()
    workshop.refresh_from_db()
    assert (workshop.status, workshop.cancelled_at, workshop.cancellation_reason) == (
        "cancelled",
        NOW,
        "The venue flooded",
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in [*confirmed, waiting])
    assert {m.subject for m in mailoutbox} == {"Cancelled: Personal budgets in practice"}
    assert all("The venue flooded" in m.body for m in mailoutbox)
    # Cancelling again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = signed_in(champion_staff).post(url, {"reason": "Again"}, follow=True)
    assert "This event was already cancelled" in again.content.decode()
    assert len(mailoutbox) == 3
    workshop.refresh_from_db()
    assert workshop.cancellation_reason == "The venue flooded"


def test_it_links_organisers_home_pages_to_their_events(signed_in, champion_staff, programme_staff, la_officer):
    home = reverse("accounts:home")
    assert LIST in signed_in(champion_staff).get(home).content.decode()
    assert LIST in signed_in(programme_staff).get(home).content.decode()
    assert "Your events" not in signed_in(la_officer).get(home).content.decode()


def test_it_shows_the_events_times_and_registration_window_in_uk_style(signed_in, champion_staff):
    workshop = make_event(
        created_by=champion_staff,
        starts_at=datetime.datetime(2013, 10, 14, 14, 30, tzinfo=LONDON),
        ends_at=datetime.datetime(2013, 10, 14, 16, 0, tzinfo=LONDON),
        registration_opens_at=datetime.datetime(2013, 9, 1, 9, 0, tzinfo=LONDON),
        registration_closes_at=datetime.datetime(2013, 10, 13, 12, 0, tzinfo=LONDON),
    )
    html = signed_in(champion_staff).get(reverse("events:registration_list", args=[workshop.pk])).content.decode()
    assert "Monday 14 October 2013, 2:30pm to 4pm" in html
    assert "Opens 1 September 2013 at 9am<br>Closes 13 October 2013 at midday" in html


def test_it_lists_events_a_page_at_a_time_at_the_same_size_upcoming_first(signed_in, programme_staff, query_count):
    client = signed_in(programme_staff)
    sizes, counts = {}, {}
    for total in (2 * EVENTS_PER_PAGE, 4 * EVENTS_PER_PAGE):
        Event.objects.bulk_create(
            event(created_by=programme_staff, starts_at=NOW + datetime.timedelta(days=(n // 2 + 1) * (-1) ** n))
            for n in range(Event.objects.count(), total)
        )
        counts[total] = query_count(lambda: client.get(LIST))
        sizes[total] = len(client.get(LIST).content)
    assert counts[2 * EVENTS_PER_PAGE] == counts[4 * EVENTS_PER_PAGE], counts
    assert abs(sizes[4 * EVENTS_PER_PAGE] - sizes[2 * EVENTS_PER_PAGE]) < 0.02 * sizes[2 * EVENTS_PER_PAGE], sizes
    pages = [client.get(LIST, {"page": n}).context for n in range(1, 5)]
    upcoming = [e.starts_at for page in pages for e in page["upcoming"]]
    past = [e.starts_at for page in pages for e in page["past"]]
    assert len(upcoming) == len(past) == 2 * EVENTS_PER_PAGE
    assert upcoming == sorted(upcoming) and past == sorted(past, reverse=True)
    assert pages[0]["past"] == [] and pages[3]["upcoming"] == []
    hartlepool = Champion.objects.get(slug="hartlepool")
    assert f"?champion={hartlepool.pk}&amp;page=2" not in client.get(LIST, {"champion": hartlepool.pk}).content.decode()
    assert "page=2" in client.get(LIST).content.decode()


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_of_events_with_a_page_not_an_error(signed_in, champion_staff, page):
    Event.objects.bulk_create(event(created_by=champion_staff) for _ in range(EVENTS_PER_PAGE + 3))
    response = signed_in(champion_staff).get(LIST, {"page": page})
    assert response.status_code == 200 and response.context["page"].number in (1, 2)


def test_it_still_refuses_la_officers_the_events_list(signed_in, la_officer):
    assert signed_in(la_officer).get(LIST, {"page": "2"}).status_code == 403
