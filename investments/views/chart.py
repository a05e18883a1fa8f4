"""Bar charts of funded and unfunded amounts: per priority on the plan page, per WHO region
and GDHM component on the investments overview."""

from decimal import Decimal

from ..models import ZERO

TENTH = Decimal("0.1")
CHART_LABEL_WIDTH = 40
CHART_BAR_WIDTH = 360
CHART_ROW_HEIGHT = 32


def funding_chart(priorities):
    """Bar geometry of the funded-vs-gap chart, in SVG units, scaled to the largest USD cost of
    `priorities` (annotated by `with_totals()`)."""
    largest = max((p.cost_usd for p in priorities), default=ZERO)
    scale = Decimal(CHART_BAR_WIDTH) / largest if largest > 0 else ZERO
    rows = []
    for index, priority in enumerate(priorities):
        funded = min(max(priority.committed_usd, ZERO), priority.cost_usd)
        gap = max(priority.cost_usd - funded, ZERO)
        funded_width = (funded * scale).quantize(TENTH)
        rows.append(
            {
                "priority": priority,
                "funded_width": funded_width,
                "gap_x": CHART_LABEL_WIDTH + funded_width,
                "gap_width": (gap * scale).quantize(TENTH),
                "y": index * CHART_ROW_HEIGHT,
            }
        )
    height = max(len(rows), 1) * CHART_ROW_HEIGHT
    return {"rows": rows, "height": height, "bar_x": CHART_LABEL_WIDTH}


FUNDING_BAR_WIDTH = 1000


def funding_bars(rows):
    """Stacked bars of `funding_gap_table()` rows, in SVG units of FUNDING_BAR_WIDTH for the
    largest bar: disbursed, committed but not yet disbursed, then the gap to the cost; a bar is
    as long as its cost, or its committed amount where that is more; `cost_x` marks the cost."""
    largest = max((max(row["cost_usd"], row["committed_usd"]) for row in rows), default=ZERO)
    scale = Decimal(FUNDING_BAR_WIDTH) / largest if largest > 0 else ZERO
    bars = []
    for row in rows:
        committed = max(row["committed_usd"], ZERO)
        disbursed = min(max(row["disbursed_usd"], ZERO), committed)
        gap = max(row["cost_usd"] - committed, ZERO)
        disbursed_width = (disbursed * scale).quantize(TENTH)
        committed_width = (committed * scale).quantize(TENTH) - disbursed_width
        bars.append(
            {
                "row": row,
                "disbursed_width": disbursed_width,
                "committed_x": disbursed_width,
                "committed_width": committed_width,
                "gap_x": disbursed_width + committed_width,
                "gap_width": (gap * scale).quantize(TENTH),
                "cost_x": (max(row["cost_usd"], ZERO) * scale).quantize(TENTH),
            }
        )
    return bars
