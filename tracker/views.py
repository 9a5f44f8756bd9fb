"""The delivery tracker's pages: every champion against Annex B (programme staff), one champion in
detail (programme staff, and that champion's own staff), one region's LAs (programme staff), and
their CSV and XLSX downloads.

The figures all come from `tracker.delivery.programme_delivery` (through its cache, `tracker.delivery_cache`); these
views only arrange them.
Each page runs a fixed number of queries whatever the number of events, registrations and days.
"""

from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import programme_staff_required, role_required
from case_studies.models import CaseStudy
from champions_portal import clock
from champions_portal.charts import percent
from champions_portal.dates import govuk_date
from champions_portal.exports import FORMATS, workbook_response
from champions_portal.public_cache import query_key
from events.models import SEED_PARTNER_GROUPS, Event, PartnerType, Registration
from programme.models import Programme, Theme
from regions.models import Champion, LocalAuthority, Region
from support_days.coverage import COUNTING_STATUSES, DAY_FIELDS, CoverageRow, best_day_id, best_days
from support_days.models import SupportDay
from tracker.delivery import STATUS_LABELS, starts_in_programme_year
from tracker.delivery_cache import download_cached, kept_with_figures, programme_delivery_cached
from tracker.exports import champion_sheets, conference_words, national_sheets
from tracker.forms import CompareForm
from tracker.models import TrackerSnapshot
from tracker.services import SNAPSHOT_FIGURES, tracker_changes, tracker_figures, tracker_targets

organisers_only = role_required(Role.PROGRAMME_STAFF, Role.CHAMPION_STAFF)
# The champion page lists its events a page at a time (the download lists them all).
EVENTS_PER_PAGE = 25
FIGURE_HEADINGS = {
    "conferences_held": "Regional conferences held",
    "workshops_held": "Workshops and seminars held (once per theme)",
    "las_delivered": "LAs with a delivered day",
    "las_booked": "LAs with a booked day",
    "case_studies_submitted": "Case studies submitted",
    "published": "Case studies and resources published",
}


def _workshop_words(figure, upcoming: int) -> str:
    words = f"{figure.actual} of {figure.target}"
    return f"{words} (+{upcoming} upcoming)" if upcoming else words


def _rows(deliveries, themes, quarters) -> list[dict]:
    """What each row of the national tables shows, in column order."""
    return [
        {
            "d": d,
            "conference": conference_words(d),
            "workshops": [
                {
                    "theme": t,
                    "figure": d.workshops[t.pk],
                    "words": _workshop_words(d.workshops[t.pk], d.workshops_upcoming[t.pk]),
                }
                for t in themes
            ],
            "case_studies": [d.case_studies[q.pk] for q in quarters],
            "published": [d.published_by_quarter[q.pk] for q in quarters],
            "coverage_width": percent(d.las_delivered, d.support_days.target),
        }
        for d in deliveries
    ]


def _rule(programme: Programme, today) -> dict:
    return {
        "at_risk": programme.tracker_at_risk_below_percent,
        "off_track": programme.tracker_off_track_below_percent,
        "elapsed": round(100 * programme.elapsed_fraction(today)),
        "today": today,
    }


def _over_the_year(quarters, snapshots, current: dict, now, targets: dict[str, int]) -> list[dict]:
    """Totals at each quarter end with a snapshot kept, then now: the chart of delivery over the year. Each
    bar is the figure's share of England's target, so bars of different figures can be compared."""
    kept = {s.occasion: s for s in snapshots if s.kind == TrackerSnapshot.Kind.QUARTER}
    today = timezone.localdate(now)
    points = [
        {"label": f"End of quarter {q.number}", "totals": kept[f"Q{q.number}"].figures["totals"]}
        for q in quarters
        if f"Q{q.number}" in kept
    ]
    points.append({"label": f"Now ({govuk_date(today)})", "totals": current["totals"]})
    for point in points:
        totals = point["totals"]
        point["bars"] = [
            {
                "name": name,
                "heading": FIGURE_HEADINGS[name],
                "actual": totals[name],
                "target": target,
                "width": percent(totals[name], target),
            }
            for name, target in targets.items()
        ]
        point["cells"] = [(totals[name], targets.get(name)) for name in SNAPSHOT_FIGURES]
    return points


def _comparison(snapshot: TrackerSnapshot | None, current: dict) -> dict | None:
    if snapshot is None:
        return None
    before = snapshot.figures
    champions = [
        {
            "name": figures["name"],
            "changes": [figures[n] - before["champions"].get(slug, {}).get(n, 0) for n in SNAPSHOT_FIGURES],
        }
        for slug, figures in current["champions"].items()
    ]
    return {
        "snapshot": snapshot,
        "label": snapshot.label,
        "sentences": tracker_changes(before=before, after=current),
        "champions": champions,
    }


def _national(programme: Programme, now, deliveries: list | None = None) -> dict:
    if deliveries is None:
        deliveries = programme_delivery_cached(programme=programme, now=now)
    themes, quarters = list(Theme.objects.all()), list(programme.quarters.all())
    return {
        "programme": programme,
        "deliveries": deliveries,
        "themes": themes,
        "quarters": quarters,
        "rows": _rows(deliveries, themes, quarters),
        "figures": tracker_figures(deliveries),
        "partner_groups": list(SEED_PARTNER_GROUPS),
    }


@programme_staff_required
def national(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    now = clock.now()
    context = _national(programme, now)
    snapshots = list(programme.snapshots.order_by("-as_at"))
    form = CompareForm(request.GET or None, snapshots=programme.snapshots.order_by("-as_at"))
    chosen = form.cleaned_data["compare"] if form.is_valid() else None
    targets = tracker_targets(context["deliveries"], context["quarters"])
    context.update(
        form=form,
        has_snapshots=bool(snapshots),
        rule=_rule(programme, timezone.localdate(now)),
        comparison=_comparison(chosen, context["figures"]),
        figure_headings=[FIGURE_HEADINGS[name] for name in SNAPSHOT_FIGURES],
        over_the_year=_over_the_year(context["quarters"], snapshots, context["figures"], now, targets),
        status_counts=Counter(d.status for d in context["deliveries"]),
        status_labels=STATUS_LABELS,
    )
    return render(request, "tracker/national.html", context)


@programme_staff_required
def national_export(request, slug, fmt):
    programme = get_object_or_404(Programme, slug=slug)
    now = clock.now()

    def build(deliveries):
        return workbook_response(
            fmt=fmt,
            filename=f"delivery-tracker-{programme.slug}",
            sheets=national_sheets(_national(programme, now, deliveries)),
            description="Delivery tracker: every champion against Annex B",
            programme=programme.name,
            as_at=now,
        )

    if fmt not in FORMATS:
        raise Http404("Download as csv or xlsx")
    return download_cached(programme=programme, now=now, fmt=fmt, build=build)


def _get_champion_for_user(request, slug: str) -> Champion:
    """The champion whose tracker page this is: 404 for another champion's staff (DEVELOPERS.md, Refusals)."""
    champion = get_object_or_404(Champion.objects.select_related("region"), slug=slug)
    if not request.user.may_act_for_champion(champion.pk):
        raise Http404("No such champion")
    return champion


def _listed(events: list[Event], themes: list[Theme]) -> list[Event]:
    """Set on each of these events `confirmed_count`, counting only their registrations, and `theme_names`, in
    the themes' order: two queries, and no Theme objects made per event (the XLSX lists thousands)."""
    ids = [e.pk for e in events]
    counts = dict(
        Registration.objects.filter(event__in=ids, status=Registration.Status.CONFIRMED)
        .order_by()
        .values_list("event_id")
        .annotate(n=Count("event"))  # not "pk": so the index registration_event_status alone answers
    )
    names, order = {t.pk: t.name for t in themes}, {t.pk: i for i, t in enumerate(themes)}
    links: dict[int, list[int]] = {}
    for event_id, theme_id in Event.themes.through.objects.filter(event__in=ids).values_list("event_id", "theme_id"):
        links.setdefault(event_id, []).append(theme_id)
    for event in events:
        event.confirmed_count = counts.get(event.pk, 0)
        event.theme_names = [names[t] for t in sorted(links.get(event.pk, []), key=order.__getitem__)]
    return events


def _champion_detail(programme: Programme, champion: Champion, now, *, page_number=None, listed="page") -> dict:
    """One champion's figures and the records behind them. The events `listed`: "page", a page of them
    (`page_number`, any text: Paginator.get_page turns a bad one into the first or last page); "all" (the XLSX);
    or "none" (the CSV, which is the summary alone)."""
    delivery = programme_delivery_cached(programme=programme, now=now, champion=champion)[0]
    themes, quarters = list(Theme.objects.all()), list(programme.quarters.all())
    all_of_them = (
        Event.objects.filter(starts_in_programme_year(programme), champion=champion)
        .exclude(status=Event.Status.DRAFT)
        .only("pk", "title", "kind", "status", "starts_at", "ends_at")
        .order_by("starts_at", "pk")
    )
    page = Paginator(all_of_them, EVENTS_PER_PAGE).get_page(page_number) if listed == "page" else None
    events = _listed(list(page.object_list if page else all_of_them if listed == "all" else []), themes)
    for event in events:
        cancelled = event.status == Event.Status.CANCELLED
        event.state = "Cancelled (not counted)" if cancelled else ("Held" if event.ends_at < now else "Upcoming")
    # Its patch, and the non-pathfinder LAs of other patches that it has supported this year, each with its best
    # day with this champion chosen in the database (support_days.coverage): two queries, whatever the days.
    in_year = SupportDay.objects.filter(
        Q(date__isnull=True) | Q(date__gte=programme.starts_on, date__lte=programme.ends_on),
        status__in=COUNTING_STATUSES,
    )
    supported = in_year.filter(champion=champion, local_authority=OuterRef("pk"))
    patch = LocalAuthority.objects.non_pathfinder().assigned_to(champion)
    chosen_for = (patch | LocalAuthority.objects.non_pathfinder().filter(Exists(supported))).annotate(
        best_day_id=best_day_id(champion=champion.pk, among=in_year)
    )
    las = list(chosen_for.with_assigned_champion())
    # The days as a subquery, not a list of ids, so that the query is made whether or not there are any.
    days = SupportDay.objects.only(*DAY_FIELDS).filter(pk__in=chosen_for.values_list("best_day_id", flat=True))
    chosen = {day.pk: day for day in days}
    best = {la.pk: chosen[la.best_day_id] for la in las if la.best_day_id in chosen}
    las = {la.pk: la for la in las}
    rows = sorted(
        (CoverageRow(la, la.assigned_champion, best.get(la.pk)) for la in las.values()),
        key=lambda row: (-row.rank, row.local_authority.name),
    )
    case_studies = CaseStudy.objects.filter(champion=champion, quarter__programme=programme).order_by(
        "created_at", "pk"
    )
    by_quarter = {q.pk: [] for q in quarters}
    for case_study in case_studies:
        by_quarter[case_study.quarter_id].append(case_study)
    attendees = delivery.attendees_by_partner_type
    return {
        "programme": programme,
        "champion": champion,
        "d": delivery,
        "workshops": [
            {
                "theme": t,
                "figure": delivery.workshops[t.pk],
                "words": _workshop_words(delivery.workshops[t.pk], delivery.workshops_upcoming[t.pk]),
                "width": percent(delivery.workshops[t.pk].actual, delivery.workshops[t.pk].target),
            }
            for t in themes
        ],
        "conference": conference_words(delivery),
        "events": events,
        "page": page,
        "la_groups": [
            ("With a delivered day", [r for r in rows if r.status == "delivered"]),
            ("With a booked day", [r for r in rows if r.status == "booked"]),
            ("Without a delivered or booked day", [r for r in rows if r.status in ("requested", "none")]),
        ],
        "quarters": [
            {
                "quarter": q,
                "status": delivery.case_studies[q.pk],
                "case_studies": by_quarter[q.pk],
                "published": delivery.published_by_quarter[q.pk],
            }
            for q in quarters
        ],
        "partner_types": [(label, attendees[value]) for value, label in PartnerType.choices],
        "partner_groups": [
            (name, sum(attendees[t] for t in types), name in delivery.partner_groups_missing)
            for name, types in SEED_PARTNER_GROUPS.items()
        ],
        "delivered_width": percent(delivery.las_delivered, delivery.support_days.target),
        "booked_width": percent(delivery.las_booked, delivery.support_days.target),
    }


@organisers_only
def champion_page(request, slug, champion):
    """The page is the same for programme staff and the champion's staff but for one link, so all but that link is
    kept with the champion's figures (`kept_with_figures`: never stale, since time alone changes it only when an
    event it lists ends or at midnight, and so do the figures)."""
    champion = _get_champion_for_user(request, champion)
    programme = get_object_or_404(Programme, slug=slug)
    now = clock.now()
    context = {}

    def build(deliveries) -> dict:
        context.update(_champion_detail(programme, champion, now, page_number=request.GET.get("page")))
        context["rule"] = _rule(programme, timezone.localdate(now))
        return {part: render_to_string(f"tracker/_champion_{part}.html", context, request) for part in ("head", "body")}

    shared = kept_with_figures(
        name="tracker-champion-page",
        key=query_key(request.GET),
        programme=programme,
        champion=champion,
        now=now,
        build=build,
    )
    return render(
        request,
        "tracker/champion.html",
        {"programme": programme, "champion": champion, **context, "shared": shared},
    )


@organisers_only
def champion_export(request, slug, champion, fmt):
    champion = _get_champion_for_user(request, champion)
    programme = get_object_or_404(Programme, slug=slug)
    now = clock.now()
    return workbook_response(
        fmt=fmt,
        filename=f"delivery-tracker-{programme.slug}-{champion.slug}",
        sheets=champion_sheets(_champion_detail(programme, champion, now, listed="all" if fmt == "xlsx" else "none")),
        description=f"Delivery tracker: {champion.label} against Annex B",
        programme=programme.name,
        as_at=now,
    )


@programme_staff_required
def region_page(request, slug, region):
    programme = get_object_or_404(Programme, slug=slug)
    region = get_object_or_404(Region.objects.select_related("champion"), slug=region)
    las = LocalAuthority.objects.filter(region=region).with_assigned_champion().order_by("name")
    days = SupportDay.objects.filter(
        Q(date__isnull=True) | Q(date__gte=programme.starts_on, date__lte=programme.ends_on),
        local_authority__region=region,
        status__in=COUNTING_STATUSES,
    )
    best = best_days(days)
    registrations = (
        Registration.objects.filter(
            local_authority__region=region, event__in=Event.objects.filter(starts_in_programme_year(programme))
        )
        .values("local_authority_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            attended=Count("pk", filter=Q(attendance=Registration.Attendance.ATTENDED)),
        )
    )
    counts = {row["local_authority_id"]: row for row in registrations}
    rows = []
    for la in las:
        row = CoverageRow(la, la.assigned_champion, best.get((la.pk, la.assigned_champion.pk)))
        row.registrations = counts.get(la.pk, {"confirmed": 0, "attended": 0})
        rows.append(row)
    context = {"programme": programme, "region": region, "rows": rows}
    return render(request, "tracker/region.html", context)
