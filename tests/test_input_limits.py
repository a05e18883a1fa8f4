"""The one declaration of each field's limits (gidh_portal/input_limits.py) and the fields every
door builds from it (gidh_portal/input_fields.py); the hostile set through the doors themselves
is in tests/test_api_hostile_input.py and tests/security/test_hostile_forms.py."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import RequestFactory
from rest_framework.exceptions import ParseError

from gidh_portal import input_limits
from gidh_portal.input_fields import form_field, reference_field, serializer_field
from gidh_portal.parsers import JSONParser, nests_deeper
from gidh_portal.url_checks import address_errors
from investments.models import InvestmentPlan, Priority
from members.models import MemberState, ProfileSubmission
from resources.models import Resource

PORTAL_APPS = ("members", "resources", "investments")


def portal_text_fields():
    for app in PORTAL_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    yield model, field


# Django's own columns of the portal's models: the password hash and the session store.
FRAMEWORK_COLUMNS = {("User", "password"), ("Session", "session_key"), ("Session", "session_data")}


def test_every_text_column_refuses_control_characters_and_declares_its_length():
    unchecked = [
        f"{model.__name__}.{field.name}"
        for model, field in portal_text_fields()
        if (model.__name__, field.name) not in FRAMEWORK_COLUMNS
        and field.name != "pgh_label"  # the audit trail's own event label
        and model.__name__ != "FacetCount"  # written by database triggers only (no door)
        and not isinstance(field, models.SlugField)  # generated; its format admits no control
        and (
            input_limits.refuse_control_characters not in field.validators
            or not any(isinstance(v, MaxLengthValidator) for v in field.validators)
        )
    ]
    assert unchecked == []


@pytest.mark.parametrize(
    "value", ["a\x00b", "a\x01b", "\x1b[31mred", "a\x7fb", "a\x85b", "a\x9fb"], ids=repr
)
def test_a_text_field_refuses_a_control_character_naming_it(value):
    plan = InvestmentPlan(title=value)
    with pytest.raises(ValidationError) as refused:
        plan.clean_fields(exclude=[f.name for f in plan._meta.fields if f.name != "title"])
    message = refused.value.message_dict["title"][0]
    assert f"U+{ord(value[1] if value[0] == 'a' else value[0]):04X}" in message


@pytest.mark.parametrize("value", ["tab\there", "two\nlines", "windows\r\nlines", "é ü 中文 🙂"])
def test_a_text_field_keeps_tabs_line_breaks_and_any_script(value):
    Priority._meta.get_field("description").run_validators(value)


def test_a_text_field_enforces_its_max_length_in_full_clean():
    summary = InvestmentPlan._meta.get_field("summary")
    summary.run_validators("x" * input_limits.LONG_TEXT)
    with pytest.raises(ValidationError, match="at most 20000 characters"):
        summary.run_validators("x" * (input_limits.LONG_TEXT + 1))


def test_form_and_api_fields_take_the_model_limits():
    title = InvestmentPlan._meta.get_field("title")
    for field in (form_field(InvestmentPlan, "title"), serializer_field(InvestmentPlan, "title")):
        assert field.max_length == title.max_length
    year = form_field(InvestmentPlan, "start_year")
    api_year = serializer_field(InvestmentPlan, "start_year")
    assert (year.min_value, year.max_value) == (api_year.min_value, api_year.max_value)
    assert (year.min_value, year.max_value) == (2000, 2100)
    body = serializer_field(Resource, "body", default="")
    assert body.max_length == input_limits.MARKDOWN_TEXT and body.default == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (form_field(InvestmentPlan, "summary"), "x" * 20_001, "at most 20000 characters"),
        (form_field(Priority, "rank"), "1001", "less than or equal to 1000"),
        (form_field(ProfileSubmission, "strategy_title"), "a\x01", "U+0001"),
        (
            form_field(ProfileSubmission, "strategy_url"),
            "https://a.org/\x02",
            "U+0002",
        ),
    ],
)
def test_a_plain_form_field_runs_the_model_checks(field, value, message):
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    assert any(message in text for text in refused.value.messages)


@pytest.mark.django_db
def test_a_reference_field_accepts_an_existing_key():
    field = reference_field(MemberState, "iso3")
    field.bind("member_state", None)
    assert field.run_validation("KEN") == "KEN"


@pytest.mark.django_db
def test_the_reference_data_loaded_by_the_migrations_meets_the_limits():
    """The imports' door: rows loaded from the shipped CSV files pass the models' checks."""
    broken = []
    for app in PORTAL_APPS:
        for model in apps.get_app_config(app).get_models():
            for row in model._base_manager.all()[:5000]:
                try:
                    row.clean_fields()
                except ValidationError as error:
                    broken.append((model.__name__, row.pk, error.message_dict))
    assert broken == []


@pytest.mark.parametrize(
    ("body", "deeper"),
    [
        (b'{"answers": [{"phase": 1, "note": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]}', False),
        (b'{"a": "\\"[[[[", "b": [[[]], {"c": [{}]}]}', False),
        (b'{"a": "ends with a backslash\\\\", "b": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', False),
        (b"[" * 32 + b"]" * 32, False),
        (b"[" * 33 + b"]" * 33, True),
        (b"[{" * 17 + b"}]" * 17, True),
        (b"[" * 100_000 + b"]" * 100_000, True),
        (b"[" + b"[1]," * 200_000 + b"[1]]", False),
    ],
    ids=[
        "brackets-in-strings",
        "escaped-quote",
        "escaped-backslash",
        "32",
        "33",
        "objects-count",
        "100000",
        "wide",
    ],
)
def test_the_depth_of_a_body_is_measured_on_its_bytes(body, deeper):
    assert nests_deeper(body, input_limits.JSON_DEPTH) is deeper


@pytest.mark.parametrize(("depth", "refused"), [(32, False), (33, True), (2_000, True)])
def test_the_parser_bounds_the_depth(depth, refused):
    body = ("[" * depth + "]" * depth).encode()
    parse = lambda: JSONParser().parse(_Stream(body))  # noqa: E731
    if refused:
        with pytest.raises(ParseError, match="more than 32 levels deep"):
            parse()
    else:
        assert parse() is not None


class _Stream:
    def __init__(self, body):
        self.body = body

    def read(self, size=-1):
        return self.body


@pytest.mark.parametrize(
    ("path", "errors"),
    [
        ("/resources/?q=health", {}),
        ("/resources/?q=a%00b", {"q": "U+0000"}),
        ("/resources/?q=ok&kind=a%1Bb", {"kind": "U+001B"}),
        ("/resources/?a%00=1", {"a\\u0000": "U+0000"}),
        ("/countries/KE%00/", {"path": "U+0000"}),
        ("/countries/KE%C2%85/?q=%C2%9F", {"path": "U+0085", "q": "U+009F"}),
        ("/resources/?q=tab%09and%0Anew%0Dline", {}),
    ],
)
def test_address_errors_name_each_parameter_at_fault(path, errors):
    found = address_errors(RequestFactory().get(path))
    assert set(found) == set(errors)
    for name, character in errors.items():
        assert character in found[name][0]
