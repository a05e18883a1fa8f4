"""A commitment's life after its pledge: committed, disbursed, and verified by the secretariat."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import IllegalTransition, lock_version

from ..models import Commitment


@changes_data("investments")
@transaction.atomic
def advance_commitment(*, commitment, by, version, amount, on=None) -> Commitment:
    """Move a commitment to its next stage with that stage's amount and date.

    Its verification is cleared: the new stage counts publicly once the secretariat verifies it.
    Refuses an edit based on a stale `version` (e.g. the secretariat verified it meanwhile).
    """
    current = lock_version(commitment, expected_version=version)
    target = current.next_status
    if target is None:
        raise IllegalTransition(_("This commitment is disbursed: it has no further stage."))
    amount = Decimal(amount)
    on = on or timezone.localdate()
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    if target == Commitment.Status.COMMITTED:
        if on < current.pledged_on:
            raise ValidationError({"on": _("A commitment cannot come before its pledge.")})
        current.committed_amount, current.committed_on = amount, on
    else:
        if amount > current.committed_amount:
            raise ValidationError(
                {"amount": _("The amount disbursed cannot exceed the amount committed.")}
            )
        if on < current.committed_on:
            raise ValidationError({"on": _("A disbursement cannot come before its commitment.")})
        current.disbursed_amount, current.disbursed_on = amount, on
    current.status = target
    current.verified_at = None
    current.verified_by = None
    current.version += 1
    current.save()
    return current


@changes_data("investments")
@transaction.atomic
def verify_commitment(*, commitment, by, version) -> Commitment:
    """Confirm a commitment's current stage: from now on it counts in public figures.

    Refuses a stale `version`: the secretariat verifies the stage it saw, not one recorded since.
    """
    current = lock_version(commitment, expected_version=version)
    if current.verified_at is not None:
        raise IllegalTransition(_("This commitment is already verified."))
    current.verified_at = timezone.now()
    current.verified_by = by
    current.version += 1
    current.save(update_fields=["verified_at", "verified_by", "version", "updated_at"])
    return current
