"""Checking each row of a rates file with the admin's form; every error names its line."""

from django.db.models import Q
from django.utils.translation import gettext as _

from ..forms import ExchangeRateForm
from ..models import ExchangeRate
from .reading import COLUMNS, RatesFileError

# Errors listed at most (all are counted).
MAX_ERRORS = 50


def _hint(field):
    """What a column expects, from the model field's help text."""
    return str(ExchangeRate._meta.get_field(field).help_text)


def validate_rates(rows):
    """The rows as [(unsaved ExchangeRate, (stored rate, stored source) or None)], each row
    validated by `ExchangeRateForm` (the admin's) as an edit of the stored rate of its currency
    and year, if any."""
    keys = {
        ((row.get("currency") or "").strip(), (row.get("year") or "").strip()) for _, row in rows
    }
    lookup = Q(pk__in=[])
    for currency, year in keys:
        if year.isdigit() and len(year) <= 4:
            lookup |= Q(currency=currency, year=int(year))
    stored = {(rate.currency, rate.year): rate for rate in ExchangeRate.objects.filter(lookup)}
    errors, rates, seen = [], [], {}
    for line, row in rows:
        data = {name: (row.get(name) or "").strip() for name in COLUMNS}
        key = (data["currency"], data["year"])
        if key in seen:
            errors.append(
                _(
                    "Line %(line)s: %(currency)s %(year)s is also on line %(first)s: keep one "
                    "rate per currency and year."
                )
                % {"line": line, "currency": key[0], "year": key[1], "first": seen[key]}
            )
            continue
        seen[key] = line
        existing = stored.get((data["currency"], int(data["year"]))) if _is_year(data) else None
        # The form edits its instance in place: what is stored, read first.
        previous = None if existing is None else (existing.units_per_usd, existing.source)
        form = ExchangeRateForm(data, instance=existing)
        if form.is_valid():
            rates.append((form.save(commit=False), previous))
            continue
        for field, messages in form.errors.items():
            for message in messages:
                if field in COLUMNS:
                    errors.append(
                        _("Line %(line)s, %(column)s “%(value)s”: %(error)s Expected: %(hint)s")
                        % {
                            "line": line,
                            "column": field,
                            "value": _shown(data[field]),
                            "error": message,
                            "hint": _hint(field),
                        }
                    )
                else:
                    errors.append(_("Line %(line)s: %(error)s") % {"line": line, "error": message})
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(_("… and %(count)s more errors.") % {"count": len(errors) - MAX_ERRORS})
        raise RatesFileError(shown)
    return rates


def _shown(value, limit=40):
    """A cell as an error message quotes it: control characters escaped, long text cut."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_year(data):
    return data["year"].isdigit() and len(data["year"]) <= 4
