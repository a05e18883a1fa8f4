"""The members app's forms, by area: accounts, the countries list, a profile's sections and
maturity indicators, and the secretariat's review."""

from .accounts import (
    AdminUserCreationForm,
    ApiTokenCreateForm,
    EmailLanguageForm,
    LoginForm,
    OneTimeCodeForm,
)
from .countries import CountrySearchForm
from .maturity import MaturityForm
from .peer_exchanges import PeerExchangeDeclineForm, PeerExchangeRequestForm
from .profile_sections import GovernanceForm, StrategyForm
from .review import ReviewForm, ReviewQueueForm, VerificationForm
