"""One JSON error shape for the whole API.

Every error response is `{"status": <int>, "code": <str>, "detail": <message>, "errors": {...}}`:
`detail` says in one sentence what was wrong; `errors` maps field names to their messages
(`non_field_errors` for the rest) and is empty when no field is at fault.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gidh_portal.conflicts import ConflictError
from gidh_portal.parsers import too_large
from gidh_portal.renderers import ORJSONRenderer


def _field_errors(detail):
    if isinstance(detail, dict):
        return {key: _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat = []
        for item in detail:
            flat.extend(item if isinstance(item, list) else [item])
        return [str(item) if not isinstance(item, dict) else _field_errors(item) for item in flat]
    return [str(detail)]


def _answer_in_json(request):
    """An error is JSON even when the request asked for an export (`?format=csv`)."""
    renderer = getattr(request, "accepted_renderer", None)
    if request is not None and (renderer is None or renderer.format not in ("json", "api")):
        request.accepted_renderer = ORJSONRenderer()
        request.accepted_media_type = ORJSONRenderer.media_type


def exception_handler(exc, context):
    _answer_in_json(context.get("request"))
    if isinstance(exc, exceptions.NotFound | Http404) and _method_unsupported(context):
        # A method the view does not take is a 405 (with `Allow`), even when the request's
        # `?format=` named an export only that view's GET renders (a 404 before dispatch).
        exc = exceptions.MethodNotAllowed(context["request"].method)
    if isinstance(exc, ConflictError):
        # The extras (`current_version`, `current_status`…) never replace the error shape's keys.
        body = {
            **exc.extra,
            "status": status.HTTP_409_CONFLICT,
            "code": exc.code,
            "detail": str(exc),
            "errors": {},
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
    elif isinstance(exc, RequestDataTooBig):
        exc = too_large()
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError(str(exc))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        detail = invalid_detail(errors)
        code = "invalid"
    else:
        errors = {}
        detail = str(exc.detail)
        request = context.get("request")
        if isinstance(exc, exceptions.UnsupportedMediaType) and request is not None:
            accepted = ", ".join(parser.media_type for parser in request.parsers)
            detail = f"{detail} " + _("Send the body as: %(types)s.") % {"types": accepted}
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
    response.data = {
        "status": response.status_code,
        "code": code,
        "detail": detail,
        "errors": errors,
    }
    return response


def _method_unsupported(context):
    request, view = context.get("request"), context.get("view")
    if request is None or view is None:
        return False
    method = request.method.lower()
    return method not in view.http_method_names or not hasattr(view, method)


def invalid_detail(errors):
    return f"The request is invalid; see the errors for: {', '.join(sorted(errors))}."


def is_api(request):
    return request.path.startswith("/api/")


def error_response(status_code, code, detail, errors=None):
    """The one error shape, for answers given outside DRF's views (Django's error views, the
    request checks of middleware)."""
    body = {"status": status_code, "code": code, "detail": str(detail), "errors": errors or {}}
    return JsonResponse(body, status=status_code)


# Django's error views, for what happens outside DRF's views: a URL that matches no route
# (`/api/v1/profiles/0.5/`), a request refused by middleware (CSRF, a bad host), a crash. Under
# /api/ they answer in the one JSON shape too; elsewhere the portal's pages are unchanged.


def bad_request(request, exception):
    if is_api(request):
        return error_response(400, "bad_request", _("The request is malformed."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return error_response(403, "permission_denied", exceptions.PermissionDenied.default_detail)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return error_response(404, "not_found", exceptions.NotFound.default_detail)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return error_response(500, "error", exceptions.APIException.default_detail)
    return defaults.server_error(request)
