"""Who may use the LA officers' pages and the shared day pages: everyone else is refused and nothing changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Theme
from support_days.models import SupportDay, SupportDayOffer
from tests.support_days.factories import make_offer, make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)

# view -> what it works on: the LA's own pages, an offer, Bolton's booked day or its delivered day.
LA_PAGES = {"support_day_list": None, "offer_choose": None, "support_day_request": None}
LA_ONLY = {
    **LA_PAGES,
    "support_day_book": "offer",
    "support_day_reschedule": "booked",
    "support_day_feedback": "delivered",
}
BOTH_SIDES = {"support_day_detail": "booked", "support_day_cancel": "booked"}
ALL_VIEWS = {**LA_ONLY, **BOTH_SIDES}
OUTSIDERS = ["anonymous", "other_la_officer", "other_champion_staff"]


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def things(la_officer, champion_staff) -> dict:
    """Bolton's booked day on 14 October and delivered day in September, and two offered dates."""
    bolton = la_officer.local_authority
    booked_offer = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 14))
    return {
        "offer": make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 22)),
        "booked": make_support_day(local_authority=bolton, requested_by=la_officer, offer=booked_offer),
        "delivered": make_support_day(
            local_authority=bolton, requested_by=la_officer, status="delivered", date=datetime.date(2013, 9, 23)
        ),
    }


def _url(view: str, things: dict) -> str:
    target = ALL_VIEWS[view]
    return reverse(f"support_days:{view}", args=[things[target].pk] if target else [])


def _post_data(things: dict) -> dict:
    """Answers every form on these pages would accept, so a missing check would change something."""
    day = datetime.date(2013, 10, 29)
    return {
        "themes": [Theme.objects.first().pk],
        "context": "Let me in",
        "reason": "Let me in",
        "usefulness": "5",
        "offer": things["offer"].pk,
        **{f"preferred_date_1_{i}": part for i, part in enumerate((day.day, day.month, day.year))},
    }


def _state() -> list:
    days = SupportDay.objects.order_by("pk").values_list("status", "date", "offer", "cancelled_at", "feedback_at")
    offers = SupportDayOffer.objects.order_by("pk").values_list("date", "withdrawn_at")
    return [list(days), list(offers)]


def _client(request, client, signed_in, person: str):
    return client if person == "anonymous" else signed_in(request.getfixturevalue(person))


def _refusals():
    """(view, person, expected): sign in for anonymous people; 403 for a page their role may not use;
    404 for a day or offer they may not see (another LA's or another champion's), as if it did not exist."""
    for view in ALL_VIEWS:
        people = OUTSIDERS + (["champion_staff", "programme_staff"] if view in LA_ONLY else [])
        for person in people:
            if person == "anonymous":
                yield view, person, "sign in"
            elif view in LA_PAGES and person == "other_la_officer":
                continue  # their own LA's page: see test_it_shows_an_la_officer_only_their_own_las_days
            elif view in LA_ONLY and person != "other_la_officer":
                yield view, person, 403
            else:
                yield view, person, 404


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("view,person,expected", list(_refusals()))
def test_it_refuses_people_who_may_not_use_the_page_and_changes_nothing(
    request, client, signed_in, things, mailoutbox, django_capture_on_commit_callbacks, method, view, person, expected
):
    before = _state()
    url = _url(view, things)
    browser = _client(request, client, signed_in, person)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.get(url) if method == "get" else browser.post(url, _post_data(things))

    if expected == "sign in":
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")
    else:
        assert response.status_code == expected
    assert _state() == before
    assert mailoutbox == []


@pytest.mark.parametrize("view", list(ALL_VIEWS))
def test_it_lets_the_las_own_officer_open_every_page(signed_in, la_officer, things, view):
    assert signed_in(la_officer).get(_url(view, things)).status_code == 200


@pytest.mark.parametrize("person", ["champion_staff", "programme_staff"])
@pytest.mark.parametrize("view", list(BOTH_SIDES))
def test_it_lets_the_champion_side_open_the_shared_pages(request, signed_in, things, person, view):
    assert signed_in(request.getfixturevalue(person)).get(_url(view, things)).status_code == 200


def test_it_shows_an_la_officer_only_their_own_las_days(signed_in, other_la_officer, things):
    client = signed_in(other_la_officer)
    page = client.get(reverse("support_days:support_day_list"))
    assert page.context["days"] == []
    for day in (things["booked"], things["delivered"]):
        assert day.get_absolute_url() not in page.content.decode()
    assert list(client.get(reverse("support_days:offer_choose")).context["offers"]) == []  # not their champion's


def test_it_says_not_found_for_a_day_that_does_not_exist(signed_in, la_officer, reference_data):
    for view in ("support_day_detail", "support_day_cancel", "support_day_reschedule", "support_day_feedback"):
        assert signed_in(la_officer).get(reverse(f"support_days:{view}", args=[999999])).status_code == 404
