import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# What `makemessages` is told to --ignore, plus what is never source (caches, data, git).
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "screenshots", "bench", ".pgdata", "media", "staticfiles",
    "backups", "test-results", "__pycache__", ".*_cache", ".hypothesis", ".schemathesis",
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_compiled(language):
    po_path = LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"  # zh-hans -> zh_Hans
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{language}: untranslated strings"
    assert fuzzy == [], f"{language}: fuzzy strings"
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    assert {e.msgid for e in compiled} >= {e.msgid for e in catalogue.translated_entries()}, (
        f"{language}: django.mo is older than django.po; compile it (manage.py compilemessages)"
    )


@pytest.fixture(scope="module")
def refreshed_locale(tmp_path_factory):
    """The catalogues as `makemessages` would leave them, made on a copy of the sources so that
    the committed files are read, never rewritten."""
    copy = tmp_path_factory.mktemp("sources") / "project"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=NOT_SOURCE)
    languages = [option for code in LANGUAGES for option in ("-l", to_locale(code))]
    command = [sys.executable, "manage.py", "makemessages", *languages, "--no-obsolete"]
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return copy / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_holds_every_string_the_code_marks(language, refreshed_locale):
    # A string added or reworded in the code without a `makemessages` run is absent from the
    # committed catalogue, so the test above cannot see it: it shows in English on every page.
    po_path = refreshed_locale / to_locale(language) / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    new = [entry.msgid for entry in catalogue.untranslated_entries()]
    reworded = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (new, reworded) == ([], []), (
        f"{language}: strings missing from locale/ (new, reworded); run `manage.py makemessages "
        "-a --no-obsolete --ignore=.venv --ignore=node_modules --ignore=screenshots "
        "--ignore=bench`, translate them and compile"
    )
