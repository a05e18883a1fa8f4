"""A report as the long-format rows of its CSV download: (section, item, measure, value)."""

from decimal import Decimal

from .money_sections import MONEY_FIELDS

# The measures the snapshot keeps as decimal strings (exact money, shares).
DECIMAL_MEASURES = {*MONEY_FIELDS, "pledged_usd", "share"}


def report_rows(report):
    """The report as long-format rows: (section, item, measure, value), each value typed by its
    measure: the snapshot keeps money and shares as decimal strings, numbers in the CSV."""
    for section, item, measure, value in _snapshot_rows(report):
        if measure in DECIMAL_MEASURES and value is not None:
            value = Decimal(value)
        yield section, item, measure, value


def _snapshot_rows(report):
    data = report.data
    yield ("report", "", "scope", report.scope)
    yield ("report", "", "period", report.period)
    yield ("report", "", "revision", report.revision)
    yield ("report", "", "status", report.status)
    yield ("report", "", "generated_at", report.generated_at.isoformat())
    yield ("report", "", "data_cutoff", report.data_cutoff.isoformat())
    yield ("report", "", "generator_version", report.generator_version)
    strategy = data["strategy"]
    for measure in ("member_states", "adopted", "share", "previous", "change"):
        yield ("strategy", "", measure, strategy[measure])
    for status, count in strategy["by_status"].items():
        yield ("strategy", status, "member_states", count)
    yield ("submissions", "", "cycle", data["submissions"]["cycle"])
    for status, count in data["submissions"]["by_status"].items():
        yield ("submissions", status, "count", count)
    for row in data["maturity"]:
        yield ("maturity", row["name"], "average_phase", row["average_phase"])
        yield ("maturity", row["name"], "profiles", row["profiles"])
    if "progress" in data:  # from generator 1.2 on
        yield ("moved_up", "", "member_states", data["progress"]["moved_up"])
        for row in data["progress"]["by_region"]:
            yield ("moved_up", row["name"], "member_states", row["moved_up"])
        for row in data["progress"]["member_states"]:
            yield ("moved_up", row["name"], "iso3", row["iso3"])
    for row in data["catalogue"]["by_kind"]:
        yield ("catalogue", row["kind"], "total", row["total"])
        yield ("catalogue", row["kind"], "new", row["new"])
    investments = data["investments"]
    for measure, value in investments.items():
        if not isinstance(value, list):
            yield ("investments", "", measure, value)
    for row in investments["commitments"]:
        for measure in ("count", "pledged_usd", "committed_usd", "disbursed_usd"):
            yield ("commitments", row["kind"], measure, row[measure])
        for measure in ("rates_missing", "rates_provisional"):
            if measure in row:  # `rates_provisional`: from generator 1.1 on
                yield ("commitments", row["kind"], measure, row[measure])
        for stage, count in row["by_stage"].items():
            yield ("commitments", row["kind"], f"{stage}_count", count)
    for row in investments["top_partners"]:
        for measure in ("commitments", "pledged_usd", "committed_usd", "disbursed_usd"):
            yield ("top_partners", row["name"], measure, row[measure])
    for row in investments["by_component"]:
        for measure in ("cost_usd", "committed_usd", "disbursed_usd", "gap_usd"):
            yield ("by_component", row["name"] or "plan as a whole", measure, row[measure])
    for row in data["countries"]:
        for measure, value in row.items():
            if measure not in ("iso3", "name"):
                yield ("countries", f"{row['iso3']} {row['name']}", measure, value)
