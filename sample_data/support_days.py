"""Each champion's 1:1 support days over the sample year: dates offered a quarter ahead, booked by its
non-pathfinder LAs (or asked for and confirmed), delivered with notes and the LA's feedback; some still to
come, some requested, one declined and one cancelled, at a pace that differs between champions."""

import datetime

from regions.models import Champion, LocalAuthority
from sample_data.plan import Plan, at, spread
from support_days import services
from support_days.models import SupportDay, SupportDayOffer

CONTEXTS = [
    "We are drafting our local offer and want to test it with parents before it goes live.",
    "Help moving our first statements to Education, Health and Care plans, and training for case workers.",
    "Setting up personal budgets with health colleagues: where do we start?",
    "Our joint commissioning arrangements with the CCG are new; we would like to learn from a pathfinder.",
    "Preparing for adulthood: how to plan transitions from 14 with schools and colleges.",
    "How to involve our parent carer forum in the reforms from the start.",
]
ATTENDEES = [
    "Head of SEN, principal educational psychologist, parent carer forum chair",
    "SEND reform lead, two case workers, designated medical officer",
    "Assistant director for education, commissioning manager, parent carer forum representative",
    "Head of inclusion, transitions co-ordinator, two SENCOs",
]
NOTES = [
    "Walked through the pathfinder's assessment pathway and templates; agreed to share the plan template.",
    "Workshop on the local offer with the parent carer forum; left a checklist and a contact at the pathfinder.",
    "Mapped current commissioning against the reforms; the LA will draft a joint plan with the CCG.",
    "Reviewed the LA's readiness self-evaluation together and picked three priorities for the next quarter.",
]
FEEDBACK = {
    5: ["Exactly what we needed: practical and honest.", "Really useful, we left with a plan."],
    4: ["Very helpful, especially the templates.", "Good day; we would like a follow-up in the spring."],
    3: ["Useful, though some of it we had already done.", "Helpful overview; more on personal budgets next time."],
    2: ["Too general for where we are."],
}
DECLINE_REASON = "None of those dates is free for us, sorry: please book one of the dates we offer."
CANCEL_REASON = "Our SEND lead is away that week. We have booked another date."
HOUR = datetime.timedelta(hours=1)


def _offer_dates(plan: Plan, champion: Champion, n: int) -> dict[datetime.date, datetime.datetime]:
    """{date offered: when it was offered}: `n` dates from July to March, each offered about a quarter ahead."""
    start, end = plan.programme.starts_on, plan.programme.ends_on
    dates = spread(start + datetime.timedelta(days=91), end - datetime.timedelta(days=3), n, plan.rng)
    offered = {}
    for day in dates:
        quarter = next(q for q in plan.quarters if q.starts_on <= day <= q.ends_on)
        offered[day] = at(quarter.starts_on - datetime.timedelta(days=25), 11)
    return offered


def _offers_create(plan: Plan, champion: Champion, n: int) -> list[SupportDayOffer]:
    staff, offers = plan.champion_staff[champion.pk], []
    by_moment: dict[datetime.datetime, list[datetime.date]] = {}
    for day, moment in _offer_dates(plan, champion, n).items():
        by_moment.setdefault(moment, []).append(day)
    for moment, days in sorted(by_moment.items()):
        if not plan.happened(moment):
            continue
        for online in (False, True):
            batch = [day for i, day in enumerate(days) if (i % 4 == 3) == online]
            offers += services.offers_create(
                champion=champion,
                dates=batch,
                format=SupportDayOffer.Format.ONLINE if online else SupportDayOffer.Format.IN_PERSON,
                capacity=1,
                notes="" if online else "We come to you: a full day with your team.",
                by=staff,
                now=moment,
            )
    return sorted(offers, key=lambda offer: offer.date)


def _themes(plan: Plan, k: int):
    return plan.rng.sample(plan.themes, k)


def _deliver(plan: Plan, day: SupportDay) -> None:
    rng = plan.rng
    delivered_at = at(day.date, 16, 30)
    if not plan.happened(delivered_at):
        return
    day = services.support_day_deliver(
        day=day,
        attendees=rng.choice(ATTENDEES),
        themes=list(day.themes.all()),
        notes=rng.choice(NOTES),
        now=delivered_at,
    )
    given = at(day.date + datetime.timedelta(days=rng.randint(1, 6)), 10)
    if rng.random() < 0.8 and plan.happened(given):
        usefulness = rng.choices([5, 4, 3, 2], [5, 4, 2, 1])[0]
        services.support_day_feedback(
            day=day, usefulness=usefulness, comments=rng.choice(FEEDBACK[usefulness]), now=given
        )


def _book(
    plan: Plan, la: LocalAuthority, offer: SupportDayOffer, *, ask_first: bool, now: datetime.datetime | None = None
) -> SupportDay | None:
    """The LA books the offered date (at `now`, or a few weeks before it), or asks for it and the champion
    confirms; delivered if the day is past."""
    rng, officer = plan.rng, plan.officers[la.pk]
    if now is None:
        soon_after_offer = offer.created_at + datetime.timedelta(days=rng.randint(2, 20))
        now = max(soon_after_offer, at(offer.date, 9) - datetime.timedelta(days=60))
        now = min(now, at(offer.date, 9) - datetime.timedelta(days=3), plan.as_at)
    if now <= offer.created_at:
        return None
    themes, context = _themes(plan, rng.choice([1, 2])), rng.choice(CONTEXTS)
    if ask_first:
        others = [offer.date + datetime.timedelta(days=d) for d in (7, 14)]
        day = services.support_day_request(
            champion=offer.champion,
            local_authority=la,
            preferred_dates=[offer.date, *others],
            themes=themes,
            context=context,
            by=officer,
            now=now,
        )
        confirmed = now + datetime.timedelta(days=2)
        if not plan.happened(confirmed) or confirmed.date() >= offer.date:
            return day
        staff = plan.champion_staff[offer.champion_id]
        day = services.support_day_confirm(day=day, date=offer.date, format=offer.format, by=staff, now=confirmed)
    else:
        day = services.support_day_book(
            offer=offer, local_authority=la, themes=themes, context=context, by=officer, now=now
        )
    _deliver(plan, day)
    return day


def _request(plan: Plan, la: LocalAuthority, champion: Champion, *, declined: bool = False) -> None:
    """The LA asks for a day on dates of its own; the champion has not answered yet (or declined)."""
    rng = plan.rng
    now = plan.as_at - datetime.timedelta(days=rng.randint(2, 12) + (30 if declined else 0))
    dates = spread(plan.today + datetime.timedelta(days=10), plan.today + datetime.timedelta(days=50), 3, rng)
    day = services.support_day_request(
        champion=champion,
        local_authority=la,
        preferred_dates=dates,
        themes=_themes(plan, 1),
        context=rng.choice(CONTEXTS),
        by=plan.officers[la.pk],
        now=now,
    )
    if declined:
        staff = plan.champion_staff[champion.pk]
        services.support_day_decline(day=day, reason=DECLINE_REASON, by=staff, now=now + datetime.timedelta(days=1))


def support_days_load(plan: Plan) -> None:
    """Every champion's offers and days, as described above."""
    for champion in plan.champions:
        pace, rng = plan.pace(champion), plan.rng
        las = [la for la in plan.assigned(champion) if not la.is_pathfinder]
        rng.shuffle(las)
        offers = _offers_create(plan, champion, round(len(las) * 1.3) + 2)
        past = [o for o in offers if o.date < plan.today]
        future = [o for o in offers if o.date > plan.today]
        n_delivered = min(len(past), round(len(las) * pace.delivered))
        n_booked = min(len(future), round(len(las) * pace.booked))
        n_requested = max(1, round(len(las) * pace.requested))
        delivered, rest = las[:n_delivered], las[n_delivered:]
        booked, rest = rest[:n_booked], rest[n_booked:]
        requested = rest[:n_requested]
        # Past dates go to the LAs with a delivered day; some past dates nobody booked.
        for i, la in enumerate(delivered):
            _book(plan, la, past[round(i * len(past) / max(len(delivered), 1))], ask_first=i % 3 == 1)
        for i, la in enumerate(booked):
            offer = future[i]
            if i == 0 and len(future) > n_booked:
                # Booked a date, cancelled it a week later, and booked another.
                booked_at = max(future[-1].created_at + HOUR, plan.as_at - datetime.timedelta(days=20))
                cancelled = booked_at + datetime.timedelta(days=7)
                if plan.happened(cancelled) and (first := _book(plan, la, future[-1], ask_first=False, now=booked_at)):
                    services.support_day_cancel(day=first, reason=CANCEL_REASON, by=plan.officers[la.pk], now=cancelled)
            _book(plan, la, offer, ask_first=i % 4 == 2)
        for i, la in enumerate(requested):
            if i == 0:
                _request(plan, la, champion, declined=True)
            _request(plan, la, champion)
