"""Who may do what with investment plans and commitments: predicates first, DRF classes after.

Reading is a QuerySet (`InvestmentPlan.objects.visible_to(user)`,
`Commitment.objects.visible_to(user)`): what a caller may not see is a 404. These predicates
decide the writes on what the caller can see.
"""

from members.permissions import is_focal_point_of, is_partner_member_of, is_secretariat
from members.workflow import ReviewStatus


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def can_create_plan(user, member_state=None):
    """Focal points create plans for their own member state only."""
    if member_state is None:
        return _active(user) and user.member_state_id is not None
    return is_focal_point_of(user, member_state)


def sees_unpublished_plans(user):
    """The secretariat and focal points see plans not yet published (`visible_to`: all of them,
    or their own country's)."""
    return is_secretariat(user) or (_active(user) and user.member_state_id is not None)


def can_edit_plan(user, plan):
    """The country's focal points edit its plan (and its priorities) while draft or returned."""
    return is_focal_point_of(user, plan.member_state_id) and plan.is_editable


def can_submit_plan(user, plan):
    """The country's focal points submit a draft plan for review."""
    return is_focal_point_of(user, plan.member_state_id) and plan.status == ReviewStatus.DRAFT


def can_review_plan(user, plan):
    """The secretariat approves or returns submitted plans."""
    return is_secretariat(user) and plan.status == ReviewStatus.SUBMITTED


def can_record_commitment(user, plan):
    """Partner members commit for their organization, focal points record their government's
    domestic funding; only against approved (published) plans."""
    if plan.status != ReviewStatus.APPROVED or not _active(user):
        return False
    return user.organization_id is not None or is_focal_point_of(user, plan.member_state_id)


def can_record_commitment_somewhere(user):
    return _active(user) and (user.organization_id is not None or user.member_state_id is not None)


def acts_for_commitment_source(user, commitment):
    """True for members of the committing organization (focal points, for domestic funding)."""
    if commitment.organization_id is None:
        return is_focal_point_of(user, commitment.plan.member_state_id)
    return is_partner_member_of(user, commitment.organization_id)


def can_advance_commitment(user, commitment):
    """Whoever acts for the commitment's source moves it to its next stage."""
    return commitment.next_status is not None and acts_for_commitment_source(user, commitment)


def can_verify_commitment(user, commitment):
    """The secretariat verifies a commitment's current stage before it counts publicly."""
    return is_secretariat(user) and commitment.verified_at is None


def can_create_offer(user, organization=None):
    """Partner members publish offers for their own organization; the secretariat for any."""
    if is_secretariat(user):
        return True
    if organization is None:
        return _active(user) and user.organization_id is not None
    return is_partner_member_of(user, organization)


def can_edit_offer(user, offer):
    """The offer's organization's members (and the secretariat) edit, open and close it."""
    return is_secretariat(user) or is_partner_member_of(user, offer.organization_id)


def can_invite_to_priority(user, priority):
    """The country's focal points invite organizations to the priorities of its published
    plan (whether an offer fits is the service's check)."""
    plan = priority.plan
    return plan.status == ReviewStatus.APPROVED and is_focal_point_of(user, plan.member_state_id)


def can_answer_invitation(user, invitation):
    """A member of the invited organization accepts or declines a pending invitation."""
    return invitation.status == invitation.Status.INVITED and is_partner_member_of(
        user, invitation.offer.organization_id
    )
