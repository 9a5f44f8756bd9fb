"""How a CDF level looks on every page: a GOV.UK tag whose colour stands for the level, always with the words."""

from django import template
from django.utils.html import format_html

from self_evaluation.models import LEVEL_COLOURS, Level

register = template.Library()


@register.filter
def level_tag(level: str, words: str = "") -> str:
    """`{{ rating.level|level_tag }}`: the level as a coloured tag ("Not rated" in grey when empty).
    `{{ level|level_tag:"Full" }}` shows shorter words in the same colour."""
    if not level:
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', words or "Not rated")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        LEVEL_COLOURS[Level(level)],
        words or Level(level).label,
    )
