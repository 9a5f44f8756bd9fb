from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from champions_portal import clock, public_cache
from homes import work

# What an LA officer's part of the home shows: its support days and the dates on offer, events in its region, its
# LA, champion and contacts, and the open quarter's return.
LA_OFFICER_TOPICS = ("support_days", "events", "regions", "self_evaluation")


@login_required
def home(request):
    """Each person's home: the work waiting for them, each a count that links to its list."""
    user, now = request.user, clock.now()
    if user.is_programme_staff:
        context = work.programme_staff_work(user=user, now=now)
    elif user.is_champion_staff:
        context = work.champion_staff_work(user=user, now=now)
    elif user.is_la_officer:
        context = {"shared": _la_officer_section(request, now)}
    else:
        context = {}
    return render(request, "homes/home.html", context)


def _la_officer_section(request, now) -> dict:
    """An LA officer's part of the home, the same for every officer of the LA: built once per LA and day and kept
    in the cache (champions_portal/public_cache.py) until one of LA_OFFICER_TOPICS changes or an event it lists ends."""
    key = f"{request.user.local_authority_id}|{timezone.localdate(now).isoformat()}"
    fragment = public_cache.Fragment("la_officer_home", topics=LA_OFFICER_TOPICS, key=key)
    if (shared := fragment.get(now)) is None:
        context = work.la_officer_work(user=request.user, now=now)
        shared = {"content": render_to_string("homes/_la_officer.html", context, request)}
        fragment.set(shared, until=min((event.ends_at for event in context["events"]), default=None))
    return shared
