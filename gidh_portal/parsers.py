"""The API's JSON parser: strict (orjson), and bounded by `DATA_UPLOAD_MAX_MEMORY_SIZE`.

DRF reads a JSON body straight from the request stream, so Django's own limit (which guards
`request.body` and form fields) never applies to it: without this parser a client could make
the portal hold any amount of JSON in memory. orjson also refuses what the standard library lets
through and PostgreSQL would later choke on: lone surrogates, NaN and infinities.
"""

import orjson
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = _("The request body is too large.")


def too_large():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return RequestTooLarge(
        _("The request body is larger than %(limit)s bytes.") % {"limit": f"{limit:,}"}
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise too_large()
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise exceptions.ParseError(
                _("The body is not valid JSON: %(error)s.") % {"error": error}
            ) from error
