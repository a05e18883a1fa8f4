"""The page forms' and the API's input fields, built from a model field's declaration.

ModelForms (and so the admin) and ModelSerializers take a field's length, range, format and
validators from the model; the portal's plain forms and input serializers (one per use case)
build each field that stores into a model field with `form_field()` / `serializer_field()`, so
every door refuses the same values with the same messages (gidh_portal/input_limits.py).
"""

import re
from decimal import Decimal
from types import FunctionType

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.validators import UniqueValidator


def _limit(validators, kind):
    return next((v.limit_value for v in validators if isinstance(v, kind)), None)


def form_field(model, name, **kwargs):
    """The form field of `model.name` with all of the model's checks.

    Django's `formfield()` leaves the model's validators to the ModelForm's model validation;
    a plain form gets them here, as the field's own (a range as `min_value`/`max_value`, so the
    browser knows it too). `kwargs` are the form's own (label, widget, required…).
    """
    field = model._meta.get_field(name)
    validators = list(field.validators)
    if isinstance(field, models.IntegerField | models.DecimalField) and not field.choices:
        for key, kind in (("min_value", MinValueValidator), ("max_value", MaxValueValidator)):
            limit = _limit(validators, kind)
            if limit is not None:
                kwargs.setdefault(key, limit)
        validators = [v for v in validators if not isinstance(v, MinValueValidator)]
        validators = [v for v in validators if not isinstance(v, MaxValueValidator)]
    form = field.formfield(**kwargs)
    for validator in validators:
        if not any(_same_check(validator, v) for v in form.validators):
            form.validators.append(validator)
    return form


def _same_check(a, b):
    """Whether the form field already runs validator `a` (as `b`): its own max length, URL,
    e-mail or decimal check stands for the model's."""
    if isinstance(a, FunctionType):
        return a is b
    return type(a) is type(b)


def serializer_field(model, name, **kwargs):
    """The API input field of `model.name`, as a ModelSerializer builds it (length, range,
    format, choices, validators), with `kwargs` on top (`default`, `required`, `help_text`…).
    The OpenAPI schema states the same limits (`maxLength`, `minimum`, `maximum`)."""
    field_class, field_kwargs = _built(model, name)
    return field_class(**{**field_kwargs, **kwargs})


def reference_field(model, name, **kwargs):
    """An API input naming an existing record by `model.name` (an ISO3 code, an indicator's or
    an intervention's code): the field's length and text checks, without the uniqueness check
    a ModelSerializer adds for a new record's key."""
    field_class, field_kwargs = _built(model, name)
    validators = field_kwargs.get("validators", [])
    field_kwargs["validators"] = [v for v in validators if not isinstance(v, UniqueValidator)]
    return field_class(**{**field_kwargs, **kwargs})


def _built(model, name):
    # DRF rebuilds a declared field from its constructor's arguments for every serializer
    # instance, so everything the field checks goes into them.
    field_class, field_kwargs = serializers.ModelSerializer().build_standard_field(
        name, model._meta.get_field(name)
    )
    field_kwargs.pop("label", None)  # the schema names a field by its key
    if field_class is serializers.DecimalField:
        field_class = AmountField
    elif field_class is serializers.CharField:
        field_class = TextField
    return field_class, field_kwargs


class TextField(serializers.CharField):
    """A text input given as a JSON string, as the schema says (`type: string`): DRF's
    CharField would take a number or a boolean's text (`-0.5` → "-0.5") that no client meant.
    Refused with DRF's own message for a value that is not text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AmountField(serializers.DecimalField):
    """A decimal input (an amount) given as text of digits, e.g. "1234.50", as the schema says
    (`decimal_pattern`): a JSON number is refused (a float cannot hold every amount exactly),
    and so are white space and exponents ("1e3"), which Python's Decimal would read."""

    default_error_messages = {
        "not_text": _('Send the amount as text, e.g. "1234.50", not as a JSON number.')
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        if not DECIMAL_TEXT.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


# Digits with an optional sign and decimal point: the texts a DecimalField then checks further.
DECIMAL_TEXT = re.compile(r"[-+]?[0-9]*\.?[0-9]*")


def decimal_pattern(field):
    """The ECMA-262 pattern of the texts `field` (a DecimalField) accepts: ASCII digits with at
    most its decimal places and whole digits (leading zeros aside), no minus when its minimum is
    0 or more (but for zero), and a non-zero digit when its minimum is above 0 (down to its
    smallest step)."""
    places = field.decimal_places or 0
    whole = None if field.max_digits is None else field.max_digits - places
    minimum = field.min_value
    whole_digits = "[0-9]*" if whole is None else f"[0-9]{{0,{max(whole - 1, 0)}}}"
    fraction = rf"(?:\.[0-9]{{0,{places}}})?" if places else r"\.?"
    non_zero = f"0*[1-9]{whole_digits}{fraction}"
    zero = f"0+{fraction}" + (rf"|\.[0-9]{{1,{places}}}" if places else "")
    if minimum is None or minimum < 0:
        return f"^[-+]?(?:{non_zero}|{zero})$"
    if minimum == 0 or minimum > Decimal(1).scaleb(-places):
        minus_zero = rf"0+(?:\.0{{0,{places}}})?|\.0{{1,{places}}}" if places else "0+\\.?"
        return rf"^(?:\+?(?:{non_zero}|{zero})|-(?:{minus_zero}))$"
    # Above 0: a fraction with a non-zero digit in one of its `places` first positions.
    small = "|".join(f"0{{{k}}}[1-9][0-9]{{0,{places - 1 - k}}}" for k in range(places))
    return rf"^\+?(?:{non_zero}|0*\.(?:{small}))$"


class AmountFieldSchema(OpenApiSerializerFieldExtension):
    """The schema of an `AmountField`: text matching `decimal_pattern`, the values it takes."""

    target_class = AmountField

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        schema["pattern"] = decimal_pattern(self.target)
        return schema
