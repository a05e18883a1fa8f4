"""The postprocessing hook that documents, on every operation, the errors it can answer with."""

from .error_shapes import CONFLICT_SCHEMA, DESCRIPTIONS, ERROR_SCHEMA
from .idempotency import IDEMPOTENT_DESCRIPTIONS, REPLAYED, is_idempotent

WRITE_METHODS = {"post", "put", "patch", "delete"}


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
    if is_idempotent(operation):
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
            idempotent = is_idempotent(operation)
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
