"""The roles behind every rule: the WHO secretariat, a member state's focal points and an
organization's partners."""

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


class IsSecretariat(permissions.BasePermission):
    message = "Only the WHO secretariat may do this."

    def has_permission(self, request, view):
        return is_secretariat(request.user)
