"""Rules with one home stay there: a scan of every template and module for the old copies (issue 11, "Each
shared rule written once"). Each pattern is one of the forms the rule used to be written in; the home itself, and
machine formats (iCalendar's UTC stamps), are the only places allowed."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED_FOLDERS = {".venv", "node_modules", "migrations", "tests", "frontend", "static"}


def _files(*suffixes: str) -> list[Path]:
    folders = [path for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith(".")]
    return sorted(
        path
        for folder in folders
        if folder.name not in SKIPPED_FOLDERS
        for path in folder.rglob("*")
        if path.suffix in suffixes and not SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts[:-1])
    )


TEMPLATES = _files(".html", ".txt")
MODULES = _files(".py")

# (what the rule is, its one home, the old forms, files allowed to hold them)
TEMPLATE_COPIES = [
    (
        "dates and times are printed with the govuk_* filters (champions_portal/templatetags/govuk_dates.py)",
        re.compile(r"\|\s*(?:date|time)\b(?!_)"),
    ),
    (
        "a champion is named in a list as Champion.label, 'Hartlepool (North East)'",
        re.compile(r"champion\.name\s*\}\}\s*\(\{\{\s*champion\.region\.name"),
    ),
    ("a bar's width is champions_portal.charts.percent", re.compile(r"\{%\s*widthratio\b")),
]
MODULE_COPIES = [
    (
        "dates and times people read are written by champions_portal/dates.py",
        re.compile(r"\.strftime\(|%[AaBb]\b|date_format\(|time_format\("),
        {"champions_portal/dates.py", "notifications/calendar.py"},
    ),
    (
        "a champion is named in a list as Champion.label",
        re.compile(r"champion\w*\.name\}\s*\(\{[^}]*region\.name\}\)"),
        {"regions/models.py"},
    ),
]


def test_it_finds_the_files_it_scans():
    names = {str(path.relative_to(ROOT)) for path in TEMPLATES + MODULES}
    assert {"templates/base.html", "champions_portal/dates.py", "events/services.py"} <= names
    assert not any(name.startswith(("tests/", ".venv/")) for name in names)


@pytest.mark.parametrize(("rule", "pattern"), TEMPLATE_COPIES, ids=[rule for rule, _ in TEMPLATE_COPIES])
def test_no_template_writes_a_rule_again(rule, pattern):
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == [], f"{rule}; found instead:\n" + "\n".join(found)


@pytest.mark.parametrize(("rule", "pattern", "homes"), MODULE_COPIES, ids=[rule for rule, _, _ in MODULE_COPIES])
def test_no_module_writes_a_rule_again(rule, pattern, homes):
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}"
        for path in MODULES
        if str(path.relative_to(ROOT)) not in homes
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == [], f"{rule}; found instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("<td>{{ event.starts_at|date:'j F Y' }}</td>", TEMPLATE_COPIES[0][1]),
        ("{{ event.starts_at|time }}", TEMPLATE_COPIES[0][1]),
        ("{{ champion.name }} ({{ champion.region.name }})", TEMPLATE_COPIES[1][1]),
        ("{% widthratio part whole 100 %}", TEMPLATE_COPIES[2][1]),
        ('label = day.strftime("%d %B %Y")', MODULE_COPIES[0][1]),
        ('f"{day:%B %Y}"', MODULE_COPIES[0][1]),
        ('f"{champion.name} ({champion.region.name})"', MODULE_COPIES[1][1]),
    ],
)
def test_each_pattern_finds_the_old_form(text, pattern):
    assert pattern.search(text)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("{{ event.starts_at|govuk_date }}", TEMPLATE_COPIES[0][1]),
        ("{{ start|govuk_date_range:end }} {{ t|govuk_time }}", TEMPLATE_COPIES[0][1]),
        ("{{ champion.label }}", TEMPLATE_COPIES[1][1]),
        ("moment.astimezone(UTC).isoformat()", MODULE_COPIES[0][1]),
    ],
)
def test_no_pattern_finds_the_one_home(text, pattern):
    assert not pattern.search(text)
