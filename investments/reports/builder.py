"""One report's JSON snapshot, assembled from the period's collected rows."""

from investments.models import GLOBAL_SCOPE

from .money_sections import countries_section, investments_section
from .sections import (
    catalogue_section,
    maturity_section,
    progress_section,
    strategy_section,
    submissions_section,
)

# 1.1: `rates_provisional` beside `rates_missing` (amounts at an earlier year's rate).
# 1.2: `progress`: the member states that moved up a GDHM phase since their previous cycle.
GENERATOR_VERSION = "1.2"


def report_scopes(dataset):
    return [GLOBAL_SCOPE, *(code for code, _name in dataset["regions"])]


def build_report_data(dataset, scope):
    """The JSON snapshot of one report (no database access)."""
    names = dict(dataset["regions"])
    return {
        "scope": scope,
        "scope_name": "Global" if scope == GLOBAL_SCOPE else names[scope],
        "period": str(dataset["period"]),
        "strategy": strategy_section(dataset, scope),
        "submissions": submissions_section(dataset, scope),
        "maturity": maturity_section(dataset, scope),
        "progress": progress_section(dataset, scope),
        "catalogue": catalogue_section(dataset, scope),
        "investments": investments_section(dataset, scope),
        "countries": countries_section(dataset, scope),
    }
