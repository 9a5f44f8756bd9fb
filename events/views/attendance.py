"""The attendance page, for the organising champion's staff and programme staff: tick the few confirmed
registrants who did not come, then mark everyone else as attended.

Searchable by name and shown PER_PAGE people at a time, so a 500-place conference stays usable; each page
is a fixed number of queries, whatever the number of registrants.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from events import attendance
from events.forms.attendance import AttendanceForm, AttendanceSearchForm
from events.models import Event, Registration
from events.views.access import get_event_for_user
from events.views.manage import organisers_only

PER_PAGE = 100
TEMPLATE = "events/manage/attendance_mark.html"
Attendance = Registration.Attendance
SAVED = "Attendance is saved."
SAVED_EVERYONE = "Attendance is saved. Everyone not ticked as not attending is recorded as attended."


@require_http_methods(["GET", "HEAD", "POST"])
@organisers_only
def attendance_mark(request, pk):
    event = get_event_for_user(request, pk, write=True)
    now = timezone.now()
    if refusal := event.attendance_refusal(now):
        status = 409 if request.method == "POST" else 200
        return render(request, TEMPLATE, {"event": event, "refusal": refusal}, status=status)
    search = AttendanceSearchForm(request.GET)
    form = AttendanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        marks = form.marks()
        try:
            attendance.attendance_mark(event=event, now=now, **marks)
        except attendance.AttendanceRefused as refused:  # cancelled since the check above
            return render(request, TEMPLATE, {"event": event, "refusal": refused.message}, status=409)
        messages.success(request, SAVED_EVERYONE if marks["everyone_else_attended"] else SAVED)
        return redirect(_this_page(event, search, request.GET.get("page", "")))
    return _page(request, event, form, search)


def _page(request, event: Event, form: AttendanceForm, search: AttendanceSearchForm):
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    counts = confirmed.aggregate(
        total=Count("pk"),
        attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)),
        absent=Count("pk", filter=Q(attendance=Attendance.DID_NOT_ATTEND)),
        unknown=Count("pk", filter=Q(attendance=Attendance.UNKNOWN)),
    )
    rows = search.search(confirmed).order_by(Lower("name"), "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "form": form,
        "search_form": search,
        "query": search.query(),
        "counts": counts,
        "page": page,
    }
    return render(request, TEMPLATE, context)


def _this_page(event: Event, search: AttendanceSearchForm, page: str) -> str:
    """Back to the page and search the organiser saved from."""
    query = {name: value for name, value in (("q", search.query()), ("page", page)) if value}
    if not page.isdigit():
        query.pop("page", None)
    url = reverse("events:attendance_mark", args=[event.pk])
    return f"{url}?{urlencode(query)}" if query else url
