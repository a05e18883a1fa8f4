"""Which commitments a caller may see and count, and their conversions to US dollars and to the
plan currency, read from the stored conversion or computed by the ORM."""

from django.db import models
from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import Coalesce, Round

from members import permissions as member_permissions
from members.workflow import ReviewStatus

from .money import ZERO, as_money, true_where, zero_money
from .rates import rate_of

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
        """Annotate each commitment's stored conversion (`CONVERSION_NAMES`, one join): its
        rates and their years, whether they are provisional, its amounts in USD and in the plan
        currency (NULL where a rate is missing)."""
        return self.annotate(**{name: F(f"conversion__{name}") for name in CONVERSION_NAMES})

    def with_computed_conversions(self):
        """`with_conversions()` converted by the ORM with the money rule (`rate_of`): what the
        database's triggers store, which the tests compare."""
        committed = Coalesce(F("committed_amount"), zero_money())
        disbursed = Coalesce(F("disbursed_amount"), zero_money())
        same_currency = Q(currency=F("plan__currency"))
        to_plan = F("plan_rate") / F("rate")
        return self.annotate(
            rate=rate_of("currency", "year"),
            rate_year=rate_of("currency", "year", column="year"),
            plan_rate=rate_of("plan__currency", "year"),
            plan_rate_year=rate_of("plan__currency", "year", column="year"),
            rate_provisional=true_where(Q(rate_year__lt=F("year"))),
            plan_rate_provisional=true_where(
                ~same_currency & (Q(rate_year__lt=F("year")) | Q(plan_rate_year__lt=F("year")))
            ),
            pledged_usd=as_money(Round(F("pledged_amount") / F("rate"), 2)),
            committed_usd=as_money(Round(committed / F("rate"), 2)),
            disbursed_usd=as_money(Round(disbursed / F("rate"), 2)),
            committed_plan=as_money(
                Case(When(same_currency, then=committed), default=Round(committed * to_plan, 2))
            ),
            disbursed_plan=as_money(
                Case(When(same_currency, then=disbursed), default=Round(disbursed * to_plan, 2))
            ),
        )

    def totals_by_partner_and_country(self):
        """Per organization and member state: the number of public commitments, their USD
        committed and disbursed totals, in-kind ones, and rates missing or provisional."""
        return (
            self.counted()
            .order_by()
            .values(
                "organization",
                "organization__name",
                "plan__member_state",
                "plan__member_state__name_en",
            )
            .annotate(
                commitment_count=Count("pk"),
                committed_usd_total=Coalesce(Sum("committed_usd"), ZERO),
                disbursed_usd_total=Coalesce(Sum("disbursed_usd"), ZERO),
                in_kind_count=Count("pk", filter=Q(kind=self.model.Kind.IN_KIND)),
                rates_missing=Count("pk", filter=Q(rate__isnull=True)),
                rates_provisional=Count("pk", filter=Q(rate_provisional=True)),
            )
            .order_by("organization__name", "plan__member_state__name_en")
        )

    def for_listing(self):
        return self.select_related(
            "plan__member_state__who_region", "priority__component", "organization"
        ).with_conversions()

    def for_detail(self):
        """What a commitment's page shows: its plan and member state, priority, organization
        and conversion (one query of the joins it needs: each more join costs PostgreSQL
        planning time)."""
        return self.select_related(
            "plan__member_state", "priority", "organization"
        ).with_conversions()
