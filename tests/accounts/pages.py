"""Reading what a page shows people: its GOV.UK error summary and its links."""

import re
from html import unescape
from html.parser import HTMLParser


def error_summary(response) -> list[str]:
    """The messages in the page's GOV.UK error summary, in order; [] when the page has none."""
    html = response.content.decode()
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    if summary is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(response) -> list[str]:
    """Every <a href> on the page, in order."""
    parser = _Links()
    parser.feed(response.content.decode())
    return parser.hrefs
