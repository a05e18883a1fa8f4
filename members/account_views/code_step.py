"""The one-time code step of logging in (or of unlocking the admin for a session without it)."""

import time
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms import OneTimeCodeForm
from ..models import User
from .lockout import lockout
from .password_step import PENDING_LOGIN, safe_next


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
        next_url = safe_next(request, request.GET.get("next") or request.POST.get("next"))
        if request.user.is_verified():
            return redirect(next_url)
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.info(request, _("Your login has expired: please log in again."))
            return redirect("login")
        next_url = safe_next(request, pending["next"])
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
