"""The base of output serializers whose schema must match the portal's own answers."""

from rest_framework import serializers


class OutputModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer for output whose read-only fields keep `allow_blank`.

    DRF drops `allow_blank` from read-only fields, so the schema would promise that a blank
    choice or URL (a draft's empty `strategy_status`, a resource without `link`) is one of the
    choices or a URI, and a client validating against it would reject the portal's own answers.
    """

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs
