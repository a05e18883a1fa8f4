"""Two-factor enrolment on the account page: setting up an authenticator app, and removing it."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import services
from ..forms import OneTimeCodeForm
from .password_step import safe_next


@login_required
def two_factor(request):
    """Set up an authenticator app (secret, otpauth:// URI, QR code), confirmed with a code."""
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed is not None:
        context = {"device": confirmed, "remove_form": OneTimeCodeForm()}
        return render(request, "members/two_factor.html", context)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    form = OneTimeCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            services.confirm_two_factor(device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(safe_next(request, next_url))
        status = 400
    if device is None or request.method == "GET":
        device = services.start_two_factor(user=request.user)
    context = {
        "form": form,
        "pending_device": device,
        "secret": _base32(device),
        "otpauth_uri": device.config_url,
        "qr_code": _qr_code(device.config_url),
        "next": next_url,
    }
    return render(request, "members/two_factor.html", context, status=status)


def _base32(device):
    text = base64.b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _qr_code(uri):
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, svgclass="qr-code", lineclass=None, light="#fff", title=_("QR code of the key")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@login_required
@require_POST
def two_factor_remove(request):
    form = OneTimeCodeForm(request.POST)
    if form.is_valid():
        try:
            services.remove_two_factor(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect("members:two-factor")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    context = {"device": device, "remove_form": form}
    return render(request, "members/two_factor.html", context, status=400)
