"""The one read of a whole upload: refused at once if infected (EICAR), and whether it holds
active content."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .signatures import ACTIVE_CONTENT, EICAR_SIGNATURE, OVERLAP_BYTES

CHUNK_BYTES = 1024 * 1024


def refuse(message, name, code, **values):
    raise ValidationError(message % {"name": name, **values}, code=code)


def scan(upload, name):
    """Read the whole file once, in chunks: refuse it at once if it holds the EICAR signature;
    return whether it holds markup or PDF actions that a browser or a reader would run."""
    previous = b""
    active = False
    upload.seek(0)
    try:
        for chunk in iter(lambda: upload.read(CHUNK_BYTES), b""):
            window = previous + chunk
            if EICAR_SIGNATURE in window:
                refuse(
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
