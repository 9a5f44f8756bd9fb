"""Figures meet words through Django's plural forms ("1 area", "2 areas"): the reports and the tracker with a
count of one, and a scan of every template and module for a number printed straight before a plural noun
without `pluralize` or `ngettext`."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.models import Agency, CdfTheme, Level
from self_evaluation.reports import Population, change_report, costs_report, levels_report
from tests.self_evaluation.builders import PATHWAY, make_return
from tracker.services import SNAPSHOT_FIGURES, tracker_changes

ROOT = Path(settings.BASE_DIR)
COST = [(CdfTheme.ORGANISATIONAL, Agency.EDUCATION, Decimal("27909.00"), Decimal("18606.00"))]  # £46,515
# "1 areas", "1 pathfinder areas", "1 LAs"...: a one followed by a plural.
ONE_AND_A_PLURAL = re.compile(
    r"\b1 (?:more |fewer )?(?:non-pathfinder |pathfinder )?(?:areas|LAs|local authorities|events|days|people|"
    r"registrations|places|elements|champions|case studies|resources|quarters|returns)\b"
)


@pytest.fixture
def one_pathfinder(reference_data, programme_staff):
    """One pathfinder area with returns for quarters 1 and 2: full development of the pathway in quarter 2."""
    q1, q2 = Quarter.objects.filter(number__in=[1, 2]).order_by("number")
    area = LocalAuthority.objects.filter(pathfinder__isnull=False).order_by("name").first()
    make_return(area, q1, by=programme_staff, costs=COST, grant=Decimal(40000))
    make_return(area, q2, by=programme_staff, levels={PATHWAY: Level.FULL}, assessment=["brought_together"])
    return q1, q2


@override_settings(SELF_EVALUATION_MIN_AREAS=1)
def test_it_writes_the_reports_findings_for_one_area_in_the_singular(one_pathfinder):
    q1, q2 = one_pathfinder
    levels = levels_report(quarter=q2, population=Population.PATHFINDERS, region=None)
    change = change_report(before=q1, after=q2, population=Population.PATHFINDERS, region=None)
    costs = costs_report(quarter=q2, region=None)
    words = " ".join(levels.findings + change.findings + costs.findings)

    assert "1 pathfinder area submitted a return for Quarter 2 2013-14." in words
    assert "in 1 of 1 area." in words and ": 1 of 1 area" in words
    assert "Most progress: 1 area had fully implemented" in words
    assert "(1 area)." in words and "This area received £40,000 in grant" in words
    assert "1 of 1 area reported costs above their grant" in words  # £46,515 against £40,000
    assert "a minimum of" not in words and "in another" not in words  # one area has no range
    assert not ONE_AND_A_PLURAL.search(words), ONE_AND_A_PLURAL.search(words)


@override_settings(SELF_EVALUATION_MIN_AREAS=1)
def test_the_report_pages_say_1_area_not_1_areas(signed_in, programme_staff, one_pathfinder):
    client = signed_in(programme_staff)
    for name in ("report_levels", "report_change", "report_costs"):
        content = client.get(reverse(f"self_evaluation:{name}")).content.decode()
        assert "Key findings" in content
        assert not ONE_AND_A_PLURAL.search(content), (name, ONE_AND_A_PLURAL.search(content))


@override_settings(SELF_EVALUATION_MIN_AREAS=2)
def test_it_says_the_cost_once_when_every_area_reported_the_same(reference_data, programme_staff):
    q1 = Quarter.objects.get(number=1)
    for area in LocalAuthority.objects.filter(pathfinder__isnull=False).order_by("name")[:2]:
        make_return(area, q1, by=programme_staff, costs=COST)
    words = " ".join(costs_report(quarter=q1, region=None).findings)
    assert "All 2 areas reported the same cost, £46,515." in words and "a minimum of" not in words


def test_it_writes_one_change_on_the_tracker_in_the_singular():
    totals = dict.fromkeys(SNAPSHOT_FIGURES, 0)
    after = dict.fromkeys(SNAPSHOT_FIGURES, 1)
    assert tracker_changes(before={"totals": totals}, after={"totals": after}) == [
        "1 more regional conference held",
        "1 more workshop or seminar held (counted once per theme)",
        "1 more non-pathfinder LA had a support day",
        "1 more non-pathfinder LA has a day booked",
        "1 more quarterly case study submitted",
        "1 more case study or resource published",
    ]
    assert tracker_changes(before={"totals": after}, after={"totals": totals | {"las_booked": 3}})[3] == (
        "2 more non-pathfinder LAs have a day booked"
    )


# --- The scan ------------------------------------------------------------------------------------

NOUNS = (
    r"areas|LAs|local authorities|authorities|events|days|working days|people|places|registrations|registrants|"
    r"attendees|champions|pathfinders|workshops|seminars|conferences|case studies|resources|elements|quarters|"
    r"returns|minutes|hours|weeks|months|years|entries|emails|messages|results|requests|contacts|attempts|"
    r"groups|partner groups|themes|offers|bookings|invitations|characters|words|items|files|changes"
)
MODIFIERS = r"(?:(?:more|fewer|new|upcoming|other|non-pathfinder|pathfinder|local|partner|waiting)\s+)*"
TEMPLATE_NUMBER = re.compile(r"\{\{\s*(?P<expr>[^{}]*?)\s*\}\}\s+" + MODIFIERS + r"(?P<noun>" + NOUNS + r")\b(?!/)")
# In an f-string: a replacement field, spaces, then the noun, on one line.
PYTHON_NUMBER = re.compile(r"\{(?P<expr>[^{}\"'\n]+?)\}[ ]+" + MODIFIERS + r"(?P<noun>" + NOUNS + r")\b(?!/)")
# A constant (EXPORT_MAX_ROWS, MAX_MONTHS) is set in the code, never to one.
CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*(?::[^}]*)?")

# Printed before a plural noun, but never a number, or a number that is guarded: (file, expression).
NOT_A_COUNT = {
    ("templates/regions/champion_contact_list.html", "your|capfirst"),  # "Your contacts"
    ("templates/regions/champion_contact_remove.html", "your"),
    ("regions/views/contacts.py", "_your(request, champion)"),
    ("regions/views/contacts.py", "your"),
    ("templates/events/public/registration_group_form.html", "places_left"),  # {% if places_left == 1 %}
    ("templates/events/speakers/speaker_request_list.html", "waiting_count"),  # {% if waiting_count == 1 %}
    ("events/views/public.py", "len(registrations)"),  # "you" when there is one
    ("templates/emails/self_evaluation_reminder_body.html", "days_left"),  # {% if days_left == 1 %}
    ("templates/emails/self_evaluation_reminder_body.txt", "days_left"),
}


def _template_files():
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".txt"):
            yield path


def _python_files():
    skip = {".venv", "node_modules", "migrations", "tests", "static", "frontend"}
    for path in sorted(ROOT.rglob("*.py")):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


def _in_blocktrans_count(text: str, at: int) -> bool:
    """Inside {% blocktrans count n=... %}...{% plural %}...{% endblocktrans %}: Django's plural form already."""
    start = max(text.rfind("{% blocktrans ", 0, at), text.rfind("{% blocktranslate ", 0, at))
    return start >= 0 and " count " in text[start : text.index("%}", start)] and "{% endblock" not in text[start:at]


def _unguarded(path: Path, pattern: re.Pattern, plural_word: str) -> list[str]:
    name = str(path.relative_to(ROOT))
    text = path.read_text()
    found = []
    for match in pattern.finditer(text):
        expr = match.group("expr").strip()
        if plural_word in expr or expr.endswith(".name") or (name, expr) in NOT_A_COUNT:
            continue
        if CONSTANT.fullmatch(expr) or _in_blocktrans_count(text, match.start()):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(f"{name}:{line}: {match.group(0)!r}")
    return found


def test_no_template_prints_a_number_before_a_plural_without_pluralize():
    found = [hit for path in _template_files() for hit in _unguarded(path, TEMPLATE_NUMBER, "pluralize")]
    assert not found, "use {{ n }} area{{ n|pluralize }}:\n" + "\n".join(found)


def test_no_module_writes_a_number_before_a_plural_without_ngettext():
    found = [hit for path in _python_files() for hit in _unguarded(path, PYTHON_NUMBER, "ngettext")]
    assert not found, 'use ngettext("area", "areas", n):\n' + "\n".join(found)
