"""The investments app's models and read vocabulary, one module per subject; everything is
re-exported here so that `from investments.models import X` names any of them."""

from .commitment_queries import CONVERSION_NAMES, CommitmentQuerySet
from .commitments import Commitment
from .datasets import LATEST, DatasetFile, DatasetFileQuerySet
from .figures import (
    CommitmentConversion,
    Figures,
    PlanFigures,
    PriorityCostConversion,
    PriorityFigures,
    committed_usd_key,
    figures_refreshed_once,
)
from .follows import FOLLOW_KINDS, DigestPreference, DigestSent, Follow, FollowQuerySet
from .funding_gaps import FUNDING_GAP_GROUPS, funding_gap_table, funding_gaps
from .invitations import Invitation, InvitationQuerySet
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
from .offers import Offer, OfferQuerySet
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
