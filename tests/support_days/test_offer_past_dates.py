"""The offers page's past dates say what happened on each: delivered (to whom), booked but not yet recorded as
delivered, cancelled, declined, nobody booked or withdrawn; never "Fully booked" for a day that is over."""

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


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _la(slug: str) -> LocalAuthority:
    return LocalAuthority.objects.get(slug=slug)


def _row(html: str, date: str) -> str:
    return html.split(date)[1].split("</tr>")[0]


def _past(html: str) -> str:
    return html.split("Past dates, most recent first")[1]


@pytest.fixture
def past_offers(champion_staff, la_officer) -> dict:
    """Greater Manchester Group's September dates, one for each thing that can have happened."""
    day = lambda n: datetime.date(2013, 9, n)  # noqa: E731
    made = {
        "delivered": make_offer(created_by=champion_staff, date=day(2)),
        "not_recorded": make_offer(created_by=champion_staff, date=day(3)),
        "cancelled": make_offer(created_by=champion_staff, date=day(4)),
        "declined": make_offer(created_by=champion_staff, date=day(5)),
        "nobody": make_offer(created_by=champion_staff, date=day(9)),
        "withdrawn": make_offer(created_by=champion_staff, date=day(10), withdrawn_at=NOW),
        "shared": make_offer(created_by=champion_staff, date=day(11), capacity=2),
    }
    booked = {"requested_by": la_officer}
    make_support_day(local_authority=_la("bury"), offer=made["delivered"], status="delivered", **booked)
    make_support_day(local_authority=_la("wigan"), offer=made["not_recorded"], **booked)
    make_support_day(local_authority=_la("bolton"), offer=made["cancelled"], status="cancelled", **booked)
    make_support_day(local_authority=_la("salford"), offer=made["declined"], status="declined", **booked)
    make_support_day(local_authority=_la("oldham"), offer=made["shared"], status="delivered", **booked)
    make_support_day(local_authority=_la("rochdale"), offer=made["shared"], status="cancelled", **booked)
    return made


def test_it_says_what_happened_on_each_past_date(signed_in, champion_staff, past_offers):
    response = signed_in(champion_staff).get(LIST)
    assert response.status_code == 200
    past = _past(response.content.decode())
    assert "Fully booked" not in past

    delivered = _row(past, "Monday 2 September 2013")
    assert 'govuk-tag--green">Delivered</strong>' in delivered and "Bury" in delivered
    not_recorded = _row(past, "Tuesday 3 September 2013")
    assert "Delivery not recorded" in not_recorded and "Wigan" in not_recorded
    cancelled = _row(past, "Wednesday 4 September 2013")
    assert 'govuk-tag--grey">Cancelled</strong>' in cancelled and "Bolton" in cancelled
    assert "0 of 1" in cancelled
    declined = _row(past, "Thursday 5 September 2013")
    assert 'govuk-tag--red">Declined</strong>' in declined and "Salford" in declined
    nobody = _row(past, "Monday 9 September 2013")
    assert "Nobody booked" in nobody and "0 of 1" in nobody
    withdrawn = _row(past, "Tuesday 10 September 2013")
    assert "Withdrawn" in withdrawn and "Nobody booked" not in withdrawn


def test_it_shows_each_la_on_a_shared_date_with_what_happened_to_its_day(signed_in, champion_staff, past_offers):
    past = _past(signed_in(champion_staff).get(LIST).content.decode())
    shared = _row(past, "Wednesday 11 September 2013")
    oldham = SupportDay.objects.get(local_authority__slug="oldham")
    rochdale = SupportDay.objects.get(local_authority__slug="rochdale")
    assert f'href="{oldham.get_absolute_url()}">Oldham</a>' in shared
    assert f'href="{rochdale.get_absolute_url()}">Rochdale</a>' in shared
    assert shared.index("Oldham") < shared.index("Rochdale")
    assert "1 of 2" in shared
    # Each LA's own outcome, then the date's: delivered to Oldham.
    assert shared.count("Delivered") == 2 and shared.count("Cancelled") == 1


def test_it_still_shows_who_booked_a_date_to_come_and_hides_cancelled_days_there(signed_in, champion_staff, la_officer):
    soon = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 8))
    make_support_day(local_authority=_la("bury"), offer=soon, status="cancelled", requested_by=la_officer)
    make_support_day(local_authority=_la("wigan"), offer=soon, requested_by=la_officer)
    html = signed_in(champion_staff).get(LIST).content.decode()
    row = _row(html, "Tuesday 8 October 2013")
    assert 'govuk-tag--blue">Fully booked' in row and "Wigan" in row and "Bury" not in row


def test_it_lists_past_dates_in_a_constant_number_of_queries(signed_in, champion_staff, la_officer, query_count):
    client = signed_in(champion_staff)
    las = list(LocalAuthority.objects.assigned_to(champion_staff.champion))
    statuses = ["delivered", "booked", "cancelled", "declined", None]
    counts = {}
    for total in (5, 100):
        start = SupportDayOffer.objects.count()
        made = SupportDayOffer.objects.bulk_create(
            offer(created_by=champion_staff, date=datetime.date(2013, 9, 30) - datetime.timedelta(days=n))
            for n in range(start, total)
        )
        SupportDay.objects.bulk_create(
            support_day(local_authority=las[n % len(las)], offer=o, requested_by=la_officer, status=status)
            for n, o in enumerate(made, start=start)
            if (status := statuses[n % len(statuses)])
        )
        public_cache.changed("support_days")  # bulk_create sends no signal
        counts[total] = query_count(lambda: counted_afresh(client, LIST))
        assert len(counted_afresh(client, LIST).context["past"]) == min(total, OFFERS_PER_PAGE)  # a page at a time
    assert counts[5] == counts[100], counts
    assert counts[100] <= 6, counts  # session, user, champion, offers, their days


def test_it_shows_programme_staff_every_champions_past_dates_even_after_a_bad_choice(
    signed_in, programme_staff, champion_staff, past_offers
):
    hartlepool = Champion.objects.get(slug="hartlepool")
    theirs = make_offer(created_by=programme_staff, champion=hartlepool, date=datetime.date(2013, 9, 12))
    client = signed_in(programme_staff)
    bad = client.get(LIST, {"champion": "nope"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "Select a champion from the list" in html
    assert theirs in bad.context["past"] and past_offers["delivered"] in bad.context["past"]
    assert "Nobody booked" in _row(_past(html), "Thursday 12 September 2013")
    chosen = client.get(LIST, {"champion": hartlepool.pk})
    assert chosen.context["past"] == [theirs]


def test_it_never_shows_another_champions_past_dates(signed_in, other_champion_staff, past_offers):
    response = signed_in(other_champion_staff).get(LIST)
    assert response.context["past"] == []
    assert "Bury" not in response.content.decode()


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer"])
def test_it_refuses_la_officers_and_changes_nothing(request, signed_in, past_offers, person, mailoutbox):
    before = list(SupportDay.objects.order_by("pk").values_list("status", "offer_id"))
    assert signed_in(request.getfixturevalue(person)).get(LIST).status_code == 403
    assert list(SupportDay.objects.order_by("pk").values_list("status", "offer_id")) == before
    assert mailoutbox == []


def test_it_sends_anonymous_visitors_to_sign_in(client, past_offers):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
