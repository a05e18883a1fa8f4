"""The API contract: the committed docs/openapi.yaml is exactly the schema the code generates.

A change to the API shows up as a diff of docs/openapi.yaml in review. The schema is generated
the way `make openapi` does (drf-spectacular's command, with its validation), on PostgreSQL's
backend like the suite, so the integer bounds match.
"""

import difflib
import re
from io import StringIO
from pathlib import Path

import yaml
from django.core.management import call_command
from django.utils import translation

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


def generated_schema():
    output = StringIO()
    with translation.override("en"):
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)
    return output.getvalue()


def test_committed_openapi_schema_is_the_generated_one():
    generated = generated_schema()
    committed = COMMITTED.read_text(encoding="utf-8")
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "docs/openapi.yaml (committed)",
                    "generated",
                )
            )[:80]
        )
        raise AssertionError(
            "The API changed but docs/openapi.yaml did not: run `make openapi`, review the "
            f"diff and commit it.\n{diff}"
        )


def test_every_operation_documents_its_errors_in_the_one_error_shape():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert responses["401"]["content"]["application/json"]["schema"] == error, path
            assert "429" in responses, (method, path)
            if method != "get":
                assert {"400", "403", "409"} <= set(responses), (method, path)
                conflict = responses["409"]["content"]["application/json"]["schema"]
                assert conflict == {"$ref": "#/components/schemas/Conflict"}
            for code, response in responses.items():
                if code.startswith("4"):
                    assert set(response["content"]) == {"application/json"}, (code, path)


def test_a_required_text_field_refuses_white_space_alone_in_the_schema_as_in_the_api():
    """The API trims text before checking it, so a title of spaces is blank (400, see
    test_api_hostile_input.py): the schema's pattern for a required text field says so too."""
    schemas = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))["components"]["schemas"]
    title = re.compile(schemas["PlanCreateInputRequest"]["properties"]["title"]["pattern"])
    assert title.match(" Plan ") and title.match("Plan")
    for blank in ["", " ", " \t\n\r ", "\u00a0\u3000\u2003", "a\x00"]:
        assert not title.match(blank), repr(blank)
    for name, schema in schemas.items():
        for field, property_schema in schema.get("properties", {}).items():
            if name.endswith("Request") and property_schema.get("minLength", 0) >= 1:
                pattern = property_schema.get("pattern")
                assert pattern and not re.match(pattern, "   "), (name, field)
