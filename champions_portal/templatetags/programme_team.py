"""Mott MacDonald's programme team, the first contact for anyone unsure whom to ask (PROGRAMME_TEAM_EMAIL
and PROGRAMME_TEAM_PHONE). A builtin library, so every template has it, error pages and emails included:

    {% programme_team_email_link %}    <a class="govuk-link" href="mailto:...">...</a>
    {% programme_team_email %}         the address, for plain text
    {% programme_team_phone %}         020 7651 0308
"""

from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def programme_team_email() -> str:
    return settings.PROGRAMME_TEAM_EMAIL


@register.simple_tag
def programme_team_phone() -> str:
    return settings.PROGRAMME_TEAM_PHONE


@register.simple_tag
def programme_team_email_link() -> str:
    email = settings.PROGRAMME_TEAM_EMAIL
    return format_html('<a class="govuk-link" href="mailto:{}">{}</a>', email, email)
