"""The investments app's models and read vocabulary, one module per subject; everything is
re-exported here so that `from investments.models import X` names any of them."""

from .commitment_queries import CONVERSION_NAMES, CommitmentQuerySet
from .commitments import Commitment
from .figures import (
    CommitmentConversion,
    Figures,
    PlanFigures,
    PriorityCostConversion,
    PriorityFigures,
    figures_refreshed_once,
)
from .funding_gaps import FUNDING_GAP_GROUPS, funding_gap_table, funding_gaps
from .money import (
    FIRST_YEAR,
    ISO_4217_CODES,
    LAST_YEAR,
    MONEY,
    POSITIVE_AMOUNT,
    RATE,
    USD,
    ZERO,
    currency_validator,
    validate_currency_code,
)
from .plans import InvestmentPlan, InvestmentPlanQuerySet
from .priorities import (
    COST_CONVERSION_NAMES,
    Priority,
    PriorityCost,
    PriorityCostQuerySet,
    PriorityInterventionLink,
    PriorityQuerySet,
)
from .rates import ExchangeRate, rate_of
from .reports import (
    GLOBAL_SCOPE,
    ReportRun,
    TransparencyReport,
    TransparencyReportQuerySet,
    period_validator,
)
from .totals import COUNT_NAMES, FIGURE_NAMES, USD_TOTAL_NAMES, FiguresMixin

__all__ = [
    "CONVERSION_NAMES",
    "COST_CONVERSION_NAMES",
    "COUNT_NAMES",
    "FIGURE_NAMES",
    "FIRST_YEAR",
    "FUNDING_GAP_GROUPS",
    "GLOBAL_SCOPE",
    "ISO_4217_CODES",
    "LAST_YEAR",
    "MONEY",
    "POSITIVE_AMOUNT",
    "RATE",
    "USD",
    "USD_TOTAL_NAMES",
    "ZERO",
    "Commitment",
    "CommitmentConversion",
    "CommitmentQuerySet",
    "ExchangeRate",
    "Figures",
    "FiguresMixin",
    "InvestmentPlan",
    "InvestmentPlanQuerySet",
    "PlanFigures",
    "Priority",
    "PriorityCost",
    "PriorityCostConversion",
    "PriorityCostQuerySet",
    "PriorityFigures",
    "PriorityInterventionLink",
    "PriorityQuerySet",
    "ReportRun",
    "TransparencyReport",
    "TransparencyReportQuerySet",
    "currency_validator",
    "figures_refreshed_once",
    "funding_gap_table",
    "funding_gaps",
    "period_validator",
    "rate_of",
    "validate_currency_code",
]
