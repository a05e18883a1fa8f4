"""The arrows of the layout (STYLE.md): `gidh_portal/` holds the mechanisms the apps share and
imports none of them, so any app may use it without a cycle."""

import ast
from pathlib import Path

from django.conf import settings

PORTAL = Path(settings.BASE_DIR) / "gidh_portal"
DOMAIN_APPS = {app for app in settings.INSTALLED_APPS if (Path(settings.BASE_DIR) / app).is_dir()}

# The project's wiring, which puts the apps together and so names them (settings.py and
# celery.py name them as strings only).
WIRING = {
    "urls.py": "the site's URLs include each app's pages, API and account views",
    "admin.py": "the admin site asks the accounts (members) whether a session has a second factor",
}


def imported_modules(path):
    """Every module `path` imports, at its top or inside a function (relative ones resolved
    within gidh_portal)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield "gidh_portal" if node.level else node.module


def test_the_domain_apps_are_found():
    assert sorted(DOMAIN_APPS) == ["investments", "members", "resources"]


def test_gidh_portal_imports_no_domain_app():
    offending = {
        f"{path.relative_to(PORTAL)}: {module}"
        for path in PORTAL.rglob("*.py")
        if str(path.relative_to(PORTAL)) not in WIRING
        for module in imported_modules(path)
        if module.split(".")[0] in DOMAIN_APPS
    }
    assert offending == set()


def test_the_wiring_exceptions_are_real_files():
    assert {path.name for path in PORTAL.glob("*.py")} >= set(WIRING)
