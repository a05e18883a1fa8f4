"""Who may do what in the members app: predicates, and the thin DRF classes built on them."""

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
