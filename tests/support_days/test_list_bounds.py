"""Support-day pages stay the same size and cost whatever the number of days and offers (issue 18): coverage
and the patch choose each LA's best day in the database, the offers are a page at a time, and the patch's
lists of days waiting for the champion show the oldest WAITING_SHOWN with how many there are."""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from champions_portal import public_cache
from regions.models import LocalAuthority
from support_days.coverage import COUNTING_STATUSES, best_day_id, best_days, with_assigned_champion_id
from support_days.models import SupportDay, SupportDayOffer
from support_days.views.champion import OFFERS_PER_PAGE, WAITING_SHOWN
from support_days.views.local_authority import PER_PAGE as LA_PER_PAGE
from tests.support_days.factories import offer, support_day
from tests.tracker.afresh import counted_afresh

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
TODAY = NOW.date()
COVERAGE = reverse("support_days:coverage")
PATCH = reverse("support_days:patch")
OFFERS = reverse("support_days:offer_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _days(la_officer, n: int, *, statuses=("delivered", "booked", "requested", "declined", "cancelled"), seed=1):
    """n days with the non-pathfinder LAs' assigned champions, in every status, dates past and to come."""
    rng = random.Random(seed)
    las = list(LocalAuthority.objects.non_pathfinder().select_related("region__champion", "champion_override"))
    made = []
    for i in range(n):
        status = statuses[i % len(statuses)]
        date = None if status == "requested" else TODAY + datetime.timedelta(days=rng.randint(-60, 60))
        la = rng.choice(las)
        made.append(support_day(local_authority=la, requested_by=la_officer, status=status, date=date))
    # One active day per LA per date (a database constraint): move any clash to a date of its own.
    seen = set()
    for i, day in enumerate(made):
        if day.status in ("requested", "booked") and (day.local_authority_id, day.date) in seen:
            day.date = TODAY + datetime.timedelta(days=1000 + i) if day.date else None
        seen.add((day.local_authority_id, day.date))
    SupportDay.objects.bulk_create(made)
    public_cache.changed("support_days")  # bulk_create sends no signal


def test_it_chooses_the_same_best_day_in_the_database_as_the_rule_in_python(la_officer):
    _days(la_officer, 600, seed=7)
    # Ties: two delivered days of one LA on one date, two booked on one date with another champion's LA.
    bolton = LocalAuthority.objects.select_related("region__champion").get(slug="bolton")
    SupportDay.objects.bulk_create(
        support_day(local_authority=bolton, requested_by=la_officer, status="delivered", date=TODAY) for _ in range(2)
    )
    counted = SupportDay.objects.filter(status__in=COUNTING_STATUSES).order_by("?")
    expected = {la_id: day.pk for (la_id, _champion), day in best_days(counted).items()}
    las = with_assigned_champion_id(LocalAuthority.objects.non_pathfinder()).annotate(best_day_id=best_day_id())
    chosen = {la.pk: la.best_day_id for la in las if la.best_day_id is not None}
    assert chosen == expected
    assert len(chosen) > 100


def _measure(client, url, query_count, **params):
    """The page's queries and size as built from the rows, not served from the cache (coverage is kept there)."""
    response = client.get(url, params)
    assert response.status_code == 200
    return query_count(lambda: counted_afresh(client, url, params)), len(response.content), response


def test_it_shows_coverage_at_the_same_cost_and_size_with_ten_times_the_days(
    signed_in, programme_staff, la_officer, query_count
):
    client = signed_in(programme_staff)
    _days(la_officer, 60)
    queries_60, size_60, _ = _measure(client, COVERAGE, query_count)
    _days(la_officer, 600, seed=2)
    queries_660, size_660, response = _measure(client, COVERAGE, query_count)
    assert queries_60 == queries_660
    assert abs(size_660 - size_60) < 0.05 * size_60, (size_60, size_660)  # statuses and dates change, rows do not
    assert len(response.context["rows"]) == 121


def test_it_shows_at_most_the_oldest_waiting_days_on_the_patch_with_how_many(
    signed_in, champion_staff, la_officer, query_count
):
    client = signed_in(champion_staff)
    las = list(LocalAuthority.objects.assigned_to(champion_staff.champion).non_pathfinder())
    sizes = {}
    for total in (5, WAITING_SHOWN + 10):
        start = SupportDay.objects.filter(champion=champion_staff.champion).count() // 2
        SupportDay.objects.bulk_create(
            support_day(
                local_authority=las[n % len(las)],
                requested_by=la_officer,
                status=status,
                date=None if status == "requested" else TODAY - datetime.timedelta(days=n + 1),
            )
            for n in range(start, total)
            for status in ("requested", "booked")
        )
        public_cache.changed("support_days")  # bulk_create sends no signal
        queries, size, response = _measure(client, PATCH, query_count)
        sizes[total] = (queries, size)
        shown = min(total, WAITING_SHOWN)
        assert len(response.context["requests"]) == len(response.context["to_deliver"]) == shown
        assert (response.context["requests_count"], response.context["to_deliver_count"]) == (total, total)
    html = response.content.decode()
    assert f"Requests waiting for an answer ({WAITING_SHOWN + 10})" in html
    assert f"These are the {WAITING_SHOWN} oldest." in html
    oldest = SupportDay.objects.filter(champion=champion_staff.champion, status="requested").order_by(
        "created_at", "pk"
    )
    assert response.context["requests"] == list(oldest[:WAITING_SHOWN])
    assert sizes[5][0] == sizes[WAITING_SHOWN + 10][0], sizes


def _offers(champion_staff, la_officer, n: int, start: int = 0):
    """n offers of GM's, half of them past, each past one with a delivered day."""
    las = list(LocalAuthority.objects.assigned_to(champion_staff.champion))
    made = SupportDayOffer.objects.bulk_create(
        offer(created_by=champion_staff, date=TODAY + datetime.timedelta(days=(i // 2 + 1) * (1 if i % 2 else -1)))
        for i in range(start, start + n)
    )
    SupportDay.objects.bulk_create(
        support_day(local_authority=las[i % len(las)], offer=o, requested_by=la_officer, status="delivered")
        for i, o in enumerate(made)
        if o.date <= TODAY
    )
    public_cache.changed("support_days")  # bulk_create sends no signal


def test_it_lists_offers_a_page_at_a_time_at_the_same_cost_and_size(signed_in, champion_staff, la_officer, query_count):
    client = signed_in(champion_staff)
    _offers(champion_staff, la_officer, 5)
    queries_5, _size, _ = _measure(client, OFFERS, query_count)
    _offers(champion_staff, la_officer, 2 * OFFERS_PER_PAGE - 5, start=5)
    queries_100, size_100, first = _measure(client, OFFERS, query_count)
    _offers(champion_staff, la_officer, 2 * OFFERS_PER_PAGE, start=2 * OFFERS_PER_PAGE)
    queries_200, size_200, again = _measure(client, OFFERS, query_count)
    assert queries_5 == queries_100 == queries_200
    assert len(first.context["upcoming"]) + len(first.context["past"]) == OFFERS_PER_PAGE
    assert abs(size_200 - size_100) < 0.02 * size_100, (size_100, size_200)
    # Dates to come first, soonest first; then past dates, most recent first, across the pages.
    pages = [client.get(OFFERS, {"page": n}).context for n in range(1, 5)]
    upcoming = [o.date for page in pages for o in page["upcoming"]]
    past = [o.date for page in pages for o in page["past"]]
    assert upcoming == sorted(upcoming) and past == sorted(past, reverse=True)
    assert len(upcoming) == len(past) == 2 * OFFERS_PER_PAGE
    assert pages[0]["past"] == [] and pages[3]["upcoming"] == []
    assert 'class="govuk-pagination' in again.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", ""])
def test_it_answers_a_bad_page_of_offers_with_a_page_not_an_error(signed_in, champion_staff, la_officer, page):
    _offers(champion_staff, la_officer, OFFERS_PER_PAGE + 3)
    response = signed_in(champion_staff).get(OFFERS, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number in (1, 2)


def test_it_keeps_the_chosen_champion_in_the_page_links(signed_in, programme_staff, champion_staff, la_officer):
    _offers(champion_staff, la_officer, OFFERS_PER_PAGE + 3)
    champion = champion_staff.champion
    html = signed_in(programme_staff).get(OFFERS, {"champion": champion.pk}).content.decode()
    assert f"?champion={champion.pk}&amp;page=2" in html


@pytest.mark.parametrize("url", [OFFERS, PATCH, COVERAGE])
def test_it_still_refuses_la_officers_on_any_page(signed_in, la_officer, url):
    assert signed_in(la_officer).get(url, {"page": "2"}).status_code == 403


LA_LIST = reverse("support_days:support_day_list")
CHOOSE = reverse("support_days:offer_choose")


def test_it_shows_an_la_its_days_a_page_at_a_time_at_the_same_cost_and_size(signed_in, la_officer, query_count):
    client = signed_in(la_officer)
    bolton = la_officer.local_authority

    def grow(n: int, start: int) -> None:
        SupportDay.objects.bulk_create(
            support_day(
                local_authority=bolton,
                requested_by=la_officer,
                status="delivered",
                date=TODAY - datetime.timedelta(days=i + 1),
            )
            for i in range(start, start + n)
        )

    grow(LA_PER_PAGE + 10, 0)
    few = _measure(client, LA_LIST, query_count)
    grow(2 * LA_PER_PAGE, LA_PER_PAGE + 10)
    many = _measure(client, LA_LIST, query_count)
    assert few[0] == many[0] and abs(many[1] - few[1]) < 0.02 * few[1], (few[:2], many[:2])
    last = client.get(LA_LIST, {"page": 4})
    assert len(last.context["days"]) == 10
    assert last.context["days"][-1].date == TODAY - datetime.timedelta(days=3 * LA_PER_PAGE + 10)


def test_it_offers_an_la_the_dates_a_page_at_a_time(signed_in, la_officer, champion_staff, query_count):
    client = signed_in(la_officer)

    def grow(n: int, start: int) -> None:
        SupportDayOffer.objects.bulk_create(
            offer(created_by=champion_staff, date=TODAY + datetime.timedelta(days=i + 1))
            for i in range(start, start + n)
        )

    grow(LA_PER_PAGE + 10, 0)
    few = _measure(client, CHOOSE, query_count)
    grow(2 * LA_PER_PAGE, LA_PER_PAGE + 10)
    many = _measure(client, CHOOSE, query_count)
    assert few[0] == many[0] and abs(many[1] - few[1]) < 0.02 * few[1], (few[:2], many[:2])
    assert [o.date for o in client.get(CHOOSE, {"page": 2}).context["offers"]][0] == TODAY + datetime.timedelta(
        days=LA_PER_PAGE + 1
    )


@pytest.mark.parametrize("url", [LA_LIST, CHOOSE])
@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_it_answers_a_bad_page_of_an_las_pages_with_a_page(signed_in, la_officer, url, page):
    response = signed_in(la_officer).get(url, {"page": page})
    assert response.status_code == 200 and response.context["page"].number == 1


@pytest.mark.parametrize("url", [LA_LIST, CHOOSE])
def test_it_still_refuses_champion_staff_an_las_pages(signed_in, champion_staff, url):
    assert signed_in(champion_staff).get(url, {"page": "2"}).status_code == 403
