"""Dasbor: the register's numbers today, and the ``Dasbor`` sheet that shows them (``ppid dasbor``
and the ▦ Dasbor button).

:func:`refresh_dashboard` computes :func:`dashboard.build` from the workbook's data and hands the
sheet's grid and chart to the writer the entry point gives (an adapter: the zip-level file patcher
``adapters/xlsx_dasbor.write_dasbor`` for a closed file, ``adapters/xlwings_dasbor.write_dasbor_book``
for an open book); no writer, no sheet (``--tanpa-sheet``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from .. import dashboard
from ..workbook import WorkbookData

SheetWriter = Callable[[list[list[Any]], dashboard.ChartSpec], None]


def refresh_dashboard(data: WorkbookData, as_of: dt.date, write_sheet: SheetWriter | None = None
                      ) -> dashboard.Dashboard:
    board = dashboard.build(data, as_of)
    if write_sheet is not None:
        write_sheet(dashboard.sheet_grid(board), dashboard.chart_spec(board))
    return board


def summary(board: dashboard.Dashboard) -> str:
    """The one-line Indonesian report of the button."""
    return (f"Dasbor diperbarui: {board.jumlah} informasi; {len(board.melewati_mutu_baku)} melewati Mutu Baku; "
            f"{board.tenggat[dashboard.OVERDUE]} pengecualian lewat tenggat pembukaan.")
