"""What idempotent creation (members/idempotency.py) adds to the operations that take the
`Idempotency-Key` header: a 422 for a key reused with another request, and the header marking a
replayed response."""

from .error_shapes import DESCRIPTIONS

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed"
IDEMPOTENT_DESCRIPTIONS = {
    400: DESCRIPTIONS[400] + " Also a malformed `Idempotency-Key` header.",
    422: "The `Idempotency-Key` was already used in the last 24 hours for a different request "
    "(another body, method or path): send a new key for a new request.",
}
REPLAYED = {
    IDEMPOTENT_REPLAYED_HEADER: {
        "schema": {"type": "string", "enum": ["true"]},
        "description": "Present when this is the stored first response to an earlier request "
        "with the same `Idempotency-Key`: nothing was created this time.",
    }
}


def is_idempotent(operation):
    return any(
        parameter["in"] == "header" and parameter["name"] == IDEMPOTENCY_KEY_HEADER
        for parameter in operation.get("parameters", [])
    )
