"""Who may see, create, edit, submit and review a member state's profile."""

from .roles import is_focal_point_of, is_secretariat


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
