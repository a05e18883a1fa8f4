"""Who may do what in the members app: predicates, and the thin DRF classes built on them.

The second factor of privileged actions lives here too (docs/security.md): `needs_second_factor`
decides, `HasSecondFactor` refuses API calls (403) and `second_factor_required` sends pages to
the code step; nowhere else checks REQUIRE_SECRETARIAT_2FA.
"""

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
from rest_framework import permissions


def is_secretariat(user):
    """True for active WHO secretariat staff (members of the Secretariat group)."""
    return bool(user and user.is_authenticated and user.is_secretariat)


def is_focal_point_of(user, member_state):
    """True when `user` is a focal point of exactly this member state."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and member_state is not None
        and user.member_state_id == getattr(member_state, "pk", member_state)
    )


def is_partner_member_of(user, organization):
    """True when `user` acts for exactly this organization."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and organization is not None
        and user.organization_id == getattr(organization, "pk", organization)
    )


def can_manage_api_tokens(user):
    """Any signed-in, active user may create and revoke their own API tokens."""
    return bool(user and user.is_authenticated and user.is_active)


def can_grant_superuser(user):
    """Only superusers make superusers or grant permissions one by one: the secretariat manages
    roles (member state, organization, staff status, groups) without raising its own."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def can_change_user(user, account=None):
    """Staff with the permission change accounts, but only a superuser changes a superuser's
    (its email or password would otherwise be a way into superuser rights)."""
    return account is None or not account.is_superuser or can_grant_superuser(user)


def can_view_profile_drafts(user, member_state):
    """The secretariat and the member state's own focal points see its drafts and history."""
    return is_secretariat(user) or is_focal_point_of(user, member_state)


def can_create_profile(user, member_state):
    """Only a focal point of the member state starts its profile."""
    return is_focal_point_of(user, member_state)


def can_edit_profile(user, submission):
    """A focal point of the member state edits its drafts (and returned submissions)."""
    return is_focal_point_of(user, submission.member_state_id) and submission.is_editable


def can_submit_profile(user, submission):
    """A focal point of the member state submits its drafts."""
    return is_focal_point_of(user, submission.member_state_id)


def can_review_profile(user, submission=None):
    """Only the secretariat approves or returns submissions and verifies evidence."""
    return is_secretariat(user)


class IsSecretariat(permissions.BasePermission):
    message = "Only the WHO secretariat may do this."

    def has_permission(self, request, view):
        return is_secretariat(request.user)


# ---------------------------------------------------------------------------------------------
# The second factor of privileged actions
# ---------------------------------------------------------------------------------------------


def has_verified_second_factor(user):
    """True when the caller proved a second factor: a session verified with the code of an
    authenticator app (django-otp), or an API token created in such a session."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def is_held_to_second_factor(user):
    """True for staff accounts (the secretariat, anyone who may open the admin) while
    REQUIRE_SECRETARIAT_2FA is on: their privileged actions (review decisions, verification,
    publishing, creating API tokens, the admin) need a verified second factor."""
    return bool(
        settings.REQUIRE_SECRETARIAT_2FA and user and user.is_authenticated and user.is_staff
    )


def needs_second_factor(user):
    """True while an account held to a second factor acts without one: its privileged actions
    wait for it."""
    return is_held_to_second_factor(user) and not has_verified_second_factor(user)


def second_factor_refusal(request):
    """What an API caller refused for want of a second factor is told to do."""
    enrol, account = reverse("members:two-factor"), reverse("members:account")
    if request.auth is not None:
        return _(
            "This API token has no second factor (it was created in a session without one, or "
            "its authenticator app was removed since), so it may not approve, return, verify or "
            "publish. Log in to the portal with the code of your authenticator app (set one up "
            "at %(enrol)s), create a new token at %(account)s and revoke this one."
        ) % {"enrol": enrol, "account": account}
    return _(
        "This action needs a second factor, and this session has none: enter the code of your "
        "authenticator app at %(code)s (set one up at %(enrol)s), then try again."
    ) % {"code": reverse("login-code"), "enrol": enrol}


class HasSecondFactor(permissions.BasePermission):
    """Refuses (403, saying how to get one) a staff caller whose session or API token has no
    verified second factor."""

    def has_permission(self, request, view):
        if needs_second_factor(request.user):
            self.message = second_factor_refusal(request)
            return False
        return True


# The permission classes of an API action only the secretariat takes.
PRIVILEGED_ACTION = (permissions.IsAuthenticated, HasSecondFactor)


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
