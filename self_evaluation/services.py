"""Writes for self-evaluation: returns windows, quarterly returns and their audit log, and the reminder job.

Every write to a return locks its row (`select_for_update`), checks that the LA may still change it,
and records what changed in a `ReturnChange` in the same transaction. A submitted return is changed only
after `return_change_start` (its officers, with a reason) or `return_reopen` (programme staff), which keep a
copy of its answers as submitted for the reports until `return_submit` replaces it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from audit.services import audit_record
from champions_portal.dates import govuk_date
from notifications.reminders import deadline_reminder_due
from notifications.services import email_queue
from notifications.unsent import outbox_key, unsent
from programme.models import Quarter
from regions.models import LocalAuthority
from self_evaluation.completeness import return_gaps
from self_evaluation.models import (
    Agency,
    AssessmentApproach,
    CdfTheme,
    CostLine,
    Element,
    Level,
    PlanningApproach,
    QuarterlyReturn,
    Rating,
    ReturnChange,
    ReturnsWindow,
    WindowChange,
)

# Reminders to LAs that have not submitted, this many days before the deadline.
REMINDER_DAYS = (1, 7)
# The list of who is missing goes to programme staff on the first run after the deadline, for a week at most.
MISSING_LIST_DAYS = 7


class ReturnRefused(Exception):
    """The return cannot be changed this way now; the message says why, in words for the page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Windows (programme staff) ----------------------------------------------------------------


@transaction.atomic
def window_open(*, quarter: Quarter, deadline, by: User, now) -> ReturnsWindow:
    """Open the quarter's returns window with this deadline, reopen a closed one, or move an open one's deadline.
    Locks the quarter, so two people opening it at once make one window; records each change."""
    Quarter.objects.select_for_update().get(pk=quarter.pk)
    window = ReturnsWindow.objects.filter(quarter=quarter).first()
    if window is None:
        window = ReturnsWindow.objects.create(quarter=quarter, deadline=deadline, opened_at=now, opened_by=by)
        action = WindowChange.Action.OPENED
    elif not window.is_open:
        window.opened_at, window.opened_by, window.closed_at, window.closed_by = now, by, None, None
        action = WindowChange.Action.REOPENED
    elif window.deadline != deadline:
        action = WindowChange.Action.DEADLINE_CHANGED
    else:
        return window
    window.deadline = deadline
    window.save()
    WindowChange.objects.create(window=window, action=action, deadline=deadline, by=by, at=now)
    changes = {"deadline": [None, deadline]}
    audit_record(action=f"returns_window.{action}", obj=window, actor=by, changes=changes, at=now)
    return window


@transaction.atomic
def window_close(*, window: ReturnsWindow, by: User, now) -> ReturnsWindow:
    """Close the window: LAs can no longer start, change or submit the quarter's returns. Safe to repeat."""
    window = ReturnsWindow.objects.select_for_update().get(pk=window.pk)
    if window.is_open:
        window.closed_at, window.closed_by = now, by
        window.save(update_fields=["closed_at", "closed_by"])
        WindowChange.objects.create(
            window=window, action=WindowChange.Action.CLOSED, deadline=window.deadline, by=by, at=now
        )
        audit_record(action="returns_window.closed", obj=window, actor=by, at=now)
    return window


def las_missing(quarter: Quarter):
    """LAs with no submitted return for the quarter (one being changed or reopened still counts as submitted)."""
    submitted = QuarterlyReturn.objects.counted().filter(quarter=quarter).values("local_authority_id")
    return LocalAuthority.objects.exclude(pk__in=submitted).select_related("region")


# --- Returns (LA officers) --------------------------------------------------------------------


def _window(quarter_id: int) -> ReturnsWindow | None:
    return ReturnsWindow.objects.filter(quarter_id=quarter_id).first()


RETURN_CLOSED = (
    "The returns window for this quarter is closed, so this return cannot be changed. "
    "Ask programme staff to reopen it if something needs correcting."
)
RETURN_SUBMITTED = (
    "This return is submitted, so its answers cannot be changed here. To change them, choose ‘Change your return’ "
    "and say why: your submitted answers still count until you submit it again."
)


def why_closed_to_la(quarterly_return: QuarterlyReturn, window: ReturnsWindow | None) -> str:
    """Why the LA cannot change the return's answers now, in words for the page; empty when it can."""
    if quarterly_return.is_open_to_la(window):
        return ""
    return RETURN_SUBMITTED if quarterly_return.may_start_change(window) else RETURN_CLOSED


def why_no_change_start(quarterly_return: QuarterlyReturn, window: ReturnsWindow | None) -> str:
    """Why its officers cannot open the return for changes now, in words for the page; empty when they can."""
    if quarterly_return.may_start_change(window):
        return ""
    if quarterly_return.status == QuarterlyReturn.Status.SUBMITTED:
        return RETURN_CLOSED
    if quarterly_return.status == QuarterlyReturn.Status.DRAFT:
        return "Only a submitted return can be opened for changes."
    return "This return is already open for changes. Make them, then submit it again."


def _lock(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    return (
        QuarterlyReturn.objects.select_for_update(of=("self",))
        .select_related("local_authority", "quarter__programme")
        .get(pk=quarterly_return.pk)
    )


def _lock_for_la(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    locked = _lock(quarterly_return)
    if why := why_closed_to_la(locked, _window(locked.quarter_id)):
        raise ReturnRefused(why)
    return locked


def _log(quarterly_return: QuarterlyReturn, action: str, *, by: User, now, changes=(), note: str = "") -> ReturnChange:
    audit_changes = {change["what"]: [change.get("before"), change.get("after")] for change in changes}
    audit_record(action=f"return.{action}", obj=quarterly_return, actor=by, changes=audit_changes, at=now)
    return ReturnChange.objects.create(
        quarterly_return=quarterly_return, action=action, changes=list(changes), note=note, by=by, at=now
    )


def _touch(quarterly_return: QuarterlyReturn, now) -> None:
    quarterly_return.updated_at = now
    quarterly_return.save(update_fields=["updated_at"])


def previous_return(*, local_authority: LocalAuthority, quarter: Quarter) -> QuarterlyReturn | None:
    """The LA's most recent submitted answers for an earlier quarter (as submitted, if that return is being
    changed): offered as the starting point."""
    return (
        QuarterlyReturn.objects.counted()
        .filter(local_authority=local_authority, quarter__starts_on__lt=quarter.starts_on)
        .select_related("quarter__programme")
        .order_by("-quarter__starts_on")
        .first()
    )


@transaction.atomic
def return_start(
    *, local_authority: LocalAuthority, quarter: Quarter, by: User, now, copy_from: QuarterlyReturn | None = None
) -> QuarterlyReturn:
    """Start the LA's return for the quarter, as a draft, from `copy_from`'s ratings, evidence and approaches
    (not its costs) or blank. Only while the window is open. Safe to repeat: a second call (a double click,
    two officers at once) returns the return that exists and copies nothing again."""
    window = _window(quarter.pk)
    if window is None or not window.is_open:
        raise ReturnRefused("Returns for this quarter are not open.")
    if copy_from is not None and copy_from.local_authority_id != local_authority.pk:
        raise ReturnRefused("You can only start from one of your own returns.")
    # Copied from the answers as submitted; it names the return they belong to.
    started_from_id = (copy_from.submitted_version_of_id or copy_from.pk) if copy_from else None
    try:
        with transaction.atomic():
            quarterly_return = QuarterlyReturn.objects.create(
                local_authority=local_authority,
                quarter=quarter,
                created_by=by,
                created_at=now,
                updated_at=now,
                started_from_id=started_from_id,
                assessment_approaches=copy_from.assessment_approaches if copy_from else [],
                planning_approaches=copy_from.planning_approaches if copy_from else [],
            )
    except IntegrityError:
        return QuarterlyReturn.objects.get(local_authority=local_authority, quarter=quarter)
    note = "Started blank."
    if copy_from is not None:
        Rating.objects.bulk_create(
            Rating(quarterly_return=quarterly_return, element_id=r.element_id, level=r.level, evidence=r.evidence)
            for r in copy_from.ratings.all()
        )
        note = f"Started from the answers for {copy_from.quarter.label}."
    _log(quarterly_return, ReturnChange.Action.STARTED, by=by, now=now, note=note)
    return quarterly_return


def _level_words(level: str) -> str:
    return Level(level).label if level else "Not rated"


@transaction.atomic
def return_ratings_save(
    *, quarterly_return: QuarterlyReturn, ratings: dict[int, tuple[str, str]], by: User, now
) -> QuarterlyReturn:
    """Save ratings {element id: (level or "", evidence)} and log each change. Saving the same answers
    again changes nothing and logs nothing. A submitted return keeps every element rated."""
    quarterly_return = _lock_for_la(quarterly_return)
    elements = Element.objects.in_bulk(list(ratings))
    if len(elements) != len(ratings):
        raise ReturnRefused("Rate only the elements of the Common Delivery Framework.")
    existing = {r.element_id: r for r in quarterly_return.ratings.all()}
    changes, to_create, to_update = [], [], []
    for element_id, (level, evidence) in ratings.items():
        element = elements[element_id]
        rating = existing.get(element_id) or Rating(quarterly_return=quarterly_return, element=element)
        if not level and quarterly_return.status != QuarterlyReturn.Status.DRAFT:
            raise ReturnRefused(f"Select how far {element.name.lower()} has developed")
        if rating.level != level:
            words = {"before": _level_words(rating.level), "after": _level_words(level)}
            changes.append({"kind": ReturnChange.Kind.RATING, "what": element.name, **words})
        if rating.evidence != evidence:
            what = f"Evidence for {element.name.lower()}"
            words = {"before": rating.evidence, "after": evidence}
            changes.append({"kind": ReturnChange.Kind.EVIDENCE, "what": what, **words})
        if (rating.level, rating.evidence) != (level, evidence):
            rating.level, rating.evidence = level, evidence
            (to_update if rating.pk else to_create).append(rating)
    Rating.objects.bulk_create(to_create)
    Rating.objects.bulk_update(to_update, ["level", "evidence"])
    if changes:
        _touch(quarterly_return, now)
        _log(quarterly_return, ReturnChange.Action.SAVED, by=by, now=now, changes=changes)
    return quarterly_return


def _approach_words(values: list[str], choices) -> str:
    return "; ".join(str(choices(v).label) for v in values) or "Not answered"


@transaction.atomic
def return_approaches_save(
    *, quarterly_return: QuarterlyReturn, assessment: list[str], planning: list[str], by: User, now
) -> QuarterlyReturn:
    """Save which assessment and planning approaches the area uses, and log the change."""
    quarterly_return = _lock_for_la(quarterly_return)
    changes = []
    for field, label, values, choices in (
        ("assessment_approaches", "Assessment approaches", assessment, AssessmentApproach),
        ("planning_approaches", "Planning approaches", planning, PlanningApproach),
    ):
        before = getattr(quarterly_return, field)
        if sorted(before) != sorted(values):
            words = {"before": _approach_words(before, choices), "after": _approach_words(values, choices)}
            changes.append({"kind": ReturnChange.Kind.APPROACHES, "what": label, **words})
            setattr(quarterly_return, field, list(values))
    if changes:
        quarterly_return.updated_at = now
        quarterly_return.save(update_fields=["assessment_approaches", "planning_approaches", "updated_at"])
        _log(quarterly_return, ReturnChange.Action.SAVED, by=by, now=now, changes=changes)
    return quarterly_return


@dataclass(frozen=True)
class Costs:
    """A pathfinder's costs for the quarter: {(theme, agency): (financial, in kind)} and the grant received."""

    lines: dict[tuple[str, str], tuple[Decimal, Decimal]]
    grant_received: Decimal


# The largest amount a cost or grant field holds (12 digits, 2 after the point).
MAX_AMOUNT = Decimal("10000000000")


def _pounds(amount) -> str:
    return f"£{amount:,.2f}" if amount is not None else "Not answered"


@transaction.atomic
def return_costs_save(*, quarterly_return: QuarterlyReturn, costs: Costs, by: User, now) -> QuarterlyReturn:
    """Save a pathfinder's development costs by CDF theme and agency (financial and in kind) and its grant.
    Every amount must be a non-negative amount in pounds and pence; anything else is refused whole."""
    quarterly_return = _lock_for_la(quarterly_return)
    if not quarterly_return.asks_for_costs:
        raise ReturnRefused("Only pathfinder areas return development costs.")
    amounts = [costs.grant_received, *(a for pair in costs.lines.values() for a in pair)]
    if any(a is None or not 0 <= a < MAX_AMOUNT or a != a.quantize(Decimal("0.01")) for a in amounts):
        raise ReturnRefused("Costs must be amounts in pounds and pence, £0 or more")
    existing = {(c.theme, c.agency): c for c in quarterly_return.cost_lines.all()}
    changes, to_create, to_update = [], [], []
    for theme in CdfTheme:
        for agency in Agency:
            financial, in_kind = costs.lines.get((theme, agency), (Decimal(0), Decimal(0)))
            line = existing.get((theme, agency))
            if line is None:
                line = CostLine(quarterly_return=quarterly_return, theme=theme, agency=agency)
                to_create.append(line)
            elif (line.financial, line.in_kind) != (financial, in_kind):
                to_update.append(line)
            else:
                continue
            for label, before, after in (
                ("financial", line.financial if line.pk else None, financial),
                ("in kind", line.in_kind if line.pk else None, in_kind),
            ):
                if before != after:
                    what = f"{theme.label}, {agency.label}, {label}"
                    words = {"before": _pounds(before), "after": _pounds(after)}
                    changes.append({"kind": ReturnChange.Kind.COST, "what": what, **words})
            line.financial, line.in_kind = financial, in_kind
    if quarterly_return.grant_received != costs.grant_received:
        changes.append(
            {
                "kind": ReturnChange.Kind.GRANT,
                "what": "Grant received",
                "before": _pounds(quarterly_return.grant_received),
                "after": _pounds(costs.grant_received),
            }
        )
        quarterly_return.grant_received = costs.grant_received
    CostLine.objects.bulk_create(to_create)
    CostLine.objects.bulk_update(to_update, ["financial", "in_kind"])
    if changes:
        quarterly_return.updated_at = now
        quarterly_return.save(update_fields=["grant_received", "updated_at"])
        _log(quarterly_return, ReturnChange.Action.SAVED, by=by, now=now, changes=changes)
    return quarterly_return


@transaction.atomic
def return_submit(*, quarterly_return: QuarterlyReturn, by: User, now) -> QuarterlyReturn:
    """Submit a complete return, or submit again one being changed or reopened: its answers then replace the
    copy kept as submitted, in the reports too. Refused while anything is unanswered, by the rule the task list
    shows (`completeness.return_gaps`), read from the locked row."""
    quarterly_return = _lock(quarterly_return)
    if quarterly_return.status == QuarterlyReturn.Status.SUBMITTED:
        raise ReturnRefused("This return is already submitted.")
    if why := why_closed_to_la(quarterly_return, _window(quarterly_return.quarter_id)):
        raise ReturnRefused(why)
    if gaps := return_gaps(quarterly_return):
        raise ReturnRefused(f"You cannot submit yet. {gaps[0][1]}.")
    # The copy goes first: the database counts one submitted version per LA and quarter.
    QuarterlyReturn.objects.counted().filter(submitted_version_of=quarterly_return).delete()
    quarterly_return.status = QuarterlyReturn.Status.SUBMITTED
    quarterly_return.submitted_at = quarterly_return.updated_at = now
    quarterly_return.save(update_fields=["status", "submitted_at", "updated_at"])
    _log(quarterly_return, ReturnChange.Action.SUBMITTED, by=by, now=now)
    return quarterly_return


def _keep_as_submitted(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    """Copy the locked return's answers, as submitted, into the row reports count while it is changed. The
    return must already have left the submitted status (one submitted version per LA and quarter)."""
    fields = ["local_authority_id", "quarter_id", "assessment_approaches", "planning_approaches", "grant_received"]
    fields += ["started_from_id", "created_by_id", "created_at", "updated_at", "submitted_at"]
    kept = QuarterlyReturn.objects.create(
        status=QuarterlyReturn.Status.SUBMITTED,
        submitted_version_of=quarterly_return,
        **{name: getattr(quarterly_return, name) for name in fields},
    )
    Rating.objects.bulk_create(
        Rating(quarterly_return=kept, element_id=r.element_id, level=r.level, evidence=r.evidence)
        for r in quarterly_return.ratings.all()
    )
    CostLine.objects.bulk_create(
        CostLine(quarterly_return=kept, theme=c.theme, agency=c.agency, financial=c.financial, in_kind=c.in_kind)
        for c in quarterly_return.cost_lines.all()
    )
    return kept


@transaction.atomic
def return_change_start(*, quarterly_return: QuarterlyReturn, reason: str, by: User, now) -> QuarterlyReturn:
    """The LA's officers open their submitted return for changes, saying why, while the window is open. Its
    answers as submitted are kept in a copy that reports count until it is submitted again; if the window closes
    first, they stand. Refused for a return that is not submitted (so a second call changes nothing)."""
    if not reason.strip():
        raise ReturnRefused("Enter why you need to change your return")
    quarterly_return = _lock(quarterly_return)
    if why := why_no_change_start(quarterly_return, _window(quarterly_return.quarter_id)):
        raise ReturnRefused(why)
    quarterly_return.status = QuarterlyReturn.Status.CHANGING
    quarterly_return.updated_at = now
    quarterly_return.save(update_fields=["status", "updated_at"])
    _keep_as_submitted(quarterly_return)
    _log(quarterly_return, ReturnChange.Action.CHANGING, by=by, now=now, note=reason.strip())
    return quarterly_return


@transaction.atomic
def return_reopen(*, quarterly_return: QuarterlyReturn, reason: str, by: User, now) -> QuarterlyReturn:
    """Programme staff reopen a submitted return (or one its officers are changing) so its LA can correct it, even
    after the window closes. Its answers as submitted are kept, and counted, until it is submitted again. Tells
    the LA's officers, in the same transaction."""
    quarterly_return = _lock(quarterly_return)
    if not quarterly_return.may_be_reopened:
        raise ReturnRefused("Only a submitted return can be reopened.")
    was_submitted = quarterly_return.status == QuarterlyReturn.Status.SUBMITTED
    quarterly_return.status = QuarterlyReturn.Status.REOPENED
    quarterly_return.updated_at = now
    quarterly_return.save(update_fields=["status", "updated_at"])
    if was_submitted:  # one being changed has its copy already
        _keep_as_submitted(quarterly_return)
    change = _log(quarterly_return, ReturnChange.Action.REOPENED, by=by, now=now, note=reason)
    return_reopened_notice_queue(change=change, now=now)
    return quarterly_return


# --- Emails -----------------------------------------------------------------------------------


def _officers(local_authority_ids):
    return User.objects.filter(role=Role.LA_OFFICER, is_active=True, local_authority_id__in=local_authority_ids)


def return_reopened_notice_queue(*, change: ReturnChange, now) -> int:
    """Tell the LA's officers that their return was reopened, and why. Once per person per reopening."""
    quarterly_return = change.quarterly_return
    return sum(
        email_queue(
            key=f"self_evaluation_reopened:{change.pk}:{person.pk}",
            to=person.email,
            template="self_evaluation_reopened",
            context={
                "person": person,
                "quarterly_return": quarterly_return,
                "change": change,
                "return_url": settings.SITE_URL + quarterly_return.get_absolute_url(),
            },
            now=now,
        )
        for person in _officers([quarterly_return.local_authority_id])
    )


def returns_window_notices_send(*, now) -> int:
    """For each open window: reminders 7 days and 1 day before the deadline to the officers of LAs that have
    not submitted; on the first run after the deadline, the list of who is missing to programme staff.
    Keyed by window, deadline and person through email_queue, so running it twice sends nothing twice,
    and moving the deadline sends the reminders again for the new date. Only the messages not yet queued are
    found (notifications.unsent) and rendered."""
    today = timezone.localdate(now)
    sent = 0
    for window in ReturnsWindow.objects.filter(closed_at__isnull=True).select_related("quarter__programme"):
        due = deadline_reminder_due(deadline=window.deadline, today=today, days_before=REMINDER_DAYS)
        days_late = (today - window.deadline).days
        if not due and not 1 <= days_late <= MISSING_LIST_DAYS:
            continue
        occasion = f"{window.pk}:{window.deadline.isoformat()}"
        context = {"window": window, "quarter": window.quarter, "deadline": govuk_date(window.deadline)}
        if due:
            template = f"self_evaluation_reminder_{due}"
            officers = _officers(las_missing(window.quarter).values("pk")).select_related("local_authority")
            for person in unsent(officers, key=outbox_key(f"{template}:{occasion}:", F("pk"))).order_by("pk"):
                sent += email_queue(
                    key=f"{template}:{occasion}:{person.pk}",
                    to=person.email,
                    template="self_evaluation_reminder",
                    context={**context, "person": person, "days_left": (window.deadline - today).days},
                    now=now,
                )
            continue
        programme_staff = User.objects.filter(role=Role.PROGRAMME_STAFF, is_active=True)
        to = list(unsent(programme_staff, key=outbox_key(f"self_evaluation_missing:{occasion}:", F("pk"))))
        missing = list(las_missing(window.quarter)) if to else []
        for person in to if missing else []:
            sent += email_queue(
                key=f"self_evaluation_missing:{occasion}:{person.pk}",
                to=person.email,
                template="self_evaluation_missing",
                context={**context, "person": person, "missing": missing},
                now=now,
            )
    return sent
