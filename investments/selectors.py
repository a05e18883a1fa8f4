"""Reads beyond the models' QuerySet methods: the columns the API's lists declare
(`listed_*`), a plan's priorities for its detail, and the rows of the pages' tables (the
overview's largest gaps, a plan's priorities and commitments, the offers)."""

from django.db.models import BooleanField, DecimalField, ExpressionWrapper, F, Prefetch, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gidh_portal.row_urls import row_url
from members import names
from members.models import member_state_row_name

from .models import (
    MONEY,
    Commitment,
    InvestmentPlan,
    Offer,
    Priority,
    PriorityCost,
)


def _condition(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def listed_commitments(commitments):
    """`commitments` with the columns `CommitmentSerializer` reads beyond the model's: each
    one's conversion (`with_conversions()`), whether it is domestic funding, verified, or lacks
    a rate (its own or its plan currency's). The conversion is an inner join (every commitment
    has one), so that a list sorted by USD can start from the conversions' index."""
    return (
        commitments.with_conversions()
        .filter(conversion__isnull=False)
        .annotate(
            is_domestic=_condition(Q(organization__isnull=True)),
            is_verified=_condition(Q(verified_at__isnull=False)),
            rate_missing=_condition(Q(rate__isnull=True) | Q(plan_rate__isnull=True)),
        )
    )


def listed_plans(plans):
    """`plans` with the columns `InvestmentPlanSerializer` reads beyond the model's: their
    figures (`with_totals()`) and the gaps still to disburse."""
    return plans.with_totals().annotate(
        undisbursed_gap=_money(F("cost") - F("disbursed")),
        undisbursed_gap_usd=_money(F("cost_usd") - F("disbursed_usd")),
    )


def plan_priorities(plan_id):
    """A plan's ranked priorities with their figures, component, interventions and costs."""
    return (
        Priority.objects.filter(plan_id=plan_id)
        .with_totals()
        .select_related("component")
        .prefetch_related(
            "interventions", Prefetch("costs", queryset=PriorityCost.objects.with_usd())
        )
    )


def largest_gap_plans(count):
    """The `count` published plans with the largest USD funding gaps, as the overview lists
    them: plain rows with their member state's name and their link (one query)."""
    rows = (
        InvestmentPlan.objects.published()
        .with_totals()
        .order_by("-gap_usd")
        .values(
            "id",
            "title",
            "start_year",
            "end_year",
            "cost_usd",
            "committed_usd",
            "gap_usd",
            iso3=F("member_state_id"),
            name_en=F("member_state__name_en"),
            name_fr=F("member_state__name_fr"),
        )[:count]
    )
    language = names.language_key(get_language())
    plan_url = row_url("investments:plan-detail", "pk")
    return [
        row
        | {
            "member_state_name": member_state_row_name(row, language),
            "url": plan_url(row["id"]),
        }
        for row in rows
    ]


def plan_page_priorities(plan):
    """The plan page's priorities of `plan` (`for_plan_page()`, three queries) with the links
    of their rows (`matches_url`, `edit_url`), reversed once for all of them."""
    priorities = list(Priority.objects.filter(plan=plan).for_plan_page())
    matches_url = row_url("investments:priority-matches", "pk")
    edit_url = row_url("investments:priority-edit", "priority_pk", pk=plan.pk)
    for priority in priorities:
        priority.matches_url = matches_url(priority.pk)
        priority.edit_url = edit_url(priority.pk)
    return priorities


def commitment_table_rows(commitments):
    """The columns of a plan's commitments table (`_plan_commitments.html`) for `commitments`,
    newest first, as plain rows (shaped by `commitment_table`): one query, no model instance."""
    return (
        commitments.with_conversions()
        .values(
            "id",
            "organization_id",
            "kind",
            "in_kind_type",
            "status",
            "currency",
            "year",
            "pledged_amount",
            "committed_amount",
            "disbursed_amount",
            "verified_at",
            "rate",
            "rate_year",
            "rate_provisional",
            "committed_usd",
            priority_title=F("priority__title"),
            organization_name=F("organization__name"),
            organization_acronym=F("organization__acronym"),
        )
        .order_by("-pledged_on", "-id")
    )


def commitment_table(rows, plan):
    """What the commitments table shows of each of `rows` (`commitment_table_rows()` of
    commitments to `plan`): its link, source, priority, kind, stage and current amount, each
    label translated once per table, not once per row."""
    commitment_url = row_url("investments:commitment-detail", "pk")
    domestic = _("Government of %(country)s (domestic funding)") % {
        "country": plan.member_state.name
    }
    whole_plan = _("The plan as a whole")
    kinds = {value: str(label) for value, label in Commitment.Kind.choices}
    in_kind_types = {value: str(label) for value, label in Commitment.InKindType.choices}
    statuses = {value: str(label) for value, label in Commitment.Status.choices}
    amounts = {
        Commitment.Status.PLEDGED: "pledged_amount",
        Commitment.Status.COMMITTED: "committed_amount",
        Commitment.Status.DISBURSED: "disbursed_amount",
    }
    table = []
    for row in rows:
        if row["organization_id"] is None:
            source = domestic
        elif row["organization_acronym"]:  # as `Organization.__str__`
            source = f"{row['organization_name']} ({row['organization_acronym']})"
        else:
            source = row["organization_name"]
        table.append(
            row
            | {
                "url": commitment_url(row["id"]),
                "source_name": source,
                "priority_title": row["priority_title"] or whole_plan,
                "kind_label": kinds.get(row["kind"], row["kind"]),
                "in_kind_label": in_kind_types.get(row["in_kind_type"], row["in_kind_type"]),
                "status_label": statuses.get(row["status"], row["status"]),
                "current_amount": row[amounts[row["status"]]],
            }
        )
    return table


def offer_table(rows):
    """What the offers table (`_offer_table.html`) shows of each of `rows` (`offer_rows()`):
    its link, title, organization, kind, where, years, status and capacity, each label
    translated and the link reversed once per table."""
    offer_url = row_url("investments:offer-detail", "pk")
    kinds = {value: str(label) for value, label in Offer.Kind.choices}
    statuses = {value: str(label) for value, label in Offer.Status.choices}
    return [
        {
            "url": offer_url(row["id"]),
            "title": row["title"],
            "organization_name": row["organization__name"],
            "kind_label": kinds.get(row["kind"], row["kind"]),
            "who_regions": row["region_list"],
            "member_states": row["member_state_list"],
            "first_year": row["first_year"],
            "last_year": row["last_year"],
            "status_label": statuses.get(row["status"], row["status"]),
            "capacity_amount": row["capacity_amount"],
            "capacity_usd": row["capacity_usd"],
        }
        for row in rows
    ]


def _money(expression):
    return ExpressionWrapper(expression, output_field=DecimalField(**MONEY))
