"""What the officer reads after ``ppid impor`` / ``--coba`` / the macro (Indonesian)."""

from __future__ import annotations

from ..problems import Problem
from .model import SourcePlan
from .prepare import NewItem, Prepared
from .run import ImportResult
from .vocabulary import FIRST_STEP, short, vocabulary


SKIP_TEXT = {
    "judul bagian": "judul bagian",
    "baris kosong": "baris kosong/pemisah",
    "judul kolom berulang": "judul kolom berulang",
    "judul tabel": "judul tabel di atas judul kolom",
}


def _rows_text(numbers: list[int]) -> str:
    """'2, 5, 7-9' from row numbers."""
    parts: list[str] = []
    numbers = sorted(numbers)
    start = prev = None
    for n in numbers + [None]:
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(parts)


def plan_lines(plan: SourcePlan) -> list[str]:
    """What was recognised in one source: columns, classification, skipped rows."""
    table = plan.table
    where = f" (sheet '{table.sheet}', judul kolom di baris {table.header_row})" if table.sheet else ""
    lines = [f"Berkas {table.name}{where}: {len(plan.records)} item, {len(plan.skipped)} baris dilewati."]
    lines.append("  Pemetaan kolom:")
    for column in plan.columns:
        header = column.header.strip() or f"Kolom {column.index + 1}"
        if column.target is None:
            how = " (sudah dipakai kolom lain)" if column.how == "ganda" else ""
            lines.append(f"    - '{header}' -> Catatan Impor{how}")
        else:
            how = {"tebakan": "tebakan", "pemetaan": "berkas pemetaan",
                   "isi kolom": "isinya berupa rujukan peraturan"}.get(column.how, column.how)
            lines.append(f"    - '{header}' -> {column.target.nama} ({how})")
    if plan.classification:
        lines.append(f"  Klasifikasi: {plan.classification} (dari {plan.classification_reason}).")
    else:
        lines.append("  Klasifikasi: ditentukan per bagian (judul bagian) bila dikenali, selain itu dikosongkan.")
    for skipped in plan.skipped:
        text = f": '{short(skipped.text, 70)}'" if skipped.text else ""
        lines.append(f"  Dilewati baris {skipped.row} ({SKIP_TEXT.get(skipped.kind, skipped.kind)}){text}")
    lines += [f"  Perhatian: {w}" for w in plan.warnings]
    return lines


def trial_text(result: ImportResult, rows: int = 5) -> str:
    """``--coba``: the mapping and the first rows of each source, nothing written."""
    lines = ["UJI COBA (--coba): tidak ada yang ditulis."]
    ids = {}
    if result.prepared is not None:
        ids = {(i.record.source, i.record.row): i for i in result.prepared.items}
    for plan in result.plans:
        lines += plan_lines(plan)
        for record in plan.records[:rows]:
            item = ids.get((record.source, record.row))
            ident = item.id_informasi if item else "(ID baru)"
            values = record.values
            lines.append(f"  Baris {record.row} -> {ident}: '{short(record.title, 60)}' | Klasifikasi: "
                         f"{values.get('klasifikasi') or '-'} | Dasar: {values.get('dasar_pengecualian') or '-'}")
        if len(plan.records) > rows:
            lines.append(f"  ... dan {len(plan.records) - rows} item lain.")
    if result.prepared is not None:
        lines += _duplicate_lines(result.prepared)
        lines.append(f"Bila dijalankan tanpa --coba: {len(result.prepared.items)} item baru ditambahkan ke "
                     f"{result.register.name}.")
    return "\n".join(lines)


def _duplicate_lines(prepared: Prepared) -> list[str]:
    if not prepared.duplicates:
        return []
    lines = [f"Sudah pernah diimpor (tidak diimpor lagi): {len(prepared.duplicates)} baris"]
    for dup in prepared.duplicates:
        lines.append(f"  - {dup.record.source} baris {dup.record.row} '{short(dup.record.title, 50)}': {dup.where}")
    return lines


def group_problems(problems: list[Problem]) -> list[tuple[str, list[Problem]]]:
    """Problems in the report's legal groups (impor.toml [[kelompok]]), then 'Lainnya'."""
    groups = [(g["judul"], set(g["kode"])) for g in vocabulary().raw.get("kelompok", [])]
    result: list[tuple[str, list[Problem]]] = [(title, []) for title, _ in groups]
    other: list[Problem] = []
    for problem in problems:
        for index, (_, codes) in enumerate(groups):
            if problem.code in codes:
                result[index][1].append(problem)
                break
        else:
            other.append(problem)
    result.append(("Lainnya", other))
    return [(title, items) for title, items in result if items]


def _row_summary(problems: list[Problem]) -> str:
    """One line per item: empty required columns together, other problems with their message."""
    from ..rules import REQUIRED_CODES

    plain = set(REQUIRED_CODES.values()) | {"keamanan-wajib"}
    missing = [p.column for p in problems if p.code in plain and p.column]
    parts = [f"belum diisi: {', '.join(missing)}"] if missing else []
    for problem in problems:
        if problem.code in plain and problem.column:
            continue
        kind = "" if problem.is_error else "peringatan: "
        column = f"[{problem.column}] " if problem.column else ""
        parts.append(f"{kind}{column}{problem.message}")
    return " | ".join(parts)


def import_report(result: ImportResult) -> str:
    """What was imported, what was skipped, and what the office must fix, grouped by the law."""
    prepared = result.prepared
    assert prepared is not None
    made = " (register baru)" if result.created else ""
    lines = [f"Impor ke {result.register}{made}:"]
    by_source: dict[str, list[NewItem]] = {}
    for item in prepared.items:
        by_source.setdefault(item.record.source, []).append(item)
    for plan in result.plans:
        items = by_source.get(plan.table.name, [])
        text = f"- {plan.table.name}: {len(items)} item diimpor"
        if items:
            text += (f" (register baris {_rows_text([i.excel_row for i in items])}; ID {items[0].id_informasi} s.d. "
                     f"{items[-1].id_informasi})")
        lines.append(text + ".")
        for skipped in plan.skipped:
            label = f": '{short(skipped.text, 70)}'" if skipped.text else ""
            lines.append(f"    dilewati baris {skipped.row} ({SKIP_TEXT.get(skipped.kind, skipped.kind)}){label}")
        lines += [f"    perhatian: {w}" for w in plan.warnings]
    lines += _duplicate_lines(prepared)
    lines.append(f"Jumlah: {len(prepared.items)} item baru, semuanya di Langkah {FIRST_STEP}; teks asli tiap sel "
                 "tersimpan di kolomnya atau di 'Catatan Impor'.")
    new_rows = {i.excel_row: i for i in prepared.items}
    mine = [p for p in prepared.problems if p.row in new_rows]
    others = [p for p in prepared.problems if p.row not in new_rows]
    if mine:
        rows_with = len({p.row for p in mine})
        lines.append("")
        lines.append(f"YANG PERLU DIPERBAIKI: {rows_with} dari {len(prepared.items)} item hasil impor "
                     f"({sum(p.is_error for p in mine)} galat, {sum(not p.is_error for p in mine)} peringatan). "
                     "Rinciannya juga ada di kolom 'Hasil Validasi'.")
        for number, (title, problems) in enumerate(group_problems(mine), start=1):
            affected = sorted({p.row for p in problems})
            lines.append(f"{number}. {title}: {len(affected)} item")
            for row in affected:
                item = new_rows[row]
                lines.append(f"   - baris {row} {item.id_informasi} '{short(item.record.title, 40)}': "
                             + _row_summary([p for p in problems if p.row == row]))
    if others:
        errors = sum(p.is_error for p in others)
        lines.append(f"Baris lain di register: {errors} galat, {len(others) - errors} peringatan "
                     "(lihat 'ppid validasi').")
    if prepared.items and mine:
        lines.append("Impor selesai; register masih memuat masalah yang perlu diperbaiki petugas (lihat di atas).")
    elif prepared.items:
        lines.append("Impor selesai; tidak ada masalah pada item hasil impor.")
    else:
        lines.append("Tidak ada item baru; register tidak diubah.")
    return "\n".join(lines)
