"""The login lockout (django-axes): whom an attempt counts against, the page shown while locked,
and the password reset that lifts it."""

from axes.helpers import get_cool_off
from axes.utils import reset as reset_login_failures
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone


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


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the emailed link also lifts the account's login lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_login_failures(username=login_attempt_username(None, {"username": self.user.email}))
        return response
