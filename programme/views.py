from django.shortcuts import get_object_or_404, redirect, render

from champions_portal import clock
from champions_portal.charts import percent
from champions_portal.exports import Money, spreadsheet_response
from programme.funding import programme_allocations
from programme.models import Programme, Theme


def programme_current(request):
    programme = Programme.objects.current(clock.today())
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


def funding_export(request, slug: str, fmt: str):
    """The funding allocation table of the programme page: public, as the page is."""
    programme = get_object_or_404(Programme, slug=slug)
    allocations = programme_allocations(programme)
    rows = [[a.key.name, a.key.region.name, a.non_pathfinder_las, Money(a.amount)] for a in allocations]
    total = ["Total", "", sum(a.non_pathfinder_las for a in allocations), Money(sum(a.amount for a in allocations))]
    return spreadsheet_response(
        fmt=fmt,
        filename=f"funding-allocation-{programme.slug}",
        title="Funding allocation",
        headers=["Champion", "Region", "Non-pathfinder LAs supported", "Allocation (£)"],
        rows=[*rows, total],
        description="Funding allocation by champion",
        programme=programme.name,
        filters={"Rule": programme.get_funding_rule_display()},
    )
