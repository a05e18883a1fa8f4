"""A ModelSerializer whose fields are built from the model once per class.

DRF's ModelSerializer reads the model (verbose names, choices, validators, uniqueness) every time
an instance's `fields` are first read, so on every request: 3–8 ms for a resource item, more
than reading the page's rows. That declaration is the same for every request, so the fields are
built once per class, unbound, and each instance binds fresh copies of them: each field made
again from the arguments it was made with (as DRF's deep copy of a field does, without copying
the arguments: labels, choices and validators are read, never changed; a field given as an
argument, such as a list's child, is made again too).

Labels and help texts stay lazy, so they follow the request's language. (DRF leaves a label out
when the verbose name reads like the field's name in the language of the build; here every
built field gets its verbose name as label.) A serializer whose fields depend on the request or
the instance overrides `get_fields` itself.
"""

import copy

from django.utils.text import capfirst
from rest_framework import serializers
from rest_framework.fields import Field


class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        cls = type(self)
        unbound = cls.__dict__.get("_unbound_fields")  # each class its own, never a parent's
        if unbound is None:
            unbound = super().get_fields()
            cls._unbound_fields = unbound
        return {name: _fresh(field) for name, field in unbound.items()}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        return field_class, _with_label(kwargs, model_field)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        return field_class, _with_label(kwargs, relation_info.model_field)


def _with_label(kwargs, model_field):
    if model_field is not None and "label" not in kwargs:
        kwargs["label"] = capfirst(model_field.verbose_name)
    return kwargs


def _fresh(field):
    """A new unbound field made as `field` was."""
    if isinstance(field, serializers.BaseSerializer):  # a nested serializer: its own fields
        return copy.deepcopy(field)
    kwargs = {
        key: _fresh(value) if isinstance(value, Field) else value
        for key, value in field._kwargs.items()
    }
    return type(field)(*field._args, **kwargs)
