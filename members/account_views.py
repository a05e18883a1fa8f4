"""Logging in: the password step, the one-time code step, the lockout page, two-factor
enrolment, and the password reset that lifts a lockout.

Failed passwords and failed codes are both login failures for django-axes (per email address
and IP address, stored in the database); `lockout` renders its page (AXES_LOCKOUT_CALLABLE).
"""

import base64
import time
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .forms import LoginForm, OneTimeCodeForm
from .models import User
from .permissions import needs_second_factor

PENDING_LOGIN = "pending_login"
PENDING_LOGIN_SECONDS = 300


def login_attempt_username(request, credentials):
    """The email address a login attempt is counted against, whatever its case or spaces."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username).strip().lower()


def lockout(request, original_response=None, credentials=None):
    """The page shown instead of the login form while an email address and IP address are locked."""
    cool_off = get_cool_off(request)
    retry_at = timezone.now() + cool_off
    context = {"retry_at": retry_at, "minutes": int(cool_off.total_seconds() // 60)}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Django's login page; an account with an authenticator app is only logged in once its
    code is entered on the next page."""

    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        next_url = self.get_success_url()
        if user_has_device(user):
            self.request.session.cycle_key()
            self.request.session[PENDING_LOGIN] = {
                "user": user.pk,
                "backend": user.backend,
                "next": next_url,
                "until": time.time() + PENDING_LOGIN_SECONDS,
            }
            return redirect("login-code")
        auth_login(self.request, user)
        if needs_second_factor(self.request.user):
            messages.info(
                self.request,
                _(
                    "The secretariat's decisions, publishing and the administration need "
                    "two-factor authentication: set it up here."
                ),
            )
            return redirect(f"{reverse('members:two-factor')}?{urlencode({'next': next_url})}")
        return redirect(next_url)


def _pending_user(request):
    pending = request.session.get(PENDING_LOGIN)
    if not pending or pending["until"] < time.time():
        request.session.pop(PENDING_LOGIN, None)
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def login_code(request):
    """The second step: the code of the authenticator app, after the password (or, for someone
    logged in before enrolling elsewhere, to unlock the admin)."""
    if request.user.is_authenticated:
        user, pending = request.user, None
        next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
        if request.user.is_verified():
            return redirect(next_url)
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.info(request, _("Your login has expired: please log in again."))
            return redirect("login")
        next_url = _safe_next(request, pending["next"])
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        if pending is not None:
            return redirect("login")
        return redirect(f"{reverse('members:two-factor')}?{urlencode({'next': next_url})}")

    credentials = {"username": user.email}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return lockout(request, None, credentials)
    form = OneTimeCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if pending is not None:
                request.session.pop(PENDING_LOGIN, None)
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(next_url)
        # Counted with the wrong passwords: enough wrong codes lock the login (AxesMiddleware).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error(
            "code", _("This code is not valid. Check the time on your phone and try again.")
        )
    if form.errors:
        status = 400
    context = {"form": form, "next": next_url if pending is None else ""}
    return render(request, "registration/login_code.html", context, status=status)


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
            return redirect(_safe_next(request, next_url))
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


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link also lifts the account's login lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_failures(username=login_attempt_username(None, {"username": self.user.email}))
        return response
