"""The audit log, for programme staff: search it and download what was found."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.permissions import programme_staff_required
from audit.forms import AuditFilterForm
from audit.models import AuditEntry
from audit.services import audit_record
from champions_portal.exports import filter_words, spreadsheet_response

PER_PAGE = 50
# A download holds at most this many entries, newest first: narrow the search for more.
EXPORT_MAX_ROWS = 50_000
HEADERS = ["When", "Action", "About", "Person", "Role", "Client address", "Changes"]


@programme_staff_required
def entry_list(request):
    form = AuditFilterForm(request.GET or None)
    page = Paginator(form.entries(AuditEntry.objects.all()), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page}
    context["retention_years"] = settings.AUDIT_RETENTION_DAYS // 365
    return render(request, "audit/auditentry_list.html", context)


def _row(entry: AuditEntry) -> list:
    changes = "; ".join(f"{field}: {old} → {new}" for field, (old, new) in entry.changes.items())
    who = [entry.actor_email, entry.actor_role, entry.client_address]
    return [entry.at, entry.action, entry.object_repr, *who, changes]


@programme_staff_required
def entry_export(request, fmt: str):
    form = AuditFilterForm(request.GET or None)
    entries = form.entries(AuditEntry.objects.all())[:EXPORT_MAX_ROWS].iterator(chunk_size=2000)
    response = spreadsheet_response(
        fmt=fmt,
        filename="audit-log",
        title="Audit log",
        headers=HEADERS,
        rows=(_row(e) for e in entries),
        description=f"Audit log, newest first (at most {EXPORT_MAX_ROWS:,} entries)",
        filters=filter_words(form, form.cleaned_data if form.is_valid() else {}),
    )
    audit_record(action="export.audit_log", changes={"search": [None, request.GET.urlencode()]})
    return response
