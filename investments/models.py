"""Investment plans, their ranked priorities, commitments of support and the exchange rates.

Money rules (the same everywhere, pages and API; docs/money.md):
- every amount is a `Decimal` stored with its ISO 4217 currency, never a float;
- an amount converts to USD with the annual average rate of *its* year: a priority's cost for
  year Y with the plan currency's rate of Y; a commitment with the rate of its `year` for its
  currency (and, to express it in the plan currency, with the plan currency's rate of that year);
- a year after the last published rate *of that currency* takes the currency's latest published
  rate, and the converted amount is **provisional** (`rate_year` says which year's rate, the
  `*_provisional` flags and counts say so); publishing the year's rate replaces it. The US dollar
  is the unit: its rate is 1 in every year, never provisional;
- each converted row is rounded to the cent (half away from zero) before it is summed, so totals
  are the sums of what the rows show and agree whatever the grouping;
- a missing rate (a year before the currency's first published one, a gap between published
  years, a currency without rates) is never 1 or 0: the row is left out of the USD totals and
  counted in `*_rates_missing`, which pages and the API show as "rate missing".
- the funding gap is cost − committed (and cost − disbursed); it is negative when a plan or a
  priority is over-funded, never clamped, so gaps add up across groupings.
On PostgreSQL the database applies the rule once (`investments_rate_of()` in
`migrations/_money_sql.py`) and stores every commitment's and cost's conversion
(`CommitmentConversion`, `PriorityCostConversion`) and every plan's and priority's totals
(`PlanFigures`, `PriorityFigures`): readers read columns. `with_computed_conversions()` and
`PriorityCostQuerySet.with_computed_usd()` are the same rule in the ORM (the embedded SQLite
default, and the tests' check of the stored rows).
Only approved plans and verified commitments count in public figures.
"""

from contextlib import contextmanager
from decimal import Decimal
from functools import cache

from babel.numbers import list_currencies
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least, Round
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import compiled, input_limits
from gidh_portal.audit import track_changes, track_links
from gidh_portal.compiled import compiled_rows, compiled_value
from gidh_portal.response_cache import cached_under_versions
from members import permissions as member_permissions
from members.models import GdhmComponent, MemberState, Organization
from members.workflow import Reviewable, ReviewStatus
from resources.models import DigitalHealthIntervention

MONEY = {"max_digits": 18, "decimal_places": 2}
# A commitment's amounts are positive (the database checks it too); a cost may be zero.
POSITIVE_AMOUNT = [MinValueValidator(Decimal("0.01"))]
RATE = {"max_digits": 30, "decimal_places": 15}
ZERO = Decimal("0.00")
FIRST_YEAR = 2000
LAST_YEAR = 2100
USD = "USD"

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter an ISO 4217 currency code: three capital letters, e.g. KES.")
)
# Current and historic ISO 4217 codes, from CLDR (babel): "ZZZ" has the shape but is no currency.
ISO_4217_CODES = frozenset(list_currencies())


def validate_currency_code(value):
    """Refuse anything but a known ISO 4217 code (upper-cased first, as the services do)."""
    if str(value).upper() not in ISO_4217_CODES:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (e.g. KES, USD, EUR)."),
            code="unknown_currency",
            params={"code": value},
        )


def _money(expression):
    return ExpressionWrapper(expression, output_field=DecimalField(**MONEY))


def _zero():
    return Value(ZERO, output_field=DecimalField(**MONEY))


def _provisional(condition):
    """True where `condition` holds, false otherwise (also where a rate is missing)."""
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def rate_of(currency_ref, year_ref, *, column="units_per_usd"):
    """The rate (or, `column="year"`, the year of the rate) converting the outer row's
    (currency, year), or NULL if missing: the rule of `investments_rate_of()` in the ORM.

    The rate of the year when published; past the currency's latest published year, the latest
    one (provisional: its year is earlier than the row's); the US dollar is 1 in every year.
    """
    # OuterRef("currency") is the rate row's own currency: the same as the outer row's.
    latest = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"))
        .order_by("-year")
        .values("year")[:1]
    )
    published = Subquery(
        ExchangeRate.objects.filter(
            currency=OuterRef(currency_ref), year=Least(OuterRef(year_ref), Subquery(latest))
        )
        .order_by()
        .values(column),
        output_field=IntegerField() if column == "year" else DecimalField(**RATE),
    )
    unit = F(year_ref) if column == "year" else Value(Decimal(1), DecimalField(**RATE))
    return Case(When(**{currency_ref: USD}, then=unit), default=published)


class ExchangeRate(models.Model):
    """Annual average units of `currency` per US dollar (World Bank WDI, editable in the admin)."""

    # The limits of a rate, declared once: the admin's form, the rates loader (the CSV's rows go
    # through `ExchangeRateForm`) and the database constraints below enforce these.
    currency = input_limits.CharField(
        _("currency"),
        max_length=3,
        validators=[currency_validator, validate_currency_code],
        help_text=_("ISO 4217 code in capitals, e.g. KES."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year the rate is the annual average of, e.g. 2026."),
    )
    units_per_usd = models.DecimalField(
        _("units per US dollar"),
        **RATE,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text=_("Units of the currency one US dollar buys, a positive decimal, e.g. 129.53."),
    )
    source = input_limits.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where the rate comes from, e.g. WDI/2027-07-01/KEN."),
    )

    class Meta:
        ordering = ["currency", "year"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        # The admin lists a year's rates; a currency's latest year (the rule's fallback) is
        # read on the unique (currency, year) index.
        indexes = [models.Index(fields=["year"], name="exchange_rate_year")]
        constraints = [
            models.UniqueConstraint(fields=["currency", "year"], name="exchange_rate_unique"),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="exchange_rate_currency"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="exchange_rate_year_plausible",
            ),
            models.CheckConstraint(
                condition=~Q(currency=USD) | Q(units_per_usd=1),
                name="exchange_rate_usd_is_one",
                violation_error_message=_(
                    "The US dollar is the unit: its rate is 1 in every year."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.year}: {self.units_per_usd}"


class FiguresMixin:
    """cost − disbursed, from the figures `with_totals()` annotates (each SQL expression of an
    annotation referring to others repeats their subqueries, so these two stay in Python)."""

    @property
    def undisbursed_gap(self):
        return self.cost - self.disbursed

    @property
    def undisbursed_gap_usd(self):
        return self.cost_usd - self.disbursed_usd


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
        """Annotate cost, committed, disbursed and gaps in plan currency and USD (database-side)."""
        if figures_are_stored():
            return self.annotate(**_stored_annotations())
        return self.with_computed_totals()

    def with_stored_figures(self):
        """`with_totals()` for the page of one plan, read with `plan_totals(plan)`: on PostgreSQL
        the stored figures row is joined (`select_related`, a fraction of the compilation time
        of the annotations, which cost more than the query); elsewhere the computed figures."""
        if figures_are_stored():
            return self.select_related("figures")
        return self.with_computed_totals()

    def listing_values(self):
        """The API list's rows as plain values (no model instances), on `with_totals()`:
        `plan_list_data()` turns them into what `InvestmentPlanSerializer` gives."""
        undisbursed = {
            "undisbursed_gap": _money(F("cost") - F("disbursed")),
            "undisbursed_gap_usd": _money(F("cost_usd") - F("disbursed_usd")),
        }
        return self.values(
            *PLAN_LISTING_FIELDS, **amounts_as_text(PLAN_LISTING_AMOUNTS, undisbursed)
        )

    def with_computed_totals(self):
        """The same figures computed from every cost and commitment (the stored figures' rule)."""
        costs = PriorityCost.objects.filter(priority__plan=OuterRef("pk")).with_computed_usd()
        commitments = Commitment.objects.filter(plan=OuterRef("pk")).public()
        commitments = commitments.with_computed_conversions()
        return self.annotate(**_total_annotations(costs, commitments, "priority__plan", "plan"))


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


USD_TOTAL_NAMES = (
    "cost_usd",
    "committed_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)


class PriorityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(plan__status=ReviewStatus.APPROVED)

    def with_totals(self):
        """Annotate each priority's cost, committed, disbursed and gaps (plan currency and USD)."""
        if figures_are_stored():
            return self.annotate(**_stored_annotations())
        return self.with_computed_totals()

    def with_computed_totals(self):
        """The same figures computed from every cost and commitment (the stored figures' rule)."""
        costs = PriorityCost.objects.filter(priority=OuterRef("pk")).with_computed_usd()
        commitments = Commitment.objects.filter(priority=OuterRef("pk")).public()
        commitments = commitments.with_computed_conversions()
        return self.annotate(**_total_annotations(costs, commitments, "priority", "priority"))

    def with_usd_totals(self):
        """The USD figures only (cost, committed, gap): fewer subqueries for long lists."""
        if figures_are_stored():
            stored = _stored_annotations()
            return self.annotate(
                **{name: stored[name] for name in USD_TOTAL_NAMES}, gap_usd=stored["gap_usd"]
            )
        costs = PriorityCost.objects.filter(priority=OuterRef("pk")).with_usd()
        commitments = Commitment.objects.filter(priority=OuterRef("pk")).counted()
        annotations = _total_annotations(costs, commitments, "priority", "priority")
        return self.annotate(**{name: annotations[name] for name in (*USD_TOTAL_NAMES, "gap_usd")})

    def needing_funds(self, *, minimum_gap_usd=None):
        """Published priorities whose USD gap is positive (or at least `minimum_gap_usd`)."""
        queryset = self.published().with_usd_totals()
        threshold = minimum_gap_usd if minimum_gap_usd is not None else Decimal("0.01")
        return queryset.filter(gap_usd__gte=threshold)


@track_changes()
class Priority(FiguresMixin, models.Model):
    """A ranked priority of an investment plan, costed per year in the plan currency."""

    plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("plan")
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
        """Annotate `rate` (plan currency, cost year; NULL: missing), `rate_year` (the year of
        that rate), `rate_provisional` (an earlier year's rate) and `amount_usd` (NULL when the
        rate is missing): the stored conversion on PostgreSQL."""
        if not figures_are_stored():
            return self.with_computed_usd()
        return self.annotate(**{name: F(f"conversion__{name}") for name in COST_CONVERSION_NAMES})

    def with_computed_usd(self):
        """`with_usd()` converted by the ORM with the money rule (`rate_of`)."""
        return self.annotate(
            rate=rate_of("priority__plan__currency", "year"),
            rate_year=rate_of("priority__plan__currency", "year", column="year"),
            rate_provisional=_provisional(Q(rate_year__lt=F("year"))),
            amount_usd=_money(Round(F("amount") / F("rate"), 2)),
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


class CommitmentQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)

    def public(self):
        """Verified commitments to approved plans: what public figures count."""
        return self.verified().filter(plan__status=ReviewStatus.APPROVED)

    def visible_to(self, user):
        """Public commitments; the secretariat sees all, an organization's members and the
        plan country's focal points also see their unverified ones."""
        if member_permissions.is_secretariat(user):
            return self
        public = Q(verified_at__isnull=False, plan__status=ReviewStatus.APPROVED)
        if user is not None and user.is_authenticated and user.is_active:
            if user.organization_id:
                return self.filter(public | Q(organization=user.organization_id))
            if user.member_state_id:
                return self.filter(public | Q(plan__member_state=user.member_state_id))
        return self.filter(public)

    def counted(self):
        """Public commitments annotated with their committed/disbursed amounts in USD and in the
        plan currency (NULL where a rate is missing)."""
        return self.public().with_conversions()

    def with_conversions(self):
        """Annotate each commitment's conversion (`CONVERSION_NAMES`): its rates and their
        years, whether they are provisional, its amounts in USD and in the plan currency (NULL
        where a rate is missing). The stored conversion on PostgreSQL (one join)."""
        if not figures_are_stored():
            return self.with_computed_conversions()
        return self.annotate(**{name: F(f"conversion__{name}") for name in CONVERSION_NAMES})

    def with_computed_conversions(self):
        """`with_conversions()` converted by the ORM with the money rule (`rate_of`)."""
        committed = Coalesce(F("committed_amount"), _zero())
        disbursed = Coalesce(F("disbursed_amount"), _zero())
        same_currency = Q(currency=F("plan__currency"))
        to_plan = F("plan_rate") / F("rate")
        return self.annotate(
            rate=rate_of("currency", "year"),
            rate_year=rate_of("currency", "year", column="year"),
            plan_rate=rate_of("plan__currency", "year"),
            plan_rate_year=rate_of("plan__currency", "year", column="year"),
            rate_provisional=_provisional(Q(rate_year__lt=F("year"))),
            plan_rate_provisional=_provisional(
                ~same_currency & (Q(rate_year__lt=F("year")) | Q(plan_rate_year__lt=F("year")))
            ),
            pledged_usd=_money(Round(F("pledged_amount") / F("rate"), 2)),
            committed_usd=_money(Round(committed / F("rate"), 2)),
            disbursed_usd=_money(Round(disbursed / F("rate"), 2)),
            committed_plan=_money(
                Case(
                    When(same_currency, then=committed),
                    default=Round(committed * to_plan, 2),
                )
            ),
            disbursed_plan=_money(
                Case(
                    When(same_currency, then=disbursed),
                    default=Round(disbursed * to_plan, 2),
                )
            ),
        )

    def for_listing(self):
        return self.select_related(
            "plan__member_state__who_region", "priority__component", "organization"
        ).with_conversions()

    def listing_values(self):
        """The API list's rows as plain values (no model instances), on `with_conversions()`:
        `commitment_list_data()` turns them into what `CommitmentSerializer` gives."""
        return self.values(*LISTING_FIELDS, **amounts_as_text(LISTING_AMOUNTS))


# What `with_conversions()` annotates: the columns of `CommitmentConversion`.
CONVERSION_NAMES = (
    "rate",
    "rate_year",
    "plan_rate",
    "plan_rate_year",
    "rate_provisional",
    "plan_rate_provisional",
    "pledged_usd",
    "committed_usd",
    "disbursed_usd",
    "committed_plan",
    "disbursed_plan",
)


def amounts_as_text(names, expressions=None):
    """`<name>_text`: each amount (a field, an annotation or one of `expressions`) as text.
    PostgreSQL writes a numeric at its scale, the cent for money: the text the API's money
    fields give, without a Decimal built, converted and formatted per amount."""
    expressions = expressions or {}
    return {
        f"{name}_text": Cast(expressions.get(name, F(name)), output_field=models.TextField())
        for name in names
    }


PLAN_LISTING_FIELDS = (
    "pk",
    "member_state_id",
    "member_state__name_en",
    "member_state__name_fr",
    "member_state__who_region_id",
    "title",
    "start_year",
    "end_year",
    "currency",
    "strategy_url",
    "status",
    "version",
    "updated_at",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)

PLAN_LISTING_AMOUNTS = (
    "cost",
    "committed",
    "disbursed",
    "gap",
    "undisbursed_gap",
    "cost_usd",
    "committed_usd",
    "disbursed_usd",
    "gap_usd",
    "undisbursed_gap_usd",
)

LISTING_FIELDS = (
    "pk",
    "plan_id",
    "plan__member_state_id",
    "plan__member_state__name_en",
    "plan__member_state__name_fr",
    "plan__currency",
    "priority_id",
    "priority__title",
    "organization_id",
    "organization__name",
    "organization__acronym",
    "kind",
    "in_kind_type",
    "description",
    "currency",
    "year",
    "status",
    "version",
    "pledged_on",
    "committed_on",
    "disbursed_on",
    # Not `rate` and `plan_rate`: whether one is missing shows in the converted amounts
    # (`commitment_list_data`).
    "rate_year",
    "rate_provisional",
    "plan_rate_provisional",
    "verified_at",
)

LISTING_AMOUNTS = (
    "pledged_amount",
    "committed_amount",
    "disbursed_amount",
    "pledged_usd",
    "committed_usd",
    "disbursed_usd",
    "committed_plan",
    "disbursed_plan",
)


@track_changes()
class Commitment(models.Model):
    """Support of an organization (or of the government itself) to a plan or one of its
    priorities, in cash or in kind, moving pledged → committed → disbursed."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")

    class InKindType(models.TextChoices):
        PERSONNEL = "personnel", _("People (personnel)")
        TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
        EQUIPMENT = "equipment", _("Equipment")
        SOFTWARE = "software", _("Software")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        COMMITTED = "committed", _("Committed")
        DISBURSED = "disbursed", _("Disbursed")

    NEXT_STATUS = {Status.PLEDGED: Status.COMMITTED, Status.COMMITTED: Status.DISBURSED}

    plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("plan")
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("priority"),
        help_text=_("Leave empty for support to the plan as a whole."),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("organization"),
        help_text=_("Empty for domestic funding by the national government."),
    )
    kind = input_limits.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    in_kind_type = input_limits.CharField(
        _("type of in-kind support"), max_length=24, choices=InKindType.choices, blank=True
    )
    description = input_limits.TextField(
        _("description"),
        blank=True,
        max_length=input_limits.LONG_TEXT,
        help_text=_("Required for in-kind support: what is provided (people, assistance…)."),
    )
    currency = input_limits.CharField(
        _("currency"), max_length=3, validators=[currency_validator, validate_currency_code]
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=input_limits.year_range(FIRST_YEAR, LAST_YEAR),
        help_text=_("The amounts convert to US dollars with this year's average exchange rate."),
    )
    status = input_limits.CharField(
        _("stage"), max_length=10, choices=Status.choices, default=Status.PLEDGED, db_index=True
    )
    pledged_amount = models.DecimalField(_("amount pledged"), **MONEY, validators=POSITIVE_AMOUNT)
    pledged_on = models.DateField(_("pledged on"))
    committed_amount = models.DecimalField(
        _("amount committed"), **MONEY, null=True, blank=True, validators=POSITIVE_AMOUNT
    )
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    disbursed_amount = models.DecimalField(
        _("amount disbursed"), **MONEY, null=True, blank=True, validators=POSITIVE_AMOUNT
    )
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Goes up by one at every change; an edit must name the version it is based on."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-pledged_on", "-pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["currency", "year"]),
            # The API's and the pages' default order: a page of the newest without a sort.
            models.Index(fields=["-pledged_on", "-id"], name="commitment_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(pledged_amount__gt=0), name="commitment_pledged"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="commitment_currency"
            ),
            models.CheckConstraint(
                condition=Q(status="pledged")
                | Q(committed_amount__gt=0, committed_on__isnull=False),
                name="commitment_committed_stage",
            ),
            models.CheckConstraint(
                condition=~Q(status="disbursed")
                | Q(disbursed_amount__gt=0, disbursed_on__isnull=False),
                name="commitment_disbursed_stage",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_amount__isnull=True)
                | Q(disbursed_amount__lte=F("committed_amount")),
                name="commitment_disbursed_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(kind="cash", in_kind_type="") | Q(kind="in_kind") & ~Q(description=""),
                name="commitment_in_kind_described",
            ),
        ]

    def __str__(self):
        return f"{self.source_name}: {self.pledged_amount} {self.currency} ({self.year})"

    def get_absolute_url(self):
        return reverse("investments:commitment-detail", kwargs={"pk": self.pk})

    @property
    def is_domestic(self):
        return self.organization_id is None

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def source_name(self):
        if self.organization_id is None:
            return _("Government of %(country)s (domestic funding)") % {
                "country": self.plan.member_state.name
            }
        return str(self.organization)

    @property
    def next_status(self):
        return self.NEXT_STATUS.get(self.status)

    @property
    def current_amount(self):
        return {
            self.Status.PLEDGED: self.pledged_amount,
            self.Status.COMMITTED: self.committed_amount,
            self.Status.DISBURSED: self.disbursed_amount,
        }[self.status]


class Figures(models.Model):
    """Stored totals of public figures, kept exact by database triggers (migration
    `0006_stored_figures`): every insert, update or delete of a plan, priority, priority cost,
    commitment or exchange rate recomputes the figures of the plans it touches (all plans for
    an exchange rate) in the same transaction, with the money rules above (each converted row
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

    class Meta:
        verbose_name = _("priority figures")
        verbose_name_plural = _("priority figures")

    def __str__(self):
        return f"{self.priority_id}: {self.cost} − {self.committed}"


class CommitmentConversion(models.Model):
    """A commitment's conversion, kept by the database (migration `0014_stored_conversions`):
    every write of a plan, priority, cost, commitment or exchange rate re-derives the
    conversions of the plans it touches, with the money rule of the module docstring, before
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


def figures_are_stored():
    """PostgreSQL keeps `PlanFigures` and `PriorityFigures` with triggers; the embedded SQLite
    default (demo only) has no triggers and computes the figures per request."""
    return connection.vendor == "postgresql"


@contextmanager
def figures_refreshed_once():
    """Inside a transaction: the figures triggers leave the stored figures alone, and every plan
    is refreshed once at the end. For bulk loaders whose batches touch most plans (each batch
    would otherwise recompute them all)."""
    if not figures_are_stored():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL gidh.defer_figures = 'on'")
        yield
        cursor.execute("SET LOCAL gidh.defer_figures = 'off'")
        cursor.execute(
            "SELECT investments_refresh_figures(ARRAY(SELECT id FROM investments_investmentplan))"
        )


def public_commitment_count():
    """The number of public commitments (verified, to approved plans), from the stored figures."""

    def count():
        total = PlanFigures.objects.filter(plan__status=ReviewStatus.APPROVED).aggregate(
            total=Coalesce(Sum("commitment_count"), Value(0))
        )
        return total["total"]

    return compiled_value(("public-commitment-count",), count)


def cached_public_commitment_count():
    """`public_commitment_count()` kept in the shared cache (Redis) under the investments data
    version, which the services bump after every committed write (the admin bumps them all):
    a verification or an approval shows at the next request. Only while the versions are
    bumped (`versioned_caches_on()`); one round trip instead of a sum over every plan."""
    return cached_under_versions(
        "public-commitment-count",
        ("investments",),
        public_commitment_count,
        PUBLIC_COUNT_CACHE_SECONDS,
    )


# Bounds an entry only: the key's versions change with every write.
PUBLIC_COUNT_CACHE_SECONDS = 24 * 3600


@cache
def public_commitment_count_in_query():
    """`public_commitment_count()` as a scalar sub-query, for the list's page to carry it (built
    once per process: building it took as long as running it)."""
    total = Coalesce(Func(F("commitment_count"), function="SUM"), Value(0))
    figures = PlanFigures.objects.filter(plan__status=ReviewStatus.APPROVED).order_by()
    return Subquery(figures.values(total=total), output_field=IntegerField())


@cache
def public_plan_count_in_query():
    """The number of public plans as a scalar sub-query, for the list's page to carry it (built
    once per process, as the commitments')."""
    plans = InvestmentPlan.objects.published().order_by()
    total = Func(F("pk"), function="COUNT")
    return Subquery(plans.values(total=total), output_field=IntegerField())


def plan_totals(plan):
    """The figures `with_totals()` annotates (cost, committed, disbursed, gaps in the plan
    currency and USD, rates missing) as a dict, for a plan from `with_stored_figures()`."""
    if figures_are_stored():
        figures = getattr(plan, "figures", None)  # None: no stored row (yet), as Coalesce
        totals = {
            name: getattr(figures, name) if figures else (0 if name in COUNT_NAMES else ZERO)
            for name in FIGURE_NAMES
        }
    else:
        totals = {name: getattr(plan, name) for name in FIGURE_NAMES}
    totals["gap"] = totals["cost"] - totals["committed"]
    totals["gap_usd"] = totals["cost_usd"] - totals["committed_usd"]
    return totals


# The plan page's rows as plain values: PostgreSQL reads them in two statements (the stored
# figures, the stored conversions and the per-year costs in SQL, no ORM compilation, which cost
# more than the queries; prepared once per database session: planning them took 0.3 and
# 0.15 ms); elsewhere the QuerySets give the same rows (a test compares the two).
# The commitments' lookups are LATERAL ... LIMIT 1 so that each is an index probe per row: as
# plain joins the planner hashes the whole organizations table.
PLAN_PRIORITIES_SQL = """
SELECT r.id, r.rank, r.title, r.implementing_agency, r.description,
       g.number, g.name_en, g.name_fr,
       COALESCE(f.cost, 0.00), COALESCE(f.committed, 0.00), COALESCE(f.disbursed, 0.00),
       COALESCE(f.cost_usd, 0.00), COALESCE(f.committed_usd, 0.00),
       COALESCE(f.cost_rates_missing, 0), COALESCE(f.commitment_rates_missing, 0),
       COALESCE(f.cost_rates_provisional, 0), COALESCE(f.commitment_rates_provisional, 0),
       COALESCE(v.codes, '{}'), COALESCE(v.labels, '{}'),
       COALESCE(k.years, '{}'), COALESCE(k.amounts, '{}'), COALESCE(k.missing, '{}'),
       COALESCE(k.provisional, '{}')
FROM investments_priority r
JOIN members_gdhmcomponent g ON g.number = r.component_id
LEFT JOIN investments_priorityfigures f ON f.priority_id = r.id
LEFT JOIN LATERAL (
    SELECT array_agg(i.code ORDER BY i.version, i.sort_key, i.id) AS codes,
           array_agg(i.label ORDER BY i.version, i.sort_key, i.id) AS labels
    FROM investments_priority_interventions ri
    JOIN resources_digitalhealthintervention i ON i.id = ri.digitalhealthintervention_id
    WHERE ri.priority_id = r.id
) v ON TRUE
LEFT JOIN LATERAL (
    SELECT array_agg(c.year ORDER BY c.year) AS years,
           array_agg(c.amount ORDER BY c.year) AS amounts,
           array_agg(x.rate IS NULL ORDER BY c.year) AS missing,
           array_agg(CASE WHEN x.rate_provisional THEN x.rate_year END ORDER BY c.year)
               AS provisional
    FROM investments_prioritycost c
    LEFT JOIN investments_prioritycostconversion x ON x.cost_id = c.id
    WHERE c.priority_id = r.id
) k ON TRUE
WHERE r.plan_id = %s
ORDER BY r.rank
"""

PLAN_COMMITMENTS_SQL = """
SELECT c.id, c.organization_id, o.name, o.acronym, r.title, c.kind, c.in_kind_type, c.status,
       c.pledged_amount, c.committed_amount, c.disbursed_amount, c.currency, c.year,
       x.rate, x.committed_usd, x.rate_year, COALESCE(x.rate_provisional, FALSE),
       c.verified_at IS NOT NULL
FROM investments_commitment c
LEFT JOIN LATERAL (
    SELECT name, acronym FROM members_organization WHERE id = c.organization_id LIMIT 1
) o ON TRUE
LEFT JOIN LATERAL (
    SELECT title FROM investments_priority WHERE id = c.priority_id LIMIT 1
) r ON TRUE
LEFT JOIN investments_commitmentconversion x ON x.commitment_id = c.id
WHERE c.plan_id = %s AND {visible}
ORDER BY c.pledged_on DESC, c.id DESC
"""

PRIORITY_ROW_KEYS = (
    "pk",
    "rank",
    "title",
    "implementing_agency",
    "description",
    "component",
    "cost",
    "committed",
    "disbursed",
    "cost_usd",
    "committed_usd",
    "cost_rates_missing",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
    "interventions",
    "costs",
)

COMMITMENT_ROW_KEYS = (
    "pk",
    "organization",
    "priority_title",
    "kind",
    "in_kind_type",
    "status",
    "current_amount",
    "currency",
    "year",
    "rate",
    "committed_usd",
    "rate_year",
    "rate_provisional",
    "is_verified",
)


def plan_page_priorities(plan, *, stored=None):
    """The plan's priorities in rank order as dicts (`PRIORITY_ROW_KEYS`) with their public
    figures in plan currency and USD, their component, their interventions as (code, label) and
    their costs as (year, amount, rate missing, year of the rate if provisional else None)."""
    if stored is None:
        stored = figures_are_stored()
    if not stored:
        return _computed_priority_rows(plan)
    with connection.cursor() as cursor:
        compiled.execute_prepared(
            cursor, "plan-priorities", PLAN_PRIORITIES_SQL, [plan.pk], ["bigint"]
        )  # fmt: skip
        rows = cursor.fetchall()
    components = {}
    result = []
    for (pk, rank, title, agency, description, number, name_en, name_fr, *figures,
         codes, labels, years, amounts, missing, provisional) in rows:  # fmt: skip
        component = components.get(number)
        if component is None:
            component = components[number] = GdhmComponent(
                number=number, name_en=name_en, name_fr=name_fr
            )
        values = (pk, rank, title, agency, description, component, *figures)
        row = dict(zip(PRIORITY_ROW_KEYS, values, strict=False))
        row["interventions"] = list(zip(codes, labels, strict=True))
        row["costs"] = list(zip(years, amounts, missing, provisional, strict=True))
        result.append(row)
    return result


def _computed_priority_rows(plan):
    priorities = (
        Priority.objects.filter(plan=plan)
        .with_totals()
        .select_related("component")
        .prefetch_related(
            "interventions", Prefetch("costs", queryset=PriorityCost.objects.with_usd())
        )
    )
    names = PRIORITY_ROW_KEYS[:-2]
    return [
        {
            **{name: getattr(p, name) for name in names},
            "interventions": [(i.code, i.label) for i in p.interventions.all()],
            "costs": [
                (c.year, c.amount, c.rate is None, c.rate_year if c.rate_provisional else None)
                for c in p.costs.all()
            ],
        }
        for p in priorities
    ]


def plan_page_commitments(plan, user, *, stored=None):
    """The commitments to `plan` that `user` may see (`CommitmentQuerySet.visible_to`), newest
    first, as dicts (`COMMITMENT_ROW_KEYS`): the organization (None for domestic funding), the
    amount of the current stage, the rate of the commitment's currency and year and the
    committed amount in USD (None when the rate is missing)."""
    if stored is None:
        stored = figures_are_stored()
    if not stored:
        return _computed_commitment_rows(plan, user)
    visible, params = _visible_commitments_condition(plan, user)
    with connection.cursor() as cursor:
        compiled.execute_prepared(
            cursor, "plan-commitments", PLAN_COMMITMENTS_SQL.format(visible=visible),
            [plan.pk, *params], ["bigint"] * (1 + len(params)),
        )  # fmt: skip
        rows = cursor.fetchall()
    organizations = {}
    result = []
    for (pk, organization_id, name, acronym, priority_title, kind, in_kind_type, status,
         pledged, committed, disbursed, *rest) in rows:  # fmt: skip
        organization = None
        if organization_id is not None:
            organization = organizations.get(organization_id)
            if organization is None:
                organization = organizations[organization_id] = Organization(
                    pk=organization_id, name=name, acronym=acronym
                )
        amount = {"pledged": pledged, "committed": committed, "disbursed": disbursed}[status]
        values = (pk, organization, priority_title, kind, in_kind_type, status, amount, *rest)
        result.append(dict(zip(COMMITMENT_ROW_KEYS, values, strict=True)))
    return result


def _visible_commitments_condition(plan, user):
    """`CommitmentQuerySet.visible_to(user)` for the commitments of one plan, as SQL on
    `investments_commitment c` (the plan's status and country are known)."""
    if member_permissions.is_secretariat(user):
        return "TRUE", []
    public = "c.verified_at IS NOT NULL" if plan.status == ReviewStatus.APPROVED else "FALSE"
    if user is not None and user.is_authenticated and user.is_active:
        if user.organization_id:
            return f"({public} OR c.organization_id = %s)", [user.organization_id]
        if user.member_state_id:
            return ("TRUE" if plan.member_state_id == user.member_state_id else public), []
    return public, []


def _computed_commitment_rows(plan, user):
    commitments = (
        Commitment.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("organization", "priority")
        .with_conversions()
    )
    return [
        {
            "pk": c.pk,
            "organization": c.organization,
            "priority_title": c.priority.title if c.priority_id else None,
            "kind": c.kind,
            "in_kind_type": c.in_kind_type,
            "status": c.status,
            "current_amount": c.current_amount,
            "currency": c.currency,
            "year": c.year,
            "rate": c.rate,
            "committed_usd": c.committed_usd,
            "rate_year": c.rate_year,
            "rate_provisional": c.rate_provisional,
            "is_verified": c.is_verified,
        }
        for c in commitments
    ]


FIGURE_NAMES = (
    "cost",
    "cost_usd",
    "cost_rates_missing",
    "committed",
    "committed_usd",
    "disbursed",
    "disbursed_usd",
    "commitment_rates_missing",
    "cost_rates_provisional",
    "commitment_rates_provisional",
)
# The counts among the figures (the others are amounts).
COUNT_NAMES = frozenset(name for name in FIGURE_NAMES if name.endswith(("missing", "provisional")))


def _stored_annotations(prefix="figures__"):
    annotations = {}
    for name in FIGURE_NAMES:
        default = Value(0) if name in COUNT_NAMES else _zero()
        annotations[name] = Coalesce(F(prefix + name), default)
    annotations["gap"] = _money(F("cost") - F("committed"))
    annotations["gap_usd"] = _money(F("cost_usd") - F("committed_usd"))
    return annotations


def _sum_subquery(queryset, group_field, field):
    return Coalesce(
        Subquery(
            queryset.values(group_field).annotate(total=Sum(field)).values("total")[:1],
            output_field=DecimalField(**MONEY),
        ),
        _zero(),
    )


def _count_subquery(queryset, group_field, condition):
    return Coalesce(
        Subquery(
            queryset.filter(condition)
            .values(group_field)
            .annotate(total=Count("pk"))
            .values("total")[:1],
            output_field=models.IntegerField(),
        ),
        Value(0),
    )


def _total_annotations(costs, commitments, cost_group, commitment_group):
    """Correlated subqueries that sum a plan's or a priority's costs and commitments."""
    return {
        "cost": _sum_subquery(costs, cost_group, "amount"),
        "cost_usd": _sum_subquery(costs, cost_group, "amount_usd"),
        "cost_rates_missing": _count_subquery(costs, cost_group, Q(rate__isnull=True)),
        "committed": _sum_subquery(commitments, commitment_group, "committed_plan"),
        "committed_usd": _sum_subquery(commitments, commitment_group, "committed_usd"),
        "disbursed": _sum_subquery(commitments, commitment_group, "disbursed_plan"),
        "disbursed_usd": _sum_subquery(commitments, commitment_group, "disbursed_usd"),
        "commitment_rates_missing": _count_subquery(
            commitments, commitment_group, Q(rate__isnull=True) | Q(plan_rate__isnull=True)
        ),
        "cost_rates_provisional": _count_subquery(costs, cost_group, Q(rate_provisional=True)),
        "commitment_rates_provisional": _count_subquery(
            commitments,
            commitment_group,
            Q(rate_provisional=True) | Q(plan_rate_provisional=True),
        ),
        "gap": _money(F("cost") - F("committed")),
        "gap_usd": _money(F("cost_usd") - F("committed_usd")),
    }


FUNDING_GAP_GROUPS = {
    # group_by: (key on PriorityCost, key on Commitment)
    "region": ("priority__plan__member_state__who_region", "plan__member_state__who_region"),
    "component": ("priority__component", "priority__component"),
    "member_state": ("priority__plan__member_state", "plan__member_state"),
    "global": (None, None),
    # Country × component in one query: transparency reports add these rows up per country,
    # region and component instead of calling funding_gaps() once per grouping.
    "member_state_component": (
        ("priority__plan__member_state", "priority__component"),
        ("plan__member_state", "priority__component"),
    ),
}


def funding_gaps(group_by, *, cost_filter=None, commitment_filter=None):
    """Public cost, committed, disbursed and gap in USD per group, as two database aggregates.

    Returns `{key: {...}}` where key is the group's primary key (None for commitments to a plan
    as a whole when grouping by component). The rows add up to the global totals exactly.
    """
    unfiltered = cost_filter is None and commitment_filter is None
    if unfiltered and group_by in STORED_GROUPS and figures_are_stored():
        return _stored_funding_gaps(group_by)
    cost_key, commitment_key = FUNDING_GAP_GROUPS[group_by]
    costs = PriorityCost.objects.filter(priority__plan__status=ReviewStatus.APPROVED).with_usd()
    commitments = Commitment.objects.counted()
    if cost_filter is not None:
        costs = costs.filter(cost_filter)
    if commitment_filter is not None:
        commitments = commitments.filter(commitment_filter)
    cost_rows = _grouped(
        costs,
        cost_key,
        cost_usd=Coalesce(Sum("amount_usd"), _zero()),
        cost_rates_missing=Count("pk", filter=Q(rate__isnull=True)),
        cost_rates_provisional=Count("pk", filter=Q(rate_provisional=True)),
    )
    commitment_rows = _grouped(
        commitments,
        commitment_key,
        committed_usd=Coalesce(Sum("committed_usd"), _zero()),
        disbursed_usd=Coalesce(Sum("disbursed_usd"), _zero()),
        commitment_rates_missing=Count("pk", filter=Q(rate__isnull=True)),
        commitment_rates_provisional=Count("pk", filter=Q(rate_provisional=True)),
    )
    empty = {
        "cost_usd": ZERO,
        "committed_usd": ZERO,
        "disbursed_usd": ZERO,
        "cost_rates_missing": 0,
        "commitment_rates_missing": 0,
        "cost_rates_provisional": 0,
        "commitment_rates_provisional": 0,
    }
    result = {}
    for key in [*cost_rows, *(k for k in commitment_rows if k not in cost_rows)]:
        row = {**empty, **cost_rows.get(key, {}), **commitment_rows.get(key, {})}
        row["gap_usd"] = row["cost_usd"] - row["committed_usd"]
        row["undisbursed_gap_usd"] = row["cost_usd"] - row["disbursed_usd"]
        result[key] = row
    return result


STORED_GROUPS = {
    "region": "plan__member_state__who_region",
    "member_state": "plan__member_state",
    "global": None,
    "component": "priority__component",
}


def _stored_funding_gaps(group_by):
    """`funding_gaps()` from the stored figures: a few hundred rows instead of every cost and
    commitment. A group appears when it has costs or commitments, as in the computed version;
    commitments to a plan as a whole are the plans' figures less their priorities'."""
    sums = {
        "cost_usd": Coalesce(Sum("cost_usd"), _zero()),
        "committed_usd": Coalesce(Sum("committed_usd"), _zero()),
        "disbursed_usd": Coalesce(Sum("disbursed_usd"), _zero()),
        "cost_rates_missing": Coalesce(Sum("cost_rates_missing"), Value(0)),
        "commitment_rates_missing": Coalesce(Sum("commitment_usd_rates_missing"), Value(0)),
        "cost_rates_provisional": Coalesce(Sum("cost_rates_provisional"), Value(0)),
        "commitment_rates_provisional": Coalesce(Sum("commitment_usd_rates_provisional"), Value(0)),
        "cost_count": Coalesce(Sum("cost_count"), Value(0)),
        "commitment_count": Coalesce(Sum("commitment_count"), Value(0)),
    }
    approved = Q(plan__status=ReviewStatus.APPROVED)
    plans = PlanFigures.objects.filter(approved)
    if group_by == "component":
        groups = _grouped(
            PriorityFigures.objects.filter(approved),
            STORED_GROUPS[group_by],
            compiled=("stored-funding-gaps", group_by),
            **sums,
        )
        whole = _grouped(plans, None, **sums)[None]
        unallocated = {
            name: whole[name] - sum(row[name] for row in groups.values()) for name in sums
        }
        groups[None] = unallocated
    else:
        groups = _grouped(
            plans, STORED_GROUPS[group_by], compiled=("stored-funding-gaps", group_by), **sums
        )
    result = {}
    for key, row in groups.items():
        counted = row.pop("cost_count") + row.pop("commitment_count")
        if not counted and key is not None:
            continue
        if not counted and group_by == "component":
            continue  # no commitment to a plan as a whole
        row["gap_usd"] = row["cost_usd"] - row["committed_usd"]
        row["undisbursed_gap_usd"] = row["cost_usd"] - row["disbursed_usd"]
        result[key] = row
    return result


def _grouped(queryset, key, *, compiled=None, **aggregates):
    """`compiled`: a key naming the SQL (the same for every call with it) to compile it once
    per process (`gidh_portal.compiled`) instead of at every call."""
    # Aggregate under other names than the annotations they sum (Django would confuse them).
    renamed = {f"total_{name}": expression for name, expression in aggregates.items()}
    if key is None:
        return {None: _unprefixed(queryset.aggregate(**renamed))}
    if isinstance(key, tuple):
        rows = queryset.order_by().values(*key).annotate(**renamed)
        return {tuple(row.pop(part) for part in key): _unprefixed(row) for row in rows}
    if compiled is not None:
        rows = compiled_rows(
            compiled, lambda: queryset.order_by().values(key).annotate(**renamed), queryset.db
        )
    else:
        rows = queryset.order_by().values(key).annotate(**renamed)
    return {row.pop(key): _unprefixed(row) for row in rows}


def _unprefixed(row):
    return {name[len("total_") :]: value for name, value in row.items()}


# ---------------------------------------------------------------------------------------------
# Transparency reports
# ---------------------------------------------------------------------------------------------

GLOBAL_SCOPE = "global"
period_validator = RegexValidator(
    r"^\d{4}-(0[1-9]|1[0-2])$", _("Enter a period as YYYY-MM, e.g. 2026-10.")
)


class TransparencyReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=TransparencyReport.Status.PUBLISHED)

    def visible_to(self, user):
        """Published reports for everyone; drafts only for the secretariat, who reviews them."""
        if member_permissions.is_secretariat(user):
            return self
        return self.published()

    def latest_revisions(self):
        """The latest revision of each (scope, period) among the rows of this QuerySet."""
        later = self.filter(
            scope=OuterRef("scope"), period=OuterRef("period"), revision__gt=OuterRef("revision")
        )
        return self.filter(~models.Exists(later))

    def in_listing_order(self):
        """Newest period first, the global report before the regions."""
        return self.order_by(
            "-period", Case(When(scope=GLOBAL_SCOPE, then=0), default=1), "scope", "-revision"
        )


class TransparencyReport(models.Model):
    """A frozen snapshot of the network's figures for one scope (global or a WHO region) and one
    month. A published revision never changes; a re-run makes a new revision instead."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    scope = input_limits.CharField(
        _("scope"), max_length=6, help_text=_("“global” or a WHO region code, e.g. AFR.")
    )
    period = input_limits.CharField(_("period"), max_length=7, validators=[period_validator])
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    data = models.JSONField(_("figures"))
    generated_at = models.DateTimeField(_("generated"))
    data_cutoff = models.DateTimeField(
        _("data cut-off"), help_text=_("Records dated after this moment are not counted.")
    )
    generator_version = input_limits.CharField(_("generator version"), max_length=20)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    run = models.ForeignKey(
        "ReportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("run"),
    )

    objects = TransparencyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "scope", "-revision"]
        verbose_name = _("transparency report")
        verbose_name_plural = _("transparency reports")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period", "revision"], name="transparency_report_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["scope", "period"],
                condition=Q(status="draft"),
                name="transparency_report_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$"),
                name="transparency_report_period_format",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="transparency_report_published_at",
            ),
        ]

    def __str__(self):
        return f"{self.scope_label} {self.period} (r{self.revision})"

    def get_absolute_url(self):
        return reverse(
            "reports:report-detail",
            kwargs={"scope": self.scope, "period": self.period, "revision": self.revision},
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def scope_label(self):
        if self.scope == GLOBAL_SCOPE:
            return _("Global")
        return self.data.get("scope_name") or self.scope


class ReportRun(models.Model):
    """One generation of a period's reports: who asked, the Celery task, progress and failures."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        ADMIN = "admin", _("Administration")
        COMMAND = "command", _("Command")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Partly failed")
        FAILED = "failed", _("Failed")

    period = input_limits.CharField(_("period"), max_length=7, validators=[period_validator])
    publish = models.BooleanField(
        _("publish"),
        default=False,
        help_text=_("Publish the reports at once; otherwise they stay drafts for review."),
    )
    trigger = input_limits.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    task_id = input_limits.CharField(_("task"), max_length=64, blank=True)
    status = input_limits.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    reports_done = models.PositiveSmallIntegerField(_("reports done"), default=0)
    reports_total = models.PositiveSmallIntegerField(_("reports in total"), default=0)
    failures = models.JSONField(_("failures"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")

    def __str__(self):
        return f"{self.period} ({self.get_status_display()})"


@track_links()
class PriorityInterventionLink(Priority.interventions.through):
    """A CDHI intervention area of a priority, tracked by the audit trail."""

    class Meta:
        proxy = True
