"""A user's second factor (an authenticator app): started, confirmed with a code, removed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_DEVICE_LIFETIME = datetime.timedelta(hours=1)


@transaction.atomic
def start_two_factor(*, user) -> TOTPDevice:
    """The user's authenticator device awaiting confirmation: the same one (and secret) for an
    hour, so reloading the page keeps what the phone scanned; an older one is replaced."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    recent = pending.filter(created_at__gte=timezone.now() - PENDING_DEVICE_LIFETIME).first()
    if recent is not None:
        return recent
    pending.delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def confirm_two_factor(*, device, code) -> TOTPDevice:
    """Confirm a device with a code it generated; it becomes the user's only device. Refuses a
    wrong code (ValidationError). The code is checked outside the transaction so that django-otp's
    growing delay after each wrong code is kept when the refusal rolls back."""
    if not device.verify_token(code):
        raise ValidationError(
            {"code": _("This code is not valid. Check the time on your phone and try again.")}
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def remove_two_factor(*, user, code) -> None:
    """Remove the user's devices, given a valid code of the confirmed one (ValidationError)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(code):
        raise ValidationError({"code": _("This code is not valid.")})
    TOTPDevice.objects.filter(user=user).delete()
