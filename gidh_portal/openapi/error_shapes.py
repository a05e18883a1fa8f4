"""The one JSON error shape of `api_errors.py` (and the 409's `current_version`), and what each
error status means in the schema."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "The API's one error shape (gidh_portal/api_errors.py).",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status code.", "example": 400},
        "code": {"type": "string", "description": "A stable, machine-readable error code."},
        "detail": {"type": "string", "description": "What was wrong, in one sentence."},
        "errors": {
            "type": "object",
            "description": "Messages per field (`non_field_errors` for the rest); empty when no "
            "field is at fault. Nested inputs nest their messages the same way.",
            "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]},
        },
    },
    "required": ["status", "code", "detail", "errors"],
}

CONFLICT_SCHEMA = {
    "allOf": [
        {"$ref": "#/components/schemas/Error"},
        {
            "type": "object",
            "properties": {
                "current_version": {
                    "type": "integer",
                    "description": "With a stale version: the version the record is at now.",
                },
                "current_status": {
                    "type": "string",
                    "description": "With an illegal transition: the record's review status.",
                },
                "allowed_actions": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "With an illegal transition: the actions its status allows.",
                },
            },
        },
    ],
}

DESCRIPTIONS = {
    400: "Invalid input: `errors` names each field at fault and what is wrong with it (a "
    "control character in the path or a query parameter: `path` or the parameter's name).",
    401: "Missing, malformed, invalid or revoked credentials.",
    403: "The caller may not do this (or a session request without its CSRF token).",
    404: "No such record visible to the caller, no such page, or an unknown `format`.",
    406: "No representation matches the `Accept` header.",
    409: "The request contradicts the record's current state: an illegal review transition, "
    "an edit based on a stale version (see `current_version`), a duplicate.",
    413: "The request body is larger than the portal accepts.",
    415: "The request body's content type is not accepted (send `application/json`).",
    429: "Too many requests: wait for the number of seconds in `Retry-After`.",
}
