"""The tables of the global dataset, each declared once by a list serializer
(gidh_portal/listing.py): its columns drive the query, the CSV and XLSX files, the API schema and
the data dictionary (`dictionary_rows`), so a column added here is in all of them.

The commitments table is the commitments list of the API (`CommitmentSerializer`), as it is.
The meanings are in English, like the column names and the files.
"""

from rest_framework import serializers

from gidh_portal import listing
from members.models import IncomeGroup, IndicatorAnswer

from ..api.serializers.commitments import CommitmentSerializer
from ..models import MONEY, DatasetFile

REGION_CODES = [
    ("AFR", "African Region"),
    ("AMR", "Region of the Americas"),
    ("SEAR", "South-East Asia Region"),
    ("EUR", "European Region"),
    ("EMR", "Eastern Mediterranean Region"),
    ("WPR", "Western Pacific Region"),
]


def _member_state(prefix):
    """The member state columns every table starts with, read through `prefix`."""
    return {
        "member_state": serializers.CharField(
            source=f"{prefix}member_state_id", help_text="ISO 3166 alpha-3 code."
        ),
        "member_state_name": serializers.CharField(
            source=f"{prefix}member_state__name_en", help_text="Name in English."
        ),
        "who_region": serializers.ChoiceField(
            source=f"{prefix}member_state__who_region_id",
            choices=REGION_CODES,
            help_text="WHO region code.",
        ),
        "income_group": serializers.ChoiceField(
            source=f"{prefix}member_state__income_group",
            choices=IncomeGroup.choices,
            allow_blank=True,
            help_text="World Bank income group; empty where the World Bank does not classify.",
        ),
    }


def _declaration(name, fields):
    return type(name, (serializers.Serializer,), fields)


ProfileAnswerRow = _declaration(
    "ProfileAnswerRow",
    {
        **_member_state("submission__"),
        "cycle": serializers.IntegerField(
            source="submission__cycle__year", help_text="Reporting cycle (year)."
        ),
        "component": serializers.IntegerField(
            source="indicator__component_id",
            min_value=1,
            max_value=7,
            help_text="GDHM component number.",
        ),
        "indicator": serializers.CharField(
            source="indicator_id", help_text="GDHM indicator code (sub-indicators: 2a, 21b…)."
        ),
        "indicator_name": serializers.CharField(
            source="indicator__name", help_text="GDHM indicator."
        ),
        "parent_indicator": serializers.CharField(
            source="indicator__parent_id",
            allow_null=True,
            help_text="The parent indicator of a sub-indicator; empty for an indicator.",
        ),
        "phase": serializers.IntegerField(
            allow_null=True,
            min_value=0,
            max_value=5,
            help_text="Phase 1–5; 0: not available; empty: not answered.",
        ),
        "evidence_link": serializers.URLField(
            source="source_url", allow_blank=True, help_text="Link to the evidence."
        ),
        "verification_status": serializers.ChoiceField(
            choices=IndicatorAnswer.Verification.choices,
            help_text="Whether the secretariat verified the answer.",
        ),
    },
)

ScoreRow = _declaration(
    "ScoreRow",
    {
        **_member_state(""),
        "cycle": serializers.IntegerField(help_text="Reporting cycle (year)."),
        "component": serializers.IntegerField(
            allow_null=True,
            min_value=1,
            max_value=7,
            help_text="GDHM component number; empty for the overall score.",
        ),
        "component_name": serializers.CharField(
            help_text="GDHM component, or “Overall”.",
        ),
        "score": serializers.DecimalField(
            max_digits=4,
            decimal_places=2,
            help_text="Mean phase of the component's answered indicators (sub-indicators and “not "
            "available” left out); overall: the mean of the component scores.",
        ),
        "phase": serializers.IntegerField(
            min_value=1,
            max_value=5,
            help_text="The score as a phase: rounded to one decimal, then the ceiling.",
        ),
        "indicators": serializers.IntegerField(
            help_text="Number of indicators (or components, overall) the score averages.",
        ),
    },
)

PlanCostRow = _declaration(
    "PlanCostRow",
    {
        **_member_state("priority__plan__"),
        "plan": serializers.IntegerField(source="priority__plan_id", help_text="Plan id."),
        "plan_title": serializers.CharField(source="priority__plan__title"),
        "plan_start_year": serializers.IntegerField(source="priority__plan__start_year"),
        "plan_end_year": serializers.IntegerField(source="priority__plan__end_year"),
        "priority": serializers.IntegerField(source="priority_id", help_text="Priority id."),
        "priority_rank": serializers.IntegerField(
            source="priority__rank", help_text="Rank of the priority in its plan (1: first)."
        ),
        "priority_title": serializers.CharField(source="priority__title"),
        "component": serializers.IntegerField(
            source="priority__component_id",
            min_value=1,
            max_value=7,
            help_text="GDHM component number of the priority.",
        ),
        "interventions": serializers.CharField(
            allow_blank=True,
            help_text="CDHI intervention codes of the priority, separated by “; ”.",
        ),
        "year": serializers.IntegerField(help_text="Year of the cost."),
        "currency": serializers.CharField(
            source="priority__plan__currency", help_text="ISO 4217 code of the plan currency."
        ),
        "cost": serializers.DecimalField(
            source="amount", **MONEY, help_text="Cost of the year in the plan currency."
        ),
        "cost_usd": serializers.DecimalField(
            source="amount_usd",
            **MONEY,
            allow_null=True,
            help_text="Cost in US dollars at the year's rate; empty when the rate is missing.",
        ),
        "rate_year": serializers.IntegerField(
            allow_null=True, help_text="Year of the exchange rate used; empty when missing."
        ),
        "rate_provisional": serializers.BooleanField(
            help_text="True when converted at an earlier year's rate (provisional)."
        ),
    },
)


class DictionaryRow(serializers.Serializer):
    dataset = serializers.ChoiceField(
        choices=DatasetFile.Dataset.choices, help_text="The table the column belongs to."
    )
    column = serializers.CharField(help_text="Column name, as in the header row.")
    meaning = serializers.CharField(help_text="What the column holds.")
    type = serializers.ChoiceField(
        choices=["integer", "decimal", "boolean", "date", "date-time", "url", "text"],
        help_text="Type of the values: numbers and dates are typed cells in the XLSX files.",
    )
    allowed_values = serializers.CharField(
        allow_blank=True, help_text="The values a column may take, or its range."
    )


Dataset = DatasetFile.Dataset
DECLARATIONS = {
    Dataset.PROFILE_ANSWERS: ProfileAnswerRow,
    Dataset.SCORES: ScoreRow,
    Dataset.PLAN_COSTS: PlanCostRow,
    Dataset.COMMITMENTS: CommitmentSerializer,
    Dataset.DICTIONARY: DictionaryRow,
}
# The sheet name of each table in its XLSX file (31 characters at most).
SHEETS = {
    Dataset.PROFILE_ANSWERS: "profile answers",
    Dataset.SCORES: "scores",
    Dataset.PLAN_COSTS: "plan costs",
    Dataset.COMMITMENTS: "commitments",
    Dataset.DICTIONARY: "dictionary",
}

# Most specific first: a URLField is a CharField, a ChoiceField's values are text.
TYPES = (
    (serializers.BooleanField, "boolean"),
    (serializers.IntegerField, "integer"),
    (serializers.DecimalField, "decimal"),
    (serializers.FloatField, "decimal"),
    (serializers.DateTimeField, "date-time"),
    (serializers.DateField, "date"),
    (serializers.URLField, "url"),
)


def column_type(field):
    """The dictionary's type of a declared column."""
    for field_class, name in TYPES:
        if isinstance(field, field_class):
            return name
    return "text"


def allowed_values(field):
    """The values a column may take (choices) or its range, as text."""
    if isinstance(field, serializers.ChoiceField):
        return "; ".join(
            str(key) if str(key) == str(label) else f"{key} ({label})"
            for key, label in field.choices.items()
        )
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"≥ {low}"
    return ""


def meaning(field):
    return str(field.help_text or field.label or field.field_name.replace("_", " ").capitalize())


def columns(dataset):
    """The declared fields of `dataset`'s table, in the order of its columns (links left out)."""
    declaration = DECLARATIONS[dataset]
    fields = declaration().fields
    return [fields[name] for name in listing.csv_header(declaration)]


def dictionary_rows():
    """One row per column of every table: its name, meaning, type and allowed values."""
    rows = []
    for dataset in DECLARATIONS:
        for field in columns(dataset):
            rows.append(
                {
                    "dataset": dataset.value,
                    "column": field.field_name,
                    "meaning": meaning(field),
                    "type": column_type(field),
                    "allowed_values": allowed_values(field),
                }
            )
    return rows
