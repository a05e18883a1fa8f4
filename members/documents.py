"""PDF documents uploaded to the portal: one mechanism for profiles and the catalogue.

Uploads are accepted by their content, never by their name or declared type: a document must be
a non-empty PDF (the `%PDF-` signature) within the size limit, without HTML/SVG markup or PDF
JavaScript (polyglots that a browser or a reader would run) and without the EICAR anti-virus test
signature. Anything else (images, executables, archives such as zip bombs, which are never
opened) is refused with a message naming the problem. Accepted files are stored under random,
non-guessable names (the uploaded name is never reused) and served back only through
permission-checked views, as attachments that browsers won't sniff or render inline.

There is no virus scanner in the portal: the EICAR check proves that an infected-file refusal
reaches the user; a real scanner (e.g. ClamAV) belongs in front of the portal or in its storage.
"""

import re
import secrets
import unicodedata

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DISPLAY_NAME_LENGTH = 80
CHUNK_BYTES = 1024 * 1024

# The EICAR test file (eicar.org), in two halves so that this source is no test file itself.
EICAR_SIGNATURE = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"

# What a refused upload really is, by its first bytes, so the message can say it.
KNOWN_SIGNATURES = (
    (b"PK\x03\x04", "archive"),
    (b"PK\x05\x06", "archive"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"),
    (b"BZh", "archive"),
    (b"\xfd7zXZ\x00", "archive"),
    (b"MZ", "executable"),
    (b"\x7fELF", "executable"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"#!", "executable"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)

# Markup a browser would run, and PDF actions a reader would run. Searched across chunk borders.
ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:script|html|body|iframe|svg|object|embed)\b|<!doctype\s+html"
    rb"|/JavaScript\b|/Launch\b",
    re.IGNORECASE,
)
OVERLAP_BYTES = max(len(EICAR_SIGNATURE), 32)


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


def _refuse(message, name, code, **values):
    raise ValidationError(message % {"name": name, **values}, code=code)


def _kind_of(head):
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "svg"
    if stripped.startswith((b"<", b"<!doctype")):
        return "html"
    for signature, kind in KNOWN_SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def validate_pdf(upload, *, max_bytes=DEFAULT_MAX_BYTES):
    """Refuse anything that is not a clean PDF by its content, that is empty or larger than
    `max_bytes`, that carries markup or scripts, or that contains the EICAR test signature."""
    name = display_name(upload)
    if not upload.size:
        _refuse(_("“%(name)s” is empty. Choose the PDF document again."), name, "empty")
    if upload.size > max_bytes:
        _refuse(
            _(
                "“%(name)s” is %(size)s MB; the limit is %(limit)s MB. "
                "Compress it or split it, then upload it again."
            ),
            name,
            "too_large",
            size=f"{upload.size / 1024 / 1024:.1f}",
            limit=max_bytes // 1024 // 1024,
        )
    upload.seek(0)
    head = upload.read(1024)
    has_active_content = _scan(upload, name)
    if not head.startswith(PDF_MAGIC):
        messages = {
            "archive": _(
                "“%(name)s” is not a PDF document but a compressed archive (e.g. ZIP). Archives "
                "are not accepted: upload the PDF document itself."
            ),
            "executable": _(
                "“%(name)s” is not a PDF document but a program. Programs are not accepted."
            ),
            "image": _(
                "“%(name)s” is not a PDF document but an image. Save or export it as PDF and "
                "upload it again."
            ),
            "svg": _(
                "“%(name)s” is not a PDF document but an SVG image. SVG files can carry scripts "
                "and are not accepted."
            ),
            "html": _(
                "“%(name)s” is not a PDF document but a web page (HTML). Web pages can carry "
                "scripts and are not accepted."
            ),
        }
        _refuse(
            messages.get(
                _kind_of(head),
                _(
                    "“%(name)s” is not a PDF document (its content is not PDF, whatever its "
                    "name). Save or export it as PDF and upload it again."
                ),
            ),
            name,
            "not_pdf",
        )
    if has_active_content:
        _refuse(
            _(
                "“%(name)s” contains scripts or web-page markup hidden in a PDF, which is not "
                "accepted. Print it to a new PDF and upload that one."
            ),
            name,
            "active_content",
        )


def _scan(upload, name):
    """Read the whole file once, in chunks: refuse it at once if it holds the EICAR signature;
    return whether it holds markup or PDF actions that a browser or a reader would run."""
    previous = b""
    active = False
    upload.seek(0)
    try:
        for chunk in iter(lambda: upload.read(CHUNK_BYTES), b""):
            window = previous + chunk
            if EICAR_SIGNATURE in window:
                _refuse(
                    _(
                        "“%(name)s” contains a virus test signature (EICAR) and was refused. "
                        "Check the file with your anti-virus software."
                    ),
                    name,
                    "infected",
                )
            active = active or bool(ACTIVE_CONTENT.search(window))
            previous = window[-OVERLAP_BYTES:]
    finally:
        upload.seek(0)
    return active


def pdf_attachment(field, *, filename):
    """The stored PDF of `field` as a download that is never rendered or sniffed (404 if none)."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
