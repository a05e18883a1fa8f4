"""The page forms' and the API's input fields, built from a model field's declaration.

ModelForms (and so the admin) and ModelSerializers take a field's length, range, format and
validators from the model; the portal's plain forms and input serializers (one per use case)
build each field that stores into a model field with `form_field()` / `serializer_field()`, so
every door refuses the same values with the same messages (gidh_portal/input_limits.py).
"""

from types import FunctionType

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
    return field_class, field_kwargs
