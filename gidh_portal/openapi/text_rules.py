"""The postprocessing hook that states the API's text rules (no control characters, lengths,
JSON depth) in the schema."""

from ..input_limits import ALLOWED_TEXT_PATTERN, JSON_DEPTH

TEXT_RULES = (
    "\n\n**Text.** Every string the API accepts, in a body, a query parameter or the path, "
    "holds no control character (U+0000–U+001F other than tab, line feed and carriage return; "
    "U+007F–U+009F): its schema's `pattern` says so, and a request breaking the rule is a 400 "
    "naming the field or parameter (`path` for the path). A text field holds at most its "
    "`maxLength` characters, the same limit as on the portal's pages. A JSON body nests arrays "
    f"and objects at most {JSON_DEPTH} levels deep (a 400 beyond). The rules: "
    "docs/input-limits.md."
)

UNPATTERNED_FORMATS = {"date", "date-time", "binary", "decimal"}


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
    schema["pattern"] = ALLOWED_TEXT_PATTERN


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
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict):
                for parameter in operation.get("parameters", []):
                    _state_text_rule(parameter.get("schema", {}))
    return result
