"""The investments forms, one module a page or subject, re-exported for their callers."""

from .commitments import CommitmentAdvanceForm, CommitmentForm
from .invitations import InvitationAcceptForm, InvitationDeclineForm, InviteForm
from .needs import NeedsFilterForm
from .offers import OfferCreateForm, OfferEditForm, OfferFilterForm
from .plan_list import PLAN_SORTS, PlanFilterForm
from .plans import PLAN_FORM_FIELDS, PlanForm, ReturnPlanForm
from .priorities import PriorityForm
from .rates import ExchangeRateForm, ExchangeRatesFileForm
