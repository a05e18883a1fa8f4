"""Recording a pledge of support (financial or in kind) against an approved plan."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import IllegalTransition, ReviewStatus

from ..models import Commitment, InvestmentPlan


@changes_data("investments")
@transaction.atomic
def record_commitment(
    *,
    plan,
    by,
    organization,
    priority=None,
    kind,
    in_kind_type="",
    description="",
    currency,
    year,
    amount,
    pledged_on=None,
) -> Commitment:
    """Record a pledge of support to an approved plan (or one of its priorities).

    `organization` None means the government's own (domestic) funding.
    """
    plan = InvestmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != ReviewStatus.APPROVED:
        raise IllegalTransition(_("Support can only be recorded against an approved plan."))
    errors = {}
    if priority is not None and priority.plan_id != plan.pk:
        errors["priority"] = _("This priority belongs to another plan.")
    if kind == Commitment.Kind.IN_KIND:
        if not description.strip():
            errors["description"] = _("Describe the in-kind support: what is provided.")
        if not in_kind_type:
            errors["in_kind_type"] = _("Say which kind of in-kind support this is.")
    else:
        in_kind_type = ""
    if Decimal(amount) <= 0:
        errors["amount"] = _("The amount must be greater than zero.")
    if not plan.start_year <= int(year) <= plan.end_year:
        errors["year"] = _("Year %(year)s is outside the plan period %(start)s–%(end)s.") % {
            "year": year,
            "start": plan.start_year,
            "end": plan.end_year,
        }
    if errors:
        raise ValidationError(errors)
    commitment = Commitment(
        plan=plan,
        priority=priority,
        organization=organization,
        kind=kind,
        in_kind_type=in_kind_type,
        description=description.strip(),
        currency=currency.upper(),
        year=year,
        pledged_amount=Decimal(amount),
        pledged_on=pledged_on or timezone.localdate(),
        recorded_by=by,
    )
    commitment.full_clean()
    commitment.save()
    return commitment
