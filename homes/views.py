from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from champions_portal import clock
from homes import work


@login_required
def home(request):
    """Each person's home: the work waiting for them, each a count that links to its list."""
    user, now = request.user, clock.now()
    if user.is_programme_staff:
        context = work.programme_staff_work(user=user, now=now)
    elif user.is_champion_staff:
        context = work.champion_staff_work(user=user, now=now)
    elif user.is_la_officer:
        context = work.la_officer_work(user=user, now=now)
    else:
        context = {}
    return render(request, "homes/home.html", context)
