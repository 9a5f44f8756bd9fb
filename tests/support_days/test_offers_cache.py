"""The champion's offered dates are built once and kept while no date, day, LA or champion changes (the
"support_days" and "regions" topics of champions_portal/public_cache.py), per champion, query string and day;
never stale after a change, and each visitor's withdraw buttons carry that visitor's own CSRF token."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from champions_portal.public_cache import csrf_placeholder
from support_days import services
from support_days.models import SupportDayOffer
from tests.conftest import PASSWORD
from tests.support_days.factories import make_offer

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
OFFERS = reverse("support_days:offer_list")
TUESDAY = datetime.date(2013, 10, 15)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def client(signed_in, champion_staff):
    return signed_in(champion_staff)


def _dates_to_come(html: str) -> str:
    return html.split("Dates to come")[1].split("</table>")[0]


def test_it_serves_the_dates_again_from_the_cache(client, champion_staff, django_assert_max_num_queries):
    make_offer(created_by=champion_staff, date=TUESDAY)
    first = client.get(OFFERS).content.decode()
    with django_assert_max_num_queries(3):  # the session, the person and their champion
        second = client.get(OFFERS).content.decode()
    assert "Tuesday 15 October 2013" in _dates_to_come(first) and "Tuesday 15 October 2013" in _dates_to_come(second)


def test_it_builds_them_again_when_dates_are_offered_withdrawn_and_booked(client, champion_staff, la_officer):
    assert "No dates are offered yet." in client.get(OFFERS).content.decode()
    services.offers_create(  # bulk_create: no signal
        champion=champion_staff.champion,
        dates=[TUESDAY, TUESDAY + datetime.timedelta(days=7)],
        format=SupportDayOffer.Format.IN_PERSON,
        capacity=1,
        notes="",
        by=champion_staff,
        now=timezone.now(),
    )
    html = _dates_to_come(client.get(OFFERS).content.decode())
    assert "Tuesday 15 October 2013" in html and "Tuesday 22 October 2013" in html
    first, second = SupportDayOffer.objects.order_by("date")
    services.offer_withdraw(offer=second, now=timezone.now())
    assert 'govuk-tag--grey">Withdrawn' in _dates_to_come(client.get(OFFERS).content.decode())
    services.support_day_book(
        offer=first,
        local_authority=la_officer.local_authority,
        themes=[],
        context="",
        by=la_officer,
        now=timezone.now(),
    )
    html = _dates_to_come(client.get(OFFERS).content.decode())
    assert ">Bolton</a>" in html and "1 of 1" in html and 'govuk-tag--blue">Fully booked' in html


def test_it_gives_each_visitor_their_own_csrf_token_and_the_withdraw_button_works(champion_staff):
    made = make_offer(created_by=champion_staff, date=TUESDAY)
    tokens = []
    for _ in range(2):  # two browsers of the same person: the second page comes from the cache
        browser = Client(enforce_csrf_checks=True)
        assert browser.login(email=champion_staff.email, password=PASSWORD)
        html = browser.get(OFFERS).content.decode()
        assert csrf_placeholder() not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _dates_to_come(html))[1]
        tokens.append(token)
    assert tokens[0] != tokens[1]
    response = browser.post(reverse("support_days:offer_withdraw", args=[made.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.withdrawn_at is not None


def test_it_keeps_each_champion_apart(client, signed_in, champion_staff, other_champion_staff, programme_staff):
    make_offer(created_by=champion_staff, date=TUESDAY)
    assert "Tuesday 15 October 2013" in client.get(OFFERS).content.decode()
    other = signed_in(other_champion_staff).get(OFFERS).content.decode()
    assert "Tuesday 15 October 2013" not in other and "No dates are offered yet." in other
    everyone = signed_in(programme_staff).get(OFFERS).content.decode()
    assert "Greater Manchester Group" in _dates_to_come(everyone)  # every champion's dates name the champion
