"""Which import target each source column fills, and the classification of the whole file."""

from __future__ import annotations

import re

from ..errors import ImportSourceError
from ..register import COLUMNS
from ..sources import SourceTable
from .mapping import Mapping
from .model import ColumnMap
from .vocabulary import EXEMPT, classify_text, norm, vocabulary


def map_columns(table: SourceTable, mapping: Mapping | None = None) -> list[ColumnMap]:
    vocab = vocabulary()
    used: set[str] = set()
    result: list[ColumnMap] = []
    for index, header in enumerate(table.header):
        key = norm(header)
        if mapping is not None and key in mapping.columns:
            name = mapping.columns[key]
            target = vocab.target(name) if name else None
            if target is not None and target.kunci in used:
                raise ImportSourceError(f"Berkas pemetaan '{mapping.path.name if mapping.path else ''}': sasaran "
                                        f"'{target.nama}' dipakai lebih dari satu kolom di '{table.name}'.")
            if target is not None:
                used.add(target.kunci)
            result.append(ColumnMap(index, header, target, "pemetaan" if target else "tidak dipetakan"))
            continue
        result.append(ColumnMap(index, header, None, "tidak dipetakan"))
    for column in result:
        if column.how != "tidak dipetakan" or (mapping and norm(column.header) in mapping.columns):
            continue
        key = norm(column.header)
        exact = vocab.target(column.header) if key in {norm(c.label) for c in COLUMNS} else None
        candidates = ([exact] if exact else []) + [t for t in vocab.targets if t.matches(key)]
        for target in candidates:
            if target.kunci in used:
                column.how = "ganda"
                continue
            column.target, column.how = target, "tebakan"
            used.add(target.kunci)
            break
    _sniff_legal_basis(table, result, used)
    return result


def _sniff_legal_basis(table: SourceTable, columns: list[ColumnMap], used: set[str]) -> None:
    """A DIP-template column full of legal citations holds the legal basis (Bakamla's DIK)."""
    if "dasar_hukum" in used:
        return
    raw = vocabulary().raw
    patterns = [re.compile(p) for p in raw.get("pola_rujukan_hukum", [])]
    threshold = float(raw.get("dasar_tersamar_ambang", 0.6))
    for column in columns:
        if column.how != "tebakan" or column.target is None or column.target.kolom is None:
            continue
        if column.target.kunci in ("judul", "ringkasan"):
            continue
        texts = [norm(cells[column.index]) for _, cells in table.rows if cells[column.index].strip()]
        if not texts:
            continue
        legal = sum(1 for t in texts if any(p.search(t) for p in patterns))
        if legal / len(texts) >= threshold:
            used.discard(column.target.kunci)
            column.target = next(t for t in vocabulary().targets if t.kunci == "dasar_hukum")
            column.how = "isi kolom"
            used.add("dasar_hukum")
            return


def file_classification(table: SourceTable, columns: list[ColumnMap],
                         mapping: Mapping | None) -> tuple[str | None, str]:
    if mapping is not None and mapping.klasifikasi:
        return mapping.klasifikasi, f"berkas pemetaan '{mapping.path.name if mapping.path else ''}'"
    by_name = classify_text(table.path.stem)
    if by_name == EXEMPT:
        return EXEMPT, f"nama berkas '{table.name}'"
    dik_targets = set(vocabulary().raw.get("sasaran_dik", []))
    dik_columns = [c.header for c in columns if c.target is not None and c.target.kunci in dik_targets]
    if dik_columns:
        return EXEMPT, f"kolom khas DIK '{dik_columns[0]}'"
    if by_name:
        return by_name, f"nama berkas '{table.name}'"
    return None, ""
