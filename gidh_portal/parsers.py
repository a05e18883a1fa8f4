"""The API's JSON parser: strict (orjson), bounded by `DATA_UPLOAD_MAX_MEMORY_SIZE` and in depth.

DRF reads a JSON body straight from the request stream, so Django's own limit (which guards
`request.body` and form fields) never applies to it: without this parser a client could make
the portal hold any amount of JSON in memory. orjson also refuses what the standard library lets
through and PostgreSQL would later choke on: lone surrogates, NaN and infinities.

Depth: orjson parses without Python recursion (and stops at 1,024 levels), but the fields that
then read the data recurse (a string field given a list 1,000 levels deep overflowed Python's
stack turning it into text). So a body nesting arrays and objects deeper than
`input_limits.JSON_DEPTH` is refused as it is parsed, before any field sees it; the depth is
measured on the body's bytes.
"""

import re

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
        if body.count(b"[") + body.count(b"{") > JSON_DEPTH and nests_deeper(body, JSON_DEPTH):
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


# A JSON string (in a valid body): quotes around anything but quotes and backslashes, or escapes.
_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_OTHER_BYTES = bytes(sorted(set(range(256)) - set(b"[]{}")))
_OBJECTS_AS_ARRAYS = bytes.maketrans(b"{}", b"[]")


def nests_deeper(body, limit):
    """Whether the arrays and objects of the valid JSON `body` (bytes) nest more than `limit`
    levels deep. Its strings taken out, its brackets alone are left; each pass removes the
    innermost pairs, one level: C-level string operations, no recursion and no loop over the
    parsed values (a body of 200,000 small arrays took 0.4 s that way)."""
    brackets = _STRINGS.sub(b"", body).translate(_OBJECTS_AS_ARRAYS, _OTHER_BYTES)
    for _level in range(limit):
        if not brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return bool(brackets)
