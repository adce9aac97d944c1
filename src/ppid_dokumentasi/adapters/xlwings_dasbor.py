"""Write the ``Dasbor`` sheet into a book open in Excel / xlwings Lite / Server.

The sheet is added after the last sheet when missing, else its values are cleared; the grid goes
in one range write; a stacked column chart over the step table is added once (an existing chart
keeps reading the same cells, so it follows the new numbers).
"""

from __future__ import annotations

from typing import Any

from ..dashboard import SHEET, ChartSpec

CHART_SIZE = (620, 330)  # points
CHART_NAME = "Grafik Dasbor"


def write_dasbor_book(book: Any, grid: list[list[Any]], spec: ChartSpec) -> None:
    sheets = book.sheets
    if SHEET in [s.name for s in sheets]:
        ws = sheets[SHEET]
        ws.clear_contents()
    else:
        ws = sheets.add(SHEET, after=sheets[len(sheets) - 1])
    width = max(len(r) for r in grid)
    ws.range((1, 1), (len(grid), width)).value = [list(r) + [None] * (width - len(r)) for r in grid]
    if len(ws.charts) == 0:
        source = ws.range((spec.header_row, spec.category_col), (spec.last_row, spec.last_series_col))
        anchor = ws.range((spec.header_row - 1, spec.last_series_col + 3))
        ws.charts.add(width=CHART_SIZE[0], height=CHART_SIZE[1], chart_type="column_stacked", source=source,
                      anchor=anchor, name=CHART_NAME)
