"""Limits on what people type, declared once on the models and enforced at every door.

The models declare each field's length, range and format; the page forms, the admin, the API's
input serializers (gidh_portal/input_fields.py) and the services' `full_clean()` all take them
from there, so a value refused at one door is refused at all of them (docs/input-limits.md).

The text fields below add what Django's own leave out: a `TextField` enforces its `max_length`
(Django only sizes the text area with it), and no text field stores a control character. Amount
ceilings come from the money columns (18 digits, 2 decimals).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

LONG_TEXT = 20_000  # notes, evidence, descriptions, summaries, review comments
MARKDOWN_TEXT = 100_000  # a catalogue entry's Markdown description

# A JSON request body nests arrays and objects at most this deep (the API's deepest input is 3:
# a profile's answers). Checked as the body is parsed, far below Python's recursion limit.
JSON_DEPTH = 32

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. PostgreSQL refuses NUL
# in text, XML (the IATI export) refuses the other C0 controls, and none of them is typed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same rule as an OpenAPI (ECMA-262) pattern: what every string the API accepts matches.
ALLOWED_TEXT_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"


def first_control_character(text):
    """`(character, position)` of the first control character in `text` (position from 1), or
    None when there is none."""
    match = CONTROL_CHARACTERS.search(text)
    if match is None:
        return None
    return f"U+{ord(match.group()):04X}", match.start() + 1


@deconstructible
class ControlCharacterValidator:
    """Refuses text holding a control character (tab and line breaks are text, not controls)."""

    message = _(
        "Remove the control character %(character)s (character %(position)s): text may hold "
        "tabs and line breaks, but no other control characters."
    )
    code = "control_character"

    def __call__(self, value):
        found = first_control_character(str(value))
        if found is not None:
            character, position = found
            raise ValidationError(
                self.message,
                code=self.code,
                params={"character": character, "position": position},
            )

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator)


refuse_control_characters = ControlCharacterValidator()


def text_validators(validators):
    """`validators` with the control-character check in place of the frameworks' NUL check (one
    message for a NUL, not two)."""
    kept = [
        v
        for v in validators
        if not isinstance(v, ProhibitNullCharactersValidator | ControlCharacterValidator)
    ]
    return [refuse_control_characters, *kept]


class _Text:
    """Text refuses control characters in the model (`full_clean`) and in its form field."""

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.validators = text_validators(field.validators)
        return field


class CharField(_Text, models.CharField):
    default_validators = [refuse_control_characters]


class TextField(_Text, models.TextField):
    """A TextField with a required `max_length` that `full_clean()` enforces, not only the form."""

    default_validators = [refuse_control_characters]

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


class URLField(_Text, models.URLField):
    default_validators = [*models.URLField.default_validators, refuse_control_characters]

    def formfield(self, **kwargs):
        # A link typed without a scheme is taken as https (the pages' and the admin's forms).
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class EmailField(_Text, models.EmailField):
    default_validators = [*models.EmailField.default_validators, refuse_control_characters]


def year_range(first, last=2100):
    return [MinValueValidator(first), MaxValueValidator(last)]


def date_range(first_year, last_year=2100):
    return [
        MinValueValidator(datetime.date(first_year, 1, 1)),
        MaxValueValidator(datetime.date(last_year, 12, 31)),
    ]
