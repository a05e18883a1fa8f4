"""Storing a checked rates file in one transaction, then deriving every plan's figures again."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data

from ..models import (
    CommitmentConversion,
    ExchangeRate,
    PriorityCostConversion,
    figures_refreshed_once,
)
from .reading import read_rates
from .validation import validate_rates


@dataclass(frozen=True)
class RatesLoaded:
    added: int
    changed: int
    unchanged: int
    years: tuple
    # Conversions at an earlier year's rate before and after the load.
    provisional_before: int
    provisional_after: int


def _provisional_count():
    return (
        PriorityCostConversion.objects.filter(rate_provisional=True).count()
        + CommitmentConversion.objects.filter(
            Q(rate_provisional=True) | Q(plan_rate_provisional=True)
        ).count()
    )


@changes_data("investments")
@transaction.atomic
def load_exchange_rates(*, file, progress=None) -> RatesLoaded:
    """Upsert the rates of a CSV file (`read_rates`) and derive every plan's conversions and
    figures again, once; refuses the whole file, storing nothing, if any row is invalid."""
    say = progress or (lambda message: None)
    rows = read_rates(file)
    say(_("Read %(count)s rates.") % {"count": len(rows)})
    rates = validate_rates(rows)
    say(_("Checked %(count)s rates: all valid.") % {"count": len(rates)})
    added = [rate for rate, previous in rates if previous is None]
    changed = [
        rate
        for rate, previous in rates
        if previous is not None and previous != (rate.units_per_usd, rate.source)
    ]
    unchanged = len(rates) - len(added) - len(changed)
    before = _provisional_count()
    with figures_refreshed_once():
        ExchangeRate.objects.bulk_create(
            [
                # Without the primary key: a rate stored meanwhile is updated, not duplicated.
                ExchangeRate(
                    currency=rate.currency,
                    year=rate.year,
                    units_per_usd=rate.units_per_usd,
                    source=rate.source,
                )
                for rate in (*added, *changed)
            ],
            update_conflicts=True,
            unique_fields=["currency", "year"],
            update_fields=["units_per_usd", "source"],
        )
        say(
            _("Stored %(added)s new and %(changed)s changed rates (%(unchanged)s unchanged).")
            % {"added": len(added), "changed": len(changed), "unchanged": unchanged}
        )
        say(_("Deriving the conversions and figures of every plan again…"))
    after = _provisional_count()
    say(
        _("Provisional conversions: %(before)s before, %(after)s now.")
        % {"before": before, "after": after}
    )
    return RatesLoaded(
        added=len(added),
        changed=len(changed),
        unchanged=unchanged,
        years=tuple(sorted({rate.year for rate, _existing in rates})),
        provisional_before=before,
        provisional_after=after,
    )
