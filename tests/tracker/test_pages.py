"""The delivery tracker's pages: who may see them, the figures they show for a known programme, the
status rule written on the page, the comparison with a snapshot, and constant query counts."""

import datetime
import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from events.attendance import attendance_counts_refresh
from events.models import Event, Registration
from programme.models import Programme, Quarter, Theme
from regions.models import Champion, LocalAuthority
from support_days.models import SupportDay
from tests.case_studies.factories import submitted
from tests.events.factories import event, make_event, make_registration, registration
from tests.support_days.factories import make_support_day, support_day
from tests.tracker.afresh import counted_afresh
from tracker.services import tracker_snapshot_take

LONDON = timezone.get_default_timezone()
FROZEN = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)
GM = "greater-manchester-group"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def known(frozen, programme_staff, la_officer):
    """Greater Manchester Group's known delivery on 15 November 2013."""
    gm = Champion.objects.get(slug=GM)
    conference = make_event(
        created_by=programme_staff, kind=Event.Kind.REGIONAL_CONFERENCE, starts_at=at(datetime.date(2013, 10, 1))
    )
    make_registration(conference, attendance=Registration.Attendance.ATTENDED)
    make_event(
        created_by=programme_staff,
        starts_at=at(datetime.date(2013, 9, 3)),
        status=Event.Status.CANCELLED,
        title="Called off",
    )
    make_event(
        created_by=programme_staff,
        starts_at=at(datetime.date(2013, 9, 10)),
        themes=("personal-budgets", "local-offer"),
        title="Two themes",
    )
    make_event(created_by=programme_staff, starts_at=at(datetime.date(2013, 12, 2)), title="Coming up")
    bolton, bury = LocalAuthority.objects.get(slug="bolton"), LocalAuthority.objects.get(slug="bury")
    sunderland = LocalAuthority.objects.get(slug="sunderland")
    sunderland.champion_override = gm
    sunderland.save()
    make_support_day(
        local_authority=bolton, requested_by=la_officer, status="delivered", date=datetime.date(2013, 10, 10)
    )
    make_support_day(local_authority=bury, requested_by=la_officer, status="booked", date=datetime.date(2013, 12, 10))
    make_support_day(
        local_authority=sunderland, requested_by=la_officer, status="delivered", date=datetime.date(2013, 11, 1)
    )
    make_support_day(
        local_authority=LocalAuthority.objects.get(slug="salford"),
        requested_by=la_officer,
        status="cancelled",
        date=datetime.date(2013, 11, 5),
    )
    submitted(
        created_by=programme_staff, quarter=Quarter.objects.get(number=1), at=at(datetime.date(2013, 7, 20)), late=True
    )
    return gm


def _url(name: str, *args) -> str:
    return reverse(f"programme:{name}", args=["2013-14", *args])


# --- Who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [_url("tracker"), _url("tracker_region", "north-west")],
    ids=["national", "region"],
)
def test_it_shows_national_and_region_pages_only_to_programme_staff(
    client, signed_in, url, programme_staff, champion_staff, la_officer
):
    assert client.get(url).status_code == 302
    assert signed_in(champion_staff).get(url).status_code == 403
    assert signed_in(la_officer).get(url).status_code == 403
    assert signed_in(programme_staff).get(url).status_code == 200


def test_it_shows_a_champion_page_to_programme_staff_and_that_champions_staff_only(
    client, signed_in, programme_staff, champion_staff, other_champion_staff, la_officer
):
    url = _url("tracker_champion", GM)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert signed_in(la_officer).get(url).status_code == 403
    assert signed_in(other_champion_staff).get(url).status_code == 404
    assert signed_in(champion_staff).get(url).status_code == 200
    assert signed_in(champion_staff).get(_url("tracker_champion", "hartlepool")).status_code == 404
    assert signed_in(programme_staff).get(url).status_code == 200


def test_it_answers_404_for_an_unknown_programme_or_champion(signed_in, programme_staff):
    client = signed_in(programme_staff)
    assert client.get(reverse("programme:tracker", args=["1999-00"])).status_code == 404
    assert client.get(_url("tracker_champion", "narnia")).status_code == 404
    assert client.get(_url("tracker_region", "narnia")).status_code == 404


# --- The figures ------------------------------------------------------------------------------------


def test_it_shows_each_figure_as_counted_from_the_records(signed_in, programme_staff, known):
    response = signed_in(programme_staff).get(_url("tracker"))
    row = next(r for r in response.context["rows"] if r["d"].champion == known)
    words = {cell["theme"].slug: cell["words"] for cell in row["workshops"]}
    assert row["conference"] == "Held"
    assert words["personal-budgets"] == "1 of 4 (+1 upcoming)"
    assert words["local-offer"] == "1 of 4"
    assert words["personal-budgets"] in response.content.decode()
    d = row["d"]
    assert (d.assigned_las, d.las_delivered, d.las_booked) == (19, 2, 1)
    assert [s.label for s in row["case_studies"]] == ["Late", "Overdue", "Due by 14 January 2014", "Not yet due"]
    assert d.status_label == "Off track"
    content = response.content.decode()
    assert "Off track" in content and "On track" in content
    assert "Sunderland" not in content  # the national page has no LA names
    hartlepool = next(r for r in response.context["rows"] if r["d"].champion.slug == "hartlepool")
    assert hartlepool["conference"] == "None" and hartlepool["d"].assigned_las == 8


def test_it_writes_the_status_rule_with_the_programmes_thresholds(signed_in, programme_staff, frozen):
    client = signed_in(programme_staff)
    content = client.get(_url("tracker")).content.decode()
    assert "at least 80% of what is expected by now" in content
    assert "(63% elapsed on 15 November 2013)" in content
    assert "50% to 80%" in content and "below 50%" in content
    Programme.objects.filter(slug="2013-14").update(
        tracker_at_risk_below_percent=70, tracker_off_track_below_percent=40
    )
    content = client.get(_url("tracker")).content.decode()
    assert "at least 70% of what is expected by now" in content and "40% to 70%" in content


def test_it_shows_a_champion_in_detail(signed_in, champion_staff, known):
    response = signed_in(champion_staff).get(_url("tracker_champion", GM))
    content = response.content.decode()
    groups = dict(response.context["la_groups"])
    assert {r.local_authority.slug for r in groups["With a delivered day"]} == {"bolton", "sunderland"}
    assert [r.local_authority.slug for r in groups["With a booked day"]] == ["bury"]
    assert len(groups["Without a delivered or booked day"]) == 16
    assert "salford" in {r.local_authority.slug for r in groups["Without a delivered or booked day"]}
    assert reverse("regions:local_authority_detail", args=["sunderland"]) in content
    states = {e.title: e.state for e in response.context["events"]}
    assert states["Two themes"] == "Held" and states["Coming up"] == "Upcoming"
    assert states["Called off"] == "Cancelled (not counted)"
    assert reverse("events:registration_list", args=[response.context["events"][0].pk]) in content
    case_study = response.context["quarters"][0]["case_studies"][0]
    assert reverse("case_studies:case_study_detail", args=[case_study.pk]) in content
    groups = {name: missing for name, _, missing in response.context["partner_groups"]}
    assert groups["Parents and carers"] is False and groups["Schools"] is True
    assert "Never represented" in content and "Off track" in content


def test_it_shows_a_regions_las_with_their_champion_day_and_registrants(signed_in, programme_staff, known):
    conference = Event.objects.get(kind=Event.Kind.REGIONAL_CONFERENCE)
    bolton = LocalAuthority.objects.get(slug="bolton")
    make_registration(conference, local_authority=bolton, attendance=Registration.Attendance.ATTENDED)
    make_registration(conference, local_authority=bolton)
    make_registration(conference, local_authority=bolton, status=Registration.Status.CANCELLED)
    response = signed_in(programme_staff).get(_url("tracker_region", "north-west"))
    rows = {r.local_authority.slug: r for r in response.context["rows"]}
    assert len(rows) == 23
    assert rows["bolton"].registrations == {"local_authority_id": bolton.pk, "confirmed": 2, "attended": 1}
    assert (rows["bolton"].status, rows["bury"].status, rows["salford"].status) == ("delivered", "booked", "none")
    north_east = signed_in(programme_staff).get(_url("tracker_region", "north-east")).context["rows"]
    sunderland = next(r for r in north_east if r.local_authority.slug == "sunderland")
    assert sunderland.champion.slug == GM and sunderland.status == "delivered"


# --- Compare with a snapshot -----------------------------------------------------------------------


def test_it_compares_with_an_earlier_snapshot(signed_in, programme_staff, la_officer):
    programme = Programme.objects.get(slug="2013-14")
    with time_machine.travel(datetime.datetime(2013, 7, 1, 2, tzinfo=LONDON), tick=False):
        snapshot = tracker_snapshot_take(
            programme=programme, kind="quarter", occasion="Q1", as_at=timezone.now(), now=timezone.now()
        )
    with time_machine.travel(FROZEN, tick=False):
        for slug in ("bolton", "bury", "sunderland"):
            make_support_day(
                local_authority=LocalAuthority.objects.get(slug=slug),
                requested_by=la_officer,
                status="delivered",
                date=datetime.date(2013, 10, 10),
            )
        client = signed_in(programme_staff)
        assert "End of quarter 1 (1 July 2013)" in client.get(_url("tracker")).content.decode()
        response = client.get(_url("tracker"), {"compare": snapshot.pk})
    content = response.content.decode()
    assert "3 more non-pathfinder LAs had a support day since End of quarter 1" in content
    changes = {row["name"]: row["changes"] for row in response.context["comparison"]["champions"]}
    assert changes[Champion.objects.get(slug=GM).name][2] == 2
    assert changes["Hartlepool"][2] == 1
    assert response.context["over_the_year"][0]["label"] == "End of quarter 1"


def test_it_shows_an_error_for_a_snapshot_not_in_the_list(signed_in, programme_staff):
    response = signed_in(programme_staff).get(_url("tracker"), {"compare": "999"})
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "Select a snapshot from the list" in response.content.decode()


# --- Constant queries ----------------------------------------------------------------------------


_days = itertools.count(1)


def _grow(n: int, programme_staff, la_officer) -> None:
    """n more events (two themes, three registrations each) and n more support days, across champions."""
    champions = list(Champion.objects.all())
    themes = list(Theme.objects.all())
    events = Event.objects.bulk_create(
        event(
            created_by=programme_staff,
            champion=champions[i % len(champions)],
            kind=Event.Kind.REGIONAL_CONFERENCE if i % 7 == 0 else Event.Kind.WORKSHOP,
            starts_at=at(datetime.date(2013, 5, 1) + datetime.timedelta(days=i % 300)),
        )
        for i in range(n)
    )
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event=e, theme=themes[(i + k) % len(themes)]) for i, e in enumerate(events) for k in (0, 1)
    )
    las = list(LocalAuthority.objects.non_pathfinder().with_assigned_champion())
    Registration.objects.bulk_create(
        registration(e, local_authority=las[i % len(las)], attendance="attended" if i % 2 else "")
        for e in events
        for i in range(3)
    )
    attendance_counts_refresh(event_ids=[e.pk for e in events])
    SupportDay.objects.bulk_create(
        support_day(
            local_authority=las[i % len(las)],
            requested_by=la_officer,
            status=["delivered", "booked", "requested", "cancelled"][i % 4],
            date=None if i % 4 == 2 else datetime.date(2013, 4, 1) + datetime.timedelta(days=next(_days)),
        )
        for i in range(n)
    )


@pytest.mark.parametrize("url", [_url("tracker"), _url("tracker_champion", GM), _url("tracker_region", "north-west")])
def test_it_runs_the_same_number_of_queries_whatever_the_data(
    signed_in, programme_staff, la_officer, query_count, frozen, url
):
    client = signed_in(programme_staff)
    _grow(5, programme_staff, la_officer)
    client.get(url)
    small = query_count(lambda: counted_afresh(client, url))
    _grow(60, programme_staff, la_officer)
    large = query_count(lambda: counted_afresh(client, url))
    assert small == large
    assert Event.objects.count() == 65 and Registration.objects.count() == 195


def test_it_links_to_the_tracker_from_home_and_the_programme_page(signed_in, programme_staff, champion_staff):
    programme_page = reverse("programme:programme_detail", args=["2013-14"])
    staff = signed_in(programme_staff)
    assert reverse("programme:programme_current") in staff.get(reverse("accounts:home")).content.decode()
    assert _url("tracker") in staff.get(programme_page).content.decode()
    champion = signed_in(champion_staff)
    assert reverse("programme:programme_current") in champion.get(reverse("accounts:home")).content.decode()
    content = champion.get(programme_page).content.decode()
    assert _url("tracker_champion", GM) in content and f'href="{_url("tracker")}"' not in content
