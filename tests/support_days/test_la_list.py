"""An LA officer's support days page and the dates their champion offers, in a constant number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role, User
from regions.models import Champion, LocalAuthority
from regions.services import local_authority_assign_champion
from support_days.models import SupportDay, SupportDayOffer
from support_days.views.local_authority import PER_PAGE
from tests.support_days.factories import make_offer, make_support_day, offer, support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)  # a Tuesday
LIST = reverse("support_days:support_day_list")
CHOOSE = reverse("support_days:offer_choose")
OCT_14, OCT_15, OCT_22 = datetime.date(2013, 10, 14), datetime.date(2013, 10, 15), datetime.date(2013, 10, 22)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _url(name: str, day: SupportDay) -> str:
    return reverse(f"support_days:{name}", args=[day.pk])


def _officer(slug: str) -> User:
    la = LocalAuthority.objects.get(slug=slug)
    return User.objects.create_user(
        f"officer@{slug}.example", "x", full_name="Officer", role=Role.LA_OFFICER, local_authority=la
    )


def test_it_links_an_la_officers_home_page_to_their_support_days(signed_in, la_officer):
    html = signed_in(la_officer).get("/home/").content.decode()
    assert f'href="{LIST}">See all your support days</a>' in html
    # With no dates on offer, the home page offers to ask for dates instead of booking one.
    assert 'href="/support-days/request/">Ask for a support day on dates that suit you</a>' in html
    assert f'href="{CHOOSE}"' not in html


def test_it_shows_the_champion_and_each_day_with_its_status_in_words_and_what_can_be_done(
    signed_in, la_officer, other_la_officer, champion_staff
):
    bolton = la_officer.local_authority
    booked = make_support_day(local_authority=bolton, requested_by=la_officer, date=OCT_14)
    requested = make_support_day(local_authority=bolton, requested_by=la_officer, status="requested")
    delivered = make_support_day(
        local_authority=bolton, requested_by=la_officer, status="delivered", date=datetime.date(2013, 9, 16)
    )
    given = make_support_day(
        local_authority=bolton,
        requested_by=la_officer,
        status="delivered",
        date=datetime.date(2013, 9, 9),
        feedback_usefulness=4,
        feedback_at=NOW,
    )
    other_champion = make_support_day(
        local_authority=bolton,
        requested_by=la_officer,
        champion=Champion.objects.get(slug="hartlepool"),
        status="cancelled",
        date=datetime.date(2013, 10, 8),
    )
    make_support_day(local_authority=other_la_officer.local_authority, requested_by=other_la_officer, date=OCT_22)

    response = signed_in(la_officer).get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Greater Manchester Group (Wigan, Trafford and Manchester)</a>, North West" in html
    assert "neighbouring region" not in html
    assert f'href="{CHOOSE}"' in html and "Book an offered date" in html
    assert f'href="{reverse("support_days:support_day_request")}"' in html and "Request a day" in html
    assert [day.pk for day in response.context["days"]] == [
        requested.pk,
        booked.pk,
        other_champion.pk,
        delivered.pk,
        given.pk,
    ]
    for tag in ("Requested", "Booked", "Cancelled", "Delivered"):
        assert f'">{tag}</strong>' in html
    assert "Monday 14 October 2013" in html and "Date not agreed yet" in html
    assert "Hartlepool" in html  # any champion's days are listed
    assert "Sunderland" not in html and "Tuesday 22 October 2013" not in html
    assert _url("support_day_reschedule", booked) in html
    assert _url("support_day_cancel", booked) in html
    assert _url("support_day_cancel", requested) in html
    assert _url("support_day_reschedule", requested) not in html
    assert _url("support_day_feedback", delivered) in html
    assert _url("support_day_feedback", given) not in html
    assert _url("support_day_cancel", delivered) not in html
    assert _url("support_day_cancel", other_champion) not in html
    for day in (booked, requested, delivered, given, other_champion):
        assert f'href="{day.get_absolute_url()}"' in html


def test_it_stops_offering_changes_after_the_cut_off(signed_in, la_officer, time_machine):
    booked = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, date=OCT_14)
    time_machine.move_to(datetime.datetime(2013, 10, 11, 9, 0, tzinfo=LONDON), tick=False)
    html = signed_in(la_officer).get(LIST).content.decode()
    assert _url("support_day_reschedule", booked) not in html
    assert _url("support_day_cancel", booked) not in html
    assert f'href="{booked.get_absolute_url()}"' in html


def test_it_says_when_there_are_no_days_yet(signed_in, la_officer):
    assert "Bolton has no support days yet." in signed_in(la_officer).get(LIST).content.decode()


def test_it_says_when_the_champion_is_from_a_neighbouring_region(signed_in, la_officer, programme_staff):
    local_authority_assign_champion(
        local_authority=la_officer.local_authority,
        champion=Champion.objects.get(slug="hartlepool"),
        reason="More capacity",
        by=programme_staff,
        now=NOW,
    )
    html = signed_in(la_officer).get(LIST).content.decode()
    assert "Hartlepool</a>, North East" in html
    assert "Hartlepool is from a neighbouring region." in html
    assert "than the North West champion" in html


def test_it_lists_the_days_in_a_constant_number_of_queries(signed_in, la_officer, champion_staff, query_count):
    client = signed_in(la_officer)
    offers = SupportDayOffer.objects.bulk_create(
        offer(created_by=champion_staff, date=datetime.date(2013, 10, 2) + datetime.timedelta(days=n))
        for n in range(200)
    )
    statuses = ["delivered", "booked", "requested", "declined", "cancelled"]
    counts = {}
    for total in (5, 200):
        start = SupportDay.objects.count()
        SupportDay.objects.bulk_create(
            support_day(
                local_authority=la_officer.local_authority,
                requested_by=la_officer,
                status=statuses[n % len(statuses)],
                offer=offers[n],
            )
            for n in range(start, total)
        )
        counts[total] = query_count(lambda: client.get(LIST))
        assert len(client.get(LIST).context["days"]) == min(total, PER_PAGE)  # a page at a time
    assert counts[5] == counts[200], counts


# --- The dates offered ------------------------------------------------------------------------


def test_it_lists_the_champions_bookable_dates_each_with_a_link_to_book_it(
    signed_in, la_officer, other_la_officer, champion_staff, other_champion_staff
):
    later = make_offer(created_by=champion_staff, date=OCT_22, format="online", notes="On Teams")
    sooner = make_offer(created_by=champion_staff, date=OCT_15, notes="Bolton Town Hall")
    roomy = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 29), capacity=2)
    make_support_day(local_authority=other_la_officer.local_authority, requested_by=other_la_officer, offer=roomy)
    full = make_offer(created_by=champion_staff, date=datetime.date(2013, 11, 5))
    make_support_day(local_authority=other_la_officer.local_authority, requested_by=other_la_officer, offer=full)
    mine = make_offer(created_by=champion_staff, date=datetime.date(2013, 11, 12), capacity=3)
    make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, offer=mine)
    withdrawn = make_offer(created_by=champion_staff, date=datetime.date(2013, 11, 19), withdrawn_at=NOW)
    today = make_offer(created_by=champion_staff, date=NOW.date())
    past = make_offer(created_by=champion_staff, date=datetime.date(2013, 9, 24))
    elsewhere = make_offer(
        created_by=other_champion_staff, champion=other_champion_staff.champion, date=datetime.date(2013, 10, 16)
    )

    response = signed_in(la_officer).get(CHOOSE)

    assert response.status_code == 200
    html = response.content.decode()
    assert list(response.context["offers"]) == [sooner, later, roomy]
    assert "Tuesday 15 October 2013" in html and "Bolton Town Hall" in html
    assert "Tuesday 22 October 2013" in html and "Online" in html and "On Teams" in html
    for shown in (sooner, later, roomy):
        assert f'href="{reverse("support_days:support_day_book", args=[shown.pk])}"' in html
    for hidden in (full, mine, withdrawn, today, past, elsewhere):
        assert reverse("support_days:support_day_book", args=[hidden.pk]) not in html
    assert "None of these dates suit you?" in html
    assert reverse("support_days:support_day_request") in html


def test_it_says_when_no_date_can_be_booked_and_links_to_a_request(signed_in, la_officer, champion_staff):
    make_offer(created_by=champion_staff, date=datetime.date(2013, 9, 24))
    html = signed_in(la_officer).get(CHOOSE).content.decode()
    assert "has no dates you can book at the moment" in html
    assert f'<a class="govuk-link" href="{reverse("support_days:support_day_request")}">Request a day</a>' in html


def test_it_shows_the_dates_of_a_champion_from_a_neighbouring_region(
    signed_in, la_officer, champion_staff, other_champion_staff, programme_staff
):
    hartlepool = other_champion_staff.champion
    local_authority_assign_champion(
        local_authority=la_officer.local_authority, champion=hartlepool, reason="Capacity", by=programme_staff, now=NOW
    )
    make_offer(created_by=champion_staff, date=OCT_15)
    theirs = make_offer(created_by=other_champion_staff, champion=hartlepool, date=OCT_22)
    assert list(signed_in(la_officer).get(CHOOSE).context["offers"]) == [theirs]


def test_it_shows_a_pathfinder_las_officer_their_champions_dates(signed_in, champion_staff):
    wigan_officer = _officer("wigan")
    offered = make_offer(created_by=champion_staff, date=OCT_15)
    assert list(signed_in(wigan_officer).get(CHOOSE).context["offers"]) == [offered]


def test_it_lists_the_dates_in_a_constant_number_of_queries(signed_in, la_officer, champion_staff, query_count):
    client = signed_in(la_officer)
    counts = {}
    for total in (5, 200):
        start = SupportDayOffer.objects.count()
        SupportDayOffer.objects.bulk_create(
            offer(created_by=champion_staff, date=datetime.date(2013, 10, 2) + datetime.timedelta(days=n), notes="Hi")
            for n in range(start, total)
        )
        counts[total] = query_count(lambda: client.get(CHOOSE))
        assert len(client.get(CHOOSE).context["offers"]) == min(total, PER_PAGE)  # a page at a time
    assert counts[5] == counts[200], counts
