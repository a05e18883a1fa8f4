"""The documentation holds together: the README stays short, and every relative link of the README
and docs/*.md leads to a file that exists and, with an `#anchor`, to a heading of that file
(GitHub's slugs). No database: the files are read as text."""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 200

FENCE = re.compile(r"^(```|~~~)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"`[^`]*`")
LINK = re.compile(r"\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def prose_lines(path):
    """The lines of a Markdown file outside fenced code blocks."""
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line.lstrip()):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield line


def slug(heading):
    """GitHub's anchor for a heading: lower case, Markdown marks and punctuation dropped, spaces
    as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = text.replace("`", "").lower()
    kept = (char for char in text if char in " -" or _is_word_character(char))
    return "".join(kept).replace(" ", "-")


def _is_word_character(char):
    """Letters, digits, combining marks and connectors (the underscore) stay in a slug."""
    category = unicodedata.category(char)
    return category[0] in "LN" or category in ("Mn", "Pc")


def anchors(path):
    """Every heading's anchor, with GitHub's -1, -2… for repeated headings."""
    seen = {}
    result = set()
    for line in prose_lines(path):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def relative_links(path):
    for line in prose_lines(path):
        for match in LINK.finditer(CODE_SPAN.sub("", line)):
            target = match.group(1)
            if not EXTERNAL.match(target):
                yield target


def broken_links(path):
    for target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        where = f"{path.relative_to(ROOT)}: {target}"
        if not linked.exists():
            yield f"{where} (no file {file_part})"
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            yield f"{where} (no heading with the anchor #{anchor} in {linked.relative_to(ROOT)})"


def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; keep it for a newcomer (≤ {README_MAX_LINES}) and move "
        "the rest to docs/"
    )


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves(path):
    broken = list(broken_links(path))
    assert not broken, "Broken links:\n" + "\n".join(broken)


def test_every_document_is_linked_from_the_readme():
    linked = {
        (ROOT / target.partition("#")[0]).resolve()
        for target in relative_links(ROOT / "README.md")
        if target.partition("#")[0]
    }
    unlinked = [str(path.relative_to(ROOT)) for path in DOCUMENTS[1:] if path not in linked]
    assert not unlinked, "Documents the README does not link to: " + ", ".join(unlinked)


def test_the_slugs_are_githubs():
    assert slug("The secretariat's second factor") == "the-secretariats-second-factor"
    assert slug("The Redis namespace (`KEY_PREFIX`)") == "the-redis-namespace-key_prefix"
    assert slug("Latest `make bench`") == "latest-make-bench"
    assert slug("Accessibility (WCAG 2.1 AA)") == "accessibility-wcag-21-aa"
