"""Plan one source: read it, recognise its columns, sort its rows into records, headings and spacers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import ImportSourceError
from ..sources import read_source
from .interpret import make_record
from .mapping import Mapping
from .model import Skipped, SourcePlan
from .recognise import file_classification, map_columns
from .vocabulary import blank, norm, vocabulary


def plan_sources(paths: Iterable[str | Path], mapping: Mapping | None = None) -> list[SourcePlan]:
    """Read and plan every source; the first malformed one raises (nothing is written)."""
    plans = [plan_source(p, mapping) for p in paths]
    if not plans:
        raise ImportSourceError("Tidak ada berkas sumber untuk diimpor.")
    return plans


def plan_source(path: str | Path, mapping: Mapping | None = None) -> SourcePlan:
    vocab = vocabulary()
    table = read_source(path, sheet=mapping.lembar if mapping else None,
                        header_row=mapping.baris_judul if mapping else None,
                        header_search=int(vocab.raw.get("baris_judul_maks", 20)))
    columns = map_columns(table, mapping)
    classification, reason = file_classification(table, columns, mapping)
    plan = SourcePlan(table, columns, [], [], classification, reason)
    if mapping is not None:
        present = {norm(h) for h in table.header}
        for header in mapping.columns:
            if header not in present:
                plan.warnings.append(f"Pemetaan menyebut kolom '{header}' yang tidak ada di '{table.name}'.")
    for number, cells in table.skipped_above or []:
        plan.skipped.append(Skipped(number, "judul tabel", " ".join(c for c in cells if c.strip())))
    _plan_rows(plan)
    return plan


def _heading_level(text: str) -> int:
    for entry in vocabulary().raw.get("judul_bagian", []):
        if re.search(entry["pola"], text):
            return int(entry["tingkat"])
    return 1



def _plan_rows(plan: SourcePlan) -> None:
    table = plan.table
    width = len(table.header)
    min_width = int(vocabulary().raw.get("kolom_minimum_judul_bagian", 4))
    header_norm = [norm(h) for h in table.header]
    sections: list[tuple[int, str]] = []
    pending_heading: Skipped | None = None
    for number, cells in table.rows:
        if all(blank(c) for c in cells):
            plan.skipped.append(Skipped(number, "baris kosong"))
            continue
        if [norm(c) for c in cells] == header_norm:
            plan.skipped.append(Skipped(number, "judul kolom berulang"))
            continue
        filled = [i for i, c in enumerate(cells) if not blank(c)]
        if width >= min_width and len(filled) <= 2 and max(filled) <= 1:
            text = " ".join(cells[i].strip() for i in filled)
            level = _heading_level(cells[filled[0]])
            sections = [(lv, t) for lv, t in sections if lv < level] + [(level, text)]
            pending_heading = Skipped(number, "judul bagian", text)
            plan.skipped.append(pending_heading)
            continue
        pending_heading = None
        plan.records.append(make_record(plan, number, cells, [t for _, t in sections]))
    if pending_heading is not None:
        plan.warnings.append(f"Baris {pending_heading.row} ('{pending_heading.text}') dianggap judul bagian tetapi "
                             "tidak diikuti item; periksa apakah sebenarnya item yang belum lengkap.")
