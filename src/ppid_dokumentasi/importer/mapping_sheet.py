"""The ``Pemetaan Impor`` sheet: the proposed mapping the officer corrects in the register itself.

``ppid impor SUMBER --ke REGISTER --coba`` (and the ⇩ Impor button when it is unsure) writes one
row per source column: file, sheet, header row, column number, its header, a few sample values, the
proposed target (a drop-down of :func:`choices`), the confidence and the reason. One more row per
file carries the file's classification (``Klasifikasi: ...``). The officer changes a ``Sasaran``
cell; the next import of that file (CLI or button) reads the sheet and follows it, like a
``--pemetaan`` file. Rows are matched by file name and column number; a column whose header no
longer matches is refused (run ``--coba`` again).

Plain Python: rows in, rows out; the adapters write and read the cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ImportSourceError
from .mapping import Mapping
from .model import SourcePlan
from .vocabulary import norm, short, vocabulary

SHEET = "Pemetaan Impor"
HEADER = ["Berkas", "Sheet Sumber", "Baris Judul", "No Kolom", "Judul Kolom Sumber", "Contoh Isi", "Sasaran",
          "Keyakinan (%)", "Alasan"]
TARGET_COLUMN = HEADER.index("Sasaran")  # 0-based
KEEP = "(simpan di Catatan Impor)"
CLASS_ROW = "(klasifikasi seluruh berkas)"
CLASS_PREFIX = "Klasifikasi: "
PER_SECTION = "(per bagian/kolom)"
NO_HEADER = "tanpa judul"
SAMPLES = 3


def _classes() -> list[str]:
    from ..datafiles import packaged

    return list(packaged("referensi.toml")["daftar"]["Klasifikasi"])


def choices() -> list[str]:
    """The drop-down of the Sasaran column: every target, keep-in-notes, the file classifications."""
    return vocabulary().choices() + [KEEP] + [CLASS_PREFIX + c for c in _classes() + [PER_SECTION]]


def _samples(plan: SourcePlan, index: int) -> str:
    seen: list[str] = []
    for _, cells in plan.table.rows:
        text = short(cells[index], 60)
        if text and text not in seen:
            seen.append(text)
        if len(seen) == SAMPLES:
            break
    return " | ".join(seen)


def proposal_rows(plans: list[SourcePlan], existing: list[list[Any]] | None = None) -> list[list[Any]]:
    """The sheet's rows (header first): the plans' files replaced, other files' rows kept."""
    names = {plan.table.name for plan in plans}
    kept = [list(r) for r in _body(existing) if str(r[0] or "") not in names]
    rows: list[list[Any]] = [list(HEADER)] + kept
    for plan in plans:
        table = plan.table
        where = [table.name, table.sheet or "", NO_HEADER if table.headerless else table.header_row]
        klass = plan.classification or PER_SECTION
        rows.append(where + ["", CLASS_ROW, "", CLASS_PREFIX + klass,
                             100 if plan.classification else 0, plan.classification_reason or "tidak dikenali"])
        for column in plan.columns:
            target = column.target.nama if column.target is not None else KEEP
            reason = column.reason + (f"; tidak diikuti: {column.note}" if column.note else "")
            rows.append(where + [column.index + 1, column.label, _samples(plan, column.index), target,
                                 round(column.confidence * 100), reason])
    return rows


REVIEW_CONFIDENCE = 0.6  # below this a guessed column is worth an officer's look


def review_reasons(plan: SourcePlan) -> list[str]:
    """Why a plan's mapping should be checked by a person before importing (Indonesian; [] = clear)."""
    reasons = []
    if plan.table.headerless:
        reasons.append("tanpa baris judul kolom")
    for column in plan.columns:
        if column.how == "pemetaan":
            continue
        if column.note:
            reasons.append(f"kolom '{column.label}': {column.note}")
        elif column.how == "isi kolom":
            reasons.append(f"kolom '{column.label}' dikenali dari isinya ({column.target.nama})")
        elif column.target is not None and column.confidence < REVIEW_CONFIDENCE:
            reasons.append(f"kolom '{column.label}' -> {column.target.nama} dengan keyakinan "
                           f"{round(column.confidence * 100)}%")
    return reasons


def _body(rows: list[list[Any]] | None) -> list[list[Any]]:
    if not rows:
        return []
    start = next((i for i, r in enumerate(rows) if [str(c or "").strip() for c in r[:2]] == HEADER[:2]), None)
    if start is None:
        return []
    return [list(r) + [""] * (len(HEADER) - len(r)) for r in rows[start + 1:]
            if any(str(c or "").strip() for c in r)]


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def mappings_from_rows(rows: list[list[Any]] | None) -> dict[str, Mapping]:
    """Mappings by source file name from the sheet's rows (all problems reported together)."""
    vocab = vocabulary()
    result: dict[str, Mapping] = {}
    problems: list[str] = []
    header_at = next((i for i, r in enumerate(rows or []) if [str(c or "").strip() for c in r[:2]] == HEADER[:2]), 0)
    for offset, row in enumerate(_body(rows), start=header_at + 2):
        name = str(row[0] or "").strip()
        if not name:
            continue
        mapping = result.setdefault(name, Mapping(sheet=SHEET))
        sheet = str(row[1] or "").strip() or None
        mapping.lembar = sheet
        header_row = row[2]
        if str(header_row).strip() == NO_HEADER:
            mapping.headerless = True
        elif sheet and _int(header_row):
            mapping.baris_judul = _int(header_row)
        target = str(row[TARGET_COLUMN] or "").strip()
        if str(row[4] or "").strip() == CLASS_ROW:
            value = target.removeprefix(CLASS_PREFIX)
            if not target.startswith(CLASS_PREFIX) or value not in _classes() + [PER_SECTION]:
                problems.append(f"baris {offset}: klasifikasi '{target}' tidak dikenal (pilih dari daftar)")
            elif value != PER_SECTION:
                mapping.klasifikasi = value
            continue
        index = _int(row[3])
        if index is None or index < 1:
            problems.append(f"baris {offset}: No Kolom '{row[3]}' bukan nomor kolom")
            continue
        if target in ("", KEEP):
            mapping.by_index[index - 1] = ""
        elif vocab.target(target) is None or target.startswith(CLASS_PREFIX):
            problems.append(f"baris {offset}: sasaran '{target}' tidak dikenal (pilih dari daftar di kolom Sasaran)")
        else:
            mapping.by_index[index - 1] = target
        mapping.labels[index - 1] = str(row[4] or "").strip()
    if problems:
        raise ImportSourceError(f"Sheet '{SHEET}' tidak dapat dipakai: " + "; ".join(problems) + ". Tidak ada yang "
                                "diimpor.", sheet=SHEET, column="Sasaran")
    return result


def check_labels(mapping: Mapping, labels: list[str], source: str) -> None:
    """Refuse a sheet mapping whose columns no longer match the source's headers."""
    wrong = [f"kolom {i + 1} kini '{labels[i] if i < len(labels) else '-'}', bukan '{expected}'"
             for i, expected in sorted(mapping.labels.items())
             if i >= len(labels) or norm(labels[i]) != norm(expected)]
    if wrong:
        raise ImportSourceError(f"Sheet '{SHEET}' untuk berkas '{source}' tidak cocok dengan berkasnya ("
                                + "; ".join(wrong) + "). Jalankan 'ppid impor ... --coba' lagi untuk usulan baru; "
                                "tidak ada yang diimpor.", sheet=SHEET)


def for_sources(rows: list[list[Any]] | None, sources: list[str | Path]) -> dict[str, Mapping]:
    """The sheet mappings of the given source files only."""
    names = {Path(s).name for s in sources}
    return {name: m for name, m in mappings_from_rows(rows).items() if name in names}

