"""Every wide table's scrolling region in the templates can be reached by keyboard and is named by its table's
caption: tabindex="0", role="region" and aria-labelledby an id given in the same template. (The browser test
tests/browser/test_wide_tables_reflow.py checks the pages at 320px.)"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
REGION = re.compile(r"<div\b[^>]*\bportal-scroll-region\b[^>]*>")


def test_every_scrolling_region_is_focusable_and_named_by_a_caption():
    problems, regions = [], 0
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for tag in REGION.findall(text):
            regions += 1
            label = re.search(r'aria-labelledby="([^"]+)"', tag)
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or not label:
                problems.append(f"{path.relative_to(TEMPLATES)}: {tag}")
            elif not re.search(r'<caption\b[^>]*\bid="' + re.escape(label.group(1)) + '"', text):
                problems.append(f"{path.relative_to(TEMPLATES)}: no <caption id={label.group(1)!r}> for {tag}")
    assert regions > 40
    assert not problems, "\n".join(problems)
