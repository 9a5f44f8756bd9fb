"""Reading calendar files as a calendar would: with a real parser (the icalendar package)."""

import icalendar


def parse(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    """The calendar and its one event, failing on anything the parser had to guess at."""
    calendar = icalendar.Calendar.from_ical(text)
    assert not calendar.errors
    [event] = calendar.events
    assert not event.errors
    return calendar, event


def ics_of(message) -> str:
    """The one calendar file attached to a sent email (from `mailoutbox`)."""
    [(filename, content, mimetype)] = message.attachments
    assert (filename.endswith(".ics"), mimetype) == (True, "text/calendar")
    return content
