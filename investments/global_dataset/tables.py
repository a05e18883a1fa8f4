"""The rows of each table of the global dataset: only what is published (answers of approved
profile submissions, priorities of approved plans, public commitments), in a stable order.

`up_to` (a cycle's year) limits the profile tables of a frozen edition to that cycle and the
earlier ones."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Avg, Count, OuterRef, Subquery

from gidh_portal import listing
from members.models import IndicatorAnswer, ProfileSubmission, score_as_phase

from ..models import Commitment, Priority, PriorityCost, PriorityInterventionLink
from ..selectors import listed_commitments
from .declarations import DECLARATIONS, Dataset, dictionary_rows

CHUNK = 2000


def published_answers(up_to=None):
    """Every answer of an approved profile submission (each cycle's published profile)."""
    answers = IndicatorAnswer.objects.filter(submission__in=_approved(up_to))
    return answers.order_by("submission__member_state_id", "submission__cycle__year", "indicator")


def _approved(up_to):
    submissions = ProfileSubmission.objects.approved()
    if up_to is not None:
        submissions = submissions.filter(cycle__year__lte=up_to)
    return submissions.order_by().values("pk")


def _profile_answer_rows(up_to):
    rows = listing.rows(published_answers(up_to), DECLARATIONS[Dataset.PROFILE_ANSWERS])
    return rows.iterator(chunk_size=CHUNK)


def _score_rows(up_to):
    """Per approved submission, each component's score and the overall score (the mean of the
    component scores), computed by the database from the scored answers in one grouped query."""
    state = "submission__member_state"
    grouped = (
        IndicatorAnswer.objects.filter(submission__in=_approved(up_to))
        .scored()
        .order_by()
        .values(
            f"{state}_id",
            f"{state}__name_en",
            f"{state}__who_region_id",
            f"{state}__income_group",
            "submission__cycle__year",
            "indicator__component_id",
            "indicator__component__name_en",
        )
        .annotate(mean=Avg("phase"), count=Count("pk"))
        .order_by(f"{state}_id", "submission__cycle__year", "indicator__component_id")
    )
    profile, components = None, []
    for row in grouped.iterator(chunk_size=CHUNK):
        key = (row[f"{state}_id"], row["submission__cycle__year"])
        if profile is not None and key != profile:
            yield _overall(components)
            components = []
        profile = key
        component = {
            "member_state_id": row[f"{state}_id"],
            "member_state__name_en": row[f"{state}__name_en"],
            "member_state__who_region_id": row[f"{state}__who_region_id"],
            "member_state__income_group": row[f"{state}__income_group"],
            "cycle": row["submission__cycle__year"],
            "component": row["indicator__component_id"],
            "component_name": row["indicator__component__name_en"],
            "mean": row["mean"],
            "indicators": row["count"],
        }
        components.append(component)
        yield _score(component)
    if components:
        yield _overall(components)


def _score(row):
    score = Decimal(row["mean"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {**row, "score": score, "phase": score_as_phase(row["mean"])}


def _overall(components):
    mean = sum(row["mean"] for row in components) / len(components)
    overall = {
        **components[0],
        "component": None,
        "component_name": "Overall",
        "mean": mean,
        "indicators": len(components),
    }
    return _score(overall)


def _plan_cost_rows(up_to=None):
    codes = (
        PriorityInterventionLink.objects.filter(priority_id=OuterRef("priority_id"))
        .order_by()
        .values("priority_id")
        .annotate(
            codes=StringAgg(
                "digitalhealthintervention__code",
                "; ",
                order_by="digitalhealthintervention__sort_key",
            )
        )
        .values("codes")
    )
    costs = (
        PriorityCost.objects.filter(priority__in=_approved_priorities())
        .with_usd()
        .annotate(interventions=Subquery(codes))
        .order_by("priority__plan__member_state_id", "priority__plan_id", "priority__rank", "year")
    )
    rows = listing.rows(costs, DECLARATIONS[Dataset.PLAN_COSTS])
    for row in rows.iterator(chunk_size=CHUNK):
        row["interventions"] = row["interventions"] or ""
        yield row


def _approved_priorities():
    return Priority.objects.published().order_by().values("pk")


def public_commitments():
    """Verified commitments to approved plans, with the columns of the commitments list."""
    return listed_commitments(Commitment.objects.public()).order_by(
        "plan__member_state_id", "plan_id", "id"
    )


def _commitment_rows(up_to=None):
    rows = listing.rows(public_commitments(), DECLARATIONS[Dataset.COMMITMENTS])
    return rows.iterator(chunk_size=CHUNK)


def _dictionary_rows(up_to=None):
    return iter(dictionary_rows())


READERS = {
    Dataset.PROFILE_ANSWERS: _profile_answer_rows,
    Dataset.SCORES: _score_rows,
    Dataset.PLAN_COSTS: _plan_cost_rows,
    Dataset.COMMITMENTS: _commitment_rows,
    Dataset.DICTIONARY: _dictionary_rows,
}


def table_rows(dataset, *, up_to=None):
    """The rows of `dataset`'s table (dicts keyed by the declaration's sources), streamed."""
    return READERS[dataset](up_to)
