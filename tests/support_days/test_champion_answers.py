"""Champion staff confirm or decline an LA's request, and record a booked day as delivered."""

import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programme.models import Theme
from regions.models import LocalAuthority
from support_days.models import SupportDay, SupportDayOffer
from tests.support_days.factories import make_offer, make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
PATCH = reverse("support_days:patch")
OCT_15, OCT_22, NOV_12 = datetime.date(2013, 10, 15), datetime.date(2013, 10, 22), datetime.date(2013, 11, 12)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def request_day(la_officer) -> SupportDay:
    """Bolton asks Greater Manchester Group for a day on 15 or 22 October 2013."""
    return make_support_day(local_authority=la_officer.local_authority, status="requested", requested_by=la_officer)


@pytest.fixture
def booked_day(la_officer) -> SupportDay:
    """Bolton's day with Greater Manchester Group, yesterday."""
    return make_support_day(
        local_authority=la_officer.local_authority, date=datetime.date(2013, 9, 30), requested_by=la_officer
    )


def _url(name: str, day: SupportDay) -> str:
    return reverse(f"support_days:{name}", args=[day.pk])


def _date(name: str, day: datetime.date) -> dict:
    return {f"{name}_{i}": part for i, part in enumerate((day.day, day.month, day.year))}


def _errors(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    return html.split('govuk-error-summary__list">')[1].split("</ul>")[0]


def _state() -> list:
    days = SupportDay.objects.order_by("pk").values_list("status", "date", "offer", "declined_reason", "attendees")
    offers = SupportDayOffer.objects.order_by("pk").values_list("date", "format", "withdrawn_at")
    return [list(days), list(offers)]


# --- Confirm ----------------------------------------------------------------------------------


def test_it_shows_the_request_and_its_preferred_dates(signed_in, champion_staff, request_day):
    html = signed_in(champion_staff).get(_url("support_day_confirm", request_day)).content.decode()
    assert "Confirm Bolton's support day" in html
    assert "Tuesday 15 October 2013" in html and "Tuesday 22 October 2013" in html and "Another date" in html
    assert "We want to get our local offer right." in html and "Local offer" in html
    assert "The other date (if you chose another date)" in html
    assert "govuk-radios__conditional" not in html  # no conditional reveal (DEVELOPERS.md)


def test_it_confirms_a_preferred_date_and_emails_the_las_officers_a_calendar_file(
    signed_in, champion_staff, request_day, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    data = {"date_choice": OCT_22.isoformat(), "format": "online"}
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(_url("support_day_confirm", request_day), data, follow=True)
    assert response.redirect_chain[-1][0] == PATCH
    assert "Bolton&#x27;s day is booked for Tuesday 22 October 2013" in response.content.decode()
    request_day.refresh_from_db()
    assert (request_day.status, request_day.date, request_day.booked_at) == ("booked", OCT_22, NOW)
    offer = request_day.offer
    assert (offer.date, offer.format, offer.capacity, offer.created_by) == (OCT_22, "online", 1, champion_staff)
    [email] = mailoutbox
    assert email.to == [la_officer.email]
    assert email.subject == "Support day confirmed: 22 October 2013"
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == ("support-day.ics", "text/calendar")
    assert "DTSTART:20131022T080000Z" in (content.decode() if isinstance(content, bytes) else content)


def test_it_confirms_another_date_on_a_date_already_offered(
    signed_in, champion_staff, request_day, mailoutbox, django_capture_on_commit_callbacks
):
    offered = make_offer(created_by=champion_staff, date=NOV_12, capacity=2)
    data = {"date_choice": "other", **_date("other_date", NOV_12), "format": "online"}
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(champion_staff).post(_url("support_day_confirm", request_day), data)
    request_day.refresh_from_db()
    assert (request_day.status, request_day.date, request_day.offer) == ("booked", NOV_12, offered)
    assert SupportDayOffer.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the date of the day"),
        ({}, "Select whether the day is in person or online"),
        ({"date_choice": "other", "format": "online"}, "Enter the other date"),
        ({"date_choice": "other", **_date("other_date", datetime.date(2013, 10, 1))}, "The date must be after today"),
        ({"date_choice": "other", "other_date_0": "31", "other_date_1": "9", "other_date_2": "2013"}, "must be a real"),
        ({"date_choice": "2013-10-16", "format": "online"}, "Select one of the dates given, or another date"),
        ({"date_choice": "2013-10-15", **_date("other_date", NOV_12)}, "Leave the other date empty"),
        ({"date_choice": "2013-10-15", "format": "carrier_pigeon"}, "Select whether the day is in person or online"),
    ],
)
def test_it_shows_errors_and_confirms_nothing_for_bad_input(
    signed_in, champion_staff, request_day, mailoutbox, django_capture_on_commit_callbacks, data, message
):
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(_url("support_day_confirm", request_day), data)
    assert message in _errors(response)
    assert _state() == before and mailoutbox == []


def test_it_offers_only_preferred_dates_still_to_come(signed_in, champion_staff, request_day, time_machine):
    time_machine.move_to(datetime.datetime(2013, 10, 16, 9, 0, tzinfo=LONDON), tick=False)
    url = _url("support_day_confirm", request_day)
    html = signed_in(champion_staff).get(url).content.decode()
    assert (
        "Tuesday 15 October 2013" not in html.split("Which date will the day be on?")[1]
        and "Tuesday 22 October 2013" in html
    )
    assert "Select one of the dates given" in _errors(
        signed_in(champion_staff).post(url, {"date_choice": "2013-10-15"})
    )


def test_it_shows_a_date_just_taken_as_an_error_and_changes_nothing(
    signed_in, champion_staff, request_day, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    full = make_offer(created_by=champion_staff, date=OCT_15)
    make_support_day(local_authority=LocalAuthority.objects.get(slug="bury"), offer=full, requested_by=la_officer)
    before = _state()
    data = {"date_choice": OCT_15.isoformat(), "format": "in_person"}
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(_url("support_day_confirm", request_day), data)
    errors = _errors(response)
    assert "That date has just been taken. Choose another date." in errors
    assert 'href="#id_date_choice_1"' in errors
    assert _state() == before and mailoutbox == []


def test_it_refuses_a_date_the_la_already_has_a_day_on(signed_in, champion_staff, request_day, la_officer):
    offered = make_offer(created_by=champion_staff, date=NOV_12, capacity=2)
    make_support_day(local_authority=la_officer.local_authority, offer=offered, requested_by=la_officer)
    before = _state()
    data = {"date_choice": "other", **_date("other_date", NOV_12), "format": "online"}
    response = signed_in(champion_staff).post(_url("support_day_confirm", request_day), data)
    assert "Bolton already has a support day on that date." in _errors(response)
    assert _state() == before


def test_it_sends_an_answered_request_back_to_the_patch(signed_in, champion_staff, booked_day):
    for name in ("support_day_confirm", "support_day_decline"):
        response = signed_in(champion_staff).get(_url(name, booked_day), follow=True)
        assert response.redirect_chain[-1][0] == PATCH
        assert "This request has already been answered." in response.content.decode()
    booked_day.refresh_from_db()
    assert booked_day.status == "booked"


# --- Decline ----------------------------------------------------------------------------------


def test_it_declines_with_a_reason_and_emails_the_las_officers(
    signed_in, champion_staff, request_day, la_officer, mailoutbox, django_capture_on_commit_callbacks
):
    url = _url("support_day_decline", request_day)
    assert "Why can you not give this day?" in signed_in(champion_staff).get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(url, {"reason": "Both dates clash with our conference"}, follow=True)
    assert response.redirect_chain[-1][0] == PATCH
    assert "You declined Bolton&#x27;s request" in response.content.decode()
    request_day.refresh_from_db()
    assert (request_day.status, request_day.declined_reason) == ("declined", "Both dates clash with our conference")
    [email] = mailoutbox
    assert email.to == [la_officer.email] and email.subject == "Support day request declined"
    assert "Both dates clash with our conference" in email.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter why you are declining the request"),
        ({"reason": "   "}, "Enter why you are declining the request"),
        ({"reason": "x" * 1001}, "Reason must be 1,000 characters or fewer"),
    ],
)
def test_it_asks_for_a_reason_before_declining(
    signed_in, champion_staff, request_day, mailoutbox, django_capture_on_commit_callbacks, data, message
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(_url("support_day_decline", request_day), data)
    assert message in _errors(response)
    request_day.refresh_from_db()
    assert request_day.status == "requested" and mailoutbox == []


# --- Deliver ----------------------------------------------------------------------------------


def _delivered(**overrides) -> dict:
    themes = Theme.objects.filter(slug__in=["local-offer", "personal-budgets"]).values_list("pk", flat=True)
    return {"attendees": "Lee, SEND lead\nAsha, parent carer forum", "themes": list(themes), "notes": "", **overrides}


def test_it_records_a_day_as_delivered(
    signed_in, champion_staff, booked_day, mailoutbox, django_capture_on_commit_callbacks
):
    url = _url("support_day_deliver", booked_day)
    page = signed_in(champion_staff).get(url)
    assert "Who attended from the local authority?" in page.content.decode()
    assert [t.slug for t in page.context["form"].initial["themes"]] == ["local-offer"]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(champion_staff).post(url, _delivered(notes="Agreed a local offer review"), follow=True)
    assert response.redirect_chain[-1][0] == PATCH
    assert "Bolton&#x27;s day is recorded as delivered" in response.content.decode()
    booked_day.refresh_from_db()
    assert (booked_day.status, booked_day.delivered_at) == ("delivered", NOW)
    assert booked_day.attendees == "Lee, SEND lead\nAsha, parent carer forum"
    assert booked_day.delivery_notes == "Agreed a local offer review"
    assert sorted(t.slug for t in booked_day.delivered_themes.all()) == ["local-offer", "personal-budgets"]
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (None, "Enter who attended from the local authority"),
        (None, "Select at least one theme the day covered"),
        ({"attendees": ""}, "Enter who attended from the local authority"),
        ({"themes": []}, "Select at least one theme the day covered"),
        ({"themes": ["999999"]}, "Select a valid choice"),
        ({"notes": "x" * 5001}, "Notes must be 5,000 characters or fewer"),
    ],
)
def test_it_shows_errors_and_records_nothing_for_bad_delivery_input(
    signed_in, champion_staff, booked_day, overrides, message
):
    data = {} if overrides is None else _delivered(**overrides)
    before = _state()
    assert message in _errors(signed_in(champion_staff).post(_url("support_day_deliver", booked_day), data))
    assert _state() == before


def test_it_refuses_to_record_a_day_before_it_happens(signed_in, champion_staff, la_officer):
    future = make_support_day(local_authority=la_officer.local_authority, date=OCT_15, requested_by=la_officer)
    before = _state()
    response = signed_in(champion_staff).post(_url("support_day_deliver", future), _delivered())
    assert "You can record the day as delivered on or after the day itself." in _errors(response)
    assert _state() == before


def test_it_only_records_booked_days_as_delivered(signed_in, champion_staff, request_day):
    response = signed_in(champion_staff).post(_url("support_day_deliver", request_day), _delivered(), follow=True)
    assert "Only a booked day can be recorded as delivered." in response.content.decode()
    request_day.refresh_from_db()
    assert request_day.status == "requested"


# --- Every form -------------------------------------------------------------------------------


class _Page(HTMLParser):
    """The ids of form controls, and the links in the error summary."""

    def __init__(self):
        super().__init__()
        self.controls, self.summary_links, self._in_summary = set(), [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("id"):
            self.controls.add(attrs["id"])
        if "govuk-error-summary__list" in (attrs.get("class") or ""):
            self._in_summary = True
        if tag == "a" and self._in_summary:
            self.summary_links.append(attrs["href"].removeprefix("#"))

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_summary = False


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("offers_create", "post", {}),
        ("offers_create", "post", {"first_date_0": "1", "weekdays": ["9"], "capacity": "0"}),
        ("offer_list", "get", {"champion": "x"}),
        ("patch", "get", {"champion": "x"}),
        ("coverage", "get", {"region": "x", "status": "x"}),
        ("support_day_confirm", "post", {}),
        ("support_day_confirm", "post", {"date_choice": "other", "other_date_0": "x"}),
        ("support_day_decline", "post", {}),
        ("support_day_deliver", "post", {}),
    ],
)
def test_it_links_every_error_in_the_summary_to_a_form_control(
    signed_in, programme_staff, request_day, booked_day, name, method, data
):
    day = booked_day if name == "support_day_deliver" else request_day
    args = [day.pk] if name.startswith("support_day_") else []
    client = signed_in(programme_staff)
    url = reverse(f"support_days:{name}", args=args)
    response = client.post(url, data) if method == "post" else client.get(url, data)
    page = _Page()
    page.feed(_errors(response) and response.content.decode())
    assert page.summary_links
    assert set(page.summary_links) <= page.controls, page.summary_links
