"""Each champion's events over the sample year: a regional conference and workshops and seminars across the
six themes, published, registered for by partners of every kind (some in groups, a few cancelling), with
attendance for the ones held, a waiting list on a popular one, a cancelled one and a draft."""

import datetime
from dataclasses import dataclass, replace

from events import attendance, services
from events.models import Event, Registration
from programme.models import Theme
from regions.models import Champion
from sample_data import people
from sample_data.plan import Plan, at, spread

TITLES = {
    "preparing-for-adulthood": [
        "Preparing for adulthood: from school to college and work",
        "Supported internships and routes into work",
        "Planning transition at 14 with young people",
    ],
    "coordinated-assessment-ehc-plans": [
        "From statements to Education, Health and Care plans",
        "Writing outcomes that families recognise",
        "One co-ordinated assessment: bringing agencies together",
    ],
    "personal-budgets": [
        "Personal budgets: what families need to know",
        "Resource allocation in practice",
        "Direct payments for education, health and care",
    ],
    "local-offer": [
        "Building the local offer with parents",
        "Publishing the local offer: what works online",
        "Keeping the local offer up to date",
    ],
    "joint-commissioning": [
        "Joint commissioning with health partners",
        "Commissioning for outcomes across education, health and care",
        "Designated medical officers and joint planning",
    ],
    "engagement": [
        "Co-production with parent carer forums",
        "Hearing the voice of children and young people",
        "Working with families from the start",
    ],
}
VENUES = ["Civic Centre", "Town Hall", "Conference Centre", "Professional Development Centre", "Community Hub"]
CANCELLATION_REASONS = [
    "The venue is no longer available on that date. We will offer a new date soon.",
    "Too few people could come on that date, so we will run it again in the new year.",
]


@dataclass
class EventPlan:
    kind: str
    title: str
    themes: list[Theme]
    day: datetime.date
    online: bool
    capacity: int
    fill: float  # share of the capacity that registers, before scaling
    cancel: bool = False
    draft: bool = False
    overflow: int = 0  # people over capacity who join the waiting list


def _schedule(plan: Plan, champion: Champion, index: int) -> list[EventPlan]:
    pace, rng = plan.pace(champion), plan.rng
    start, end = plan.programme.starts_on, plan.programme.ends_on
    first, last = start + datetime.timedelta(days=70), end - datetime.timedelta(days=10)
    themes = plan.themes
    schedule = []
    if pace.conference_on:
        schedule.append(
            EventPlan(
                Event.Kind.REGIONAL_CONFERENCE,
                f"{champion.region.name} SEND reforms conference",
                list(themes),
                datetime.date(*pace.conference_on),
                online=False,
                capacity=120,
                fill=rng.uniform(0.75, 0.9),
            )
        )
    for j, day in enumerate(spread(first, last, pace.workshops, rng)):
        # Two themes each, in turn, so that every theme is covered through the year.
        pair = [themes[(2 * j + index) % len(themes)], themes[(2 * j + index + 1) % len(themes)]]
        title = TITLES[pair[0].slug][(j // 3 + index) % 3]
        kind = Event.Kind.SEMINAR if j % 4 == 3 else Event.Kind.WORKSHOP
        online = j % 3 == 2
        schedule.append(EventPlan(kind, title, pair, day, online, capacity=35, fill=rng.uniform(0.5, 0.85)))
    upcoming = [e for e in schedule if at(e.day, 10) > plan.as_at and e.kind != Event.Kind.REGIONAL_CONFERENCE]
    if upcoming and pace.name in ("ahead", "steady"):
        popular = upcoming[0]  # so popular it has a waiting list
        popular.capacity = plan.scaled(30, least=3)
        popular.fill, popular.overflow = 1.0, plan.scaled(6, least=2)
    if index % 2 == 0:
        # An extra seminar, cancelled before it was held (it counts for nothing).
        day = spread(first, plan.today - datetime.timedelta(days=30), 1, rng)[0] if plan.today > first else last
        theme = themes[index % len(themes)]
        schedule.append(
            EventPlan(Event.Kind.SEMINAR, TITLES[theme.slug][2], [theme], day, False, 40, fill=0.4, cancel=True)
        )
    if pace.name != "struggling":
        theme = themes[(index + 3) % len(themes)]
        schedule.append(EventPlan(Event.Kind.WORKSHOP, TITLES[theme.slug][1], [theme], last, True, 40, 0, draft=True))
    return sorted(schedule, key=lambda e: e.day)


def _fields(plan: Plan, champion: Champion, event: EventPlan) -> dict:
    conference = event.kind == Event.Kind.REGIONAL_CONFERENCE
    starts_at = at(event.day, 9, 30) if conference else at(event.day, 10 if event.online else 13, 0)
    ends_at = at(event.day, 16, 0) if conference else starts_at + datetime.timedelta(hours=2 if event.online else 3)
    opens = starts_at - datetime.timedelta(weeks=10 if conference else 8)
    home = [la for la in plan.local_authorities if la.region_id == champion.region_id]
    venue = f"{plan.rng.choice(VENUES)}, {plan.rng.choice(home).name}" if not event.online else ""
    return {
        "kind": event.kind,
        "title": event.title,
        "description": (
            f"{event.title}. For everyone in {champion.region.name} working on the SEND reforms: local authority "
            "officers, schools, colleges, health and social care colleagues, parent carer forums and the voluntary "
            "sector. Come ready to share what has worked in your area. (Invented sample event.)"
        ),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "format": Event.Format.ONLINE if event.online else Event.Format.IN_PERSON,
        "venue_address": venue,
        "joining_details": "Join on the web conference link sent the day before." if event.online else "",
        "capacity": event.capacity,
        "registration_opens_at": opens,
        "registration_closes_at": starts_at - datetime.timedelta(days=1),
        "audience_notes": "Parents and young people are very welcome." if conference else "",
        "accessibility_info": "" if event.online else "Step-free access and a hearing loop throughout.",
    }


def _registration_data(person: people.Registrant, plan: Plan) -> services.RegistrationData:
    rng = plan.rng
    return services.RegistrationData(
        name=person.name,
        email=person.email,
        organisation=person.organisation,
        partner_type=person.partner_type,
        local_authority=person.local_authority,
        access_needs=rng.choice(people.ACCESS_NEEDS) if rng.random() < 0.07 else "",
        dietary_needs=rng.choice(people.DIETARY_NEEDS) if rng.random() < 0.1 else "",
    )


def _register(plan: Plan, event: Event, wanted: int, pool: list[people.Registrant]) -> list[Registration]:
    """Register `wanted` people from the pool at moments through the registration window, up to the as-at
    moment: most one by one, some in a group from one organisation, a few of them cancelling later."""
    rng = plan.rng
    window_ends = min(event.registration_closes_at, plan.as_at)
    if event.registration_opens_at >= window_ends:
        return []
    span = (window_ends - event.registration_opens_at).total_seconds()
    chosen = rng.sample(pool, min(wanted, len(pool)))
    made, i = [], 0
    moments = sorted(event.registration_opens_at + datetime.timedelta(seconds=rng.uniform(0, span)) for _ in chosen)
    while i < len(chosen):
        now = moments[i]
        size = rng.choice([2, 3, 4]) if rng.random() < 0.2 else 1
        group = chosen[i : i + size]
        i += len(group)
        if len(group) == 1:
            made.append(services.registration_create(event=event, data=_registration_data(group[0], plan), now=now))
            continue
        lead = group[0]
        attendees = [replace(_registration_data(p, plan), organisation=lead.organisation) for p in group]
        coordinator = services.Coordinator(name=lead.name, email=lead.email)
        made += services.registration_group_create(event=event, coordinator=coordinator, attendees=attendees, now=now)
    for registration in made:
        if rng.random() < 0.05:
            until = min(event.starts_at, plan.as_at)
            if registration.created_at < until:
                when = registration.created_at + (until - registration.created_at) * rng.uniform(0.2, 0.9)
                services.registration_cancel(registration=registration, now=when)
    return made


def _mark_attendance(plan: Plan, event: Event) -> None:
    """The organiser marks who came, a few days after; the last week's events are still to mark."""
    if event.ends_at + datetime.timedelta(days=7) > plan.as_at:
        return
    rng, attended, missed = plan.rng, [], []
    for pk in event.registrations.filter(status=Registration.Status.CONFIRMED).values_list("pk", flat=True):
        (attended if rng.random() < 0.86 else missed).append(pk)
    marked = event.ends_at + datetime.timedelta(days=rng.randint(1, 4))
    attendance.attendance_mark(event=event, now=marked, attended=attended, did_not_attend=missed)


def events_load(plan: Plan) -> list[Event]:
    """Every champion's events, as described above. Returns them."""
    made = []
    for index, champion in enumerate(plan.champions):
        staff = plan.champion_staff[champion.pk]
        schedule = _schedule(plan, champion, index)
        pool = people.registrants(plan, champion, max(plan.scaled(160), max(e.capacity for e in schedule) + 10))
        for planned in schedule:
            fields = _fields(plan, champion, planned)
            created = fields["registration_opens_at"] - datetime.timedelta(days=plan.rng.randint(3, 20))
            if planned.draft:  # still being written
                created = min(created, plan.as_at - datetime.timedelta(days=2))
            if not plan.happened(created):
                continue
            event = services.event_create(
                champion=champion, fields=fields, themes=planned.themes, created_by=staff, now=created
            )
            made.append(event)
            if planned.draft or not plan.happened(event.registration_opens_at):
                continue
            event = services.event_publish(event=event, now=event.registration_opens_at)
            if planned.overflow:
                wanted = planned.capacity + planned.overflow
            else:
                wanted = plan.scaled(planned.capacity * planned.fill)
            _register(plan, event, wanted, pool)
            if planned.cancel:
                cancelled = min(event.starts_at - datetime.timedelta(days=9), plan.as_at)
                services.event_cancel(event=event, reason=plan.rng.choice(CANCELLATION_REASONS), now=cancelled)
            elif event.ends_at < plan.as_at:
                _mark_attendance(plan, event)
    # Access and dietary needs are erased some time after each event, as the nightly job would have done.
    services.registration_needs_erase(now=plan.as_at)
    return made
