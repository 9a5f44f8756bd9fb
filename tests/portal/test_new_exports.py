"""The ten tables staff take into meetings that had no download (issue 17): each page links to its CSV and
XLSX, the download holds the rows the page shows under a title block that says what it is, for whom and
as at when, the people the page refuses are refused the download (and get no file), another format is a
404, and the number of queries does not grow with the rows."""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Role
from audit.models import AuditEntry
from case_studies.models import CaseStudy, ReviewEntry
from events.models import Event
from programme.models import Programme, Quarter
from regions.models import Champion, LocalAuthority
from self_evaluation.models import Element, Level
from tests.case_studies.factories import submitted
from tests.events.factories import make_event, make_registration
from tests.self_evaluation.builders import make_return, open_window
from tests.spreadsheets import table, title_block, workbook, xlsx_table
from tests.support_days.factories import make_offer, make_support_day

LONDON = timezone.get_default_timezone()
NOW = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)  # quarter 3 of 2013-14
AS_AT = "As at 15 November 2013 at midday"
GM, HARTLEPOOL = "greater-manchester-group", "hartlepool"
LOGIN = "sign in"
ORGANISERS = {"anonymous": LOGIN, "la_officer": 403, "other_la_officer": 403}
PROGRAMME_STAFF_ONLY = {**ORGANISERS, "champion_staff": 403, "other_champion_staff": 403}


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2013, month, day, hour, tzinfo=LONDON)


def _champion(slug: str = GM) -> Champion:
    return Champion.objects.select_related("region").get(slug=slug)


def _la(slug: str) -> LocalAuthority:
    return LocalAuthority.objects.get(slug=slug)


def _quarter(number: int) -> Quarter:
    return Quarter.objects.get(programme__slug="2013-14", number=number)


def _programme() -> str:
    return Programme.objects.get(slug="2013-14").name


@pytest.fixture
def world(programme_staff, champion_staff, la_officer) -> dict:
    """Greater Manchester Group's conference on 1 November 2013, and the people who make rows."""
    event = make_event(created_by=champion_staff, title="Greater Manchester SEND conference", starts_at=_at(11, 1))
    return {
        "event": event,
        "programme_staff": programme_staff,
        "champion_staff": champion_staff,
        "la_officer": la_officer,
        "count": itertools.count(),
    }


# --- What each export needs to grow by n rows (for the query counts) -----------------------------------


def _grow_events(world, n):
    for _ in range(n):
        event = make_event(created_by=world["champion_staff"], starts_at=_at(12, 1 + next(world["count"]) % 28))
        make_registration(event)


def _grow_representation(world, n):
    types = itertools.cycle(["school", "health", "vcs", "parent_or_carer"])
    for _ in range(n):
        make_registration(world["event"], partner_type=next(types), attendance="attended")


def _grow_offers(world, n):
    for _ in range(n):
        i = next(world["count"])
        past = i % 2 == 0
        date = datetime.date(2013, 10, 1) + datetime.timedelta(days=i) if past else datetime.date(2013, 12, 1 + i)
        made = make_offer(created_by=world["champion_staff"], date=date, capacity=2)
        status = "delivered" if past else "booked"
        make_support_day(local_authority=_la("bolton"), requested_by=world["la_officer"], offer=made, status=status)


def _grow_days(world, n):
    for _ in range(n):
        date = datetime.date(2013, 9, 1) + datetime.timedelta(days=next(world["count"]))
        make_support_day(local_authority=_la("bolton"), requested_by=world["la_officer"], status="delivered", date=date)


def _grow_case_studies(world, n):
    champions = itertools.cycle(Champion.objects.order_by("slug"))
    for _ in range(n):
        i = next(world["count"])
        case_study = submitted(
            created_by=world["programme_staff"],
            champion=next(champions),
            quarter=_quarter(1 + i % 3),
            at=_at(10, 1 + i % 28),
            title=f"Case study {i}",
            status=CaseStudy.Status.SUBMITTED if i % 2 else CaseStudy.Status.APPROVED,
        )
        ReviewEntry.objects.create(
            case_study=case_study, action="submitted", by=world["programme_staff"], at=_at(10, 1 + i % 28)
        )


def _grow_invitations(world, n):
    for _ in range(n):
        i = next(world["count"])
        Invitation.objects.create(
            email=f"officer{i}@bolton.example",
            full_name=f"Officer {i}",
            role=Role.LA_OFFICER,
            local_authority=_la("bolton"),
            invited_by=world["programme_staff"],
            created_at=NOW - datetime.timedelta(days=i),
            expires_at=NOW + datetime.timedelta(days=7 - i),
        )


def _grow_returns(world, n, *, champion: str | None = None):
    las = LocalAuthority.objects.order_by("slug")
    if champion:
        las = LocalAuthority.objects.assigned_to(_champion(champion)).order_by("slug")
    for _ in range(n):
        make_return(las[next(world["count"])], _quarter(2), by=world["programme_staff"])


def _grow_funding(world, n):
    hartlepool = _champion(HARTLEPOOL)
    for _ in range(n):
        la = (
            LocalAuthority.objects.non_pathfinder()
            .filter(region__slug="north-west")
            .order_by("slug")[next(world["count"])]
        )
        la.champion_override = hartlepool
        la.save()


@dataclass(frozen=True)
class Export:
    name: str  # the download's URL name
    page: str  # the page it belongs to, which links to it
    person: str  # who downloads it here
    refused: dict  # person -> the status they get (LOGIN: sent to sign in)
    grow: Callable
    on: str = ""  # "event" or "programme": the URL's object

    def args(self, world) -> list:
        return {"event": [world["event"].pk], "programme": ["2013-14"], "": []}[self.on]

    def url(self, world, fmt: str) -> str:
        return reverse(self.name, args=[*self.args(world), fmt])

    def __str__(self) -> str:
        return self.name


EXPORTS = [
    Export("events:event_manage_export", "events:event_manage_list", "programme_staff", ORGANISERS, _grow_events),
    Export(
        "events:representation_export",
        "events:event_representation",
        "champion_staff",
        {**ORGANISERS, "other_champion_staff": 403},  # another champion's published event
        _grow_representation,
        on="event",
    ),
    Export("support_days:offer_export", "support_days:offer_list", "champion_staff", ORGANISERS, _grow_offers),
    Export("support_days:patch_export", "support_days:patch", "champion_staff", ORGANISERS, _grow_days),
    Export(
        "case_studies:review_export",
        "case_studies:review_list",
        "programme_staff",
        PROGRAMME_STAFF_ONLY,
        _grow_case_studies,
    ),
    Export(
        "case_studies:quarter_export",
        "case_studies:quarter_list",
        "programme_staff",
        PROGRAMME_STAFF_ONLY,
        _grow_case_studies,
    ),
    Export("accounts:invitation_export", "accounts:invitation_list", "programme_staff", ORGANISERS, _grow_invitations),
    Export(
        "self_evaluation:window_export",
        "self_evaluation:window_list",
        "programme_staff",
        PROGRAMME_STAFF_ONLY,
        _grow_returns,
    ),
    Export(
        "self_evaluation:readiness_export",
        "self_evaluation:readiness",
        "champion_staff",
        ORGANISERS,
        lambda world, n: _grow_returns(world, n, champion=GM),
    ),
    Export("programme:funding_export", "programme:programme_detail", "anonymous", {}, _grow_funding, on="programme"),
]
REFUSALS = [(export, person, status) for export in EXPORTS for person, status in export.refused.items()]


def _client(request, client, person: str):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    return client


# --- Every export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("export", EXPORTS, ids=str)
def test_it_links_the_page_to_its_csv_and_xlsx(request, client, world, export):
    export.grow(world, 1)
    html = _client(request, client, export.person).get(reverse(export.page, args=export.args(world))).content.decode()
    assert f'href="{export.url(world, "csv")}"' in html and f'href="{export.url(world, "xlsx")}"' in html


@pytest.mark.parametrize("export", EXPORTS, ids=str)
def test_it_downloads_a_dated_csv_and_a_titled_xlsx(request, client, world, export):
    export.grow(world, 2)
    browser = _client(request, client, export.person)
    for fmt in ("csv", "xlsx"):
        response = browser.get(export.url(world, fmt))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'-2013-11-15.{fmt}"')
    sheet = workbook(response.getvalue()).worksheets[0]
    assert title_block(sheet)[-1] == AS_AT and sheet.freeze_panes == f"A{len(title_block(sheet)) + 3}"


@pytest.mark.parametrize(("export", "person", "status"), REFUSALS, ids=lambda v: str(v) if isinstance(v, Export) else v)
def test_it_refuses_the_download_to_whoever_the_page_refuses(request, client, world, export, person, status):
    export.grow(world, 1)
    for fmt in ("csv", "xlsx"):
        response = _client(request, client, person).get(export.url(world, fmt))
        if status == LOGIN:
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == status
        assert "Content-Disposition" not in response and not response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("fmt", ["pdf", "XLSX", "csv.exe"])
@pytest.mark.parametrize("export", EXPORTS, ids=str)
def test_it_answers_another_format_with_a_404(request, client, world, export, fmt):
    assert _client(request, client, export.person).get(export.url(world, fmt)).status_code == 404


@pytest.mark.parametrize("export", EXPORTS, ids=str)
def test_it_runs_the_same_queries_for_more_rows(request, client, world, query_count, export):
    browser = _client(request, client, export.person)
    counts = []
    for n in (1, 4):
        export.grow(world, n)
        counts.append(query_count(lambda: browser.get(export.url(world, "xlsx"))))
    assert counts[0] == counts[1], counts


# --- What each holds --------------------------------------------------------------------------------


def test_it_downloads_the_events_a_champion_organises_in_date_order(signed_in, world, other_champion_staff):
    champion = _champion()
    later = make_event(created_by=world["champion_staff"], title="Local offer workshop", starts_at=_at(12, 3, 14))
    make_registration(later)
    make_event(created_by=world["champion_staff"], title="Draft seminar", status=Event.Status.DRAFT)
    theirs = make_event(created_by=other_champion_staff, champion=_champion(HARTLEPOOL), title="North East day")
    url = reverse("events:event_manage_export", args=["xlsx"])

    response = signed_in(world["programme_staff"]).get(url, {"champion": champion.pk})

    sheet = workbook(response.getvalue()).active
    assert title_block(sheet) == [
        "Regional conferences, workshops and seminars, with drafts and cancelled events",
        f"Champion: {champion.label}",
        AS_AT,
    ]
    header, *rows = table(sheet)
    assert header[:8] == ("Event", "Kind", "Format", "Champion", "Network", "Starts", "Ends", "Status")
    assert [row[0] for row in rows] == ["Greater Manchester SEND conference", "Local offer workshop", "Draft seminar"]
    local = dict(zip(header, rows[1], strict=True))
    assert local["Starts"] == datetime.datetime(2013, 12, 3, 14, 0)  # London time, a real date
    assert (local["Status"], local["Confirmed places"], local["Places"], local["Waiting list"]) == (
        "Published",
        1,
        20,
        0,
    )
    mine = xlsx_table(signed_in(other_champion_staff).get(url).getvalue())
    assert [row[0] for row in mine[1:]] == [theirs.title]


def test_it_downloads_who_was_represented_at_an_event(signed_in, world):
    for partner_type, attended in (("school", "attended"), ("school", "did_not_attend"), ("health", "attended")):
        make_registration(world["event"], partner_type=partner_type, attendance=attended)
    response = signed_in(world["champion_staff"]).get(
        reverse("events:representation_export", args=[world["event"].pk, "xlsx"])
    )
    book = workbook(response.content)
    assert book.sheetnames == ["Partner groups", "Partner types"]
    assert title_block(book["Partner groups"])[0] == (
        "Partners represented at Greater Manchester SEND conference, 1 November 2013: Partner groups"
    )
    groups = {row[0]: row[1:] for row in table(book["Partner groups"])[1:]}
    assert groups["Schools"] == (2, 1) and groups["The health service"] == (1, 1) and groups["VCS partners"] == (0, 0)
    csv_lines = signed_in(world["champion_staff"]).get(
        reverse("events:representation_export", args=[world["event"].pk, "csv"])
    )
    assert csv_lines.content.decode("utf-8-sig").splitlines()[0] == "Partner group,Registrants,Attendees"


def test_it_downloads_the_offered_dates_past_and_to_come(signed_in, world):
    delivered = make_offer(created_by=world["champion_staff"], date=datetime.date(2013, 10, 8), notes="Bring data")
    make_support_day(
        local_authority=_la("bolton"), requested_by=world["la_officer"], offer=delivered, status="delivered"
    )
    make_offer(created_by=world["champion_staff"], date=datetime.date(2013, 10, 9))
    full = make_offer(created_by=world["champion_staff"], date=datetime.date(2013, 12, 2))
    make_support_day(local_authority=_la("bury"), requested_by=world["la_officer"], offer=full)
    make_offer(created_by=world["champion_staff"], date=datetime.date(2013, 12, 3))

    response = signed_in(world["champion_staff"]).get(reverse("support_days:offer_export", args=["xlsx"]))

    sheet = workbook(response.getvalue()).active
    assert title_block(sheet)[1] == f"Champion: {_champion().label}"
    header, *rows = table(sheet)
    assert header == ("Date", "Champion", "Format", "Places", "Booked", "Local authorities", "Status", "Notes")
    assert [(row[0].date(), row[4], row[5], row[6]) for row in rows] == [
        (datetime.date(2013, 10, 8), 1, "Bolton (Delivered)", "Delivered"),
        (datetime.date(2013, 10, 9), 0, None, "Nobody booked"),
        (datetime.date(2013, 12, 2), 1, "Bury", "Fully booked"),
        (datetime.date(2013, 12, 3), 0, None, "Open"),
    ]
    assert rows[0][7] == "Bring data" and sheet.cell(row=len(title_block(sheet)) + 3, column=1).number_format == (
        "d mmmm yyyy"
    )


def test_it_downloads_a_champions_patch(signed_in, world):
    make_support_day(
        local_authority=_la("bolton"),
        requested_by=world["la_officer"],
        status="delivered",
        date=datetime.date(2013, 9, 24),
    )
    response = signed_in(world["champion_staff"]).get(reverse("support_days:patch_export", args=["csv"]))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="support-days-patch-greater-manchester-group-2013-11-15.csv"'
    )
    header, *rows = [line.split(",") for line in response.getvalue().decode("utf-8-sig").splitlines()]
    assert header == ["Local authority", "Region", "Pathfinder (not counted)", "From a neighbouring region"] + [
        "Support-day status",
        "Date",
    ]
    assert len(rows) == LocalAuthority.objects.assigned_to(_champion()).count()
    assert ["Bolton", "North West", "No", "No", "Delivered", "2013-09-24"] in rows
    assert next(row for row in rows if row[0] == "Wigan")[:4] == ["Wigan", "North West", "Yes", "No"]


def test_it_links_to_the_download_of_what_the_page_shows_now(signed_in, world):
    champion = _champion()
    client = signed_in(world["programme_staff"])
    for page, name in (
        ("support_days:patch", "support_days:patch_export"),
        ("support_days:offer_list", "support_days:offer_export"),
        ("events:event_manage_list", "events:event_manage_export"),
    ):
        _grow_offers(world, 1)
        html = client.get(reverse(page), {"champion": champion.pk}).content.decode()
        assert f'href="{reverse(name, args=["xlsx"])}?champion={champion.pk}"' in html, page


def test_it_sends_programme_staff_who_chose_no_champion_back_to_the_page(signed_in, world):
    client = signed_in(world["programme_staff"])
    for name, page in (
        ("support_days:patch_export", "support_days:patch"),
        ("self_evaluation:readiness_export", "self_evaluation:readiness"),
    ):
        response = client.get(reverse(name, args=["xlsx"]), {"champion": "narnia"})
        assert response.status_code == 302 and response["Location"] == f"{reverse(page)}?champion=narnia"
    response = client.get(reverse("support_days:patch_export", args=["xlsx"]), {"champion": _champion().pk})
    assert title_block(workbook(response.getvalue()).active)[1] == f"Champion: {_champion().label}"


def test_it_downloads_the_review_queue(signed_in, world):
    waiting = submitted(created_by=world["champion_staff"], title="A single assessment pathway", at=_at(10, 2))
    ReviewEntry.objects.create(case_study=waiting, action="submitted", by=world["champion_staff"], at=_at(10, 2))
    approved = submitted(created_by=world["champion_staff"], title="Personal budgets", status=CaseStudy.Status.APPROVED)
    ReviewEntry.objects.create(case_study=approved, action="approved", by=world["programme_staff"], at=_at(10, 5))
    submitted(created_by=world["champion_staff"], title="Published", status=CaseStudy.Status.PUBLISHED)

    rows = xlsx_table(
        signed_in(world["programme_staff"]).get(reverse("case_studies:review_export", args=["xlsx"])).getvalue()
    )

    assert rows[0] == ("List", "Case study", "Themes", "Champion", "Region", "Quarter", "Since", "Status")
    assert [(row[0], row[1], row[6]) for row in rows[1:]] == [
        ("Waiting for review", "A single assessment pathway", datetime.datetime(2013, 10, 2, 10, 0)),
        ("Approved, not published", "Personal budgets", datetime.datetime(2013, 10, 5, 10, 0)),
    ]
    assert rows[1][3:5] == (_champion().name, "North West")


def test_it_downloads_each_quarters_deadline_and_who_has_submitted(signed_in, world):
    submitted(created_by=world["champion_staff"], quarter=_quarter(2), title="Wigan's pathway", at=_at(10, 2))

    response = signed_in(world["programme_staff"]).get(reverse("case_studies:quarter_export", args=["xlsx"]))

    sheet = workbook(response.getvalue()).active
    assert title_block(sheet) == ["Case-study deadlines and who has submitted, each quarter", _programme(), AS_AT]
    header, *rows = table(sheet)
    assert len(rows) == 4 * 9
    gm = next(row for row in rows if row[0] == "Quarter 2" and row[3] == _champion().name)
    assert dict(zip(header, gm, strict=True)) | {"Submitted": gm[7]} == {
        "Quarter": "Quarter 2",
        "Deadline": datetime.datetime(2013, 10, 14),
        "Deadline changed": "No (the default)",
        "Champion": _champion().name,
        "Region": "North West",
        "Status": "On time",
        "Case study that counts": "Wigan's pathway",
        "Submitted": datetime.datetime(2013, 10, 2, 10, 0),
    }


def test_it_downloads_the_invitations_each_side_may_see_and_records_it(signed_in, world, champion_staff):
    _grow_invitations(world, 2)
    Invitation.objects.create(
        email="harper@hartlepool.example",
        full_name="Someone in Hartlepool",
        role=Role.CHAMPION_STAFF,
        champion=_champion(HARTLEPOOL),
        invited_by=world["programme_staff"],
        created_at=NOW,
        expires_at=NOW - datetime.timedelta(days=1),
    )
    everyone = xlsx_table(
        signed_in(world["programme_staff"]).get(reverse("accounts:invitation_export", args=["xlsx"])).getvalue()
    )
    assert everyone[0] == (
        "Person",
        "Email",
        "Role",
        "Organisation",
        "Sent",
        "Sent by",
        "Expires",
        "Accepted",
        "Status",
    )
    assert [(row[0], row[3], row[8]) for row in everyone[1:]] == [
        ("Someone in Hartlepool", "Hartlepool", "Expired"),
        ("Officer 0", "Bolton", "Waiting"),
        ("Officer 1", "Bolton", "Waiting"),
    ]
    response = signed_in(champion_staff).get(reverse("accounts:invitation_export", args=["csv"]))
    csv_text = response.getvalue().decode("utf-8-sig")
    assert "Someone in Hartlepool" not in csv_text and "officer0@bolton.example" in csv_text
    assert AuditEntry.objects.filter(action="export.invitations").count() == 2


def test_it_downloads_each_quarters_returns_window(signed_in, world):
    open_window(_quarter(2), world["programme_staff"])
    _grow_returns(world, 3)

    response = signed_in(world["programme_staff"]).get(reverse("self_evaluation:window_export", args=["xlsx"]))

    header, *rows = xlsx_table(response.getvalue())
    assert header[:4] == ("Quarter", "Programme", "Returns window", "Deadline")
    assert header[4:] == ("Opened", "Closed", "Returns submitted", "Local authorities")
    second = dict(zip(header, rows[1], strict=True))
    assert second["Returns window"] == "Open, due 14 October 2013"
    assert second["Deadline"] == datetime.datetime(2013, 10, 14) and second["Closed"] is None
    assert (second["Returns submitted"], second["Local authorities"]) == (3, 152)
    assert rows[0][2:4] == ("Not opened", None)


def test_it_downloads_the_readiness_grid(signed_in, world):
    las = list(LocalAuthority.objects.assigned_to(_champion()).order_by("name"))
    make_return(las[0], _quarter(2), by=world["programme_staff"], level=Level.FULL)
    make_return(las[1], _quarter(1), by=world["programme_staff"], level=Level.EARLY)

    response = signed_in(world["champion_staff"]).get(reverse("self_evaluation:readiness_export", args=["xlsx"]))

    book = workbook(response.content)
    assert book.sheetnames == ["Readiness grid", "Least developed first", "Local authorities"]
    assert title_block(book["Readiness grid"])[1] == f"Champion: {_champion().label}"
    header, *rows = table(book["Readiness grid"])
    assert header == ("CDF theme", "CDF element", las[0].name, las[1].name)
    assert len(rows) == Element.objects.count()
    assert rows[0][2:] == ("Full development", "Early development")
    shown = {row[0]: row[3] for row in table(book["Local authorities"])[1:]}
    assert shown[las[0].name] == _quarter(2).label and shown[las[2].name] == "No return submitted yet"


def test_it_downloads_the_funding_allocation_to_anyone_in_pounds(client, reference_data):
    response = client.get(reverse("programme:funding_export", args=["2013-14", "xlsx"]))
    sheet = workbook(response.content).active
    assert title_block(sheet)[:2] == ["Funding allocation by champion", _programme()]
    header, *rows = table(sheet, values_only=False)
    assert [cell.value for cell in header] == ["Champion", "Region", "Non-pathfinder LAs supported", "Allocation (£)"]
    assert len(rows) == 9 + 1 and rows[-1][0].value == "Total"
    assert rows[-1][2].value == 121 and rows[-1][3].value == 600_000
    assert {row[3].number_format for row in rows} == {'"£"#,##0'}
    assert sum(row[3].value for row in rows[:-1]) == 600_000
