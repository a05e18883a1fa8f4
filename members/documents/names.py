"""The names of uploaded documents: random ones to store them under, and the uploaded name as it
may be shown back."""

import re
import secrets
import unicodedata

from django.utils.translation import gettext as _

DISPLAY_NAME_LENGTH = 80


def random_pdf_name(folder):
    return f"{folder}/{secrets.token_urlsafe(24)}.pdf"


def display_name(upload):
    """The uploaded file's name as it may be shown back: no folders, no control characters,
    at most DISPLAY_NAME_LENGTH characters ("the file" when nothing is left)."""
    name = str(getattr(upload, "name", "") or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in "CZ" or c == " ")
    name = " ".join(name.split()).strip(". ")
    if len(name) > DISPLAY_NAME_LENGTH:
        name = name[: DISPLAY_NAME_LENGTH - 1] + "…"
    return name or _("the file")
