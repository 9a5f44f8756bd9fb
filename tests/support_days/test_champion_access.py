"""Only the day's champion's staff and programme staff use the champion pages; everyone else changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Theme
from regions.models import Champion
from support_days.models import SupportDay, SupportDayOffer
from tests.support_days.factories import make_offer, make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def gm_days(champion_staff, la_officer) -> dict:
    """Bolton's request and its booked day yesterday with Greater Manchester Group, and an unbooked offer."""
    bolton = la_officer.local_authority
    return {
        "requested": make_support_day(local_authority=bolton, status="requested", requested_by=la_officer),
        "booked": make_support_day(local_authority=bolton, date=datetime.date(2013, 9, 30), requested_by=la_officer),
        "offer": make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 29)),
    }


def _date(name: str, day: datetime.date) -> dict:
    return {f"{name}_{i}": part for i, part in enumerate((day.day, day.month, day.year))}


def _day_requests(days: dict) -> list[tuple[str, str, dict | None]]:
    """Every champion page about one day or offer, as a GET, and every change, as a POST that would work."""
    url = lambda name, obj: reverse(f"support_days:{name}", args=[obj.pk])  # noqa: E731
    requested, booked = days["requested"], days["booked"]
    themes = [Theme.objects.get(slug="local-offer").pk]
    return [
        ("get", url("support_day_confirm", requested), None),
        ("post", url("support_day_confirm", requested), {"date_choice": "2013-10-15", "format": "online"}),
        ("get", url("support_day_decline", requested), None),
        ("post", url("support_day_decline", requested), {"reason": "Changed by someone else"}),
        ("get", url("support_day_deliver", booked), None),
        ("post", url("support_day_deliver", booked), {"attendees": "Someone else", "themes": themes}),
        ("post", url("offer_withdraw", days["offer"]), None),
    ]


def _list_requests() -> list[tuple[str, str, dict | None]]:
    november = {**_date("first_date", datetime.date(2013, 11, 1)), **_date("last_date", datetime.date(2013, 11, 30))}
    return [
        ("get", reverse("support_days:offer_list"), None),
        ("get", reverse("support_days:offers_create"), None),
        ("post", reverse("support_days:offers_create"), {**november, "weekdays": ["1"], "format": "online"}),
        ("get", reverse("support_days:patch"), None),
    ]


def _state() -> list:
    days = SupportDay.objects.order_by("pk").values_list("status", "date", "offer", "declined_reason", "attendees")
    offers = SupportDayOffer.objects.order_by("pk").values_list("champion", "date", "withdrawn_at")
    return [list(days), list(offers)]


def _send(client, method: str, url: str, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_it_sends_anonymous_visitors_to_sign_in(client, gm_days):
    before = _state()
    for method, url, data in _list_requests() + _day_requests(gm_days):
        response = _send(client, method, url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert _state() == before


@pytest.mark.parametrize("person", ["la_officer", "other_la_officer"])
def test_it_refuses_la_officers_even_on_their_own_las_days(request, signed_in, gm_days, person):
    client = signed_in(request.getfixturevalue(person))
    before = _state()
    for method, url, data in _list_requests() + _day_requests(gm_days):
        assert _send(client, method, url, data).status_code == 403, url
    assert _state() == before


def test_it_does_not_reveal_a_day_or_offer_to_another_champions_staff(
    signed_in, other_champion_staff, gm_days, mailoutbox
):
    client = signed_in(other_champion_staff)
    before = _state()
    for method, url, data in _day_requests(gm_days):
        response = _send(client, method, url, data)
        assert response.status_code == 404, url
        assert b"Bolton" not in response.content
    assert _state() == before and mailoutbox == []


def test_it_keeps_another_champions_offers_and_requests_off_their_pages(signed_in, other_champion_staff, gm_days):
    client = signed_in(other_champion_staff)
    offers = client.get(reverse("support_days:offer_list"))
    assert offers.context["upcoming"] == [] and offers.context["past"] == []
    patch = client.get(reverse("support_days:patch"))
    assert patch.context["requests"] == [] and patch.context["champion"] == Champion.objects.get(slug="hartlepool")
    assert "Bolton" not in patch.content.decode()


def test_it_gives_404_for_a_day_or_offer_that_does_not_exist(signed_in, champion_staff):
    client = signed_in(champion_staff)
    for name in ("support_day_confirm", "support_day_decline", "support_day_deliver"):
        assert client.get(reverse(f"support_days:{name}", args=[999999])).status_code == 404, name
    assert client.post(reverse("support_days:offer_withdraw", args=[999999])).status_code == 404


def test_it_lets_the_days_champion_staff_see_every_page(signed_in, champion_staff, gm_days):
    client = signed_in(champion_staff)
    for method, url, _data in _list_requests() + _day_requests(gm_days):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_it_lets_programme_staff_act_for_any_champion(signed_in, programme_staff, gm_days):
    client = signed_in(programme_staff)
    for method, url, _data in _list_requests() + _day_requests(gm_days):
        if method == "get":
            assert client.get(url).status_code == 200, url
    champion = f"?champion={gm_days['offer'].champion_id}"
    confirm, deliver, withdraw = (_day_requests(gm_days)[i] for i in (1, 5, 6))
    for (_method, url, data), back_to in ((confirm, "patch"), (deliver, "patch"), (withdraw, "offer_list")):
        response = client.post(url, data or {})
        assert response.url == reverse(f"support_days:{back_to}") + champion, url
    for day in gm_days.values():
        day.refresh_from_db()
    assert (gm_days["requested"].status, gm_days["requested"].date) == ("booked", datetime.date(2013, 10, 15))
    assert (gm_days["booked"].status, gm_days["offer"].withdrawn_at) == ("delivered", NOW)


def test_it_links_the_home_pages_to_support_days(signed_in, champion_staff, programme_staff, la_officer):
    home = reverse("accounts:home")
    champion_home = signed_in(champion_staff).get(home).content.decode()
    assert reverse("support_days:patch") in champion_home and reverse("support_days:offer_list") in champion_home
    assert reverse("support_days:coverage") not in champion_home
    programme_home = signed_in(programme_staff).get(home).content.decode()
    assert reverse("support_days:coverage") in programme_home
    la_home = signed_in(la_officer).get(home).content.decode()
    assert reverse("support_days:offer_list") not in la_home and reverse("support_days:coverage") not in la_home
