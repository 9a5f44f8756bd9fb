"""The delivery tracker's downloads: a sheet per section of the national page and of a champion's page.

Each takes the context the page's view builds (tracker.views), so a download shows the
same figures as the page.
"""

from champions_portal.exports import Money, Sheet
from events.models import SEED_PARTNER_GROUPS


def conference_words(d) -> str:
    if d.conferences_held:
        return "Held" if d.conferences_held == 1 else f"{d.conferences_held} held"
    return "Scheduled" if d.conferences_scheduled else "None"


def national_sheets(c: dict) -> list[Sheet]:
    deliveries, themes, quarters = c["deliveries"], c["themes"], c["quarters"]
    quarter_headers = [f"Quarter {q.number}" for q in quarters]
    return [
        Sheet(
            "Summary",
            [
                "Champion",
                "Region",
                "Overall status",
                "Regional conference",
                "Conference status",
                "Workshops held (once per theme)",
                "Non-pathfinder LAs assigned",
                "LAs with a delivered day",
                "LAs with a booked day",
                "Support days status",
                "Case studies submitted",
                "Case studies overdue",
                "Published",
                "Partner groups never represented",
                "Allocation (£)",
            ],
            [
                [
                    d.champion.name,
                    d.champion.region.name,
                    d.status_label,
                    conference_words(d),
                    d.conference.label,
                    sum(f.actual for f in d.workshops.values()),
                    d.assigned_las,
                    d.las_delivered,
                    d.las_booked,
                    d.support_days.label,
                    sum(1 for s in d.case_studies.values() if s.delivered),
                    sum(1 for s in d.case_studies.values() if s.status == s.OVERDUE),
                    sum(d.published_by_quarter.values()),
                    len(d.partner_groups_missing),
                    Money(d.allocation),
                ]
                for d in deliveries
            ],
        ),
        Sheet(
            "Conferences",
            ["Champion", "Held", "Scheduled", "Target", "Status"],
            [
                [d.champion.name, d.conferences_held, d.conferences_scheduled, d.conference.target, d.conference.label]
                for d in deliveries
            ],
        ),
        Sheet(
            "Workshops",
            ["Champion", "Theme", "Held", "Upcoming", "Target", "Status"],
            [
                [
                    d.champion.name,
                    t.name,
                    d.workshops[t.pk].actual,
                    d.workshops_upcoming[t.pk],
                    d.workshops[t.pk].target,
                    d.workshops[t.pk].label,
                ]
                for d in deliveries
                for t in themes
            ],
        ),
        Sheet(
            "Support days",
            [
                "Champion",
                "Non-pathfinder LAs assigned",
                "LAs with a delivered day",
                "LAs with a booked day",
                "Target",
                "Status",
            ],
            [
                [
                    d.champion.name,
                    d.assigned_las,
                    d.las_delivered,
                    d.las_booked,
                    d.support_days.target,
                    d.support_days.label,
                ]
                for d in deliveries
            ],
        ),
        Sheet(
            "Case studies",
            ["Champion", "Quarter", "Deadline", "Status", "Case study counted"],
            [
                [
                    d.champion.name,
                    f"Quarter {q.number}",
                    d.case_studies[q.pk].deadline,
                    d.case_studies[q.pk].label,
                    d.case_studies[q.pk].case_study.title if d.case_studies[q.pk].case_study else "",
                ]
                for d in deliveries
                for q in quarters
            ],
        ),
        Sheet(
            "Information sharing",
            ["Champion", *quarter_headers, "Total"],
            [
                [
                    d.champion.name,
                    *(d.published_by_quarter[q.pk] for q in quarters),
                    sum(d.published_by_quarter.values()),
                ]
                for d in deliveries
            ],
        ),
        Sheet(
            "Partners",
            ["Champion", *SEED_PARTNER_GROUPS, "Groups never represented"],
            [
                [
                    d.champion.name,
                    *(sum(d.attendees_by_partner_type[t] for t in types) for types in SEED_PARTNER_GROUPS.values()),
                    ", ".join(d.partner_groups_missing),
                ]
                for d in deliveries
            ],
        ),
        Sheet(
            "Funding",
            ["Champion", "Region", "Non-pathfinder LAs assigned", "Allocation (£)"],
            [[d.champion.name, d.champion.region.name, d.assigned_las, Money(d.allocation)] for d in deliveries]
            + [["Total", "", sum(d.assigned_las for d in deliveries), Money(sum(d.allocation for d in deliveries))]],
        ),
    ]


def champion_sheets(c: dict) -> list[Sheet]:
    d = c["d"]
    summary = [
        ["Overall", "", "", d.status_label],
        ["Regional conference", d.conference.actual, d.conference.target, d.conference.label],
        *(
            [f"Workshops: {w['theme'].name}", w["figure"].actual, w["figure"].target, w["figure"].label]
            for w in c["workshops"]
        ),
        ["Non-pathfinder LAs with a delivered day", d.las_delivered, d.support_days.target, d.support_days.label],
        ["Non-pathfinder LAs with a booked day", d.las_booked, "", ""],
        *(
            [f"Case study, quarter {q['quarter'].number}", int(q["status"].delivered), 1, q["status"].label]
            for q in c["quarters"]
        ),
        ["Allocation (£)", Money(d.allocation), "", ""],
    ]
    return [
        Sheet("Summary", ["Figure", "Actual", "Target", "Status"], summary),
        Sheet(
            "Events",
            ["Title", "Kind", "Starts", "State", "Themes", "Confirmed places"],
            [
                [
                    e.title,
                    e.get_kind_display(),
                    e.starts_at,
                    e.state,
                    ", ".join(e.theme_names),
                    e.confirmed_count,
                ]
                for e in c["events"]
            ],
        ),
        Sheet(
            "Support days",
            ["Local authority", "Region", "Assigned champion", "Status", "Date"],
            [
                [
                    r.local_authority.name,
                    r.local_authority.region.name,
                    r.champion.name,
                    r.status_label,
                    r.day.date if r.day and r.day.date else "",
                ]
                for _, rows in c["la_groups"]
                for r in rows
            ],
        ),
        Sheet(
            "Case studies",
            ["Quarter", "Deadline", "Quarter status", "Title", "Review status"],
            [
                [
                    f"Quarter {q['quarter'].number}",
                    q["status"].deadline,
                    q["status"].label,
                    cs.title,
                    cs.get_status_display(),
                ]
                for q in c["quarters"]
                for cs in q["case_studies"]
            ],
        ),
        Sheet(
            "Information sharing",
            ["Quarter", "Case studies and resources published"],
            [[f"Quarter {q['quarter'].number}", q["published"]] for q in c["quarters"]],
        ),
        Sheet(
            "Partners",
            ["Partner group", "Attendees", "Never represented"],
            [[name, n, "Yes" if missing else "No"] for name, n, missing in c["partner_groups"]],
        ),
        Sheet("Funding", ["Champion", "Allocation (£)"], [[d.champion.name, Money(d.allocation)]]),
    ]
