"""The members app's models, one module per subject, all importable from `members.models`:
geography (WHO regions, member states), organizations, users and their access (API tokens,
sessions, idempotency keys), the GDHM and the national digital health profiles.

The audit trail's event models (`UserRoleEvent`, `ProfileSubmissionEvent`, …) are added to this
module by `pghistory` as their models are declared."""

from ..workflow import ReviewEvent  # the shared review history's model, registered here
from .answers import IndicatorAnswer
from .api_tokens import ApiToken
from .benchmarks import (
    BenchmarkScope,
    CycleScore,
    CycleScoreAverage,
    ScoreBenchmark,
    component_benchmarks,
)
from .browser_sessions import Session
from .cycles import ReportingCycle
from .gdhm import GdhmComponent, GdhmIndicator, score_as_phase
from .geography import IncomeGroup, MemberState, WhoRegion
from .idempotency_keys import IdempotencyKey
from .localized import member_state_row_name
from .organizations import Organization
from .peer_exchanges import PeerExchangeRequest
from .profile_choices import Ministry, Standard, StrategyStatus
from .profiles import ProfileSubmission, profile_sections
from .reminders import (
    CycleReminder,
    ReminderThreshold,
    SecretariatSummary,
    due_threshold,
    focal_points_to_remind,
    member_states_not_submitted,
    week_of,
)
from .uploads import profile_document_path
from .users import SECRETARIAT_GROUP, EmailUserManager, User, UserGroupLink
from .versions import ProfileVersion
