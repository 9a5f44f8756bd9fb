"""The page numbers templates/includes/pagination.html shows for a Django `Page`: the first and last, and one
either side of the current page, with ellipses between (Paginator.get_elided_page_range).

    {% load pagination %}{% for number in page|page_numbers %}...
"""

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_numbers(page: Page) -> list:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
