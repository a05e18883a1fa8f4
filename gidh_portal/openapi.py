"""The OpenAPI schema's shared parts: the one error shape of `api_errors.py` on every operation,
and what idempotent creation adds to the operations that take it.

drf-spectacular documents what each view declares; the errors every operation can answer with
(a bad or revoked token, a refused content type, a stale version…) come from project-wide
mechanisms, so they are added here, once, by a postprocessing hook (`SPECTACULAR_SETTINGS`).
"""

from rest_framework import serializers

from .input_limits import ALLOWED_TEXT_PATTERN, JSON_DEPTH

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

WRITE_METHODS = {"post", "put", "patch", "delete"}

# Idempotent creation (members/idempotency.py): the operations that take the header also answer
# 422 for a key reused with another request, and mark a replayed response with a header.
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


def _is_idempotent(operation):
    return any(
        parameter["in"] == "header" and parameter["name"] == IDEMPOTENCY_KEY_HEADER
        for parameter in operation.get("parameters", [])
    )


def _error_codes(path, method, operation):
    parameters = operation.get("parameters", [])
    query = {p["name"] for p in parameters if p["in"] == "query"}
    has_path_parameters = any(p["in"] == "path" for p in parameters)
    # 400 everywhere: any address holding a control character is refused (url_checks.py).
    codes = {400, 401, 406, 429}
    if has_path_parameters or "page" in query or "format" in query:
        codes.add(404)
    if method in WRITE_METHODS:
        codes |= {403, 409}
    if "requestBody" in operation:
        codes |= {413, 415}
    if _is_idempotent(operation):
        codes |= {400, 422}
    return codes


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents the errors it can answer with, in the
    one JSON error shape (`Error`; `Conflict` adds `current_version` to a 409)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["Conflict"] = CONFLICT_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            idempotent = _is_idempotent(operation)
            if idempotent:
                for code, response in responses.items():
                    if code.startswith("2"):
                        response["headers"] = {**response.get("headers", {}), **REPLAYED}
            descriptions = (
                {**DESCRIPTIONS, **IDEMPOTENT_DESCRIPTIONS} if idempotent else DESCRIPTIONS
            )
            for code in sorted(_error_codes(path, method, operation)):
                component = "Conflict" if code == 409 else "Error"
                responses[str(code)] = {
                    "description": descriptions[code],
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{component}"}
                        }
                    },
                }
                if code == 429:
                    responses[str(code)]["headers"] = {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds to wait before trying again.",
                        }
                    }
            operation["responses"] = dict(sorted(responses.items()))
    return result


TEXT_RULES = (
    "\n\n**Text.** Every string the API accepts, in a body, a query parameter or the path, "
    "holds no control character (U+0000–U+001F other than tab, line feed and carriage return; "
    "U+007F–U+009F): its schema's `pattern` says so, and a request breaking the rule is a 400 "
    "naming the field or parameter (`path` for the path). A required text field "
    "(`minLength: 1`) is trimmed of white space at both ends, so white space alone is blank and "
    "refused (its `pattern` asks for one other character). A text field holds at most its "
    "`maxLength` characters, the same limit as on the portal's pages. A JSON body nests arrays "
    f"and objects at most {JSON_DEPTH} levels deep (a 400 beyond), and its integers lie "
    "within −2⁶³ and 2⁶⁴−1 (beyond, a number is not read as an integer). The rules: "
    "docs/input-limits.md."
)

UNPATTERNED_FORMATS = {"date", "date-time", "binary", "decimal"}

# A required text field (`minLength: 1`) is trimmed before it is checked, so text of nothing but
# white space is blank and refused: the control-character rule plus one character that is
# neither a control nor white space as Python's `str.strip` counts it (DRF trims with it).
NON_BLANK_TEXT_PATTERN = (
    r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*"
    r"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
    r"[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
)


def _state_text_rule(schema):
    """Adds the control-character pattern to a free-text string schema (to the items of an array
    of them, to each alternative of a choice, e.g. a URL or blank); enumerations, dates and
    strings with a pattern of their own are left as they are."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _state_text_rule(schema["items"])
    for alternative in schema.get("oneOf", []) + schema.get("anyOf", []):
        _state_text_rule(alternative)
    if schema.get("type") != "string" or "enum" in schema or "pattern" in schema:
        return
    if schema.get("format") in UNPATTERNED_FORMATS:
        return
    schema["pattern"] = (
        NON_BLANK_TEXT_PATTERN if schema.get("minLength", 0) >= 1 else ALLOWED_TEXT_PATTERN
    )


# The integers a JSON body can hold: beyond, the parser (orjson) reads a number as a float,
# which no integer field takes (a 400).
JSON_INTEGER_RANGE = {"minimum": -(2**63), "maximum": 2**64 - 1}


def _state_integer_range(schema):
    """Bounds an integer of a request body (or the items of an array of them) by what the JSON
    parser reads as an integer, where the field states no bound of its own."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _state_integer_range(schema["items"])
    if schema.get("type") == "integer":
        for key, bound in JSON_INTEGER_RANGE.items():
            schema.setdefault(key, bound)


def _require_body_with_required_fields(operation, schemas):
    """A body whose schema requires fields (a PATCH's `version`) is itself required: without
    one, those fields are missing (a 400)."""
    body = operation.get("requestBody")
    if body is None:
        return
    for media in body.get("content", {}).values():
        reference = media.get("schema", {}).get("$ref", "")
        if schemas.get(reference.rsplit("/", 1)[-1], {}).get("required"):
            body["required"] = True


def state_text_rules(result, generator, request, public):
    """Postprocessing hook: the schema states the text rule the API enforces (no control
    characters, input_limits.py) on every free-text string of the requests: the properties of
    the request bodies' components and the operations' parameters. The lengths (`maxLength`)
    come from the input serializers' fields, which take them from the models."""
    info = result.setdefault("info", {})
    info["description"] = info.get("description", "") + TEXT_RULES
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            for property_schema in schema.get("properties", {}).values():
                _state_text_rule(property_schema)
                _state_integer_range(property_schema)
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict):
                _require_body_with_required_fields(operation, schemas)
                for parameter in operation.get("parameters", []):
                    _state_text_rule(parameter.get("schema", {}))
                    if parameter["in"] == "query" and parameter["schema"].get("type") == "number":
                        # Number filters take whole numbers (gidh_portal/filters.py).
                        parameter["schema"]["type"] = "integer"
    return result


class OutputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for output whose read-only fields keep `allow_blank`.

    DRF drops `allow_blank` from read-only fields, so the schema would promise that a blank
    choice or URL (a draft's empty `strategy_status`, a resource without `link`) is one of the
    choices or a URI, and a client validating against it would reject the portal's own answers.
    """

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs
