"""A ModelSerializer whose fields are built from the model once per class.

DRF's ModelSerializer reads the model (verbose names, choices, validators, uniqueness) every time
an instance's `fields` are first read, so on every request: about 8 ms for a resource item,
more than reading the page's rows. That declaration is the same for every request, so the
fields are built once per class, unbound, and each instance binds fresh copies of them: each
field made again from the arguments it was made with (what DRF's deep copy of a field does,
without copying the arguments: labels, choices and validators are read, never changed, and
a field given as an argument, such as a list's child, is made again too). Labels and help texts stay lazy: they follow the request's
language. A serializer whose fields depend on the request or the instance overrides
`get_fields` itself.
"""

import copy

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


def _fresh(field):
    """A new unbound field made as `field` was."""
    if isinstance(field, serializers.BaseSerializer):  # a nested serializer: its own fields
        return copy.deepcopy(field)
    kwargs = {
        key: _fresh(value) if isinstance(value, Field) else value
        for key, value in field._kwargs.items()
    }
    return type(field)(*field._args, **kwargs)
