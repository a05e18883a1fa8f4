"""Who may do what in the members app: predicates, and the thin DRF classes built on them.

The second factor of privileged actions lives here too (docs/security.md): `needs_second_factor`
decides, `HasSecondFactor` refuses API calls (403) and `second_factor_required` sends pages to
the code step; nowhere else checks REQUIRE_SECRETARIAT_2FA.
"""

from .accounts import can_change_user, can_grant_superuser, can_manage_api_tokens
from .peer_exchanges import can_answer_peer_exchange, can_request_peer_exchange
from .profiles import (
    can_create_profile,
    can_edit_profile,
    can_review_profile,
    can_submit_profile,
    can_view_profile_drafts,
)
from .roles import IsSecretariat, is_focal_point_of, is_partner_member_of, is_secretariat
from .second_factor import (
    PRIVILEGED_ACTION,
    HasSecondFactor,
    has_verified_second_factor,
    is_held_to_second_factor,
    needs_second_factor,
    second_factor_refusal,
)
from .second_factor_pages import (
    redirect_to_second_factor,
    second_factor_required,
    second_factor_step,
)
