"""Who may send and answer peer exchange requests."""

from .roles import is_focal_point_of


def can_request_peer_exchange(user, member_state):
    """Only a focal point of the member state asks a peer country for an exchange."""
    return is_focal_point_of(user, member_state)


def can_answer_peer_exchange(user, exchange):
    """A focal point of the requested member state accepts or declines a pending request."""
    return is_focal_point_of(user, exchange.to_member_state_id) and exchange.is_pending
