"""Figures the database keeps: every conversion and every plan's and priority's totals,
maintained by triggers (migrations `0006_stored_figures`, `0014_stored_conversions`,
`0024_priority_figures_component`)."""

from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from members.models import GdhmComponent

from .commitments import Commitment
from .money import MONEY, RATE, ZERO
from .plans import InvestmentPlan
from .priorities import Priority, PriorityCost


class Figures(models.Model):
    """Stored totals of public figures, kept exact by database triggers (migration
    `0006_stored_figures`): every insert, update or delete of a plan, priority, priority cost,
    commitment or exchange rate recomputes the figures of the plans it touches (all plans for
    an exchange rate) in the same transaction, with the money rules (`money.py`: each converted row
    rounded to the cent, then summed). Bulk and queryset updates are covered as well as the
    services and the admin. The read QuerySets use them instead of converting every row."""

    cost = models.DecimalField(**MONEY, default=ZERO)
    cost_usd = models.DecimalField(**MONEY, default=ZERO)
    cost_rates_missing = models.IntegerField(default=0)
    cost_count = models.IntegerField(default=0)
    committed = models.DecimalField(**MONEY, default=ZERO)
    committed_usd = models.DecimalField(**MONEY, default=ZERO)
    disbursed = models.DecimalField(**MONEY, default=ZERO)
    disbursed_usd = models.DecimalField(**MONEY, default=ZERO)
    # A commitment's rate or its plan currency's rate missing (plan-currency and USD figures)…
    commitment_rates_missing = models.IntegerField(default=0)
    # …and its own currency's rate missing (USD figures only, as `funding_gaps()` counts).
    commitment_usd_rates_missing = models.IntegerField(default=0)
    commitment_count = models.IntegerField(default=0)
    # Converted with an earlier year's rate (past the currency's last published one): counted
    # in the totals, which change when the year's rate is published.
    cost_rates_provisional = models.IntegerField(default=0)
    commitment_rates_provisional = models.IntegerField(default=0)
    commitment_usd_rates_provisional = models.IntegerField(default=0)

    class Meta:
        abstract = True


class PlanFigures(Figures):
    """A plan's stored totals: its priorities' costs and all its public commitments."""

    # No database constraint: the triggers add and remove the rows with their plans.
    plan = models.OneToOneField(
        InvestmentPlan,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="figures",
    )

    class Meta:
        verbose_name = _("plan figures")
        verbose_name_plural = _("plan figures")

    def __str__(self):
        return f"{self.plan_id}: {self.cost} − {self.committed}"


class PriorityFigures(Figures):
    """A priority's stored totals: its costs and the public commitments to it."""

    priority = models.OneToOneField(
        Priority,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="figures",
    )
    plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # The priority's GDHM component, kept with its figures (migration 0024): the funding gaps
    # by component add up 20,000 figures without joining them to their priorities.
    component = models.ForeignKey(
        GdhmComponent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        verbose_name = _("priority figures")
        verbose_name_plural = _("priority figures")

    def __str__(self):
        return f"{self.priority_id}: {self.cost} − {self.committed}"


# Above any amount of `MONEY` (18 digits, 2 decimals): where a missing rate's NULL sorts.
NO_RATE_USD = Decimal("10000000000000000")


def committed_usd_key():
    """A commitment's committed USD amount as lists sort it, without NULL (a missing rate
    sorts above every amount, where PostgreSQL puts NULL): the expression of the index
    `commitment_by_usd`, so that a keyset page compares it."""
    return Coalesce(
        F("committed_usd"),
        Value(NO_RATE_USD),
        output_field=models.DecimalField(max_digits=20, decimal_places=2),
    )


class CommitmentConversion(models.Model):
    """A commitment's conversion, kept by the database (migration `0014_stored_conversions`):
    every write of a plan, priority, cost, commitment or exchange rate re-derives the
    conversions of the plans it touches, with the money rule (`money.py`), before
    their figures. `CommitmentQuerySet.with_conversions()` reads it."""

    commitment = models.OneToOneField(
        Commitment,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="conversion",
    )
    plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    rate = models.DecimalField(**RATE, null=True)
    rate_year = models.PositiveSmallIntegerField(null=True)
    plan_rate = models.DecimalField(**RATE, null=True)
    plan_rate_year = models.PositiveSmallIntegerField(null=True)
    # The USD amounts use an earlier year's rate…
    rate_provisional = models.BooleanField(default=False)
    # …the plan-currency amounts (another currency than the plan's) use one of either currency.
    plan_rate_provisional = models.BooleanField(default=False)
    pledged_usd = models.DecimalField(**MONEY, null=True)
    committed_usd = models.DecimalField(**MONEY, null=True)
    disbursed_usd = models.DecimalField(**MONEY, null=True)
    committed_plan = models.DecimalField(**MONEY, null=True)
    disbursed_plan = models.DecimalField(**MONEY, null=True)

    class Meta:
        verbose_name = _("commitment conversion")
        verbose_name_plural = _("commitment conversions")
        indexes = [
            # The API's commitments by USD: a keyset page is an index scan (`keyset.py`).
            models.Index(committed_usd_key(), "commitment", name="commitment_by_usd"),
        ]

    def __str__(self):
        return f"{self.commitment_id}: {self.committed_usd} USD"


class PriorityCostConversion(models.Model):
    """A priority cost in USD, kept by the database like `CommitmentConversion`."""

    cost = models.OneToOneField(
        PriorityCost,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="conversion",
    )
    plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    rate = models.DecimalField(**RATE, null=True)
    rate_year = models.PositiveSmallIntegerField(null=True)
    rate_provisional = models.BooleanField(default=False)
    amount_usd = models.DecimalField(**MONEY, null=True)

    class Meta:
        verbose_name = _("priority cost conversion")
        verbose_name_plural = _("priority cost conversions")

    def __str__(self):
        return f"{self.cost_id}: {self.amount_usd} USD"


@contextmanager
def figures_refreshed_once():
    """Inside a transaction: the figures triggers leave the stored figures alone, and every plan
    is refreshed once at the end. For bulk loaders whose batches touch most plans (each batch
    would otherwise recompute them all)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL gidh.defer_figures = 'on'")
        yield
        cursor.execute("SET LOCAL gidh.defer_figures = 'off'")
        cursor.execute(
            "SELECT investments_refresh_figures(ARRAY(SELECT id FROM investments_investmentplan))"
        )
