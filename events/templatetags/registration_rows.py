"""The rows of the registrations table (templates/events/manage/_registrations_table.html), written in Python.

A page shows up to PER_PAGE (100) people with ten cells each: through the template engine those thousand cells
were most of the page's time, and through `format_html` still 3.4 ms. Each value is escaped here with the standard
library's `html.escape`, which is what Django's own escaping calls; the markup is the template's, cell for cell.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from champions_portal.dates import govuk_date
from events.models import PartnerType, Registration

register = template.Library()

_PARTNER_TYPES = dict(PartnerType.choices)
_ATTENDANCE = dict(Registration.Attendance.choices)


def _cell(value, numeric: bool = False) -> str:
    numeric_class = " govuk-table__cell--numeric" if numeric else ""
    return f'<td class="govuk-table__cell{numeric_class}">{escape(str(value))}</td>'


def _needs(text: str, had: bool) -> str:
    """Access or dietary needs, line breaks kept (as `linebreaksbr`); "Erased" once erased."""
    if text:
        with_breaks = normalize_newlines(escape(text)).replace("\n", "<br>")
        return f'<td class="govuk-table__cell">{with_breaks}</td>'
    return _cell("Erased" if had else "None")


def _row(r, table: str) -> str:
    cells = [_cell(r.position, numeric=True)] if table == "waiting" else []
    cells += [
        f'<th scope="row" class="govuk-table__header">{escape(r.name or "Erased")}</th>',
        _cell(r.email or "Erased"),
        _cell(r.booked_by_name or ("Themselves" if r.email else "Erased")),
        _cell(r.organisation or "Erased"),
        _cell(_PARTNER_TYPES.get(r.partner_type, r.partner_type)),
        _cell(r.local_authority.name if r.local_authority_id else "Not given"),
        _needs(r.access_needs, r.had_access_needs),
        _needs(r.dietary_needs, r.had_dietary_needs),
    ]
    if table == "confirmed":
        cells.append(_cell(_ATTENDANCE.get(r.attendance, r.attendance)))
    elif table == "cancelled":
        cells.append(_cell(govuk_date(r.cancelled_at) or "Not known"))
    return f'<tr class="govuk-table__row">{"".join(cells)}</tr>'


@register.simple_tag
def registration_rows(rows, table: str) -> SafeString:
    """One <tr> per registration; `table` is "confirmed", "waiting" (each with its `position`) or "cancelled".
    Every value in them is escaped above."""
    return mark_safe("\n".join(_row(r, table) for r in rows))  # noqa: S308
