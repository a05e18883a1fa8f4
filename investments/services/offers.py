"""Publishing an organization's offer of support: create, edit, open and close it."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data
from members.workflow import IllegalTransition, lock_version

from ..models import Offer

OFFER_FIELDS = (
    "title",
    "description",
    "kind",
    "first_year",
    "last_year",
    "capacity_amount",
    "currency",
    "contact_name",
    "contact_email",
)
OFFER_RELATIONS = ("interventions", "components", "who_regions", "member_states")


def capacity_in_usd(amount, currency, year):
    """`amount` of `currency` in US dollars at the rate of `year`, rounded to the cent, by the
    money rule of the database (`investments_rate_of()`, docs/money.md); None without an amount
    or when the rate is missing."""
    if amount is None or not currency:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT round(%s::numeric / units_per_usd, 2) FROM investments_rate_of(%s, %s)",
            [amount, currency, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _check(offer):
    errors = {}
    if offer.kind == Offer.Kind.CASH and offer.capacity_amount is None:
        errors["capacity_amount"] = _("A cash offer needs an indicative capacity.")
    if offer.capacity_amount is not None and not offer.currency:
        errors["currency"] = _("Give the currency of the indicative capacity.")
    if (
        offer.first_year is not None
        and offer.last_year is not None
        and offer.last_year < offer.first_year
    ):
        errors["last_year"] = _("The last year cannot be before the first year.")
    if errors:
        raise ValidationError(errors)
    offer.full_clean(exclude=["organization", "created_by"])


def _save(offer, relations):
    offer.currency = (offer.currency or "").upper()
    if offer.capacity_amount is None:
        offer.currency = ""
    _check(offer)
    offer.capacity_usd = capacity_in_usd(offer.capacity_amount, offer.currency, offer.first_year)
    offer.save()
    for name, values in relations.items():
        if values is not None:
            getattr(offer, name).set(values)
    return offer


def _relations(kwargs):
    return {name: kwargs.pop(name, None) for name in OFFER_RELATIONS}


@changes_data("investments")
@transaction.atomic
def create_offer(*, organization, by, status=Offer.Status.DRAFT, **fields) -> Offer:
    """Create `organization`'s offer, as a draft (the default) or open at once."""
    relations = _relations(fields)
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if status not in (Offer.Status.DRAFT, Offer.Status.OPEN):
        raise ValidationError({"status": _("A new offer is a draft or open.")})
    offer = Offer(organization=organization, created_by=by, status=status, **fields)
    return _save(offer, relations)


@changes_data("investments")
@transaction.atomic
def update_offer(*, offer, by, version, **changes) -> Offer:
    """Edit an offer in any status; refuses an edit based on a stale `version`."""
    current = lock_version(offer, expected_version=version)
    relations = _relations(changes)
    unknown = set(changes) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    for field, value in changes.items():
        setattr(current, field, value)
    current.version += 1
    return _save(current, relations)


def _move(offer, *, version, to, allowed_from, refusal):
    current = lock_version(offer, expected_version=version)
    if current.status not in allowed_from:
        raise IllegalTransition(refusal)
    current.status = to
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    return current


@changes_data("investments")
@transaction.atomic
def open_offer(*, offer, by, version) -> Offer:
    """Publish a draft (or reopen a closed) offer: anyone sees it and it may be matched."""
    return _move(
        offer,
        version=version,
        to=Offer.Status.OPEN,
        allowed_from={Offer.Status.DRAFT, Offer.Status.CLOSED},
        refusal=_("This offer is already open."),
    )


@changes_data("investments")
@transaction.atomic
def close_offer(*, offer, by, version) -> Offer:
    """Close an offer: it leaves the public list and is no longer matched."""
    return _move(
        offer,
        version=version,
        to=Offer.Status.CLOSED,
        allowed_from={Offer.Status.DRAFT, Offer.Status.OPEN},
        refusal=_("This offer is already closed."),
    )
