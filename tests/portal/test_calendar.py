"""notifications/calendar.py: .ics files, parsed back as a calendar program would (RFC 5545)."""

import dataclasses
import datetime
import re
import zoneinfo

from notifications.calendar import PRODID, CalendarEntry, CalendarPerson, Method, ics_render

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2013, 10, 1, 9, 0, tzinfo=LONDON)
JO = CalendarPerson("jo@gm.example", "Jo Smith")
ENTRY = CalendarEntry(
    uid="event-7@champions-portal",
    title="Local offer workshop",
    starts_at=datetime.datetime(2013, 10, 14, 10, 0, tzinfo=LONDON),
    ends_at=datetime.datetime(2013, 10, 14, 14, 30, tzinfo=LONDON),
    organizer=JO,
    location="Bolton Town Hall\nVictoria Square",
    description="Bring your local offer.",
    url="http://testserver/events/7/",
)


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def _parse(ics: str) -> list[tuple[str, str]]:
    """(name, value) for each content line: unfolded, unescaped."""
    assert ics.endswith("\r\n")
    unfolded = ics.replace("\r\n ", "")
    lines = unfolded.split("\r\n")[:-1]
    return [(name, _unescape(value)) for name, value in (line.split(":", 1) for line in lines)]


def _event(ics: str) -> dict[str, str]:
    lines = _parse(ics)
    start, end = lines.index(("BEGIN", "VEVENT")), lines.index(("END", "VEVENT"))
    return dict(lines[start + 1 : end])


def test_it_writes_one_calendar_with_one_event():
    lines = _parse(ics_render(ENTRY, now=NOW))
    assert lines[:5] == [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", PRODID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "REQUEST"),
    ]
    assert lines[-1] == ("END", "VCALENDAR")
    assert [name for name, _ in lines].count("BEGIN") == 2


def test_it_parses_back_to_the_entry():
    event = _event(ics_render(ENTRY, now=NOW))
    assert event == {
        "UID": "event-7@champions-portal",
        "SEQUENCE": "0",
        "DTSTAMP": "20131001T080000Z",
        "DTSTART": "20131014T090000Z",
        "DTEND": "20131014T133000Z",
        "SUMMARY": "Local offer workshop",
        'ORGANIZER;CN="Jo Smith"': "mailto:jo@gm.example",
        "LOCATION": "Bolton Town Hall\nVictoria Square",
        "DESCRIPTION": "Bring your local offer.",
        "URL": "http://testserver/events/7/",
        "STATUS": "CONFIRMED",
    }


def test_it_writes_times_in_utc_in_summer_and_in_winter():
    winter = dataclasses.replace(
        ENTRY,
        starts_at=datetime.datetime(2014, 1, 14, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2014, 1, 14, 12, 0, tzinfo=LONDON),
    )
    event = _event(ics_render(winter, now=NOW))
    assert (event["DTSTART"], event["DTEND"]) == ("20140114T100000Z", "20140114T120000Z")
    parsed = datetime.datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert parsed == winter.starts_at


def test_it_escapes_text_so_it_parses_back_unchanged():
    title = 'Costs; agencies, "health" \\ care\nand more'
    event = _event(ics_render(dataclasses.replace(ENTRY, title=title, description="a,b;c\r\nd"), now=NOW))
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"] == "a,b;c\nd"


def test_it_leaves_out_empty_optional_fields():
    bare = CalendarEntry(
        uid="x@champions-portal", title="T", starts_at=ENTRY.starts_at, ends_at=ENTRY.ends_at, organizer=JO
    )
    event = _event(ics_render(bare, now=NOW))
    assert not {"LOCATION", "DESCRIPTION", "URL", "ATTENDEE"} & set(event)


def test_it_marks_a_cancelled_entry_so_calendars_remove_it():
    ics = ics_render(dataclasses.replace(ENTRY, method=Method.CANCEL), now=NOW)
    assert ("METHOD", "CANCEL") in _parse(ics)
    assert _event(ics)["STATUS"] == "CANCELLED"


def test_it_folds_long_lines_at_75_octets_without_splitting_a_character():
    description = "Réunion – évaluation des coûts " * 12
    ics = ics_render(dataclasses.replace(ENTRY, description=description), now=NOW)
    physical = ics.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    assert sum(line.startswith(" ") for line in physical) > 3
    assert _event(ics)["DESCRIPTION"] == description


def test_it_does_not_fold_a_line_of_exactly_75_octets():
    title = "x" * (75 - len("SUMMARY:"))
    ics = ics_render(dataclasses.replace(ENTRY, title=title), now=NOW)
    assert f"\r\nSUMMARY:{title}\r\n" in ics
    longer = ics_render(dataclasses.replace(ENTRY, title=title + "y"), now=NOW)
    assert f"\r\nSUMMARY:{title}\r\n y\r\n" in longer
