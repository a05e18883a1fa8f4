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

from .loading import RatesLoaded, load_exchange_rates
from .reading import RatesFileError, read_rates
from .validation import validate_rates

__all__ = ["RatesFileError", "RatesLoaded", "load_exchange_rates", "read_rates", "validate_rates"]
