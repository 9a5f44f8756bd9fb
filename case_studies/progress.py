"""Each champion's case-study status per quarter: the one read the quarter page and the delivery tracker share."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from case_studies.models import CaseStudy
from champions_portal.dates import govuk_date
from programme.models import Quarter
from regions.models import Champion


@dataclass(frozen=True)
class QuarterStatus:
    """One champion's case study for one quarter.

    `case_study` is the one that counts (Annex B asks for one per quarter): the first submitted.
    Only submitted case studies count; drafts do not.
    """

    ON_TIME, LATE, OVERDUE, DUE, NOT_YET_DUE = "on_time", "late", "overdue", "due", "not_yet_due"

    status: str
    deadline: datetime.date
    case_study: CaseStudy | None = None

    @property
    def label(self) -> str:
        if self.status == self.DUE:
            return f"Due by {govuk_date(self.deadline)}"
        return {self.ON_TIME: "On time", self.LATE: "Late", self.OVERDUE: "Overdue"}.get(self.status, "Not yet due")

    @property
    def tag_class(self) -> str:
        colours = {self.ON_TIME: "green", self.LATE: "orange", self.OVERDUE: "red", self.DUE: "blue"}
        return f"govuk-tag--{colours.get(self.status, 'grey')}"

    @property
    def delivered(self) -> bool:
        return self.case_study is not None


def quarter_status(*, quarter: Quarter, case_study: CaseStudy | None, today: datetime.date) -> QuarterStatus:
    deadline = quarter.deadline()
    if case_study is not None:
        status = QuarterStatus.LATE if case_study.submitted_late else QuarterStatus.ON_TIME
    elif today > deadline:
        status = QuarterStatus.OVERDUE
    elif today >= quarter.starts_on:
        status = QuarterStatus.DUE
    else:
        status = QuarterStatus.NOT_YET_DUE
    return QuarterStatus(status=status, deadline=deadline, case_study=case_study)


def quarter_statuses(
    *,
    quarters: Iterable[Quarter],
    champions: Iterable[Champion],
    today: datetime.date,
    as_at: datetime.datetime | None = None,
) -> dict[tuple[int, int], QuarterStatus]:
    """{(quarter id, champion id): status} for every pair, in one query for the case studies.

    "Late" is as recorded on the first submission (CaseStudy.submitted_late): moving a deadline
    later does not re-judge case studies already submitted.
    """
    quarters, champions = list(quarters), list(champions)
    candidates = CaseStudy.objects.submitted().filter(
        quarter__in=quarters, champion__in=champions, **({"first_submitted_at__lte": as_at} if as_at else {})
    )
    # Only the first submitted of each quarter and champion, chosen in the database: a champion may write many.
    first = candidates.filter(quarter=OuterRef("quarter_id"), champion=OuterRef("champion_id"))
    submitted = (
        candidates.filter(pk=Subquery(first.order_by("first_submitted_at", "pk").values("pk")[:1]))
        .order_by("first_submitted_at", "pk")
        .only("pk", "title", "status", "quarter_id", "champion_id", "first_submitted_at", "submitted_late")
    )
    counted: dict[tuple[int, int], CaseStudy] = {}
    for case_study in submitted:
        counted.setdefault((case_study.quarter_id, case_study.champion_id), case_study)
    return {
        (quarter.pk, champion.pk): quarter_status(
            quarter=quarter, case_study=counted.get((quarter.pk, champion.pk)), today=today
        )
        for quarter in quarters
        for champion in champions
    }
