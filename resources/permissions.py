"""Who may do what in the resource catalogue (DOMAIN.md's roles table)."""

from rest_framework import permissions

from members.permissions import is_secretariat
from members.workflow import ReviewStatus


def can_propose_resource(user):
    """Partner members, focal points (any country) and the secretariat may propose resources."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_partner_member or user.is_focal_point or is_secretariat(user)


def can_revise_resource(user, resource):
    """The proposer may change a proposal the secretariat returned (or a draft)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and resource.proposed_by_id == user.pk
        and resource.is_editable
    )


def can_review_resource(user, resource=None):
    """Only the secretariat publishes or returns proposals, and only proposals in review."""
    if not is_secretariat(user):
        return False
    return resource is None or resource.status == ReviewStatus.SUBMITTED


def can_publish_resource_directly(user):
    """The secretariat may publish a resource it creates without a separate review."""
    return is_secretariat(user)


class CanProposeResource(permissions.BasePermission):
    message = "Only partner members, focal points and the secretariat may propose resources."

    def has_permission(self, request, view):
        return can_propose_resource(request.user)
