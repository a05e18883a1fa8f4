"""Serving a stored PDF back, only as a download that is never rendered or sniffed."""

from django.http import FileResponse, Http404


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
