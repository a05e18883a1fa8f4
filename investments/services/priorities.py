"""Adding, changing and removing the ranked, costed priorities of an editable plan."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import lock_for_edit, save_edit
from resources.models import DigitalHealthIntervention

from ..models import InvestmentPlan, Priority, PriorityCost


@changes_data("investments")
@transaction.atomic
def save_priority(
    *,
    plan,
    by,
    version,
    priority=None,
    rank,
    title,
    component,
    interventions=(),
    description="",
    implementing_agency="",
    costs,
) -> Priority:
    """Add or change a priority of an editable plan, with its cost per year (plan currency).

    The plan's version goes up: a priority is part of the plan under review.
    """
    current = lock_for_edit(plan, expected_version=version)
    if priority is not None and priority.plan_id != current.pk:
        raise ValidationError(_("This priority belongs to another plan."))
    errors = {}
    for year, amount in costs.items():
        if not current.start_year <= int(year) <= current.end_year:
            errors["costs"] = _("Year %(year)s is outside the plan period %(start)s–%(end)s.") % {
                "year": year,
                "start": current.start_year,
                "end": current.end_year,
            }
        elif amount is not None and Decimal(amount) < 0:
            errors["costs"] = _("A cost cannot be negative.")
    interventions = list(interventions)
    if any(i.version != DigitalHealthIntervention.Version.V2 for i in interventions):
        errors["interventions"] = _("Use CDHI v2 (2023) intervention areas for new plans.")
    if errors:
        raise ValidationError(errors)
    target = priority or Priority(plan=current)
    target.rank = rank
    target.title = title.strip()
    target.component = component
    target.description = description
    target.implementing_agency = implementing_agency
    target.full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"rank": _("Another priority of this plan already has rank %(rank)s.") % {"rank": rank}}
        ) from exc
    target.interventions.set(interventions)
    PriorityCost.objects.filter(priority=target).delete()
    PriorityCost.objects.bulk_create(
        PriorityCost(priority=target, year=int(year), amount=Decimal(amount))
        for year, amount in sorted(costs.items())
        if amount not in (None, "")
    )
    save_edit(current, by=by, update_fields=[])
    return target


@changes_data("investments")
@transaction.atomic
def delete_priority(*, plan, priority, by, version) -> InvestmentPlan:
    """Remove a priority from an editable plan (refused once support is recorded against it)."""
    current = lock_for_edit(plan, expected_version=version)
    if priority.plan_id != current.pk:
        raise ValidationError(_("This priority belongs to another plan."))
    if priority.commitments.exists():
        raise ValidationError(_("Support is recorded against this priority: it cannot be removed."))
    priority.delete()
    return save_edit(current, by=by, update_fields=[])
