"""One JSON error shape for the whole API.

Every error response is `{"status": <int>, "code": <str>, "detail": <message>, "errors": {...}}`:
`detail` says in one sentence what was wrong; `errors` maps field names to their messages
(`non_field_errors` for the rest) and is empty when no field is at fault.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from members.workflow import ConflictError


def _field_errors(detail):
    if isinstance(detail, dict):
        return {key: _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat = []
        for item in detail:
            flat.extend(item if isinstance(item, list) else [item])
        return [str(item) if not isinstance(item, dict) else _field_errors(item) for item in flat]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, ConflictError):
        body = {
            "status": status.HTTP_409_CONFLICT,
            "code": exc.code,
            "detail": str(exc),
            "errors": {},
            **exc.extra,
        }
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        fields = ", ".join(sorted(errors))
        detail = f"The request is invalid; see the errors for: {fields}."
        code = "invalid"
    else:
        errors = {}
        detail = str(exc.detail)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
    response.data = {
        "status": response.status_code,
        "code": code,
        "detail": detail,
        "errors": errors,
    }
    return response
