"""What changed between two archive versions (``ppid arsip beda``): item by item, field by field.

Items are keyed by ``ID Informasi``; field names are the Register header labels. This is what the
PPID leadership corrected at SOP step 6, read from the versions' canonical sheet JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .workbook import find_header
from .archive import Archive, parse_version
from .archive_bag import SHEETS_DIR, read_sheet_json
from .errors import ArchiveError
from .register import REGISTER_SHEET, cell_text

ID_LABEL = "ID Informasi"


@dataclass(frozen=True)
class FieldChange:
    id_informasi: str
    kolom: str
    lama: str
    baru: str


@dataclass
class ArchiveDiff:
    a: str
    b: str
    changes: list[FieldChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    other_sheets: list[str] = field(default_factory=list)  # other sheets whose values changed

    @property
    def same(self) -> bool:
        return not (self.changes or self.added or self.removed or self.other_sheets)

    def text(self) -> str:
        lines = [f"Perbedaan {self.a} → {self.b} (sheet Register, per ID Informasi):"]
        current = None
        for change in self.changes:
            if change.id_informasi != current:
                current = change.id_informasi
                lines.append(f"  {current}")
            lines.append(f"    {change.kolom}: {_quote(change.lama)} → {_quote(change.baru)}")
        if self.added:
            lines.append("  Butir baru: " + ", ".join(self.added))
        if self.removed:
            lines.append("  Butir hilang: " + ", ".join(self.removed))
        if not (self.changes or self.added or self.removed):
            lines.append("  Tidak ada perubahan pada butir Register.")
        if self.other_sheets:
            lines.append("Sheet lain yang berubah: " + ", ".join(self.other_sheets))
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "dari": self.a, "ke": self.b,
            "perubahan": [{"id_informasi": c.id_informasi, "kolom": c.kolom, "lama": c.lama, "baru": c.baru}
                          for c in self.changes],
            "butir_baru": self.added, "butir_hilang": self.removed, "sheet_lain_berubah": self.other_sheets,
        }


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) if text else "(kosong)"


def load_sheets(bag: Path) -> dict[str, list[list[Any]]]:
    sheets = {}
    folder = bag / "data" / SHEETS_DIR
    for path in sorted(folder.glob("*.json")):
        name, rows = read_sheet_json(path.read_bytes())
        sheets[name] = rows
    return sheets


def register_items(rows: list[list[Any]]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """(header labels, {item key: {label: text}}); the key is the ID (with the row if repeated)."""
    header = find_header(rows)
    if header is None:
        raise ArchiveError("Sheet Register pada versi ini tidak memiliki baris judul kolom.", sheet=REGISTER_SHEET)
    labels = [cell_text(v) for v in rows[header]]
    items: dict[str, dict[str, str]] = {}
    id_index = labels.index(ID_LABEL)
    for offset, values in enumerate(rows[header + 1:]):
        texts = [cell_text(v) for v in values]
        if not any(texts):
            continue
        excel_row = header + 2 + offset
        item_id = texts[id_index] if id_index < len(texts) else ""
        key = item_id or f"(tanpa ID, baris {excel_row})"
        if key in items:
            key = f"{item_id} (baris {excel_row})"
        items[key] = {label: (texts[i] if i < len(texts) else "") for i, label in enumerate(labels) if label}
    return labels, items


def diff_versions(archive: Archive, a: str, b: str) -> ArchiveDiff:
    """Compare two intact versions (a damaged one is refused)."""
    a, b = parse_version(a), parse_version(b)
    sheets_a = load_sheets(archive.bag_path(a))
    sheets_b = load_sheets(archive.bag_path(b))
    for version, sheets in ((a, sheets_a), (b, sheets_b)):
        if REGISTER_SHEET not in sheets:
            raise ArchiveError(f"Versi {version} tidak memuat sheet Register.", sheet=REGISTER_SHEET)
    labels_a, items_a = register_items(sheets_a[REGISTER_SHEET])
    labels_b, items_b = register_items(sheets_b[REGISTER_SHEET])
    labels = [lb for lb in labels_b if lb] + [lb for lb in labels_a if lb and lb not in labels_b]
    result = ArchiveDiff(a, b)
    for key, new in items_b.items():
        old = items_a.get(key)
        if old is None:
            result.added.append(key)
            continue
        for label in labels:
            if label == ID_LABEL:
                continue
            before, after = old.get(label, ""), new.get(label, "")
            if before != after:
                result.changes.append(FieldChange(key, label, before, after))
    result.removed = [key for key in items_a if key not in items_b]
    names = list(sheets_b) + [n for n in sheets_a if n not in sheets_b]
    result.other_sheets = [n for n in names if n != REGISTER_SHEET and sheets_a.get(n) != sheets_b.get(n)]
    return result
