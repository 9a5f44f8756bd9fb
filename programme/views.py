from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from champions_portal.charts import percent
from programme.funding import programme_allocations
from programme.models import Programme, Theme


def programme_current(request):
    programme = Programme.objects.current(timezone.localdate())
    if programme is None:
        return render(request, "programme/programme_missing.html", status=404)
    return redirect(programme)


def programme_detail(request, slug: str):
    programme = get_object_or_404(Programme.objects.prefetch_related("quarters"), slug=slug)
    allocations = programme_allocations(programme)
    largest = max((a.amount for a in allocations), default=0)
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "themes": Theme.objects.all(),
            "allocations": allocations,
            "allocated_total": sum(a.amount for a in allocations),
            "non_pathfinder_total": sum(a.non_pathfinder_las for a in allocations),
            "share_pool": programme.national_funding - programme.funding_base_per_champion * len(allocations),
            "bars": [{"allocation": a, "width": percent(a.amount, largest)} for a in allocations],
        },
    )
