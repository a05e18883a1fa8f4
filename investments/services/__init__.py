"""Writes on investment plans, priorities and commitments: the rules, one module a subject."""

from .commitment_stages import advance_commitment, verify_commitment
from .commitments import record_commitment
from .plans import create_plan, update_plan
from .priorities import delete_priority, save_priority
from .review import approve_plan, return_plan, submit_plan

__all__ = [
    "advance_commitment",
    "approve_plan",
    "create_plan",
    "delete_priority",
    "record_commitment",
    "return_plan",
    "save_priority",
    "submit_plan",
    "update_plan",
    "verify_commitment",
]
