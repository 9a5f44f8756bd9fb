"""Each champion's quarterly case studies through the review cycle: written, submitted (on time, or late by
a champion that is behind), approved and published by programme staff, one returned for changes, the
quarter due now waiting for review, and next quarter's still a draft."""

import datetime

from case_studies import services
from programme.models import Quarter
from regions.models import Champion
from sample_data.plan import Plan, at

# By the theme each is about: title, summary, problem, approach, impact, lessons. "{la}" is an LA of the region.
TEXTS = {
    "preparing-for-adulthood": (
        "Planning for adulthood from year 9 in {la}",
        "{la} brought schools, the college and adult social care together to plan with young people from age 14.",
        "Young people with SEND were leaving school with no plan for work, housing or health.",
        "A transition panel meets every month; each young person has one plan, written with them, from year 9.",
        "Twelve young people started supported internships this year, up from two.",
        "Start early, and let young people chair their own reviews.",
    ),
    "coordinated-assessment-ehc-plans": (
        "One assessment, one plan: co-ordinated assessment in {la}",
        "How {la} replaced three separate assessments with one co-ordinated assessment and plan.",
        "Families told their story again and again to education, health and social care.",
        "A key worker co-ordinates one assessment; a single planning meeting agrees the plan with the family.",
        "Plans are finished in 14 weeks instead of 26, and families say they are heard.",
        "Agree the outcomes format with every agency before the first plan is written.",
    ),
    "personal-budgets": (
        "Personal budgets that families choose in {la}",
        "{la} offered personal budgets for education, health and care through one resource allocation system.",
        "Families wanted more say in how support was arranged, but funding sat in three places.",
        "A pooled pilot budget, a simple allocation tool and independent advice for families.",
        "Forty families took a personal budget; most used it for short breaks and travel.",
        "Independent advice for families matters as much as the money.",
    ),
    "local-offer": (
        "A local offer written with parents in {la}",
        "The parent carer forum in {la} wrote and tested the local offer with the council.",
        "Information on services was spread across dozens of websites and leaflets.",
        "Parents led workshops to decide what the local offer should answer, then tested each page.",
        "Visits to the local offer doubled in three months; parents say they find answers first time.",
        "Ask parents what questions they have before deciding what to publish.",
    ),
    "joint-commissioning": (
        "Joint commissioning with health in {la}",
        "{la} and its clinical commissioning group agreed joint commissioning for therapies.",
        "Waiting lists for speech and language therapy differed by who referred the child.",
        "A joint needs assessment, a shared budget and one service specification for therapies.",
        "Waiting times fell from 30 weeks to 12, and schools have a named therapist.",
        "A designated medical officer made the partnership work from the start.",
    ),
    "engagement": (
        "Young people's voice in {la}'s SEND reforms",
        "A group of young people with SEND in {la} advised the council on every part of the reforms.",
        "Decisions about the reforms were being made without young people in the room.",
        "A paid young advisers' group meets monthly and reviews plans, letters and the local offer.",
        "Letters and plan templates were rewritten in plain English at the young advisers' request.",
        "Pay young people for their time and show them what changed because of them.",
    ),
}
RETURN_COMMENTS = (
    "Thank you: a strong example. Please add figures for the impact and say how parents were involved, "
    "then send it again."
)
APPROVE_COMMENTS = "Clear and useful to other areas. Approved for the library."


def _fields(plan: Plan, champion: Champion, k: int) -> tuple[dict, list, list]:
    theme = plan.themes[k % len(plan.themes)]
    home = [la for la in plan.local_authorities if la.region_id == champion.region_id]
    la = home[k % len(home)]
    title, summary, problem, approach, impact, lessons = (text.format(la=la.name) for text in TEXTS[theme.slug])
    fields = {
        "title": title,
        "summary": summary,
        "problem": problem,
        "approach": approach,
        "impact": impact,
        "lessons": lessons,
        "consent_confirmed": True,
    }
    return fields, [theme], [la]


def _case_study(plan: Plan, champion: Champion, quarter: Quarter, k: int, *, submit_on, review: str | None) -> None:
    """Write a case study for the quarter a few weeks before `submit_on`; submit it then (if given); and then,
    a week apart, take it through `review`: "returned", or "approved" and then published."""
    staff, officer = plan.champion_staff[champion.pk], plan.programme_officer
    submitted = at(submit_on, 15) if submit_on else None
    written = min(at(quarter.ends_on, 10) - datetime.timedelta(days=20), plan.as_at - datetime.timedelta(days=3))
    if submitted:
        written = min(written, submitted - datetime.timedelta(days=10))
    fields, themes, las = _fields(plan, champion, k)
    case_study = services.case_study_create(
        champion=champion, quarter=quarter, fields=fields, themes=themes, local_authorities=las, by=staff, now=written
    )
    if not plan.happened(submitted):
        return
    case_study = services.case_study_submit(case_study=case_study, by=staff, now=submitted)
    reviewed = submitted + datetime.timedelta(days=7)
    if review is None or not plan.happened(reviewed):
        return
    if review == "returned":
        services.case_study_return(case_study=case_study, comments=RETURN_COMMENTS, by=officer, now=reviewed)
        return
    case_study = services.case_study_approve(case_study=case_study, comments=APPROVE_COMMENTS, by=officer, now=reviewed)
    published = reviewed + datetime.timedelta(days=7)
    if plan.happened(published):
        services.case_study_publish(case_study=case_study, by=officer, now=published)


def case_studies_load(plan: Plan) -> None:
    """Every champion's case studies, quarter by quarter, up to the as-at moment."""
    for index, champion in enumerate(plan.champions):
        pace = plan.pace(champion)
        for quarter in plan.quarters:
            if quarter.starts_on > plan.today or quarter.number in pace.missing_quarters:
                continue
            k = index + quarter.number
            deadline = quarter.deadline()
            if quarter.number in pace.late_quarters:
                submit_on = deadline + datetime.timedelta(days=9)
            elif pace.early_case_studies:
                submit_on = deadline - datetime.timedelta(days=11)
            else:
                submit_on = deadline - datetime.timedelta(days=2)
            if quarter.ends_on >= plan.today:
                submit_on = None  # the quarter is not over: still being written
            elif pace.name in ("behind", "struggling") and deadline >= plan.today:
                submit_on = None  # due, not sent yet
            _case_study(plan, champion, quarter, k, submit_on=submit_on, review="approved")
            if quarter.number == 2 and pace.name != "struggling":
                # A second case study for the quarter, sent back for more detail.
                _case_study(plan, champion, quarter, k + 3, submit_on=submit_on, review="returned")
