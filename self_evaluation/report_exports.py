"""The reports' downloads: the page's tables as sheets (the first is the CSV). Withheld figures (from fewer
than SELF_EVALUATION_MIN_AREAS areas, in a region or in England) download as a sheet holding only the
sentence that says why, never the figures; a withheld quarter of the costs is a row saying so.

Money is in pounds and pence; differences are whole numbers (negative for fewer areas).
"""

from decimal import Decimal

from champions_portal.exports import Money, Sheet
from self_evaluation.models import Level
from self_evaluation.reports import ChangeReport, CostsReport, LevelsReport
from self_evaluation.reports.costs import QuarterShares

PENNY = Decimal("0.01")


def _money(amount: Decimal | None):
    return Money(amount.quantize(PENNY)) if amount is not None else ""


def _about(report, rows: list) -> Sheet:
    region = report.region.name if report.region else "England"
    return Sheet("About these figures", ["Filter", "Value"], [["Region", region], *rows])


def _withheld(title: str, report) -> list[Sheet]:
    return [Sheet(title, ["Figures not shown"], [[report.withheld]])]


def levels_sheets(report: LevelsReport) -> list[Sheet]:
    if report.withheld:
        return _withheld("Levels", report)
    levels = [
        Sheet(
            "Levels",
            ["Theme", "Element", *(level.label for level in Level), "Areas rating it", "Full or in place"],
            [
                [theme.theme.label, row.element.name, *row.in_order, row.rated, row.full_or_in_place]
                for theme in report.themes
                for row in theme.elements
            ],
        )
    ]
    approaches = Sheet(
        "Approaches",
        ["Kind", "Approach", "Areas using it", "Areas that submitted a return"],
        [["Assessment", a.label, a.count, report.areas] for a in report.assessment]
        + [["Planning", p.label, p.count, report.areas] for p in report.planning],
    )
    about = _about(
        report,
        [
            ["Areas", report.area_words.capitalize()],
            ["Quarter", report.quarter_name],
            ["Areas that submitted a return", report.areas],
        ],
    )
    return [*levels, approaches, about]


def change_sheets(report: ChangeReport) -> list[Sheet]:
    if report.withheld:
        return _withheld("Change", report)
    before, after = report.before_name, report.after_name
    change = Sheet(
        "Change",
        [
            "Theme",
            "Element",
            f"Full or in place, {before}",
            f"Full or in place, {after}",
            "Change in full or in place",
            f"Full development, {before}",
            f"Full development, {after}",
            "Change in full development",
        ],
        [
            [
                theme.theme.label,
                row.element.name,
                row.full_or_in_place_before,
                row.full_or_in_place_after,
                row.full_or_in_place_change.value,
                row.full_before,
                row.full_after,
                row.full_change.value,
            ]
            for theme in report.themes
            for row in theme.elements
        ],
    )
    most = Sheet(
        "Progressed most",
        ["Rank", "Element", f"Full or in place, {before}", f"Full or in place, {after}", "Change"],
        [
            [
                i,
                row.element.name,
                row.full_or_in_place_before,
                row.full_or_in_place_after,
                row.full_or_in_place_change.value,
            ]
            for i, row in enumerate(report.progressed_most, start=1)
        ],
    )
    least = Sheet(
        "Least developed",
        ["Rank", "Element", f"Full or in place, {after}", f"Areas that submitted a return, {after}"],
        [
            [i, row.element.name, row.full_or_in_place_after, report.areas_after]
            for i, row in enumerate(report.least_developed, start=1)
        ],
    )
    about = _about(
        report,
        [
            ["Areas", report.area_words.capitalize()],
            ["Earlier quarter", before],
            ["Later quarter", after],
            [f"Areas that submitted a return, {before}", report.areas_before],
            [f"Areas that submitted a return, {after}", report.areas_after],
        ],
    )
    return [change, most, least, about]


def _theme_rows(quarter: QuarterShares) -> list[list]:
    if quarter.withheld:
        return [[quarter.name, quarter.withheld_words]]
    return [[quarter.name, s.label, _money(s.amount), s.percent] for s in quarter.shares]


def costs_sheets(report: CostsReport) -> list[Sheet]:
    if report.withheld:
        return _withheld("Cost per area", report)
    per_area = Sheet(
        "Cost per area",
        ["Figure", "Amount (£)"],
        [
            ["Median total development cost per area", _money(report.median)],
            ["Minimum", _money(report.minimum)],
            ["Maximum", _money(report.maximum)],
            ["Total, all areas", _money(report.total)],
            ["Financial", _money(report.financial)],
            ["In kind", _money(report.in_kind)],
        ],
    )
    themes = Sheet(
        "Share by theme",
        ["Quarter", "CDF theme", "Cost (£)", "Share of the quarter's cost (%)"],
        [row for q in report.by_quarter for row in _theme_rows(q)],
    )
    agencies = Sheet(
        "Share by agency",
        ["Agency", "Cost (£)", "Share of the cost (%)"],
        [[s.label, _money(s.amount), s.percent] for s in report.by_agency],
    )
    grant = Sheet(
        "Grant against cost",
        ["Figure", "Value"],
        [
            ["Grant received (£)", _money(report.grant)],
            ["Cost (£)", _money(report.total)],
            ["Cost less grant (£)", _money(report.total - report.grant)],
            ["Areas with costs", report.areas],
            ["Areas whose cost was above their grant", report.areas_over_grant],
        ],
    )
    about = _about(
        report,
        [["Areas", "Pathfinder areas (only they return costs)"], ["Up to the end of", report.quarter_name]],
    )
    return [per_area, themes, agencies, grant, about]
