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


class IsSecretariat(permissions.BasePermission):
    message = "Only the WHO secretariat may do this."

    def has_permission(self, request, view):
        return is_secretariat(request.user)
