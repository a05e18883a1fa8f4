from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "en"])
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
