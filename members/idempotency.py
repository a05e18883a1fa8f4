"""Idempotent creation: a create endpoint of the API opts in with one line, `@idempotent`.

A client that retries a `POST` (after a timeout, a dropped connection) sends the same
`Idempotency-Key` header again: the first request creates, and every repeat within 24 hours
gets the first response (status and body, with `Idempotent-Replayed: true`) and creates nothing.
The same key with another request (body, method or path) is refused with 422; a malformed key
with 400. Keys are the caller's own: two users may use the same key.

Nothing is kept in a process, so it holds on several web nodes: the key is a row
(`IdempotencyKey`, unique per user and key) inserted in the transaction of the create itself. A
concurrent duplicate's insert waits on the unique index until that transaction ends: committed,
the duplicate finds the stored response and replays it; rolled back (the create failed), the
duplicate claims the key and creates. Only successful responses are stored: a refused request
leaves no key behind, so the client may correct the body and retry with the same key.

Here, in the app lowest in the arrows, because a key belongs to a user (`members.User`); every
app may import it (docs/api.md).
"""

import functools
import hashlib
import re

import orjson
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from gidh_portal.openapi import IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER
from gidh_portal.renderers import ORJSONRenderer

from .models import IdempotencyKey

KEY_CHARACTERS = "A-Za-z0-9._:~+/=-"
KEY_MAX_LENGTH = IdempotencyKey._meta.get_field("key").max_length
KEY_FORMAT = re.compile(f"[{KEY_CHARACTERS}]{{1,{KEY_MAX_LENGTH}}}")
META_NAME = "HTTP_" + IDEMPOTENCY_KEY_HEADER.upper().replace("-", "_")

KEY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_KEY_HEADER,
    {
        "type": "string",
        "minLength": 1,
        "maxLength": KEY_MAX_LENGTH,
        "pattern": f"^[{KEY_CHARACTERS}]+$",
    },
    OpenApiParameter.HEADER,
    description=(
        "Makes the creation safe to retry: a new key (a UUID, for example) per record to "
        "create. Repeating the request with the same key and body within 24 hours returns the "
        f"first response (with `{IDEMPOTENT_REPLAYED_HEADER}: true`) and creates nothing; the "
        "same key with another request is refused with 422. Up to "
        f"{KEY_MAX_LENGTH} letters, digits and `- _ . : ~ + / =`. Keys are the caller's own."
    ),
)


class IdempotencyKeyMalformed(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "idempotency_key_malformed"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class IdempotencyKeyBusy(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_busy"
    default_detail = _("Another request with this Idempotency-Key is under way: retry shortly.")


def idempotent(handler):
    """Let a DRF create handler (`create(self, request, …)`) honour `Idempotency-Key`, and
    document the header on its operation (the 400 and 422 answers:
    gidh_portal/openapi/idempotency.py)."""

    @functools.wraps(handler)
    def create(view, request, *args, **kwargs):
        key = _key(request)
        if key is None or not request.user.is_authenticated:
            return handler(view, request, *args, **kwargs)
        operation = f"{request.method} {request.path}"[:300]
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            claim, claimed = _claim(
                user=request.user, key=key, fingerprint=fingerprint, operation=operation
            )
            if not claimed:
                return _replay(claim, fingerprint)
            response = handler(view, request, *args, **kwargs)
            if status.is_success(response.status_code):
                _keep(claim, response)
            else:
                transaction.set_rollback(True)
            return response

    return extend_schema(parameters=[KEY_PARAMETER])(create)


def _key(request):
    key = request.META.get(META_NAME)
    if key is None:
        return None
    if not KEY_FORMAT.fullmatch(key):
        raise IdempotencyKeyMalformed(
            _(
                "The Idempotency-Key header must be 1 to %(length)s characters: letters, digits "
                "and - _ . : ~ + / = (a UUID, for example)."
            )
            % {"length": KEY_MAX_LENGTH}
        )
    return key


def _fingerprint(request):
    try:
        body = request.body
    except RawPostDataException as error:
        # Django has parsed a multipart form already (a session's CSRF check reads it): the
        # bytes the key must be checked against are gone. The API's creates take JSON.
        raise exceptions.UnsupportedMediaType(request.content_type) from error
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _claim(*, user, key, fingerprint, operation):
    """`(row, True)` when this request claims the key (in the current transaction), or
    `(row, False)` with the committed row of an earlier request. Waits, on the unique index,
    while another transaction holds the key."""
    for _attempt in range(3):
        # An expired key is free again, whether or not the hourly task removed it yet.
        IdempotencyKey.objects.expired().filter(user=user, key=key).delete()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=fingerprint, operation=operation
                )
            return row, True
        except IntegrityError:
            # The insert waited for the transaction that held the key, which committed.
            held = IdempotencyKey.objects.filter(user=user, key=key).first()
            if held is not None:
                return held, False
    raise IdempotencyKeyBusy()


def _keep(claim, response):
    claim.response_status = response.status_code
    claim.response_body = ORJSONRenderer().render(response.data).decode()
    claim.response_headers = {
        name: value for name, value in response.items() if name.lower() != "content-type"
    }
    claim.save(update_fields=["response_status", "response_body", "response_headers"])


def _replay(claim, fingerprint):
    if claim.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            _(
                "This Idempotency-Key was already used in the last 24 hours for a different "
                "request (first for %(operation)s): send a new key for a new request; repeat a "
                "request exactly (same method, path and body) to get its first response again."
            )
            % {"operation": claim.operation}
        )
    data = orjson.loads(claim.response_body) if claim.response_body else None
    headers = {**claim.response_headers, IDEMPOTENT_REPLAYED_HEADER: "true"}
    return Response(data, status=claim.response_status, headers=headers)
