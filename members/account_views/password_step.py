"""The password step of logging in, which hands an account with an authenticator app on to the
code step."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import user_has_device

from ..forms import LoginForm
from ..permissions import needs_second_factor

PENDING_LOGIN = "pending_login"
PENDING_LOGIN_SECONDS = 300


def safe_next(request, candidate):
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
