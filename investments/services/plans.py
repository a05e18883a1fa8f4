"""Creating and editing an investment plan: its period, currency and summary."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import lock_for_edit, save_edit

from ..models import FIRST_YEAR, LAST_YEAR, InvestmentPlan, PriorityCost

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
