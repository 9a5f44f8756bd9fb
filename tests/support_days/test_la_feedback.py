"""An LA officer's feedback on a delivered support day: only by that LA's officers, only after delivery, once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role, User
from programme.models import Theme
from support_days.models import SupportDay
from tests.support_days.factories import make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def delivered(la_officer) -> SupportDay:
    """Bolton's day with Greater Manchester Group on 23 September 2013, recorded as delivered."""
    day = make_support_day(
        local_authority=la_officer.local_authority,
        requested_by=la_officer,
        status="delivered",
        date=datetime.date(2013, 9, 23),
        attendees="Head of SEN; parent carer forum chair",
        delivery_notes="Walked through the local offer template.",
    )
    day.delivered_themes.set(Theme.objects.filter(slug="joint-commissioning"))
    return day


def _url(name: str, day: SupportDay) -> str:
    return reverse(f"support_days:{name}", args=[day.pk])


def _state() -> list:
    return list(SupportDay.objects.order_by("pk").values_list("status", "feedback_usefulness", "feedback_comments"))


def test_it_records_feedback_after_delivery(signed_in, la_officer, delivered):
    client = signed_in(la_officer)
    page = client.get(_url("support_day_feedback", delivered)).content.decode()
    assert "1 – not useful" in page and "5 – very useful" in page

    response = client.post(_url("support_day_feedback", delivered), {"usefulness": "4", "comments": "Very clear."})

    assert response.status_code == 302 and response.url == delivered.get_absolute_url()
    delivered.refresh_from_db()
    assert (delivered.feedback_usefulness, delivered.feedback_comments) == (4, "Very clear.")
    assert delivered.feedback_at == NOW
    html = client.get(response.url).content.decode()
    assert "Your feedback is saved" in html and "4 out of 5" in html


def test_it_takes_feedback_from_any_officer_of_the_la_but_only_once(signed_in, la_officer, delivered):
    colleague = User.objects.create_user(
        "kim@bolton.example", "x", full_name="Kim", role=Role.LA_OFFICER, local_authority=la_officer.local_authority
    )
    assert signed_in(colleague).post(_url("support_day_feedback", delivered), {"usefulness": "5"}).status_code == 302
    before = _state()
    client = signed_in(la_officer)

    page = client.get(_url("support_day_feedback", delivered))
    second = client.post(_url("support_day_feedback", delivered), {"usefulness": "1", "comments": "Changed my mind"})

    assert (page.status_code, second.status_code) == (200, 409)
    for response in (page, second):
        assert "Feedback has already been given" in response.content.decode()
        assert 'name="usefulness"' not in response.content.decode()
    assert _state() == before
    assert SupportDay.objects.get().feedback_usefulness == 5


@pytest.mark.parametrize("status", ["booked", "requested", "cancelled", "declined"])
def test_it_takes_feedback_only_after_delivery(signed_in, la_officer, status):
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status=status)
    response = signed_in(la_officer).post(_url("support_day_feedback", day), {"usefulness": "5"})
    assert response.status_code == 409
    assert "You can give feedback once the day has been delivered." in response.content.decode()
    assert SupportDay.objects.get().feedback_at is None


@pytest.mark.parametrize(
    "data,error",
    [
        ({}, "Select how useful the support day was"),
        ({"usefulness": "6"}, "Select how useful the support day was"),
        ({"usefulness": "0"}, "Select how useful the support day was"),
        ({"usefulness": "3", "comments": "x" * 2001}, "Comments must be 2,000 characters or fewer"),
    ],
)
def test_it_rejects_bad_feedback_and_saves_nothing(signed_in, la_officer, delivered, data, error):
    response = signed_in(la_officer).post(_url("support_day_feedback", delivered), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html and error in html
    assert 'href="#id_usefulness_1"' in html or "Comments" in error
    assert SupportDay.objects.get().feedback_at is None
