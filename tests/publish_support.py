"""Test support for the DIP/DIK export, the dashboard and the monev pack: registers built in memory
(grids of a real ``ppid buat`` workbook with the Register, Riwayat and Daftar Surat replaced), and
a way to read every text inside exported files (including the XML parts of .xlsx packages)."""

from __future__ import annotations

import datetime as dt
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets
from ppid_dokumentasi.workbook import WorkbookData, workbook_from_grids
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.layout import LETTERS_HEADERS, LETTERS_SHEET, REGISTER_HEADER_ROW, RIWAYAT, RIWAYAT_HEADERS
from ppid_dokumentasi.letters import KINDS
from ppid_dokumentasi.register import LABELS, REGISTER_SHEET, RegisterRow

KEPUTUSAN = KINDS["keputusan"].label


@cache
def _template_grids(folder: str) -> dict[str, list[list[Any]]]:
    path = build_workbook(Path(folder) / "template.xlsx", [])
    return read_all_sheets(path)


def workbook_data(folder: Path, rows: list[RegisterRow], riwayat: list[list[Any]] | None = None,
                  letters: list[list[Any]] | None = None) -> WorkbookData:
    """A WorkbookData as the file reader would give it for these Register rows and sheets."""
    grids = {name: [list(r) for r in grid] for name, grid in _template_grids(str(folder)).items()}
    register = grids[REGISTER_SHEET][:REGISTER_HEADER_ROW]
    for row in rows:
        values = row.cell_values()
        register.append([values[label] if values[label] not in (None, "") else "" for label in LABELS])
    grids[REGISTER_SHEET] = register
    grids[RIWAYAT] = [list(RIWAYAT_HEADERS)] + [list(r) for r in (riwayat or [])]
    grids[LETTERS_SHEET] = [list(LETTERS_HEADERS)] + [list(r) for r in (letters or [])]
    return workbook_from_grids(list(grids), grids.__getitem__, None)


def keputusan_row(ids: list[str], number: int, day: dt.date) -> list[Any]:
    return [day.year, "PPIDP.Pemkesra", number, f"100.3.3/{number}/PPIDP.Pemkesra/{day.year}", KEPUTUSAN,
            "; ".join(ids), day, "Nama Pejabat PPID (contoh)"]


def event_row(number: int, when: dt.datetime, item: str, dari: int | None, ke: int | None, aksi: str,
              catatan: str = "") -> list[Any]:
    """A Riwayat row (hashes are not needed by the readers under test)."""
    return [number, when.isoformat(timespec="seconds"), item, dari, ke, aksi, "Petugas", "Nama", catatan, "", ""]


def texts_of(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` as text; an .xlsx (zip) gives one entry per part."""
    found: dict[str, str] = {}
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    found[f"{path.name}!{name}"] = package.read(name).decode("utf-8", "replace")
        else:
            found[path.name] = data.decode("utf-8", "replace")
    return found
