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

from .names import display_name, random_pdf_name
from .serving import pdf_attachment
from .signatures import EICAR_SIGNATURE
from .validation import DEFAULT_MAX_BYTES, validate_pdf
