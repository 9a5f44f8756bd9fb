"""Champion staff offer many support-day dates at once, see them with who booked, and withdraw unbooked ones."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from champions_portal import public_cache
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay, SupportDayOffer
from support_days.views.champion import OFFERS_PER_PAGE
from tests.support_days.factories import make_offer, make_support_day, offer, support_day
from tests.tracker.afresh import counted_afresh

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)  # a Tuesday
LIST = reverse("support_days:offer_list")
CREATE = reverse("support_days:offers_create")
NOVEMBER_TUESDAYS = [datetime.date(2013, 11, day) for day in (5, 12, 19, 26)]


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _date(name: str, day: datetime.date) -> dict:
    return {f"{name}_{i}": part for i, part in enumerate((day.day, day.month, day.year))}


def _form(first=datetime.date(2013, 11, 1), last=datetime.date(2013, 11, 30), **overrides) -> dict:
    """Every Tuesday in November 2013, in person, one LA a day."""
    data = {**_date("first_date", first), **_date("last_date", last), "weekdays": ["1"]}
    data.update(format="in_person", capacity="1", notes="At Manchester Town Hall")
    return {**data, **overrides}


def _errors(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    return html.split('govuk-error-summary__list">')[1].split("</ul>")[0]


def _withdraw(client, made: SupportDayOffer):
    return client.post(reverse("support_days:offer_withdraw", args=[made.pk]), follow=True)


def test_it_offers_every_tuesday_in_november(signed_in, champion_staff):
    response = signed_in(champion_staff).post(CREATE, _form(), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "4 dates offered." in response.content.decode()
    offers = list(SupportDayOffer.objects.order_by("date"))
    assert [o.date for o in offers] == NOVEMBER_TUESDAYS
    for made in offers:
        assert (made.champion.slug, made.format, made.capacity) == ("greater-manchester-group", "in_person", 1)
        assert (made.notes, made.created_by, made.created_at, made.withdrawn_at) == (
            "At Manchester Town Hall",
            champion_staff,
            NOW,
            None,
        )


def test_it_offers_several_weekdays_online_for_several_las(signed_in, champion_staff):
    data = _form(last=datetime.date(2013, 11, 10), weekdays=["0", "4"], format="online", capacity="3")
    signed_in(champion_staff).post(CREATE, data)
    offers = SupportDayOffer.objects.order_by("date")
    assert [o.date.isoformat() for o in offers] == ["2013-11-01", "2013-11-04", "2013-11-08"]
    assert {(o.format, o.capacity) for o in offers} == {("online", 3)}


def test_it_skips_dates_already_offered_and_says_so(signed_in, champion_staff):
    make_offer(created_by=champion_staff, date=NOVEMBER_TUESDAYS[1], format="online")
    response = signed_in(champion_staff).post(CREATE, _form(), follow=True)
    assert "3 dates offered. 1 was already offered, so it was skipped." in response.content.decode()
    assert SupportDayOffer.objects.count() == 4
    assert SupportDayOffer.objects.get(date=NOVEMBER_TUESDAYS[1]).format == "online"
    again = signed_in(champion_staff).post(CREATE, _form(), follow=True)
    assert "You already offer every one of those dates. Nothing changed." in again.content.decode()
    assert SupportDayOffer.objects.count() == 4


def test_it_lets_programme_staff_choose_the_champion(signed_in, programme_staff):
    client = signed_in(programme_staff)
    hartlepool = Champion.objects.get(slug="hartlepool")
    assert "Which champion is offering the days?" in client.get(CREATE).content.decode()
    assert "Select the champion offering the days" in _errors(client.post(CREATE, _form()))
    assert not SupportDayOffer.objects.exists()
    response = client.post(CREATE, _form(champion=hartlepool.pk))
    assert response.url == f"{LIST}?champion={hartlepool.pk}"
    assert set(SupportDayOffer.objects.values_list("champion__slug", flat=True)) == {"hartlepool"}


def test_it_never_lets_champion_staff_offer_for_another_champion(signed_in, champion_staff):
    client = signed_in(champion_staff)
    assert "Which champion is offering the days?" not in client.get(CREATE).content.decode()
    client.post(CREATE, _form(champion=Champion.objects.get(slug="hartlepool").pk))
    assert set(SupportDayOffer.objects.values_list("champion__slug", flat=True)) == {"greater-manchester-group"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the first date"),
        ({}, "Enter the last date"),
        ({}, "Select at least one day of the week"),
        ({}, "Select whether the days are in person or online"),
        ({}, "Enter how many local authorities you can see on each day"),
        (_form(last=datetime.date(2013, 10, 31)), "The last date must be the same as or after the first date"),
        (_form(last=datetime.date(2014, 5, 2)), "The last date must be no more than 6 months after the first date"),
        (_form(first=datetime.date(2013, 10, 1)), "The first date must be after today"),
        (_form(first=datetime.date(2013, 9, 3)), "The first date must be after today"),
        (_form(first=datetime.date(2013, 11, 6), last=datetime.date(2013, 11, 11)), "There are no Tuesdays between"),
        (
            _form(first=datetime.date(2013, 11, 6), last=datetime.date(2013, 11, 7), weekdays=["0", "1", "4"]),
            "There are no Mondays, Tuesdays or Fridays between those dates",
        ),
        (_form(weekdays=["5"]), "Select days of the week from the list"),
        (_form(first_date_0="31", first_date_1="2"), "First date must be a real date"),
        (_form(last_date_2="13"), "Last date must be a real date"),
        (_form(format="by_post"), "Select whether the days are in person or online"),
        (_form(capacity="0"), "Number of local authorities must be 1 or more"),
        (_form(capacity="11"), "Number of local authorities must be 10 or fewer"),
        (_form(capacity="two"), "Number of local authorities must be a whole number, like 1"),
        (_form(notes="x" * 501), "Notes must be 500 characters or fewer"),
    ],
)
def test_it_shows_errors_and_offers_nothing_for_bad_input(signed_in, champion_staff, data, message):
    errors = _errors(signed_in(champion_staff).post(CREATE, data))
    assert message in errors
    assert not SupportDayOffer.objects.exists()


def test_it_allows_a_range_of_exactly_six_months(signed_in, champion_staff):
    data = _form(last=datetime.date(2014, 5, 1), weekdays=["3"])  # 1 November 2013 to 1 May 2014
    signed_in(champion_staff).post(CREATE, data)
    offers = SupportDayOffer.objects.order_by("date")
    assert (offers.first().date, offers.last().date, offers.count()) == (
        datetime.date(2013, 11, 7),
        datetime.date(2014, 5, 1),
        26,
    )


def test_it_lists_dates_to_come_first_then_past_ones_with_who_booked(signed_in, champion_staff, la_officer):
    past = make_offer(created_by=champion_staff, date=datetime.date(2013, 9, 10))
    soon = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 8), capacity=2)
    later = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 22), format="online")
    withdrawn = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 15), withdrawn_at=NOW)
    bury = LocalAuthority.objects.get(slug="bury")
    make_support_day(local_authority=bury, offer=soon, requested_by=la_officer)
    make_support_day(local_authority=bury, offer=past, requested_by=la_officer, status="delivered")
    make_support_day(
        local_authority=la_officer.local_authority, offer=soon, requested_by=la_officer, status="cancelled"
    )
    hartlepool = Champion.objects.get(slug="hartlepool")
    make_offer(created_by=champion_staff, champion=hartlepool, date=datetime.date(2013, 10, 9))
    response = signed_in(champion_staff).get(LIST)
    assert response.context["upcoming"] == [soon, withdrawn, later]
    assert response.context["past"] == [past]
    html = response.content.decode()
    assert "Tuesday 8 October 2013" in html and "9 October 2013" not in html
    soon_row = html.split("Tuesday 8 October 2013")[1].split("</tr>")[0]
    assert "1 of 2" in soon_row and "Bury" in soon_row and "Bolton" not in soon_row
    assert reverse("support_days:offer_withdraw", args=[soon.pk]) not in html
    assert 'govuk-tag--green">Open' in soon_row
    assert reverse("support_days:offer_withdraw", args=[later.pk]) in html
    withdrawn_row = html.split("Tuesday 15 October 2013")[1].split("</tr>")[0]
    assert 'govuk-tag--grey">Withdrawn' in withdrawn_row
    assert reverse("support_days:offer_withdraw", args=[withdrawn.pk]) not in html
    assert "Online" in html.split("Tuesday 22 October 2013")[1].split("</tr>")[0]


def test_it_lists_every_champions_dates_for_programme_staff_with_a_chooser(signed_in, programme_staff):
    hartlepool = Champion.objects.get(slug="hartlepool")
    gm = make_offer(created_by=programme_staff)
    ne = make_offer(created_by=programme_staff, champion=hartlepool)
    client = signed_in(programme_staff)
    assert client.get(LIST).context["upcoming"] == [gm, ne]
    assert client.get(LIST, {"champion": hartlepool.pk}).context["upcoming"] == [ne]
    bad = client.get(LIST, {"champion": "nope"})
    assert "Select a champion from the list" in _errors(bad)
    assert bad.context["upcoming"] == [gm, ne]


def test_it_lists_offers_in_a_constant_number_of_queries(signed_in, champion_staff, la_officer, query_count):
    client = signed_in(champion_staff)
    las = list(LocalAuthority.objects.assigned_to(champion_staff.champion))
    counts = {}
    for total in (5, 200):
        start = SupportDayOffer.objects.count()
        made = SupportDayOffer.objects.bulk_create(
            offer(created_by=champion_staff, date=datetime.date(2013, 10, 2) + datetime.timedelta(days=n))
            for n in range(start, total)
        )
        SupportDay.objects.bulk_create(
            support_day(local_authority=las[n % len(las)], offer=o, requested_by=la_officer) for n, o in enumerate(made)
        )
        public_cache.changed("support_days")  # bulk_create sends no signal
        counts[total] = query_count(lambda: counted_afresh(client, LIST))
        assert len(counted_afresh(client, LIST).context["upcoming"]) == min(total, OFFERS_PER_PAGE)  # a page at a time
    assert counts[5] == counts[200], counts
    assert counts[200] <= 6, counts  # session, user, champion, offers, their booked days


def test_it_withdraws_a_date_nobody_has_booked(signed_in, champion_staff):
    made = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 15))
    response = _withdraw(signed_in(champion_staff), made)
    assert response.redirect_chain[-1][0] == LIST
    assert "Tuesday 15 October 2013 is withdrawn" in response.content.decode()
    made.refresh_from_db()
    assert made.withdrawn_at == NOW


def test_it_refuses_to_withdraw_a_booked_date_and_changes_nothing(signed_in, champion_staff, la_officer):
    made = make_offer(created_by=champion_staff)
    make_support_day(local_authority=la_officer.local_authority, offer=made, requested_by=la_officer)
    response = _withdraw(signed_in(champion_staff), made)
    assert "Somebody has booked this date, so it cannot be withdrawn" in response.content.decode()
    made.refresh_from_db()
    assert made.withdrawn_at is None


def test_it_says_when_a_date_was_already_withdrawn(signed_in, champion_staff):
    earlier = NOW - datetime.timedelta(days=1)
    made = make_offer(created_by=champion_staff, withdrawn_at=earlier)
    assert "was already withdrawn. Nothing changed." in _withdraw(signed_in(champion_staff), made).content.decode()
    made.refresh_from_db()
    assert made.withdrawn_at == earlier


def test_it_only_withdraws_by_post(signed_in, champion_staff):
    made = make_offer(created_by=champion_staff)
    url = reverse("support_days:offer_withdraw", args=[made.pk])
    assert signed_in(champion_staff).get(url).status_code == 405
    made.refresh_from_db()
    assert made.withdrawn_at is None


def test_it_counts_today_in_london_not_utc(signed_in, champion_staff, time_machine):
    # 00:30 on Wednesday 2 October 2013 in London is still 1 October in UTC.
    time_machine.move_to(datetime.datetime(2013, 10, 2, 0, 30, tzinfo=LONDON), tick=False)
    data = _form(first=datetime.date(2013, 10, 2), last=datetime.date(2013, 10, 9), weekdays=["2"])
    assert "The first date must be after today" in _errors(signed_in(champion_staff).post(CREATE, data))
    assert not SupportDayOffer.objects.exists()
