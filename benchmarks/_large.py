"""Shared helper for benchmarks: a large register built fast (openpyxl write-only mode).

The register is the sample's items repeated under new IDs, with the Riwayat events that bring each
item to its Langkah and Status (chained, and anchored in Pengaturan), so that ``ppid validasi``
finds it valid exactly as it finds the sample valid.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook, sample_history
from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, anchor, chain_events
from ppid_dokumentasi.layout import PENGATURAN, REGISTER_HEADER_ROW, RIWAYAT
from ppid_dokumentasi.register import REGISTER_SHEET, RegisterRow
from ppid_dokumentasi.sample import SAMPLE


def large_register(path: Path, rows: int, *, softfiles: bool = True) -> Path:
    """A controlled workbook whose Register holds ``rows`` valid items (the sample, repeated).

    ``softfiles=False`` empties 'Lokasi Softfile' (snapshots then copy no files).
    """
    template = build_workbook(Path(tempfile.mkdtemp()) / "templat.xlsx", [], history=True)
    book = CalamineWorkbook.from_path(str(template))
    grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    samples = [RegisterRow(**values) for values in SAMPLE]
    cells = [sample.cell_values() for sample in samples]
    items = []
    for n in range(rows):
        values = dict(cells[n % len(cells)])
        values["ID Informasi"] = f"BENCH-{n:07d}"
        if not softfiles:
            values["Lokasi Softfile"] = ""
        items.append([None if v == "" else v for v in values.values()])
    sample = [samples[n % len(samples)] for n in range(rows)]
    history = chain_events([], sample_history([
        SimpleNamespace(id_informasi=f"BENCH-{n:07d}", langkah=row.langkah, status=row.status)
        for n, row in enumerate(sample)]))
    count, last = anchor(history)
    wb = Workbook(write_only=True)
    for name, grid in grids.items():
        ws = wb.create_sheet(name)
        if name == REGISTER_SHEET:
            grid = grid[:REGISTER_HEADER_ROW] + items
        elif name == RIWAYAT:
            grid = grid[:1] + history
        elif name == PENGATURAN:
            anchors = {ANCHOR_COUNT_KEY: count, ANCHOR_HASH_KEY: last}
            grid = [[r[0], anchors[r[0]], *r[2:]] if r and r[0] in anchors else r for r in grid]
        for row in grid:
            ws.append(row)
    wb.save(path)
    return path
