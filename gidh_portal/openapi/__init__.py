"""The OpenAPI schema's shared parts: the one error shape of `api_errors.py` on every operation,
and what idempotent creation adds to the operations that take it.

drf-spectacular documents what each view declares; the errors every operation can answer with
(a bad or revoked token, a refused content type, a stale version…) come from project-wide
mechanisms, so they are added here, once, by a postprocessing hook (`SPECTACULAR_SETTINGS`).
"""

from .error_responses import add_error_responses
from .idempotency import IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER
from .output_serializer import OutputModelSerializer
from .text_rules import state_text_rules
