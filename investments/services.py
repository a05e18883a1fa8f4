"""Writes on investment plans, priorities and commitments: the rules live here."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import (
    IllegalTransition,
    ReviewAction,
    ReviewStatus,
    apply_transition,
    lock_for_edit,
    lock_version,
    save_edit,
)
from resources.models import DigitalHealthIntervention

from .models import FIRST_YEAR, LAST_YEAR, Commitment, InvestmentPlan, Priority, PriorityCost

PLAN_FIELDS = ("title", "start_year", "end_year", "currency", "strategy_url", "summary")
MAX_PERIOD_YEARS = 15


def _check_period(start_year, end_year):
    if not (FIRST_YEAR <= start_year <= LAST_YEAR and FIRST_YEAR <= end_year <= LAST_YEAR):
        raise ValidationError(
            {
                "start_year": _("Years must lie between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year cannot come before the first year.")})
    if end_year - start_year + 1 > MAX_PERIOD_YEARS:
        raise ValidationError(
            {"end_year": _("A plan covers at most %(n)s years.") % {"n": MAX_PERIOD_YEARS}}
        )


@changes_data("investments")
@transaction.atomic
def create_plan(
    *, member_state, by, title, start_year, end_year, currency, strategy_url="", summary=""
) -> InvestmentPlan:
    """Create a draft plan for `member_state`."""
    _check_period(start_year, end_year)
    plan = InvestmentPlan(
        member_state=member_state,
        title=title.strip(),
        start_year=start_year,
        end_year=end_year,
        currency=currency.upper(),
        strategy_url=strategy_url,
        summary=summary,
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    return plan


@changes_data("investments")
@transaction.atomic
def update_plan(*, plan, by, version, **changes) -> InvestmentPlan:
    """Edit a draft or returned plan; refuses stale versions and periods that drop costed years."""
    current = lock_for_edit(plan, expected_version=version)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    for field, value in changes.items():
        setattr(current, field, value.upper() if field == "currency" else value)
    _check_period(current.start_year, current.end_year)
    outside = (
        PriorityCost.objects.filter(priority__plan=current)
        .exclude(year__gte=current.start_year, year__lte=current.end_year)
        .exclude(amount=0)
    )
    if outside.exists():
        raise ValidationError(
            {"end_year": _("Some priorities have costs outside the new period: remove them first.")}
        )
    PriorityCost.objects.filter(priority__plan=current).exclude(
        year__gte=current.start_year, year__lte=current.end_year
    ).delete()
    current.full_clean()
    return save_edit(current, by=by, update_fields=list(changes))


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


@changes_data("investments")
@transaction.atomic
def advance_commitment(*, commitment, by, version, amount, on=None) -> Commitment:
    """Move a commitment to its next stage with that stage's amount and date.

    Its verification is cleared: the new stage counts publicly once the secretariat verifies it.
    Refuses an edit based on a stale `version` (e.g. the secretariat verified it meanwhile).
    """
    current = lock_version(commitment, expected_version=version)
    target = current.next_status
    if target is None:
        raise IllegalTransition(_("This commitment is disbursed: it has no further stage."))
    amount = Decimal(amount)
    on = on or timezone.localdate()
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    if target == Commitment.Status.COMMITTED:
        if on < current.pledged_on:
            raise ValidationError({"on": _("A commitment cannot come before its pledge.")})
        current.committed_amount, current.committed_on = amount, on
    else:
        if amount > current.committed_amount:
            raise ValidationError(
                {"amount": _("The amount disbursed cannot exceed the amount committed.")}
            )
        if on < current.committed_on:
            raise ValidationError({"on": _("A disbursement cannot come before its commitment.")})
        current.disbursed_amount, current.disbursed_on = amount, on
    current.status = target
    current.verified_at = None
    current.verified_by = None
    current.version += 1
    current.save()
    return current


@changes_data("investments")
@transaction.atomic
def verify_commitment(*, commitment, by, version) -> Commitment:
    """Confirm a commitment's current stage: from now on it counts in public figures.

    Refuses a stale `version`: the secretariat verifies the stage it saw, not one recorded since.
    """
    current = lock_version(commitment, expected_version=version)
    if current.verified_at is not None:
        raise IllegalTransition(_("This commitment is already verified."))
    current.verified_at = timezone.now()
    current.verified_by = by
    current.version += 1
    current.save(update_fields=["verified_at", "verified_by", "version", "updated_at"])
    return current
