"""Plan one source: read it, fix its shape, recognise its columns, sort its rows into records.

Rows are sorted into records, group headings, spacers, repeated header rows and continuation
rows. Group headings nest by numbering style in order of first appearance ("A." above "1."); a
heading ends at the next heading of its style or at the next *record* numbered in its style (a
heading "1. Profil" ends at the record numbered "2"). A row without a row number that carries on
the previous record across a page break (it starts in lower case, or fills columns beyond the
first two, or the record before it ends mid-sentence) is appended to that record, not taken for a
heading.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import ImportSourceError
from ..register import COLUMNS
from ..sources import read_source
from .interpret import make_record
from .mapping import Mapping
from .model import Skipped, SourcePlan
from .recognise import file_classification, map_columns, name_says_public
from .shape import names_columns, reshape
from .vocabulary import blank, classify_text, norm, vocabulary

REGISTER_MARKS = ("ID Informasi", "Langkah", "Catatan Impor", "Hasil Validasi", "Dasar Pengecualian")
PPID_SHEETS = {"Register", "Riwayat", "Pengaturan"}


def plan_sources(paths: Iterable[str | Path], mapping: Mapping | None = None,
                 mappings: dict[str, Mapping] | None = None) -> list[SourcePlan]:
    """Read and plan every source; the first malformed one raises (nothing is written).

    ``mappings`` (by source file name, from the Pemetaan Impor sheet) apply to their own file;
    ``mapping`` (a file given with --pemetaan) to every source.
    """
    plans = [plan_source(p, (mappings or {}).get(Path(p).name, mapping)) for p in paths]
    if not plans:
        raise ImportSourceError("Tidak ada berkas sumber untuk diimpor.")
    return plans


def plan_source(path: str | Path, mapping: Mapping | None = None) -> SourcePlan:
    vocab = vocabulary()
    table = read_source(path, sheet=mapping.lembar if mapping else None,
                        header_row=mapping.baris_judul if mapping else None,
                        header_search=int(vocab.raw.get("baris_judul_maks", 20)), header_score=names_columns)
    _refuse_own_workbook(table)
    fixed_header = mapping is not None and (mapping.baris_judul is not None or bool(mapping.by_index))
    shaped = reshape(table, header_fixed=fixed_header and not (mapping and mapping.headerless))
    if mapping is not None and mapping.headerless and not table.headerless:
        table.rows.insert(0, (table.header_row, list(table.header)))
        table.header = [f"Kolom {i + 1}" for i in range(len(table.header))]
        table.headerless = True
    if mapping is not None and mapping.labels:
        from .mapping_sheet import check_labels

        check_labels(mapping, [h.strip() or f"Kolom {i + 1}" for i, h in enumerate(table.header)], table.name)
    public = name_says_public(table, mapping)
    columns = map_columns(table, mapping, public)
    classification, reason, warnings = file_classification(table, columns, mapping)
    plan = SourcePlan(table, columns, [], [], classification, reason, warnings)
    plan.warnings += [f"Kolom '{c.label}': {c.note}." for c in columns if c.note and c.target is not None]
    _refuse_not_a_list(plan)
    if mapping is not None and mapping.columns and not mapping.sheet:
        present = {norm(h) for h in table.header}
        for header in mapping.columns:
            if header not in present:
                plan.warnings.append(f"Pemetaan menyebut kolom '{header}' yang tidak ada di '{table.name}'.")
    for number, cells in table.skipped_above or []:
        plan.skipped.append(Skipped(number, "judul tabel", " ".join(c for c in cells if c.strip())))
    plan.skipped += shaped
    if table.headerless:
        plan.warnings.append(f"'{table.name}' tidak memiliki baris judul kolom: baris {table.header_row} diimpor "
                             "sebagai item dan kolomnya dikenali dari isinya; periksa pemetaannya.")
    _plan_rows(plan)
    return plan


def _refuse_own_workbook(table) -> None:
    """A ppid register (or its Panduan) is not a list to import into another register."""
    name = table.name
    if PPID_SHEETS <= set(table.sheet_names):
        raise ImportSourceError(f"Berkas '{name}' adalah workbook register ppid-dokumentasi (sheet "
                                f"{', '.join(sorted(PPID_SHEETS))}), bukan daftar DIP/DIK; tidak ada yang diimpor. "
                                "Impor tabel DIP/DIK aslinya (.csv atau .xlsx).")
    labels = {norm(c.label) for c in COLUMNS}
    header = {norm(h) for h in table.header}
    if norm("ID Informasi") in header and len(header & labels) >= 4:
        raise ImportSourceError(f"Berkas '{name}' berisi sheet Register ppid-dokumentasi (kolom "
                                f"{', '.join(m for m in REGISTER_MARKS if norm(m) in header)}), bukan daftar DIP/DIK; "
                                "tidak ada yang diimpor.")
    from ..datafiles import packaged

    help_text = packaged("panduan.toml")
    panduan = norm(help_text["judul"])
    sections = {norm(part["judul"]) for part in help_text.get("bagian", [])}
    first = [table.header] + [cells for _, cells in (table.skipped_above or [])] + [c for _, c in table.rows[:5]]
    everything = [table.header] + [cells for _, cells in table.rows[:300]]
    if any(norm(cell) == panduan for cells in first for cell in cells) or \
            len({norm(cell) for cells in everything for cell in cells} & sections) >= 2:
        raise ImportSourceError(f"Berkas '{name}' adalah sheet Panduan ppid-dokumentasi, bukan daftar DIP/DIK; "
                                "tidak ada yang diimpor.")


def _refuse_not_a_list(plan: SourcePlan) -> None:
    if any(c.target is not None and c.target.kunci in ("judul", "ringkasan") for c in plan.columns):
        return
    raise ImportSourceError(
        f"Berkas '{plan.table.name}' tidak tampak seperti daftar informasi: tidak ada kolom berisi judul atau "
        f"ringkasan informasi (kolom: {', '.join(c.label for c in plan.columns)}). Tidak ada yang diimpor. Bila "
        "berkasnya benar, sebutkan kolom judulnya dengan --pemetaan atau di sheet 'Pemetaan Impor'.")


def numbering_style(text: str) -> str | None:
    """'nested' | 'roman' | 'upper' | 'digit' | 'lower' for a row number or heading prefix, else None."""
    flat = " ".join(text.replace("\u00a0", " ").split())
    for style, pattern in (("nested", r"^\d+\.[a-z0-9]{1,2}\b\.?"), ("roman", r"^[IVXLC]{1,6}\s*[.)]?(\s|$)"),
                           ("upper", r"^[A-Z]\s*[.)](\s|$)"), ("digit", r"^\d+\s*[.)]?(\s|$)"),
                           ("lower", r"^[a-z]\s*[.)](\s|$)")):
        if re.match(pattern, flat):
            return style
    return None


def _token(text: str) -> str:
    match = re.match(r"\s*([0-9]+|[A-Za-z]+)", text.replace("\u00a0", " "))
    return match.group(1).casefold() if match else ""


def _number_column(plan: SourcePlan) -> int | None:
    return next((c.index for c in plan.columns if c.target is not None and c.target.kunci == "nomor"), None)


def _continues(cells: list[str], filled: list[int], previous: list[str], number_col: int) -> bool:
    """Whether a row without a row number carries on the previous record (page break): it starts in
    lower case, or it fills at most half the cells the record filled and that record's cell ends
    mid-sentence or the row reaches beyond the first two columns. A full row is a record of its own."""
    first = cells[filled[0]].strip()
    if classify_text(first) or numbering_style(first):
        return False
    if first[:1].islower():
        return True
    before_filled = [i for i, c in enumerate(previous) if not blank(c) and i != number_col]
    if len(filled) * 2 > max(len(before_filled), 1):
        return False
    before = " ".join(previous[filled[0]].split())
    mid_sentence = bool(re.search(r"([,;/(\-–]|\b(dan|atau|serta|yang|di|ke|dari|untuk|dengan|tentang|dalam|"
                                  r"pada))$", before, re.IGNORECASE))
    return mid_sentence or max(filled) > 1


def _plan_rows(plan: SourcePlan) -> None:
    table = plan.table
    width = len(table.header)
    min_width = int(vocabulary().raw.get("kolom_minimum_judul_bagian", 4))
    header_norm = [norm(h) for h in table.header]
    number_col = _number_column(plan)
    styles: list[str] = []  # numbering styles of headings, outermost first
    sections: list[tuple[int, str]] = []
    pending_heading: Skipped | None = None
    record_style: str | None = None  # numbering style of the records since the last heading
    keys: dict[str, str] = {}  # numbering style -> the number of its current heading
    groups: list[tuple[int, list[str], list[str], list[int]]] = []  # number, cells, section, continuation rows
    for number, cells in table.rows:
        if all(blank(c) for c in cells):
            plan.skipped.append(Skipped(number, "baris kosong"))
            continue
        if not table.headerless and norm(cells[0]) == header_norm[0] and [norm(c) for c in cells] == header_norm:
            plan.skipped.append(Skipped(number, "judul kolom berulang"))
            continue
        filled = [i for i, c in enumerate(cells) if not blank(c)]
        unnumbered = number_col is not None and blank(cells[number_col])
        if unnumbered and groups and pending_heading is None and _continues(cells, filled, groups[-1][1], number_col):
            last = groups[-1]
            for i in filled:
                last[1][i] = f"{last[1][i]}\n{cells[i]}" if not blank(last[1][i]) else cells[i]
            last[3].append(number)
            continue
        if width >= min_width and len(filled) <= 2 and max(filled) <= 1:
            text = " ".join(cells[i].strip() for i in filled)
            style = numbering_style(cells[filled[0]]) or "tanpa nomor"
            if style not in styles:
                styles.append(style)
            keys[style] = _token(cells[filled[0]])
            level = styles.index(style)
            sections = [(lv, t) for lv, t in sections if lv < level] + [(level, text)]
            pending_heading = Skipped(number, "judul bagian", text)
            plan.skipped.append(pending_heading)
            record_style = None
            continue
        style = numbering_style(cells[number_col]) if number_col is not None else None
        if style in styles and style != record_style and _token(cells[number_col]) != keys.get(style):
            level = styles.index(style)  # the next numbered group (after sub-items): its heading ends
            sections = [(lv, t) for lv, t in sections if lv < level]
        record_style = style or record_style
        pending_heading = None
        groups.append((number, list(cells), [t for _, t in sections], []))
    for number, cells, section, continued in groups:
        plan.records.append(make_record(plan, number, cells, section, continued))
    if pending_heading is not None:
        plan.warnings.append(f"Baris {pending_heading.row} ('{pending_heading.text}') dianggap judul bagian tetapi "
                             "tidak diikuti item; periksa apakah sebenarnya item yang belum lengkap.")
