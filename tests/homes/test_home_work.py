"""Each person's home shows the work waiting for them: a count that links to its list, with each role's
data and with none, in a fixed number of queries however much there is."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from accounts.services import account_request_create
from case_studies.models import CaseStudy
from notifications.models import OutboxMessage
from regions.models import Champion, ChampionContact, LocalAuthority
from tests.accounts.pages import links
from tests.case_studies.factories import make_case_study, submitted
from tests.events.factories import make_event, make_registration
from tests.events.speaker_factories import make_speaker_request
from tests.self_evaluation import builders
from tests.support_days.factories import make_offer, make_support_day
from tests.tracker.afresh import counted_afresh

NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _in_the_programme_year():
    with time_machine.travel(NOW, tick=False):
        yield


def _home(client) -> str:
    response = client.get("/home/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") :]


def _failed_email(champion=None, n=0) -> None:
    OutboxMessage.objects.create(
        key=f"home:{n}", to="x@example.com", subject="S", state="failed", created_at=NOW, next_attempt_at=NOW,
        champion=champion,
    )  # fmt: skip


# --- Programme staff ---------------------------------------------------------------------------


def test_it_tells_programme_staff_when_nothing_is_waiting(signed_in, programme_staff):
    html = _home(signed_in(programme_staff))

    assert "No case studies waiting for review" in html
    assert "No approved case studies waiting to be published" in html
    assert "No emails failed or delayed" in html
    assert "have not sent their return" not in html  # no returns window is open
    assert "Of the 9 champions" in html


def test_it_counts_what_programme_staff_must_do_and_links_each_count_to_its_list(
    signed_in, programme_staff, champion_staff, la_officer
):
    for _ in range(2):
        submitted(created_by=champion_staff)
    make_case_study(created_by=champion_staff, status=CaseStudy.Status.APPROVED)
    make_case_study(created_by=champion_staff)  # a draft waits for nobody
    quarter_2 = builders.quarter(2)
    builders.open_window(quarter_2, programme_staff)
    builders.complete(la_officer, quarter_2)
    _failed_email()

    client = signed_in(programme_staff)
    html = _home(client)

    assert 'href="/case-studies/review/">2 case studies waiting for review</a>' in html
    assert "1 approved case study waiting to be published" in html
    # 152 LAs, one of which (Bolton) has sent its return.
    assert f'href="/self-evaluation/windows/{quarter_2.pk}/">151 local authorities have not sent their return' in html
    assert '<a class="govuk-link govuk-!-font-weight-bold" href="/emails/">1 email failed or delayed</a>' in html


def test_it_shows_programme_staff_the_trackers_headline_and_who_is_off_track(signed_in, programme_staff):
    html = _home(signed_in(programme_staff))

    # In October 2013, with nothing recorded, every champion is off track.
    assert "Of the 9 champions, against what Annex B asks in 2013-14: 0 on track, 0 at risk, 9 off track." in html
    assert 'href="/programme/2013-14/tracker/champions/hartlepool/"' in html
    assert 'href="/programme/2013-14/tracker/"' in html


def test_it_links_programme_staff_to_everything_the_menu_no_longer_holds(signed_in, programme_staff):
    hrefs = links(signed_in(programme_staff).get("/home/"))

    for href in ["/regions/", "/champions/", "/pathfinders/", "/library/", "/admin/", "/invitations/new/", "/audit/"]:
        assert href in hrefs


def test_programme_staff_home_runs_the_same_queries_however_much_is_waiting(
    signed_in, programme_staff, champion_staff, la_officer, query_count
):
    client = signed_in(programme_staff)
    builders.open_window(builders.quarter(2), programme_staff)
    client.get("/home/")
    few = query_count(lambda: counted_afresh(client, "/home/"))

    for n in range(5):
        submitted(created_by=champion_staff)
        _failed_email(n=n)
        make_event(created_by=champion_staff, starts_at=NOW - datetime.timedelta(days=n + 1))
    builders.open_window(builders.quarter(1), programme_staff)
    builders.complete(la_officer, builders.quarter(2))

    assert query_count(lambda: counted_afresh(client, "/home/")) == few


# --- Champion staff ----------------------------------------------------------------------------


def test_it_tells_champion_staff_when_nothing_is_waiting(signed_in, champion_staff):
    html = _home(signed_in(champion_staff))

    assert "No support-day requests to answer" in html
    # The North West's 18 non-pathfinder LAs (seed 004), none with a day yet.
    assert "18 non-pathfinder local authorities with no support day yet" in html
    assert "No emails failed or delayed" in html
    assert "You have no upcoming events." in html


def test_it_counts_support_day_requests_and_las_with_no_day_for_champion_staff(
    signed_in, champion_staff, la_officer, other_champion_staff
):
    make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")
    salford = LocalAuthority.objects.get(slug="salford")
    make_support_day(local_authority=salford, requested_by=la_officer, status="booked")
    declined = LocalAuthority.objects.get(slug="stockport")
    make_support_day(local_authority=declined, requested_by=la_officer, status="declined")
    sunderland = LocalAuthority.objects.get(slug="sunderland")
    make_support_day(local_authority=sunderland, requested_by=la_officer, status="requested")  # not theirs
    _failed_email(champion=champion_staff.champion)
    _failed_email(champion=other_champion_staff.champion, n=1)

    html = _home(signed_in(champion_staff))

    assert (
        '<a class="govuk-link govuk-!-font-weight-bold" href="/support-days/patch/">1 support-day request to answer</a>'
        in html
    )
    # Bolton (requested) and Salford (booked) have a day; a declined day counts as none.
    assert "16 non-pathfinder local authorities with no support day yet" in html
    assert "1 email failed or delayed" in html


def test_it_shows_champion_staff_their_upcoming_events_and_their_places(
    signed_in, champion_staff, other_champion_staff
):
    event = make_event(created_by=champion_staff, title="Personal budgets in Bolton", capacity=30)
    for status in ["confirmed", "confirmed", "waitlisted", "cancelled"]:
        make_registration(event, status=status)
    make_event(created_by=champion_staff, title="Called off", status="cancelled")
    make_event(created_by=champion_staff, title="Already held", starts_at=NOW - datetime.timedelta(days=3))
    make_event(created_by=other_champion_staff, champion=other_champion_staff.champion, title="In the North East")

    html = _home(signed_in(champion_staff))

    assert f'href="/events/{event.pk}/registrations/">Personal budgets in Bolton</a>' in html
    assert "2 of 30" in html
    assert "Called off" not in html and "Already held" not in html and "In the North East" not in html
    assert "See all 1 upcoming event and manage your events" in html


def test_it_shows_champion_staff_at_most_five_events_and_links_to_the_rest(signed_in, champion_staff):
    for n in range(7):
        make_event(created_by=champion_staff, title=f"Workshop {n}", starts_at=NOW + datetime.timedelta(days=n + 1))

    html = _home(signed_in(champion_staff))

    assert "Workshop 4" in html and "Workshop 5" not in html
    assert "See all 7 upcoming events" in html


def test_it_shows_champion_staff_the_next_case_study_they_owe_and_its_deadline(signed_in, champion_staff):
    html = _home(signed_in(champion_staff))
    assert "Your case study for Quarter 1 2013-14" in html
    assert "Overdue" in html

    submitted(created_by=champion_staff, quarter=builders.quarter(1))
    html = _home(signed_in(champion_staff))
    assert "Your case study for Quarter 2 2013-14" in html
    assert "Due by" in html


def test_champion_staff_home_runs_the_same_queries_however_much_is_waiting(
    signed_in, champion_staff, la_officer, query_count
):
    client = signed_in(champion_staff)
    client.get("/home/")
    few = query_count(lambda: counted_afresh(client, "/home/"))

    for n in range(8):
        event = make_event(created_by=champion_staff, starts_at=NOW + datetime.timedelta(days=n + 1))
        make_registration(event)
        _failed_email(champion=champion_staff.champion, n=n)
    for slug in ["bolton", "salford", "stockport"]:
        local_authority = LocalAuthority.objects.get(slug=slug)
        make_support_day(local_authority=local_authority, requested_by=la_officer, status="requested")

    assert query_count(lambda: client.get("/home/")) == few


# --- LA officers -------------------------------------------------------------------------------


def test_it_tells_an_la_officer_when_there_is_nothing_yet(signed_in, la_officer):
    html = _home(signed_in(la_officer))

    assert "You have no support day booked." in html
    assert "has no dates on offer just now" in html
    assert "No quarter's returns are open just now." in html
    assert "No events are planned in your region just now." in html
    assert "pathfinder@mottmac.com" in html and "020 7651 0308" in html


def test_it_shows_an_la_officer_the_dates_on_offer_when_they_have_no_day(signed_in, la_officer, champion_staff):
    make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 29))
    make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 1))  # already past

    html = _home(signed_in(la_officer))

    assert "Tuesday 29 October 2013 (in person)" in html
    assert "1 October 2013" not in html
    assert 'href="/support-days/book/"' in html


def test_it_shows_an_la_officer_their_next_support_day(signed_in, la_officer, champion_staff):
    offer = make_offer(created_by=champion_staff, date=datetime.date(2013, 10, 21))
    day = make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, offer=offer)

    html = _home(signed_in(la_officer))

    assert "Your support day with Greater Manchester Group" in html
    assert f'href="/support-days/{day.pk}/">Monday 21 October 2013</a>' in html
    assert "Dates Greater Manchester Group" not in html


def test_it_tells_an_la_officer_their_request_is_waiting_for_an_answer(signed_in, la_officer):
    make_support_day(local_authority=la_officer.local_authority, requested_by=la_officer, status="requested")

    html = _home(signed_in(la_officer))

    assert "You have asked Greater Manchester Group (Wigan, Trafford and Manchester) for a support day." in html


@pytest.mark.parametrize(("progress", "shows"), [(None, "Not started"), ("start", "Draft"), ("complete", "Submitted")])
def test_it_shows_an_la_officer_the_current_return_and_its_deadline(
    signed_in, la_officer, programme_staff, progress, shows
):
    quarter_2 = builders.quarter(2)
    window = builders.open_window(quarter_2, programme_staff)
    if progress:
        getattr(builders, progress)(la_officer, quarter_2)

    html = _home(signed_in(la_officer))

    assert quarter_2.label in html
    assert f">{shows}</strong>" in html
    assert f"{window.deadline.day} " in html and "Due by" in html


def test_it_shows_an_la_officer_events_in_their_region_soon(
    signed_in, la_officer, champion_staff, other_champion_staff
):
    make_event(created_by=champion_staff, title="Local offer workshop")
    make_event(created_by=champion_staff, title="Not yet published", status="draft", published_at=None)
    make_event(created_by=other_champion_staff, champion=other_champion_staff.champion, title="In the North East")

    html = _home(signed_in(la_officer))

    assert "Local offer workshop" in html
    assert "Not yet published" not in html and "In the North East" not in html
    assert 'href="/events/?region=north-west"' in html


def test_it_shows_an_la_officer_moved_to_another_champion_that_champions_events(
    signed_in, la_officer, other_champion_staff
):
    bolton = la_officer.local_authority
    bolton.champion_override = Champion.objects.get(slug="hartlepool")
    bolton.save()
    make_event(created_by=other_champion_staff, champion=other_champion_staff.champion, title="Hartlepool's workshop")

    assert "Hartlepool&#x27;s workshop" in _home(signed_in(la_officer))


def test_la_officer_home_runs_the_same_queries_however_much_there_is(
    signed_in, la_officer, champion_staff, programme_staff, query_count
):
    client = signed_in(la_officer)
    builders.open_window(builders.quarter(2), programme_staff)
    client.get("/home/")
    few = query_count(lambda: counted_afresh(client, "/home/"))

    for n in range(8):
        make_event(created_by=champion_staff, starts_at=NOW + datetime.timedelta(days=n + 1))
        make_offer(created_by=champion_staff, date=datetime.date(2013, 11, 1) + datetime.timedelta(days=n))
    builders.start(la_officer, builders.quarter(2))

    assert query_count(lambda: client.get("/home/")) == few


# --- Accounts, speakers and contacts (each from its own part of issue 16) -----------------------


def _account_request(email: str, local_authority_slug: str) -> None:
    account_request_create(
        full_name="Ria Requester",
        email=email,
        organisation="Council",
        role=Role.LA_OFFICER,
        champion=None,
        local_authority=LocalAuthority.objects.get(slug=local_authority_slug),
        now=NOW,
    )


def test_it_counts_account_requests_for_the_people_who_decide_them(signed_in, programme_staff, champion_staff):
    _account_request("ria@bolton.example", "bolton")  # Greater Manchester Group's LA
    _account_request("ria@sunderland.example", "sunderland")  # Hartlepool's LA

    programme_html = _home(signed_in(programme_staff))
    champion_html = _home(signed_in(champion_staff))

    assert 'href="/account-requests/">2 account requests waiting for a decision</a>' in programme_html
    assert 'href="/account-requests/">1 account request waiting for a decision</a>' in champion_html


def test_it_counts_speaker_requests_for_programme_staff(signed_in, programme_staff, la_officer):
    make_speaker_request(by=la_officer)

    html = _home(signed_in(programme_staff))

    assert 'href="/speaker-requests/">1 speaker request to answer</a>' in html


def test_it_shows_an_la_officer_their_champions_contacts(signed_in, la_officer, query_count):
    client = signed_in(la_officer)
    gm = Champion.objects.get(slug="greater-manchester-group")
    html = _home(client)
    assert "has not named any contacts yet" in html
    none = query_count(lambda: client.get("/home/"))

    for n in range(3):
        ChampionContact.objects.create(champion=gm, name=f"Casey {n}", role="Lead", email=f"casey{n}@gm.example")
    html = _home(client)

    assert "Casey 2" in html and "mailto:casey0@gm.example" in html
    assert "pathfinder@mottmac.com" in html
    assert query_count(lambda: client.get("/home/")) == none
