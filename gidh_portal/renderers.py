"""A JSON renderer with orjson: the same JSON as DRF's JSONRenderer, several times faster."""

import orjson
from rest_framework import exceptions, negotiation, renderers
from rest_framework.utils.encoders import JSONEncoder

_drf_default = JSONEncoder().default
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class ORJSONRenderer(renderers.JSONRenderer):
    """What orjson doesn't serialise natively the way DRF does (datetimes, Decimal, lazy
    translations, querysets…) goes through DRF's own encoder, so the output doesn't change."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_drf_default, option=_OPTIONS)


class ContentNegotiation(negotiation.DefaultContentNegotiation):
    """DRF's, but `?format=` with no value names no format the schema lists: a 404, as an
    unknown format is (DRF would serve the default)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if not format_suffix and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise exceptions.NotFound()
        return super().select_renderer(request, renderers, format_suffix)
