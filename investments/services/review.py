"""A plan's review: submitted by its focal points, approved or returned by the secretariat."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import ReviewAction, apply_transition

from ..models import InvestmentPlan, Priority, PriorityCost


def _check_complete(plan):
    priorities = Priority.objects.filter(plan=plan)
    if not priorities.exists():
        raise ValidationError(_("Add at least one ranked priority before submitting the plan."))
    if not PriorityCost.objects.filter(priority__plan=plan, amount__gt=0).exists():
        raise ValidationError(_("Cost at least one priority before submitting the plan."))


@changes_data("investments")
def submit_plan(*, plan, by, comment="") -> InvestmentPlan:
    """Send a draft plan to the secretariat; refuses plans without costed priorities."""
    return apply_transition(
        plan, action=ReviewAction.SUBMIT, by=by, comment=comment, validate=_check_complete
    )


@changes_data("investments")
def approve_plan(*, plan, by, comment="") -> InvestmentPlan:
    """Approve a submitted plan: it becomes public and open to commitments."""
    return apply_transition(plan, action=ReviewAction.APPROVE, by=by, comment=comment)


@changes_data("investments")
def return_plan(*, plan, by, comment) -> InvestmentPlan:
    """Return a submitted plan to its focal points with a comment saying what to change."""
    return apply_transition(plan, action=ReviewAction.RETURN, by=by, comment=comment)
