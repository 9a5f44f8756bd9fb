"""iCalendar (.ics) files for events and support days (RFC 5545), written by hand: it is a small format."""

from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Champions Portal//SEND pathfinder champions//EN"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if entry.cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(entry.starts_at)}",
        f"DTEND:{_utc(entry.ends_at)}",
        f"SUMMARY:{_escape(entry.title)}",
    ]
    if entry.location:
        lines.append(f"LOCATION:{_escape(entry.location)}")
    if entry.description:
        lines.append(f"DESCRIPTION:{_escape(entry.description)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    lines.append(f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
