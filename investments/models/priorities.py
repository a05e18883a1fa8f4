"""The ranked priorities of a plan and their costs per year, with their figures."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes, track_links
from members.models import GdhmComponent
from members.workflow import ReviewStatus
from resources.models import DigitalHealthIntervention

from .commitments import Commitment
from .money import MONEY, as_money, true_where
from .rates import rate_of
from .totals import USD_TOTAL_NAMES, FiguresMixin, computed_annotations, stored_annotations


class PriorityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(plan__status=ReviewStatus.APPROVED)

    def with_totals(self):
        """Annotate each priority's stored cost, committed, disbursed and gaps (plan currency
        and USD)."""
        return self.annotate(**stored_annotations())

    def with_computed_totals(self):
        """The same figures computed from every cost and commitment (the stored figures' rule)."""
        costs = PriorityCost.objects.filter(priority=OuterRef("pk")).with_computed_usd()
        commitments = Commitment.objects.filter(priority=OuterRef("pk")).public()
        commitments = commitments.with_computed_conversions()
        return self.annotate(**computed_annotations(costs, commitments, "priority", "priority"))

    def with_usd_totals(self):
        """The USD figures only (cost, committed, gap): fewer columns for long lists."""
        stored = stored_annotations()
        return self.annotate(
            **{name: stored[name] for name in USD_TOTAL_NAMES}, gap_usd=stored["gap_usd"]
        )

    def for_plan_page(self):
        """Each priority's totals, component, interventions (`intervention_list`) and costs
        converted to USD (`cost_list`)."""
        interventions = Prefetch("interventions", to_attr="intervention_list")
        costs = Prefetch("costs", queryset=PriorityCost.objects.with_usd(), to_attr="cost_list")
        return (
            self.with_totals()
            .select_related("component")
            .prefetch_related(interventions, costs)
            .order_by("rank")
        )

    def needing_funds(self, *, minimum_gap_usd=None):
        """Published priorities whose USD gap is positive (or at least `minimum_gap_usd`)."""
        queryset = self.published().with_usd_totals()
        threshold = minimum_gap_usd if minimum_gap_usd is not None else Decimal("0.01")
        return queryset.filter(gap_usd__gte=threshold)


@track_changes()
class Priority(FiguresMixin, models.Model):
    """A ranked priority of an investment plan, costed per year in the plan currency."""

    plan = models.ForeignKey(
        "InvestmentPlan",
        on_delete=models.CASCADE,
        related_name="priorities",
        verbose_name=_("plan"),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    title = input_limits.CharField(_("title"), max_length=200)
    component = models.ForeignKey(
        GdhmComponent,
        on_delete=models.PROTECT,
        related_name="investment_priorities",
        verbose_name=_("GDHM component"),
    )
    interventions = models.ManyToManyField(
        DigitalHealthIntervention,
        blank=True,
        related_name="investment_priorities",
        verbose_name=_("CDHI intervention areas"),
    )
    description = input_limits.TextField(
        _("description"), blank=True, max_length=input_limits.LONG_TEXT
    )
    implementing_agency = input_limits.CharField(
        _("implementing agency"), max_length=200, blank=True
    )

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "rank"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["plan", "rank"], name="priority_rank_unique"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.title}"


COST_CONVERSION_NAMES = ("rate", "rate_year", "rate_provisional", "amount_usd")


class PriorityCostQuerySet(models.QuerySet):
    def with_usd(self):
        """Annotate the stored conversion: `rate` (plan currency, cost year; NULL: missing),
        `rate_year` (the year of that rate), `rate_provisional` (an earlier year's rate) and
        `amount_usd` (NULL when the rate is missing)."""
        return self.annotate(**{name: F(f"conversion__{name}") for name in COST_CONVERSION_NAMES})

    def with_computed_usd(self):
        """`with_usd()` converted by the ORM with the money rule (`rate_of`)."""
        return self.annotate(
            rate=rate_of("priority__plan__currency", "year"),
            rate_year=rate_of("priority__plan__currency", "year", column="year"),
            rate_provisional=true_where(Q(rate_year__lt=F("year"))),
            amount_usd=as_money(Round(F("amount") / F("rate"), 2)),
        )


@track_changes()
class PriorityCost(models.Model):
    """The cost of a priority for one year of the plan period, in the plan currency."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="costs", verbose_name=_("priority")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("cost"), **MONEY, validators=[MinValueValidator(Decimal("0"))])

    objects = PriorityCostQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "year"]
        verbose_name = _("priority cost")
        verbose_name_plural = _("priority costs")
        constraints = [
            models.UniqueConstraint(fields=["priority", "year"], name="priority_cost_year_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="priority_cost_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount}"


@track_links()
class PriorityInterventionLink(Priority.interventions.through):
    """A CDHI intervention area of a priority, tracked by the audit trail."""

    class Meta:
        proxy = True
