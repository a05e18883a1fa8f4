"""The postprocessing hook that states the API's input rules in the schema: no control
characters, blank text, lengths, JSON depth and integers, required bodies, whole-number filters."""

from ..input_limits import ALLOWED_TEXT_PATTERN, JSON_DEPTH

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
