"""The events page: anyone finds published upcoming events and filters them; past events are listed apart."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from champions_portal import public_cache
from events.models import Event, Registration
from programme.models import Theme
from regions.models import Champion
from tests.events.factories import event, make_event, make_registration, registration

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
URL = reverse("events:event_list")


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2013, month, day, hour, minute, tzinfo=LONDON)


def _date(name: str, day: str, month: str, year: str) -> dict:
    """The GOV.UK date input's three boxes, as the finder's form sends them."""
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def _upcoming(response) -> list[str]:
    return [e.title for e in response.context["upcoming"]]


def _past(response) -> list[str]:
    return [e.title for e in response.context["past"]]


@pytest.fixture
def three_events(champion_staff, other_champion_staff):
    """A: GM online workshop; B: Hartlepool in-person conference; C: GM in-person seminar."""
    hartlepool = Champion.objects.get(slug="hartlepool")
    make_event(created_by=champion_staff, title="A", starts_at=_at(10, 14, 10), themes=["personal-budgets"])
    make_event(
        created_by=other_champion_staff,
        champion=hartlepool,
        title="B",
        kind=Event.Kind.REGIONAL_CONFERENCE,
        format=Event.Format.IN_PERSON,
        venue_address="Hartlepool Civic Centre\nVictoria Road",
        starts_at=_at(10, 21, 10),
        themes=["local-offer"],
    )
    make_event(
        created_by=champion_staff,
        title="C",
        kind=Event.Kind.SEMINAR,
        format=Event.Format.IN_PERSON,
        venue_address="Bolton Town Hall",
        starts_at=_at(11, 4, 10),
        themes=["local-offer", "joint-commissioning"],
    )


def test_it_lists_an_upcoming_event_with_what_people_need_to_choose_it(client, champion_staff):
    made = make_event(
        created_by=champion_staff,
        title="Local offer workshop",
        format=Event.Format.IN_PERSON,
        venue_address="Bolton Town Hall\nVictoria Square\nBolton BL1 1RU",
        starts_at=_at(10, 14, 10),
        ends_at=_at(10, 14, 14, 30),
        capacity=10,
        themes=["local-offer", "personal-budgets"],
    )
    for _ in range(3):
        make_registration(made)
    make_registration(made, status=Registration.Status.WAITLISTED)
    make_registration(made, status=Registration.Status.CANCELLED)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{made.get_absolute_url()}">Local offer workshop</a>' in html
    assert "Workshop by Greater Manchester Group (Wigan, Trafford and Manchester), North West" in html
    assert "Monday 14 October 2013, 10am to 2:30pm" in html
    assert "In person: Bolton Town Hall" in html
    assert "Victoria Square" not in html
    assert "Personal budgets; Local offer" in html  # in the order of Annex B
    assert "7 places left" in html


def test_it_says_waiting_list_when_an_event_is_full(client, champion_staff):
    full = make_event(created_by=champion_staff, title="Full", capacity=2)
    make_registration(full)
    make_registration(full)
    html = client.get(URL).content.decode()
    assert "Online" in html
    assert "Waiting list" in html
    assert "places left" not in html
    assert "place left" not in html


def test_it_lists_past_events_after_the_upcoming_ones_most_recent_first_a_page_at_a_time(client, champion_staff):
    make_event(created_by=champion_staff, title="Soon", starts_at=_at(10, 2, 10))
    make_event(created_by=champion_staff, title="Running now", starts_at=_at(10, 1, 8))
    for day in range(1, 23):  # 22 events in September
        make_event(created_by=champion_staff, title=f"September {day}", starts_at=_at(9, day, 10))

    response = client.get(URL)

    assert _upcoming(response) == ["Running now", "Soon"]
    assert _past(response) == [f"September {day}" for day in range(22, 4, -1)]  # 20 a page
    html = response.content.decode()
    assert "2 upcoming events." in html
    assert "22 past events, most recent first." in html
    assert 'href="?page=2"' in html

    response = client.get(URL, {"page": "2"})
    assert _upcoming(response) == []
    assert _past(response) == ["September 4", "September 3", "September 2", "September 1"]
    html = response.content.decode()
    assert "Upcoming events" not in html
    assert 'href="?page=1"' in html
    assert "<title>Events (page 2 of 2) – " in html


def test_it_says_past_events_follow_when_upcoming_ones_fill_the_page(client, champion_staff):
    for day in range(2, 23):
        make_event(created_by=champion_staff, title=f"October {day}", starts_at=_at(10, day, 10))
    make_event(created_by=champion_staff, title="September", starts_at=_at(9, 1, 10))

    html = client.get(URL).content.decode()

    assert "21 upcoming events. Past events follow the upcoming ones." in html
    assert "Past events</h2>" not in html
    assert _past(client.get(URL, {"page": "2"})) == ["September"]


@pytest.mark.parametrize("page", ["abc", "9999", "-1", "0", "1.5", "", "\x00"])
def test_it_shows_a_page_for_any_page_number(client, champion_staff, page):
    make_event(created_by=champion_staff, title="Soon")
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert _upcoming(response) == ["Soon"]


def test_it_keeps_the_filters_in_the_page_links(client, champion_staff):
    for day in range(1, 26):
        make_event(created_by=champion_staff, title=f"September {day}", starts_at=_at(9, day, 10))

    html = client.get(URL, {"region": "north-west", "cancelled": "on"}).content.decode()

    assert 'href="?region=north-west&amp;cancelled=on&amp;page=2"' in html
    assert "25 past events match your filters, most recent first." in html


def test_it_lists_neither_drafts_nor_cancelled_events(client, champion_staff):
    make_event(created_by=champion_staff, title="Published")
    make_event(created_by=champion_staff, title="Secret draft", status=Event.Status.DRAFT, published_at=None)
    make_event(created_by=champion_staff, title="Called off", status=Event.Status.CANCELLED, cancelled_at=NOW)
    make_event(created_by=champion_staff, title="Old draft", status=Event.Status.DRAFT, starts_at=_at(9, 2, 10))
    make_event(created_by=champion_staff, title="Old cancelled", status=Event.Status.CANCELLED, starts_at=_at(9, 2, 9))

    response = client.get(URL)

    assert _upcoming(response) == ["Published"]
    assert _past(response) == []
    html = response.content.decode()
    for title in ("Secret draft", "Called off", "Old draft", "Old cancelled"):
        assert title not in html


def test_it_shows_cancelled_events_marked_when_asked(client, champion_staff):
    make_event(created_by=champion_staff, title="Published", capacity=20)
    make_event(
        created_by=champion_staff, title="Called off", capacity=7, status=Event.Status.CANCELLED, cancelled_at=NOW
    )
    make_event(created_by=champion_staff, title="Secret draft", status=Event.Status.DRAFT, published_at=None)
    make_event(
        created_by=champion_staff,
        title="Old cancelled",
        status=Event.Status.CANCELLED,
        starts_at=_at(9, 2, 9),
        cancelled_at=_at(9, 1, 9),
    )

    response = client.get(URL, {"cancelled": "on"})

    assert response.status_code == 200
    assert _upcoming(response) == ["Published", "Called off"]
    assert _past(response) == ["Old cancelled"]
    html = response.content.decode()
    assert html.count('<strong class="govuk-tag govuk-tag--red">Cancelled</strong>') == 2
    assert "20 places left" in html
    assert "7 places left" not in html  # no places on offer at a cancelled event
    assert "Secret draft" not in html
    assert "govuk-error-summary" not in html
    assert 'name="cancelled" class="govuk-checkboxes__input" id="id_cancelled" checked' in html


def test_it_offers_the_cancelled_filter_unticked(client, champion_staff):
    make_event(created_by=champion_staff, title="Called off", status=Event.Status.CANCELLED, cancelled_at=NOW)
    html = client.get(URL).content.decode()
    assert "Show cancelled events" in html
    assert '<input type="checkbox" name="cancelled" class="govuk-checkboxes__input" id="id_cancelled">' in html
    assert "Called off" not in html


def test_it_hides_drafts_even_from_their_organisers(signed_in, champion_staff):
    make_event(created_by=champion_staff, title="Secret draft", status=Event.Status.DRAFT, published_at=None)
    assert _upcoming(signed_in(champion_staff).get(URL)) == []


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({}, ["A", "B", "C"]),
        ({"region": "north-east"}, ["B"]),
        ({"region": "north-west"}, ["A", "C"]),
        ({"region": "london"}, []),
        ({"theme": "local-offer"}, ["B", "C"]),
        ({"theme": "joint-commissioning"}, ["C"]),
        ({"kind": "seminar"}, ["C"]),
        ({"kind": "regional_conference"}, ["B"]),
        ({"format": "online"}, ["A"]),
        ({"format": "in_person"}, ["B", "C"]),
        (_date("date_from", "21", "10", "2013"), ["B", "C"]),
        (_date("date_to", "21", "10", "2013"), ["A", "B"]),
        (_date("date_from", "15", "10", "2013") | _date("date_to", "3", "11", "2013"), ["B"]),
        (_date("date_from", " 04 ", "011", "2013"), ["C"]),
        ({"region": "north-west", "theme": "local-offer", "format": "in_person"}, ["C"]),
        ({"region": "", "theme": "", "kind": "", "format": ""} | _date("date_from", "", "", ""), ["A", "B", "C"]),
        # Links made for the old single date box are ignored, not errors.
        ({"date_from": "21/10/2013", "date_to": "next week"}, ["A", "B", "C"]),
    ],
)
def test_it_filters_events(client, three_events, filters, expected):
    response = client.get(URL, filters)
    assert response.status_code == 200
    assert _upcoming(response) == expected
    assert "govuk-error-summary" not in response.content.decode()


def test_it_counts_the_to_date_in_london_time(client, champion_staff):
    # 11:30pm on 21 October in London is still 21 October; 12:30am on 22 October is 11:30pm UTC on the 21st.
    make_event(created_by=champion_staff, title="Late on the 21st", starts_at=_at(10, 21, 23, 30))
    make_event(created_by=champion_staff, title="Just after midnight", starts_at=_at(10, 22, 0, 30))
    assert _upcoming(client.get(URL, _date("date_to", "21", "10", "2013"))) == ["Late on the 21st"]
    assert _upcoming(client.get(URL, _date("date_from", "22", "10", "2013"))) == ["Just after midnight"]


def test_it_filters_past_events_too(client, champion_staff):
    make_event(created_by=champion_staff, title="Old budgets", starts_at=_at(9, 2, 10), themes=["personal-budgets"])
    make_event(created_by=champion_staff, title="Old offer", starts_at=_at(9, 3, 10), themes=["local-offer"])
    assert _past(client.get(URL, {"theme": "local-offer"})) == ["Old offer"]


@pytest.mark.parametrize(
    "filters,error",
    [
        ({"region": "atlantis"}, "Select a region from the list"),
        ({"theme": "knitting"}, "Select a theme from the list"),
        ({"kind": "party"}, "Select a type of event from the list"),
        ({"format": "hologram"}, "Select in person or online from the list"),
        (_date("date_from", "31", "2", "2013"), "From date must be a real date"),
        (_date("date_to", "next", "week", ""), "To date must be a real date"),
        (_date("date_from", "1", "10", "99999999999999999999"), "From date must be a real date"),
        (_date("date_from", "99999999999999999999", "1", "2013"), "From date must be a real date"),
        (_date("date_from", "-1", "10", "2013"), "From date must be a real date"),
        (_date("date_to", "21", "", "2013"), "To date must include a day, month and year"),
        (_date("date_to", "", "", "13"), "To date must include a day, month and year"),
        (_date("date_from", "1", "10", "13"), "From date must be a real date"),
        (_date("date_from", "1\x00", "10", "2013"), "From date must be a real date"),
        ({"region": "north\x00east"}, "Null characters are not allowed"),
        ({"theme": "x" * 5000}, "Select a theme from the list"),
    ],
)
def test_it_shows_a_bad_filter_as_an_error_and_ignores_it(client, three_events, filters, error):
    response = client.get(URL, filters)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert error in html
    assert "<title>Error: " in html
    assert _upcoming(response) == ["A", "B", "C"]


def test_it_uses_the_govuk_date_input_and_links_an_error_to_the_day_box(client, three_events):
    html = client.get(URL).content.decode()
    assert 'name="date_from"' not in html and 'name="date_to"' not in html  # no single text box
    for name in ("date_from", "date_to"):
        for part in range(3):
            assert f'id="id_{name}_{part}"' in html
    assert html.count('class="govuk-date-input"') == 2

    html = client.get(URL, _date("date_to", "31", "2", "2013")).content.decode()
    assert '<a href="#id_date_to_0">To date must be a real date</a>' in html
    assert 'name="date_to_0" type="text" value="31"' in html or 'value="31"' in html  # what was typed is kept


def test_it_applies_the_good_filters_when_the_dates_are_the_wrong_way_round(client, three_events):
    dates = _date("date_from", "21", "10", "2013") | _date("date_to", "14", "10", "2013")
    response = client.get(URL, {**dates, "kind": "seminar"})
    assert "The to date must be the same as or after the from date" in response.content.decode()
    assert _upcoming(response) == ["C"]


def test_it_takes_a_repeated_parameter_without_failing(client, three_events):
    response = client.get(URL + "?region=north-east&region=north-west&theme=local-offer")
    assert response.status_code == 200
    assert _upcoming(response) == ["C"]


def _bulk_events(n: int, created_by) -> None:
    """n published events, half upcoming and half past, each with two themes and a few registrations."""
    champions = list(Champion.objects.all())
    made = Event.objects.bulk_create(
        event(
            created_by=created_by,
            champion=champions[i % len(champions)],
            title=f"Event {i}",
            starts_at=NOW + datetime.timedelta(days=(i + 1) * (1 if i % 2 else -1)),
            format=Event.Format.IN_PERSON if i % 3 else Event.Format.ONLINE,
            venue_address="Town Hall\nHigh Street",
        )
        for i in range(n)
    )
    themes = list(Theme.objects.all())
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event_id=e.pk, theme_id=theme.pk)
        for i, e in enumerate(made)
        for theme in themes[i % 3 :][:2]
    )
    Registration.objects.bulk_create(registration(e) for e in made for _ in range(2))


FILTERED = {
    "theme": "personal-budgets",
    "region": "north-west",
    "cancelled": "on",
    **_date("date_from", "1", "10", "2013"),
}


@pytest.mark.parametrize("filters", [{}, FILTERED, {"page": "2"}, {**FILTERED, "page": "2"}])
def test_it_runs_the_same_number_of_queries_and_shows_a_page_for_5_or_120_events(
    client, champion_staff, query_count, filters
):
    _bulk_events(10, champion_staff)  # 5 upcoming, 5 past
    few = query_count(lambda: client.get(URL, filters))
    _bulk_events(110, champion_staff)  # 60 upcoming, 60 past
    public_cache.changed("events")  # bulk_create sends no signals: a bulk load must say so itself
    many = query_count(lambda: client.get(URL, filters))
    public_cache.changed("events")
    response = client.get(URL, filters)
    shown = response.context["upcoming"] + response.context["past"]
    assert 5 < len(shown) <= 20  # the rows really are on the page, and no more than a page of them
    assert few == many
    # Built (not from the cache): the filters' two look-ups and three lists of choices; two counts, the page's
    # ids, its rows, their themes and their registrations; when an event listed next ends.
    assert many <= 12


def test_it_is_about_the_same_size_for_5_or_60_upcoming_and_past_events(client, champion_staff):
    _bulk_events(50, champion_staff)  # 25 upcoming, 25 past: more than a page
    small = len(client.get(URL).content)
    _bulk_events(70, champion_staff)  # 60 upcoming, 60 past
    public_cache.changed("events")
    large = len(client.get(URL).content)
    assert abs(large - small) < 1000  # only the page links and the counts differ


def test_it_is_linked_from_the_start_page(client, reference_data):
    html = client.get("/").content.decode()
    assert f'href="{URL}">find a conference, workshop or seminar near you and register</a>' in html
