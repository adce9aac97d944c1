"""What the officer reads after ``ppid impor`` / ``--coba`` / the macro (Indonesian)."""

from __future__ import annotations

from ..problems import Problem
from .model import SourcePlan
from .prepare import NewItem, Prepared
from .run import ImportResult
from .mapping_sheet import SHEET
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


def column_line(column) -> str:
    """"'Header' -> Target (how; confidence)" for one column."""
    if column.target is None:
        how = " (sudah dipakai kolom lain)" if column.how == "ganda" else ""
        return f"'{column.label}' -> Catatan Impor{how}"
    percent = f"keyakinan {round(column.confidence * 100)}%"
    if column.how == "pemetaan":
        return f"'{column.label}' -> {column.target.nama} (dari {column.reason})"
    if column.how == "isi kolom":
        return f"'{column.label}' -> {column.target.nama} ({column.reason}; {percent})"
    return f"'{column.label}' -> {column.target.nama} (tebakan dari {column.reason}; {percent})"


def plan_lines(plan: SourcePlan) -> list[str]:
    """What was recognised in one source: columns, classification, skipped rows."""
    table = plan.table
    where = f" (sheet '{table.sheet}', judul kolom di baris {table.header_row})" if table.sheet else ""
    lines = [f"Berkas {table.name}{where}: {len(plan.records)} item, {len(plan.skipped)} baris dilewati."]
    if table.headerless:
        lines.append("  Tanpa baris judul kolom: kolom dikenali dari isinya.")
    lines.append("  Pemetaan kolom:")
    for column in plan.columns:
        lines.append(f"    - {column_line(column)}")
        if column.note:
            lines.append(f"      (tidak diikuti: {column.note})")
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
    """``--coba``: the mapping and the first rows of each source; no item written."""
    if result.sheet_written:
        lines = [f"UJI COBA (--coba): tidak ada item yang ditulis; usulan pemetaan ditulis ke sheet '{SHEET}' di "
                 f"{result.register.name}" + (" (register baru, masih kosong)." if result.created else ".")]
    else:
        lines = ["UJI COBA (--coba): tidak ada yang ditulis."]
    ids = {}
    if result.prepared is not None:
        ids = {(i.record.source, i.record.row): i for i in result.prepared.items}
    for plan in result.plans:
        lines += plan_lines(plan)
        if plan.table.name in result.from_sheet:
            lines.append(f"  (pemetaan mengikuti sheet '{SHEET}')")
        else:
            from .mapping_sheet import review_reasons

            lines += [f"  Perlu diperiksa: {reason}" for reason in review_reasons(plan)]
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
    if result.sheet_written:
        lines.append(f"Periksa kolom 'Sasaran' di sheet '{SHEET}' (pilih dari daftar; '(simpan di Catatan Impor)' = "
                     "tidak dipetakan), simpan, lalu jalankan impor yang sama tanpa --coba: pemetaan di sheet itu "
                     "diikuti.")
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


EXAMPLES = 3  # items named per problem kind
MESSAGES = 4  # distinct wordings of one kind listed separately


def _missing_codes() -> set[str]:
    from ..rules import REQUIRED_CODES

    return set(REQUIRED_CODES.values()) | {"keamanan-wajib"}


def _example(item: NewItem) -> str:
    return f"baris {item.excel_row} {item.id_informasi} '{short(item.record.title, 40)}'"


def _kind_lines(problems: list[Problem], new_rows: dict[int, NewItem]) -> list[str]:
    """One line per kind of problem (code, column; distinct wording when there are few): how many
    items, a few examples."""
    missing = _missing_codes()
    kinds: dict[tuple[str, str | None], list[Problem]] = {}
    for problem in problems:
        kinds.setdefault((problem.code, problem.column), []).append(problem)
    lines = []
    for (code, column), found in sorted(kinds.items(), key=lambda kv: -len({p.row for p in kv[1]})):
        if code in missing and column:
            parts = [(f"'{column}' belum diisi", found)]
        else:
            by_message: dict[str, list[Problem]] = {}
            for problem in found:
                by_message.setdefault(problem.message, []).append(problem)
            where = f"[{column}] " if column else ""
            if len(by_message) <= MESSAGES:
                parts = [(where + message, group) for message, group in by_message.items()]
            else:
                first = next(iter(by_message))
                parts = [(f"{where}{first} (dan {len(by_message) - 1} pesan serupa)", found)]
        for what, group in parts:
            rows = sorted({p.row for p in group})
            label = "galat" if any(p.is_error for p in group) else "peringatan"
            examples = "; ".join(_example(new_rows[r]) for r in rows[:EXAMPLES])
            more = f"; dan {len(rows) - EXAMPLES} item lain" if len(rows) > EXAMPLES else ""
            lines.append(f"   - {what} ({label}): {len(rows)} item, mis. {examples}{more}")
    return lines


def mapping_hints(result: ImportResult, problems: list[Problem], new_rows: dict[int, NewItem]) -> list[str]:
    """Corrections of the mapping that would fill columns now empty, from values kept in Catatan Impor.

    Only columns a source can fill (impor.toml targets with a Register column) are considered, and a
    source column is suggested when it holds a value in at least half of its file's items missing
    that column and its content fits (citations for the legal basis, dates for dates).
    """
    missing = _missing_codes()
    fillable = {t.kolom: t for t in vocabulary().targets if t.kolom}
    empty: dict[str, set[int]] = {}
    for problem in problems:
        if problem.code in missing and problem.column in fillable:
            empty.setdefault(problem.column, set()).add(problem.row)
    hints: list[str] = []
    for column, rows in sorted(empty.items(), key=lambda kv: -len(kv[1])):
        target = fillable[column]
        for plan in result.plans:
            own = [r for r in sorted(rows) if new_rows[r].record.source == plan.table.name]
            for source_column in (c for c in plan.columns if c.target is None and own):
                fit = source_column.profile.fit(target) if source_column.profile is not None else None
                if fit is not None and fit < 0.5:
                    continue
                prefix = f"Tidak dipetakan - {source_column.label}: "
                holding = [r for r in own if any(n.startswith(prefix) for n in new_rows[r].record.notes)]
                if not holding or len(holding) * 2 < len(own):
                    continue
                sample = next(n for n in new_rows[holding[0]].record.notes if n.startswith(prefix))
                hints.append(f"  - '{column}' kosong pada {len(own)} item dari {plan.table.name}, padahal kolom sumber "
                             f"'{source_column.label}' (tidak dipetakan) berisi nilai pada {len(holding)} item itu, "
                             f"tersimpan di 'Catatan Impor' (mis. \"{short(sample, 80)}\"). Bila itu isinya, pilih "
                             f"'{target.nama}' untuk '{source_column.label}'.")
    if any(p.code == "impor-klasifikasi" for p in problems):
        hints.append(f"  - Klasifikasi tidak dikenali: pilih di baris '(klasifikasi seluruh berkas)' sheet '{SHEET}'.")
    if hints:
        hints.insert(0, f"Periksa pemetaan kolom lebih dulu (satu perbaikan memperbaiki banyak item): jalankan "
                        f"'ppid impor ... --coba', ubah kolom 'Sasaran' di sheet '{SHEET}', hapus baris hasil impor "
                        "ini, lalu impor ulang.")
    return hints


def _skipped_lines(plan: SourcePlan) -> list[str]:
    kinds: dict[str, list[int]] = {}
    for skipped in plan.skipped:
        kinds.setdefault(skipped.kind, []).append(skipped.row)
    return [f"    dilewati baris {_rows_text(rows)} ({SKIP_TEXT.get(kind, kind)})" for kind, rows in kinds.items()]


def import_report(result: ImportResult) -> str:
    """What was imported, what was skipped, and what the office must fix: kinds of problems with
    counts and examples, grouped by the law, the mapping fix first."""
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
            ids = items[0].id_informasi + (f" s.d. {items[-1].id_informasi}" if len(items) > 1 else "")
            text += f" (register baris {_rows_text([i.excel_row for i in items])}; ID {ids})"
        if plan.table.name in result.from_sheet:
            text += f"; pemetaan mengikuti sheet '{SHEET}'"
        lines.append(text + ".")
        lines += _skipped_lines(plan)
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
                     "Rincian per item ada di kolom 'Hasil Validasi'; nilai bertanda [PERIKSA] ada di 'Catatan Impor'.")
        lines += mapping_hints(result, mine, new_rows)
        for number, (title, problems) in enumerate(group_problems(mine), start=1):
            affected = sorted({p.row for p in problems})
            lines.append(f"{number}. {title}: {len(affected)} item")
            lines += _kind_lines(problems, new_rows)
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


def review_text(plans: list[SourcePlan]) -> str:
    """The button's message when it wrote a proposal instead of importing (Indonesian)."""
    from .mapping_sheet import review_reasons

    lines = [f"Belum ada item yang diimpor: pemetaan kolom perlu diperiksa dulu. Usulannya ditulis ke sheet '{SHEET}'."]
    for plan in plans:
        reasons = review_reasons(plan)
        lines.append(f"- {plan.table.name}: " + "; ".join(reasons[:4]) + (" ..." if len(reasons) > 4 else ""))
    lines.append(f"Periksa kolom 'Sasaran' di sheet '{SHEET}' (ketik nama sasaran atau '(simpan di Catatan Impor)'), "
                 "lalu klik ⇩ Impor lagi: pemetaan di sheet itu diikuti.")
    return "\n".join(lines)
