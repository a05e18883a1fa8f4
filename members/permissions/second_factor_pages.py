"""Pages held to a second factor: the decorator, and the detour to the code step and back."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .second_factor import needs_second_factor


def second_factor_required(view):
    """Page decorator: a staff account whose session has no verified second factor is sent to
    the code step (or to set up an authenticator app) and then back, before the view runs."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if needs_second_factor(request.user):
            return redirect_to_second_factor(request)
        return view(request, *args, **kwargs)

    return checked


def redirect_to_second_factor(request, next_url=None):
    """The step that gives the session its second factor, with a message saying why; `next`
    is the page asked for, or, after a form was sent, the page the form was on."""
    reading = request.method in ("GET", "HEAD")
    if next_url is None:
        next_url = request.get_full_path() if reading else _page_of_the_form(request)
    if user_has_device(request.user):
        text = (
            _("This page needs a second factor: enter the code of your authenticator app.")
            if reading
            else _(
                "Not done yet: approving, returning, verifying, publishing and creating API "
                "tokens need a second factor. Enter the code of your authenticator app, then "
                "do it again."
            )
        )
    else:
        text = (
            _(
                "This page needs two-factor authentication: set up an authenticator app on "
                "your phone to continue."
            )
            if reading
            else _(
                "Not done yet: approving, returning, verifying, publishing and creating API "
                "tokens need two-factor authentication. Set up an authenticator app on your "
                "phone, then do it again."
            )
        )
    messages.info(request, text)
    return redirect(second_factor_step(request.user, next_url))


def second_factor_step(user, next_url):
    """The address of the step that gives a session its second factor (the code of the user's
    authenticator app, or setting one up first), which then goes on to `next_url`."""
    step = reverse("login-code") if user_has_device(user) else reverse("members:two-factor")
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return f"{step}?{query.urlencode(safe='/')}"


def _page_of_the_form(request):
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse(settings.LOGIN_REDIRECT_URL)
