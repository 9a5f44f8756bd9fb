"""iCalendar (.ics) files for events and support days (RFC 5545, with the iTIP methods of RFC 5546).

Written by hand: it is a small format, and the tests read every file back with a real parser (the icalendar
package, a development dependency), so the portal needs no library to write it.

Calendars match an entry by its UID and keep the copy with the highest SEQUENCE (then the latest DTSTAMP), so
every change that matters to a calendar raises the item's sequence, and a cancellation carries the same UID.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from django.conf import settings

PRODID = "-//Champions Portal//SEND pathfinder champions//EN"


class Method(StrEnum):
    PUBLISH = "PUBLISH"  # a download from a page: anyone may import it; no attendee
    REQUEST = "REQUEST"  # an emailed booking or its update: adds or moves the recipient's entry
    CANCEL = "CANCEL"  # an emailed cancellation: removes the recipient's entry


@dataclass(frozen=True)
class CalendarPerson:
    email: str
    name: str = ""


def programme_team() -> CalendarPerson:
    """Mott MacDonald's programme team, who organise whatever has no contact of its own."""
    return CalendarPerson(settings.PROGRAMME_TEAM_EMAIL, "Mott MacDonald programme team")


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    organizer: CalendarPerson
    sequence: int = 0
    method: Method = Method.REQUEST
    location: str = ""
    description: str = ""
    url: str = ""
    # Whom an emailed file is for: calendars apply a REQUEST or CANCEL to the attendee it names.
    attendee: CalendarPerson | None = None

    @property
    def cancelled(self) -> bool:
        return self.method == Method.CANCEL


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _person(name: str, person: CalendarPerson, params: str = "") -> str:
    """ORGANIZER or ATTENDEE. The name is a quoted parameter value (RFC 5545 3.1), which may hold anything but
    double quotes and control characters."""
    kept = "".join(
        " " if ch.isspace() else ch for ch in person.name if ch != '"' and (ch.isprintable() or ch.isspace())
    )
    common_name = f';CN="{" ".join(kept.split())}"' if kept.strip() else ""
    return f"{name}{common_name}{params}:mailto:{person.email}"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        end = min(start + (75 if not parts else 74), len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def ics_render(entry: CalendarEntry, *, now: datetime) -> str:
    """The entry as a calendar file. Every file has METHOD, SEQUENCE and ORGANIZER; a cancellation has
    METHOD:CANCEL and STATUS:CANCELLED; an emailed file names its recipient as the one ATTENDEE, who booked
    it themselves (accepted, no reply wanted)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{entry.method}",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(entry.starts_at)}",
        f"DTEND:{_utc(entry.ends_at)}",
        f"SUMMARY:{_escape(entry.title)}",
        _person("ORGANIZER", entry.organizer),
    ]
    if entry.attendee and entry.method != Method.PUBLISH:
        lines.append(_person("ATTENDEE", entry.attendee, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE"))
    if entry.location:
        lines.append(f"LOCATION:{_escape(entry.location)}")
    if entry.description:
        lines.append(f"DESCRIPTION:{_escape(entry.description)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    lines.append(f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
