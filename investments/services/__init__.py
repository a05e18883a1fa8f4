"""Writes on plans, priorities, commitments and offers: the rules, one module a subject."""

from .commitment_stages import advance_commitment, verify_commitment
from .commitments import record_commitment
from .invitations import accept_invitation, decline_invitation, invite_organization
from .offers import close_offer, create_offer, open_offer, update_offer
from .plans import create_plan, update_plan
from .priorities import delete_priority, save_priority
from .review import approve_plan, return_plan, submit_plan
