"""Loading a year (or any set) of exchange rates from a CSV file: `manage.py load_exchange_rates`
and the admin's "Load rates from a CSV file" page call `load_exchange_rates()`.

The file has the shipped file's columns (investments/data/exchange_rates_usd.csv):
`currency,year,units_per_usd,source`. Every row goes through `ExchangeRateForm`, the admin's
form: the limits of a rate are those declared on the model, whatever the door. A file with any
error stores nothing and every error names its line, what is wrong and what is expected. A
valid file is upserted in one transaction (a rate already stored for the currency and year is
replaced), and the conversions and figures of every plan are derived again once, at the end:
amounts that were provisional for want of the year's rate now use it (docs/money.md).
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gidh_portal.response_cache import changes_data

from .forms import ExchangeRateForm
from .models import (
    CommitmentConversion,
    ExchangeRate,
    PriorityCostConversion,
    figures_refreshed_once,
)

COLUMNS = ("currency", "year", "units_per_usd", "source")
REQUIRED_COLUMNS = ("currency", "year", "units_per_usd")
# Rows at most (the shipped file has about 1,500: 140 currencies × 11 years).
MAX_ROWS = 50_000
# Errors listed at most (all are counted).
MAX_ERRORS = 50


class RatesFileError(ValidationError):
    """The file cannot be loaded: `messages` lists what is wrong, line by line."""


@dataclass(frozen=True)
class RatesLoaded:
    added: int
    changed: int
    unchanged: int
    years: tuple
    # Conversions at an earlier year's rate before and after the load.
    provisional_before: int
    provisional_after: int


def _hint(field):
    """What a column expects, from the model field's help text."""
    return str(ExchangeRate._meta.get_field(field).help_text)


def read_rates(file):
    """The CSV's rows as [(line number, {column: text})]; RatesFileError if it is no such CSV."""
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise RatesFileError(
            _(
                "The file is not UTF-8 text (byte %(position)s): save it as “CSV UTF-8” and "
                "load it again."
            )
            % {"position": error.start + 1}
        ) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
        if not header:
            raise RatesFileError(
                _("The file is empty: its first line must be the header %(header)s.")
                % {"header": ",".join(COLUMNS)}
            )
        names = [name.strip() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        unknown = [name for name in names if name not in COLUMNS]
        if missing or unknown or len(set(names)) != len(names):
            raise RatesFileError(
                _(
                    "Line 1: the header is “%(found)s”; it must name the columns %(header)s "
                    "(source may be left empty), once each."
                )
                % {"found": ",".join(header), "header": ",".join(COLUMNS)}
            )
        reader.fieldnames = names
        rows = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise RatesFileError(
                    _("The file has more than %(count)s rates: split it into several files.")
                    % {"count": MAX_ROWS}
                )
            if None in row:  # more cells than columns
                raise RatesFileError(
                    _(
                        "Line %(line)s has more cells than the header's %(count)s columns: "
                        "quote a value that contains a comma."
                    )
                    % {"line": reader.line_num, "count": len(names)}
                )
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise RatesFileError(
            _("Line %(line)s is not valid CSV (%(error)s): save the file as plain CSV.")
            % {"line": reader.line_num, "error": error}
        ) from error
    if not rows:
        raise RatesFileError(_("The file has a header but no rates."))
    return rows


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
