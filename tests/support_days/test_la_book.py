"""An LA officer books a date their champion offered, or requests a day on dates that suit them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role, User
from programme.models import Theme
from regions.models import Champion, LocalAuthority
from regions.services import local_authority_assign_champion
from support_days.models import SupportDay, SupportDayOffer
from tests.support_days.factories import make_offer, make_support_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)  # a Tuesday
OCT_15, OCT_22 = datetime.date(2013, 10, 15), datetime.date(2013, 10, 22)
REQUEST = reverse("support_days:support_day_request")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def offered(champion_staff) -> SupportDayOffer:
    return make_offer(created_by=champion_staff, date=OCT_15, notes="Bolton Town Hall")


def _book_url(offer: SupportDayOffer) -> str:
    return reverse("support_days:support_day_book", args=[offer.pk])


def _themes(*slugs: str) -> list[int]:
    return list(Theme.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def _answers(**changes) -> dict:
    return {"themes": _themes("local-offer", "personal-budgets"), "context": "Our local offer is late.", **changes}


def _officer(slug: str) -> User:
    la = LocalAuthority.objects.get(slug=slug)
    return User.objects.create_user(
        f"officer@{slug}.example", "x", full_name="Officer", role=Role.LA_OFFICER, local_authority=la
    )


def _ics(message) -> str:
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("support-day.ics", "text/calendar")
    return content if isinstance(content, str) else content.decode()


# --- Booking an offered date ------------------------------------------------------------------


def test_it_shows_the_date_and_asks_what_to_focus_on(signed_in, la_officer, offered):
    response = signed_in(la_officer).get(_book_url(offered))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Book a support day on Tuesday 15 October 2013" in html
    assert "In person" in html and "Bolton Town Hall" in html
    assert "Which themes do you want to focus on?" in html
    assert "Preparing for adulthood and post 16" in html
    assert "novalidate" in html


def test_it_books_the_date_and_emails_both_sides_a_calendar_invitation(
    signed_in, la_officer, champion_staff, programme_staff, offered, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_book_url(offered), _answers())

    day = SupportDay.objects.get()
    assert response.status_code == 302
    assert response.url == day.get_absolute_url()
    assert (day.status, day.date, day.offer, day.champion) == ("booked", OCT_15, offered, champion_staff.champion)
    assert (day.local_authority, day.requested_by, day.booked_at) == (la_officer.local_authority, la_officer, NOW)
    assert sorted(day.themes.values_list("slug", flat=True)) == ["local-offer", "personal-budgets"]
    assert day.context == "Our local offer is late."

    assert sorted(message.to[0] for message in mailoutbox) == sorted([la_officer.email, champion_staff.email])
    for message in mailoutbox:
        assert message.subject == "Support day booked: Bolton on 15 October 2013"
        assert f"http://testserver{day.get_absolute_url()}" in message.body
        assert "DTSTART:20131015T080000Z" in _ics(message)

    html = client.get(response.url).content.decode()
    assert "Your support day is booked." in html
    assert "Tuesday 15 October 2013" in html
    assert "Personal budgets" in html and "Local offer" in html
    assert "Our local offer is late." in html


def test_it_says_the_date_has_just_been_taken_and_saves_nothing(
    signed_in, la_officer, other_la_officer, offered, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(la_officer)
    assert 'name="themes"' in client.get(_book_url(offered)).content.decode()
    taken = make_support_day(
        local_authority=other_la_officer.local_authority, requested_by=other_la_officer, offer=offered
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_book_url(offered), _answers())

    assert response.status_code == 409
    html = response.content.decode()
    assert "<title>That date has just been taken" in html
    assert "Nothing has been saved." in html
    assert f'href="{reverse("support_days:offer_choose")}">Choose another date</a>' in html
    assert list(SupportDay.objects.all()) == [taken]
    assert mailoutbox == []
    again = client.get(_book_url(offered))
    assert again.status_code == 200
    assert "That date has just been taken" in again.content.decode()
    assert 'name="themes"' not in again.content.decode()


def test_it_refuses_a_second_active_day_for_the_la_on_the_same_date(
    signed_in, la_officer, champion_staff, other_champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    roomy = make_offer(created_by=champion_staff, date=OCT_15, capacity=2)
    first = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, offer=roomy)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(la_officer).post(_book_url(roomy), _answers())

    assert response.status_code == 409
    html = response.content.decode()
    assert "You cannot book that date" in html
    assert "Bolton already has a support day on that date." in html
    assert list(SupportDay.objects.all()) == [first]
    assert mailoutbox == []


def test_it_refuses_a_date_that_has_passed(signed_in, la_officer, champion_staff):
    gone = make_offer(created_by=champion_staff, date=NOW.date())
    for response in (
        signed_in(la_officer).get(_book_url(gone)),
        signed_in(la_officer).post(_book_url(gone), _answers()),
    ):
        assert "That date is no longer offered." in response.content.decode()
    assert response.status_code == 409
    assert not SupportDay.objects.exists()


def test_it_does_not_find_another_champions_date_or_a_withdrawn_one(
    signed_in, la_officer, champion_staff, other_champion_staff
):
    elsewhere = make_offer(created_by=other_champion_staff, champion=other_champion_staff.champion, date=OCT_15)
    withdrawn = make_offer(created_by=champion_staff, date=OCT_22, withdrawn_at=NOW)
    client = signed_in(la_officer)
    for offer in (elsewhere, withdrawn):
        assert client.get(_book_url(offer)).status_code == 404
        assert client.post(_book_url(offer), _answers()).status_code == 404
    assert client.get(reverse("support_days:support_day_book", args=[999999])).status_code == 404
    assert not SupportDay.objects.exists()


def test_it_books_with_a_champion_from_a_neighbouring_region(
    signed_in, la_officer, champion_staff, other_champion_staff, programme_staff
):
    hartlepool = other_champion_staff.champion
    gm_offer = make_offer(created_by=champion_staff, date=OCT_15)
    theirs = make_offer(created_by=other_champion_staff, champion=hartlepool, date=OCT_22)
    local_authority_assign_champion(
        local_authority=la_officer.local_authority, champion=hartlepool, reason="Capacity", by=programme_staff, now=NOW
    )
    client = signed_in(la_officer)
    assert client.post(_book_url(gm_offer), _answers()).status_code == 404
    assert client.post(_book_url(theirs), _answers()).status_code == 302
    assert SupportDay.objects.get().champion == hartlepool


def test_it_lets_a_pathfinder_la_book_too(signed_in, champion_staff, offered):
    wigan_officer = _officer("wigan")
    assert LocalAuthority.objects.get(slug="wigan").is_pathfinder
    response = signed_in(wigan_officer).post(_book_url(offered), _answers())
    assert response.status_code == 302
    day = SupportDay.objects.get()
    assert (day.local_authority.slug, day.status, day.champion) == ("wigan", "booked", champion_staff.champion)


@pytest.mark.parametrize(
    "changes,error",
    [
        ({"themes": []}, "Select at least one theme to focus on"),
        ({"themes": ["999999"]}, "Select themes from the list"),
        ({"themes": ["local-offer"]}, "Select themes from the list"),
        ({"context": "x" * 2001}, "What the champion should know must be 2,000 characters or fewer"),
    ],
)
def test_it_rejects_bad_answers_and_saves_nothing(signed_in, la_officer, offered, mailoutbox, changes, error):
    response = signed_in(la_officer).post(_book_url(offered), _answers(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert error in html
    assert not SupportDay.objects.exists()
    assert mailoutbox == []


# --- Requesting a day -------------------------------------------------------------------------


def _dates(*dates) -> dict:
    """The three GOV.UK date inputs, filled in from `dates` (a date, a (day, month, year) tuple, or None)."""
    data = {}
    for n, value in enumerate(dates, start=1):
        if value is None:
            continue
        parts = (value.day, value.month, value.year) if isinstance(value, datetime.date) else value
        data |= {f"preferred_date_{n}_{i}": part for i, part in enumerate(parts)}
    return data


def test_it_shows_the_request_form(signed_in, la_officer):
    html = signed_in(la_officer).get(REQUEST).content.decode()
    assert "Request a support day from Greater Manchester Group" in html
    for n in (1, 2, 3):
        assert f'name="preferred_date_{n}_0"' in html
    assert 'name="themes"' in html and 'name="context"' in html


def test_it_sends_a_request_to_the_assigned_champion(
    signed_in, la_officer, champion_staff, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(la_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST, {**_dates(OCT_22, None, OCT_15), **_answers()})

    day = SupportDay.objects.get()
    assert response.status_code == 302
    assert response.url == day.get_absolute_url()
    assert (day.status, day.date, day.offer, day.champion) == ("requested", None, None, champion_staff.champion)
    assert day.preferred_dates == ["2013-10-15", "2013-10-22"]
    assert sorted(day.themes.values_list("slug", flat=True)) == ["local-offer", "personal-budgets"]
    assert (day.context, day.requested_by) == ("Our local offer is late.", la_officer)
    assert [message.to for message in mailoutbox] == [[champion_staff.email]]

    html = client.get(response.url).content.decode()
    assert "Your request is sent to Greater Manchester Group" in html
    assert "Tuesday 15 October 2013" in html and "Tuesday 22 October 2013" in html
    assert "Not agreed yet" in html


def test_it_sends_the_request_to_a_champion_from_a_neighbouring_region(
    signed_in, la_officer, other_champion_staff, programme_staff
):
    hartlepool = other_champion_staff.champion
    local_authority_assign_champion(
        local_authority=la_officer.local_authority, champion=hartlepool, reason="Capacity", by=programme_staff, now=NOW
    )
    assert signed_in(la_officer).post(REQUEST, {**_dates(OCT_15), **_answers()}).status_code == 302
    assert SupportDay.objects.get().champion == hartlepool


@pytest.mark.parametrize(
    "dates,error",
    [
        ((), "Enter at least one preferred date"),
        ((NOW.date(),), "The first preferred date must be in the future"),
        ((datetime.date(2013, 9, 30),), "The first preferred date must be in the future"),
        ((None, None, datetime.date(2012, 10, 15)), "The third preferred date must be in the future"),
        ((OCT_15, OCT_15), "The second preferred date must be different from the first"),
        ((OCT_15, OCT_22, OCT_22), "The third preferred date must be different from the second"),
        (((31, 2, 2014),), "First preferred date must be a real date"),
        ((None, ("15", "", "2013")), "Second preferred date must include a day, month and year"),
        (((15, 10, 13),), "First preferred date must be a real date"),
        ((("x", 10, 2013),), "First preferred date must be a real date"),
    ],
)
def test_it_rejects_bad_dates_and_saves_nothing(signed_in, la_officer, mailoutbox, dates, error):
    response = signed_in(la_officer).post(REQUEST, {**_dates(*dates), **_answers()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    assert error in summary
    assert not SupportDay.objects.exists()
    assert mailoutbox == []


def test_it_shows_every_missing_answer_for_an_empty_request(signed_in, la_officer):
    html = signed_in(la_officer).post(REQUEST, {}).content.decode()
    assert "Enter at least one preferred date" in html
    assert "Select at least one theme to focus on" in html
    assert 'href="#id_preferred_date_1_0"' in html and 'id="id_preferred_date_1_0"' in html
    assert not SupportDay.objects.exists()


def test_it_lets_a_pathfinder_la_request_a_day(signed_in, champion_staff):
    response = signed_in(_officer("wigan")).post(REQUEST, {**_dates(OCT_15), **_answers()})
    assert response.status_code == 302
    assert SupportDay.objects.get().local_authority.slug == "wigan"
    assert Champion.objects.get(slug="greater-manchester-group") == SupportDay.objects.get().champion
