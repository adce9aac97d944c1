"""Shared helper for benchmarks: a large register built fast (openpyxl write-only mode)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.layout import REGISTER_HEADER_ROW
from ppid_dokumentasi.register import REGISTER_SHEET, RegisterRow
from ppid_dokumentasi.sample import SAMPLE


def large_register(path: Path, rows: int, *, softfiles: bool = True) -> Path:
    """A controlled workbook whose Register holds ``rows`` valid items (the sample, repeated).

    ``softfiles=False`` empties 'Lokasi Softfile' (snapshots then copy no files).
    """
    template = build_workbook(Path(tempfile.mkdtemp()) / "templat.xlsx", [])
    book = CalamineWorkbook.from_path(str(template))
    grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    wb = Workbook(write_only=True)
    for name, grid in grids.items():
        ws = wb.create_sheet(name)
        if name != REGISTER_SHEET:
            for row in grid:
                ws.append(row)
            continue
        for row in grid[:REGISTER_HEADER_ROW]:
            ws.append(row)
        samples = [RegisterRow(**values).cell_values() for values in SAMPLE]
        for n in range(rows):
            values = dict(samples[n % len(samples)])
            values["ID Informasi"] = f"BENCH-{n:07d}"
            if not softfiles:
                values["Lokasi Softfile"] = ""
            ws.append([None if v == "" else v for v in values.values()])
    wb.save(path)
    return path
