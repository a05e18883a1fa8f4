"""Writes in the members app, one module per subject, all callable as `members.services.<verb>`."""

from .api_tokens import create_api_token, revoke_api_token
from .peer_exchanges import (
    accept_peer_exchange,
    decline_peer_exchange,
    request_peer_exchange,
)
from .profile_drafts import start_profile, update_profile
from .profile_reviews import approve_profile, return_profile, submit_profile, verify_evidence
from .reminders import record_cycle_reminders, record_secretariat_summaries
from .secretariat import grant_secretariat_permissions
from .two_factor import confirm_two_factor, remove_two_factor, start_two_factor
from .users import deactivate_user, end_access_of_deactivated_user, set_email_language
