"""Whether a privileged action needs a second factor, and the API's refusal when it does."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import permissions


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
