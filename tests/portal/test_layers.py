"""The apps stand on each other in one direction (DEVELOPERS.md, "Which app may import which"): no app
imports one above it, and no module imports another app's views. Read from the source, imports inside
functions included."""

import ast
from pathlib import Path

from django.conf import settings

GROUND = {"accounts", "audit", "regions", "programme", "notifications"}
DOMAIN = {"events", "support_days", "case_studies", "self_evaluation"}
TOP = {"tracker", "reference_data"}
HOMES = {"homes"}  # each person's home reads every app, the tracker included
SAMPLE = {"sample_data"}  # sample activity for a first run: writes through every app's services, reads the tracker
OURS = {"champions_portal"} | GROUND | DOMAIN | TOP | HOMES | SAMPLE
MAY_IMPORT = {
    "champions_portal": set(),
    **dict.fromkeys(GROUND, GROUND),
    **dict.fromkeys(DOMAIN, GROUND),
    **dict.fromkeys(TOP, GROUND | DOMAIN),
    **dict.fromkeys(HOMES, GROUND | DOMAIN | TOP),
    **dict.fromkeys(SAMPLE, GROUND | DOMAIN | TOP),
}
# The root URLconf mounts every app's URLs; it is the one module allowed to name them all.
ROOT_URLCONF = Path("champions_portal/urls.py")


def _imports(path: Path) -> set[str]:
    """Every module this file imports, dotted, at any depth in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules():
    base = Path(settings.BASE_DIR)
    for app in sorted(OURS):
        for path in sorted((base / app).rglob("*.py")):
            relative = path.relative_to(base)
            if "migrations" not in relative.parts and relative != ROOT_URLCONF:
                yield app, relative, _imports(path)


def test_it_knows_every_app_of_ours():
    ours = {name for name in settings.INSTALLED_APPS if (Path(settings.BASE_DIR) / name).is_dir()}
    assert ours == OURS - {"champions_portal"}


def test_it_finds_no_app_importing_one_above_it():
    wrong = [
        f"{relative} imports {module}"
        for app, relative, modules in _modules()
        for module in sorted(modules)
        if (top := module.split(".")[0]) in OURS and top != app and top not in MAY_IMPORT[app] | {"champions_portal"}
    ]
    assert wrong == []


def test_it_finds_no_module_importing_another_apps_views():
    wrong = [
        f"{relative} imports {module}"
        for app, relative, modules in _modules()
        for module in sorted(modules)
        if module.split(".")[0] in OURS - {app} and module.split(".")[1:2] == ["views"]
    ]
    assert wrong == []
