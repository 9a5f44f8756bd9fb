"""The tracker's pages stay the same size as the programme grows (issue 18): the same number of queries and about
the same size at 5 and at 60 events per champion; the champion page computes its own champion only and lists its
events a page at a time; a bad page number is never a 500."""

import datetime
import io
import re

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events.attendance import attendance_counts_refresh
from events.models import Event, Registration
from programme.models import Programme, Theme
from regions.models import Champion
from tests.events.factories import event, registration
from tests.tracker.afresh import counted_afresh
from tracker.delivery import programme_delivery
from tracker.views import EVENTS_PER_PAGE

LONDON = timezone.get_default_timezone()
FROZEN = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)
GM = "greater-manchester-group"
PARTNER_TYPES = ["school", "health", "parent_carer_forum", "vcs"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


def _url(name: str, *args) -> str:
    return reverse(f"programme:{name}", args=["2013-14", *args])


def _grow_to(per_champion: int, created_by) -> None:
    """Up to `per_champion` published events for every champion, most of them held, each with four people
    registered, three of whom attended."""
    champions, themes = list(Champion.objects.all()), list(Theme.objects.all())
    have = Event.objects.filter(champion=champions[0]).count()
    made = Event.objects.bulk_create(
        event(
            created_by=created_by,
            champion=champion,
            kind=Event.Kind.REGIONAL_CONFERENCE if i == 0 else Event.Kind.WORKSHOP,
            title=f"{champion.slug} event {i}",
            starts_at=datetime.datetime(2013, 4, 2, 10, tzinfo=LONDON) + datetime.timedelta(days=(i * 5) % 360),
        )
        for champion in champions
        for i in range(have, per_champion)
    )
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event=e, theme=themes[(i + k) % len(themes)]) for i, e in enumerate(made) for k in (0, 1)
    )
    Registration.objects.bulk_create(
        registration(e, partner_type=PARTNER_TYPES[k], attendance="attended" if k else "")
        for e in made
        for k in range(4)
    )
    attendance_counts_refresh(event_ids=[e.pk for e in made])


def _event_rows(content: str) -> int:
    table = content.split('id="events-caption"')[1].split("</table>")[0]
    return len(re.findall(r'<tr class="govuk-table__row">', table)) - 1  # less the header row


@pytest.mark.parametrize("url", [_url("tracker"), _url("tracker_champion", GM)], ids=["national", "champion"])
def test_it_serves_the_same_queries_and_about_the_same_size_at_5_and_60_events_per_champion(
    signed_in, programme_staff, query_count, url
):
    client = signed_in(programme_staff)
    _grow_to(5, programme_staff)
    client.get(url)
    small_queries = query_count(lambda: counted_afresh(client, url))
    small = len(client.get(url).content)
    _grow_to(60, programme_staff)
    large_queries = query_count(lambda: counted_afresh(client, url))
    response = client.get(url)
    large = len(response.content)
    assert Event.objects.count() == 540 and Registration.objects.count() == 2160
    assert small_queries == large_queries
    # At most a page of events more than with 5 (about 700 bytes a row), whatever the number of events.
    assert large - small < (EVENTS_PER_PAGE - 5) * 1000
    if "champion" in url:
        assert _event_rows(response.content.decode()) == EVENTS_PER_PAGE
        assert "60 events in 2013-14" in response.content.decode()


def test_it_lists_a_champions_events_a_page_at_a_time(signed_in, champion_staff, programme_staff):
    _grow_to(60, programme_staff)
    client = signed_in(champion_staff)
    first = client.get(_url("tracker_champion", GM))
    third = client.get(_url("tracker_champion", GM) + "?page=3")
    assert [e.title for e in first.context["events"]][:2] == [
        "greater-manchester-group event 0",
        "greater-manchester-group event 1",
    ]
    assert len(third.context["events"]) == 60 - 2 * EVENTS_PER_PAGE
    assert third.context["events"][0].title == f"greater-manchester-group event {2 * EVENTS_PER_PAGE}"
    content = first.content.decode()
    assert 'aria-label="Pages of results"' in content and 'href="?page=2"' in content
    assert "1 to 25, page 1 of 3" in content
    # Each event's confirmed places are counted (4 registered, all confirmed).
    assert {e.confirmed_count for e in third.context["events"]} == {4}


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999", "", "%00", "2" * 40])
def test_it_answers_a_bad_page_number_with_a_page_never_a_500(signed_in, champion_staff, programme_staff, page):
    _grow_to(30, programme_staff)
    response = signed_in(champion_staff).get(_url("tracker_champion", GM) + f"?page={page}")
    assert response.status_code == 200
    assert response.context["page"].number in (1, 2)


def test_it_computes_a_champion_alone_with_the_figures_of_the_whole(programme_staff, la_officer):
    _grow_to(6, programme_staff)
    programme = Programme.objects.get()
    everyone = {d.champion.pk: d for d in programme_delivery(programme=programme, now=FROZEN)}
    for champion in Champion.objects.all():
        [alone] = programme_delivery(programme=programme, now=FROZEN, champion=champion)
        whole = everyone[champion.pk]
        for name in [
            "conferences_held",
            "conferences_scheduled",
            "conference",
            "workshops",
            "workshops_upcoming",
            "assigned_las",
            "las_delivered",
            "las_booked",
            "support_days",
            "published_by_quarter",
            "attendees_by_partner_type",
            "partner_groups_missing",
            "allocation",
            "status",
        ]:
            assert getattr(alone, name) == getattr(whole, name), name
        assert [s.label for s in alone.case_studies.values()] == [s.label for s in whole.case_studies.values()]
    gm = everyone[Champion.objects.get(slug=GM).pk]
    assert dict(gm.attendees_by_partner_type) == {"health": 6, "parent_carer_forum": 6, "vcs": 6}


def test_it_downloads_all_of_a_champions_events(signed_in, champion_staff, programme_staff):
    _grow_to(60, programme_staff)
    response = signed_in(champion_staff).get(_url("tracker_champion_export", GM, "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Events"]
    titles = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).startswith(GM)]
    assert len(titles) == 60
    confirmed = [row[5] for row in sheet.iter_rows(values_only=True) if row[0] in titles]
    assert set(confirmed) == {4}


@pytest.mark.parametrize(
    "url",
    [
        _url("tracker_export", "csv"),
        _url("tracker_export", "xlsx"),
        _url("tracker_champion_export", GM, "csv"),
        _url("tracker_champion_export", GM, "xlsx"),
    ],
    ids=["national-csv", "national-xlsx", "champion-csv", "champion-xlsx"],
)
def test_it_downloads_in_the_same_number_of_queries_at_5_and_60_events_per_champion(
    signed_in, programme_staff, query_count, url
):
    client = signed_in(programme_staff)
    _grow_to(5, programme_staff)
    client.get(url)
    small_queries, small = query_count(lambda: counted_afresh(client, url)), client.get(url).content
    _grow_to(60, programme_staff)
    large_queries, large = query_count(lambda: counted_afresh(client, url)), client.get(url).content
    assert small_queries == large_queries
    if url.endswith(".csv"):  # the summary alone: the same rows, whatever the number of events
        assert len(small.splitlines()) == len(large.splitlines())
