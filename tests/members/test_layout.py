"""The arrows between apps point one way: `members` imports neither `resources` nor
`investments`, and no members template loads their tags."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABOVE_MEMBERS = ("resources", "investments")


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_members_imports_no_app_above_it():
    wrong = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "members").rglob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[0] in ABOVE_MEMBERS
    ]
    assert wrong == []


def test_members_templates_load_no_tags_of_the_apps_above():
    loads = re.compile(r"\{%\s*load\s+([^%]*)%\}")
    wrong = [
        f"{path.relative_to(ROOT)}: {library}"
        for path in (ROOT / "templates" / "members").rglob("*.html")
        for match in loads.finditer(path.read_text(encoding="utf-8"))
        for library in match.group(1).split()
        if library.split("_")[0] in ABOVE_MEMBERS
    ]
    assert wrong == []
