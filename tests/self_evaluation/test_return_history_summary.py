"""A return's change history is one line per save or action ("Changed: rated 19 elements, 19 evidence notes
changed"), with its field-by-field detail behind a GOV.UK Details component, so a full history stays short."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from self_evaluation import services
from self_evaluation.models import CdfTheme, Element, Level, QuarterlyReturn, ReturnChange
from tests.self_evaluation.builders import detail_url, officer_of, open_window, quarter

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 10, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def full_history(programme_staff) -> QuarterlyReturn:
    """Trafford's quarter 2 return answered theme by theme with evidence, its approaches and costs, submitted,
    then changed (two costs) and submitted again: 10 entries, 101 field-by-field changes."""
    officer = officer_of("trafford")
    open_window(quarter(2), programme_staff)
    quarterly_return = services.return_start(
        local_authority=officer.local_authority, quarter=quarter(2), by=officer, now=NOW
    )
    save = {"quarterly_return": quarterly_return, "by": officer, "now": NOW}
    for theme in CdfTheme:
        elements = Element.objects.filter(theme=theme)
        services.return_ratings_save(ratings={e.pk: (Level.PARTIAL, f"Notes on {e.name}") for e in elements}, **save)
    services.return_approaches_save(assessment=["none"], planning=["coordinator"], **save)
    lines = {(CdfTheme.FAMILIES, "health"): (Decimal("800"), Decimal("200"))}
    services.return_costs_save(costs=services.Costs(lines=lines, grant_received=Decimal("4000")), **save)
    services.return_submit(**save)
    services.return_change_start(reason="Corrected health costs", **save)
    lines = {(CdfTheme.FAMILIES, "health"): (Decimal("900"), Decimal("300"))}
    services.return_costs_save(costs=services.Costs(lines=lines, grant_received=Decimal("4000")), **save)
    services.return_submit(**save)
    return quarterly_return


def _history(html: str) -> str:
    return html.split('id="history"')[1]


def _rows(history: str) -> list[str]:
    return history.split("<tbody")[1].split("</tbody>")[0].split("</tr>")[:-1]


def test_it_summarises_each_save_in_one_line(signed_in, full_history):
    assert sum(len(entry.changes) for entry in full_history.changes.all()) == 101
    rows = _rows(_history(signed_in(full_history.created_by).get(detail_url(full_history)).content.decode()))
    assert len(rows) == 10
    summaries = [re.sub(r"\s+", " ", re.sub(r"<details.*?</details>|<[^>]+>", "", row, flags=re.S)) for row in rows]
    assert "Changed: rated 19 elements, 19 evidence notes changed" in summaries[1]
    assert "Changed: rated 4 elements, 4 evidence notes changed" in summaries[2]
    assert "Changed: rated 10 elements, 10 evidence notes changed" in summaries[3]
    assert "Changed: assessment approaches changed, planning approaches changed" in summaries[4]
    assert "Changed: 30 costs changed, grant received changed" in summaries[5]
    assert "Opened for changes: Corrected health costs" in summaries[7]
    assert "Changed: 2 costs changed" in summaries[8]
    assert "Submitted" in summaries[6] and "Started: Started blank." in summaries[0]


def test_it_keeps_every_field_change_behind_a_details_component(signed_in, programme_staff, full_history):
    history = _history(signed_in(programme_staff).get(detail_url(full_history)).content.decode())
    outside = re.sub(r"<details.*?</details>", "", history, flags=re.S)
    assert "→" not in outside and "Notes on governance structures" not in outside
    details = re.findall(r'<details class="govuk-details.*?</details>', history, flags=re.S)
    assert len(details) == 6  # one per save; starting, submitting and opening for changes have no detail
    assert sum(d.count("<li>") for d in details) == 101
    assert 'govuk-details__summary-text">Show the 38 changes' in details[0]
    assert "Governance structures: Not rated → Partial development" in details[0]
    assert "Engaging and involving families, Health, financial: £800.00 → £900.00" in details[5]


def test_it_says_a_single_change_in_the_singular(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    draft = services.return_start(
        local_authority=la_officer.local_authority, quarter=quarter(2), by=la_officer, now=NOW
    )
    governance = Element.objects.get(slug="governance-structures")
    services.return_ratings_save(
        quarterly_return=draft, ratings={governance.pk: (Level.FULL, "One note")}, by=la_officer, now=NOW
    )
    history = _history(signed_in(la_officer).get(detail_url(draft)).content.decode())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.sub(r"<details.*?</details>", "", history, flags=re.S)))
    assert "Changed: rated 1 element, 1 evidence note changed" in text
    assert "Show the 2 changes" in history


def test_it_summarises_entries_written_before_changes_had_kinds(signed_in, la_officer, programme_staff):
    open_window(quarter(2), programme_staff)
    draft = services.return_start(
        local_authority=la_officer.local_authority, quarter=quarter(2), by=la_officer, now=NOW
    )
    old = [{"what": "Governance structures", "before": "Not rated", "after": "Early development"}] * 3
    ReturnChange.objects.create(quarterly_return=draft, action="saved", changes=old, by=la_officer, at=NOW)
    history = _history(signed_in(la_officer).get(detail_url(draft)).content.decode())
    assert "3 answers changed" in history and "Show the 3 changes" in history


def test_it_shows_the_history_in_a_constant_number_of_queries(signed_in, full_history, query_count):
    client = signed_in(full_history.created_by)
    save = {"quarterly_return": full_history, "by": full_history.created_by, "now": NOW}
    services.return_change_start(reason="Again", **save)
    few = query_count(lambda: client.get(detail_url(full_history)))
    governance = Element.objects.get(slug="governance-structures")
    for level in (Level.FULL, Level.EARLY, Level.FULL):
        services.return_ratings_save(ratings={governance.pk: (level, "")}, **save)
    assert query_count(lambda: client.get(detail_url(full_history))) == few
