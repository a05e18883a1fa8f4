"""What an upload's bytes are: the EICAR test signature, the first bytes of files that are not
PDFs, and markup or PDF actions that a browser or a reader would run."""

import re

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


def kind_of(head):
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "svg"
    if stripped.startswith((b"<", b"<!doctype")):
        return "html"
    for signature, kind in KNOWN_SIGNATURES:
        if head.startswith(signature):
            return kind
    return None
