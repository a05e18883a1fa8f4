"""The API's JSON parser: strict (orjson), bounded by `DATA_UPLOAD_MAX_MEMORY_SIZE` and in depth.

DRF reads a JSON body straight from the request stream, so Django's own limit (which guards
`request.body` and form fields) never applies to it: without this parser a client could make
the portal hold any amount of JSON in memory. orjson also refuses what the standard library lets
through and PostgreSQL would later choke on: lone surrogates, NaN and infinities.

Depth: orjson parses without Python recursion (and stops at 1,024 levels), but the fields that
then read the data recurse (a string field given a list 1,000 levels deep overflowed Python's
stack turning it into text). So a body nesting arrays and objects deeper than
`input_limits.JSON_DEPTH` is refused as it is parsed, before any field sees it.
"""

import orjson
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

from .input_limits import JSON_DEPTH


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
            data = orjson.loads(body)
        except orjson.JSONDecodeError as error:
            if "depth limit" in str(error):  # orjson's own limit (1,024 levels)
                raise too_deep() from error
            raise exceptions.ParseError(
                _("The body is not valid JSON: %(error)s.") % {"error": error}
            ) from error
        # Fewer brackets than the limit cannot nest deeper than it: most bodies skip the walk.
        if body.count(b"[") + body.count(b"{") > JSON_DEPTH and nests_deeper(data, JSON_DEPTH):
            raise too_deep()
        return data


def too_deep():
    return exceptions.ParseError(
        _(
            "The body nests arrays and objects more than %(limit)s levels deep; the API's "
            "inputs need at most 3."
        )
        % {"limit": JSON_DEPTH}
    )


def nests_deeper(data, limit):
    """Whether arrays and objects in `data` nest more than `limit` levels deep (a loop, not a
    recursion: the check must not itself overflow)."""
    stack = [(data, 1)] if isinstance(data, dict | list) else []
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
