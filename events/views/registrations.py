"""An event's registrations, for the organising champion's staff and programme staff: one list at a time
(confirmed places, the waiting list or cancelled registrations), searchable by name and shown PER_PAGE people
at a time, so a page costs the same few queries and is about the same size whether 40 or 10,000 registered.
Attendance is recorded on `attendance.py`'s page; the downloads (`manage.registration_export`) hold everyone.
"""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import render
from django.utils import timezone

from champions_portal.public_cache import Fragment
from events.forms.manage import RegistrationSearchForm
from events.models import Registration
from events.views.access import get_event_for_user
from events.views.manage import organisers_only

PER_PAGE = 100
Status = Registration.Status
# The lists, in the order the page offers them: (name in ?list=, status, its heading).
LISTS = {
    "confirmed": (Status.CONFIRMED, "Confirmed places"),
    "waiting": (Status.WAITLISTED, "Waiting list"),
    "cancelled": (Status.CANCELLED, "Cancelled registrations"),
}


def _waiting_position():
    """Each waiting registration's place on its event's waiting list (as Registration.waiting_list_position)."""
    ahead = Registration.objects.waiting_list().filter(event_id=OuterRef("event_id"), pk__lte=OuterRef("pk"))
    return Subquery(ahead.order_by().values("event_id").annotate(n=Count("pk")).values("n"))


def _list_sizes(event) -> dict[str, int]:
    """How many people are on each list, counted once and kept in the cache (champions_portal/public_cache.py) until
    a registration or event changes: a 10,000-person event's counts read every one of its rows."""
    fragment = Fragment("registration_list_sizes", topics=("events",), key=str(event.pk))
    if (sizes := fragment.get(timezone.now())) is None:
        counts = {name: Count("pk", filter=Q(status=status)) for name, (status, _heading) in LISTS.items()}
        sizes = event.registrations.aggregate(**counts)
        fragment.set(sizes)
    return sizes


@organisers_only
def registration_list(request, pk):
    event = get_event_for_user(request, pk, write=True)
    search = RegistrationSearchForm(request.GET, lists=LISTS)
    shown = search.list_shown()
    counts = _list_sizes(event)
    # The page's ids first, from the index on event, status and id; then those rows. Asked for in one, PostgreSQL
    # walks the primary key through every later registration of other events to find a large event's first page.
    ids = search.search(event.registrations.filter(status=LISTS[shown][0])).order_by("pk").values_list("pk", flat=True)
    paginator = Paginator(ids, PER_PAGE)
    if not search.query():  # the whole list: its size is counted above, not a second time
        paginator.count = counts[shown]
    page = paginator.get_page(request.GET.get("page"))
    rows = Registration.objects.filter(pk__in=page.object_list).select_related("local_authority").order_by("pk")
    if shown == "waiting" and search.query():  # a search skips people: count each one's place
        rows = rows.annotate(position=_waiting_position())
    registrations = list(rows)
    if shown == "waiting" and not search.query():  # the whole list in order: its place is its row
        for n, registration in enumerate(registrations, start=page.start_index()):
            registration.position = n
    context = {
        "event": event,
        "search_form": search,
        "query": search.query(),
        "shown": shown,
        "heading": LISTS[shown][1],
        "lists": [{"name": name, "heading": heading, "count": counts[name]} for name, (_s, heading) in LISTS.items()],
        "count": counts[shown],
        "page": page,
        "registrations": registrations,
        # Attendance is recorded on its own page (events/views/attendance.py), by exception.
        "attendance_refusal": event.attendance_refusal(timezone.now()),
    }
    return render(request, "events/manage/registration_list.html", context)
