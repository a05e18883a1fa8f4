"""The plan page's bar chart of funded and unfunded amounts per priority."""

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
