"""Investment plans: a member state's costed national digital health plan, and their figures."""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes
from members import permissions as member_permissions
from members.models import MemberState
from members.workflow import Reviewable, ReviewStatus

from .commitments import Commitment
from .money import FIRST_YEAR, LAST_YEAR, currency_validator, validate_currency_code
from .priorities import PriorityCost
from .totals import FiguresMixin, computed_annotations, stored_annotations


class InvestmentPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def visible_to(self, user):
        """Approved plans for everyone; the secretariat and the country's focal points see all."""
        if member_permissions.is_secretariat(user):
            return self
        if user is not None and user.is_authenticated and user.is_active and user.member_state_id:
            return self.filter(
                Q(status=ReviewStatus.APPROVED) | Q(member_state=user.member_state_id)
            )
        return self.published()

    def filter_year(self, year):
        """Plans whose period includes `year`."""
        return self.filter(start_year__lte=year, end_year__gte=year)

    def with_totals(self):
        """Annotate the stored cost, committed, disbursed and gaps in plan currency and USD."""
        return self.annotate(**stored_annotations())

    def with_computed_totals(self):
        """The same figures computed from every cost and commitment (the stored figures' rule)."""
        costs = PriorityCost.objects.filter(priority__plan=OuterRef("pk")).with_computed_usd()
        commitments = Commitment.objects.filter(plan=OuterRef("pk")).public()
        commitments = commitments.with_computed_conversions()
        annotations = computed_annotations(costs, commitments, "priority__plan", "plan")
        return self.annotate(**annotations)


@track_changes()
class InvestmentPlan(FiguresMixin, Reviewable):
    """A member state's costed national digital health plan for a period, in one currency."""

    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="investment_plans",
        verbose_name=_("member state"),
    )
    title = input_limits.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=input_limits.year_range(FIRST_YEAR, LAST_YEAR)
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=input_limits.year_range(FIRST_YEAR, LAST_YEAR)
    )
    currency = input_limits.CharField(
        _("currency"),
        max_length=3,
        validators=[currency_validator, validate_currency_code],
        help_text=_("ISO 4217 code of the currency in which the plan is costed, e.g. KES."),
    )
    strategy_url = input_limits.URLField(
        _("national digital health strategy"),
        blank=True,
        help_text=_("Link to the published national digital health strategy the plan implements."),
    )
    summary = input_limits.TextField(_("summary"), blank=True, max_length=input_limits.LONG_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InvestmentPlanQuerySet.as_manager()

    class Meta:
        ordering = ["member_state__name_en", "-start_year", "pk"]
        verbose_name = _("investment plan")
        verbose_name_plural = _("investment plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="plan_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR),
                name="plan_period_plausible",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="plan_currency"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_year}–{self.end_year})"

    def get_absolute_url(self):
        return reverse("investments:plan-detail", kwargs={"pk": self.pk})

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))
