"""The programme-staff reports on quarterly self-evaluation (seed 004): pure reads from submitted returns.

Each report is one function taking the filters and returning a dataclass, in a fixed number of queries
whatever the number of areas and returns. Figures from fewer than SELF_EVALUATION_MIN_AREAS areas, in a region
or in England, are withheld.
"""

from self_evaluation.reports.change import ChangeReport, ElementChange, change_report
from self_evaluation.reports.common import Change, Population, percentages, pounds, quarter_name
from self_evaluation.reports.costs import CostsReport, costs_report
from self_evaluation.reports.levels import LevelsReport, levels_report

__all__ = [
    "Change",
    "ChangeReport",
    "CostsReport",
    "ElementChange",
    "LevelsReport",
    "Population",
    "change_report",
    "costs_report",
    "levels_report",
    "percentages",
    "pounds",
    "quarter_name",
]
