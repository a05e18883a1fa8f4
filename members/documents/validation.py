"""The check every uploaded PDF passes: non-empty, within the size limit, PDF by its content,
no active content, no virus test signature."""

from django.utils.translation import gettext as _

from .names import display_name
from .scan import refuse, scan
from .signatures import kind_of

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def validate_pdf(upload, *, max_bytes=DEFAULT_MAX_BYTES):
    """Refuse anything that is not a clean PDF by its content, that is empty or larger than
    `max_bytes`, that carries markup or scripts, or that contains the EICAR test signature."""
    name = display_name(upload)
    if not upload.size:
        refuse(_("“%(name)s” is empty. Choose the PDF document again."), name, "empty")
    if upload.size > max_bytes:
        refuse(
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
    has_active_content = scan(upload, name)
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
        refuse(
            messages.get(
                kind_of(head),
                _(
                    "“%(name)s” is not a PDF document (its content is not PDF, whatever its "
                    "name). Save or export it as PDF and upload it again."
                ),
            ),
            name,
            "not_pdf",
        )
    if has_active_content:
        refuse(
            _(
                "“%(name)s” contains scripts or web-page markup hidden in a PDF, which is not "
                "accepted. Print it to a new PDF and upload that one."
            ),
            name,
            "active_content",
        )
