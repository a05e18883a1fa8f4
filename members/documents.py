"""PDF documents uploaded to the portal: one mechanism for profiles and the catalogue.

Uploads are accepted by their content (the `%PDF-` signature), never by their name or declared
type; they are stored under random, non-guessable names (the uploaded name is never reused) and
served back only through permission-checked views, as attachments that browsers won't sniff or
render inline.
"""

import secrets

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def random_pdf_name(folder):
    return f"{folder}/{secrets.token_urlsafe(24)}.pdf"


def validate_pdf(upload, *, max_bytes=DEFAULT_MAX_BYTES):
    """Refuse anything that is not a PDF by its content, or that is larger than `max_bytes`."""
    name = getattr(upload, "name", "") or _("The file")
    if upload.size > max_bytes:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s MB; the limit is %(limit)s MB. "
                "Compress it or split it, then upload it again."
            )
            % {
                "name": name,
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "limit": max_bytes // 1024 // 1024,
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF document (its content is not PDF, whatever its name). "
                "Save or export it as PDF and upload it again."
            )
            % {"name": name},
            code="not_pdf",
        )


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
