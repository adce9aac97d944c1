"""One source row into register values plus the lines of its ``Catatan Impor`` (nothing lost)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from ..register import parse_date
from .basis import read_basis
from .model import Finding, Record, SourcePlan
from .numbers import words_to_digits
from .vocabulary import (
    EXEMPT, FIRST_STEP, START_STATUS, Target, blank, class_value, classify_text, norm, short, single, vocabulary,
)


def fingerprint(section: list[str], cells: list[str]) -> str:
    payload = json.dumps([[norm(s) for s in section], [" ".join(c.split()) for c in cells]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def make_record(plan: SourcePlan, number: int, cells: list[str], section: list[str],
                continued: list[int] | None = None) -> Record:
    """One record (``continued``: rows after a page break whose text was appended to ``cells``)."""
    raw = vocabulary().raw
    table = plan.table
    values: dict[str, Any] = {}
    notes: list[str] = []
    findings: list[Finding] = []
    body: list[str] = []
    origin = f"Asal: {table.name}" + (f" (sheet '{table.sheet}')" if table.sheet else "") + f", baris {number}"
    if continued:
        body.append(f"Lanjutan di baris {', '.join(map(str, continued))} (pindah halaman) digabung ke item ini")
    marks: dict[str, list[tuple[str, str, str]]] = {"hard": [], "soft": []}
    mark_cells: list[tuple[str, str]] = []
    basis_cells: list[tuple[str, str]] = []  # legal basis, possibly split over columns ("Pasal" and "UU")
    for column in plan.columns:
        text = cells[column.index]
        if blank(text):
            continue
        header = column.label
        target = column.target
        if target is None:
            body.append(f"Tidak dipetakan - {header}: {text}")
            continue
        kind = target.jenis
        if kind == "nomor":
            origin += f", {header} {text}"
        elif kind == "teks":
            if target.key in values:
                values[target.key] += "\n" + text
            else:
                values[target.key] = text
        elif kind == "akibat":
            patterns = raw.get("akibat_bukan_akibat", [])
            if any(re.search(p, norm(text)) for p in patterns):
                body.append(f"{header} (asli): {text}\n  -> tidak diisikan ke 'Konsekuensi Jika Dibuka': isinya syarat "
                            "pembukaan, bukan akibat bila dibuka [PERIKSA]")
                findings.append(Finding("Konsekuensi Jika Dibuka", "impor-akibat-bukan-akibat",
                                        f"Kolom sumber '{header}' berisi syarat pembukaan ('{short(text)}'), bukan akibat "
                                        "bila informasi dibuka; tulis konsekuensinya dari uji konsekuensi."))
            else:
                values[target.key] = text
        elif kind == "dasar":
            basis_cells.append((header, text))
        elif kind == "tempat_waktu":
            _place_time(header, text, values, body, findings)
        elif kind == "tanggal":
            _date(header, text, target, values, body, findings)
        elif kind == "tanda_format":
            mark_cells.append((header, text))
            marks[target.bentuk or "soft"].append((header, text, target.nama))
        elif kind == "bentuk":
            _form_text(header, text, values, body, findings)
        elif kind == "retensi":
            _retention(header, text, values, body, findings)
        elif kind == "jangka_waktu":
            _period(header, text, values, body, findings)
        elif kind == "klasifikasi":
            found = class_value(text)
            if found:
                values["klasifikasi"] = found
                body.append(f"{header} (asli): {text} -> Klasifikasi: {found}")
            else:
                body.append(f"{header} (asli): {text} -> tidak dikenali sebagai klasifikasi [PERIKSA]")
        else:  # pragma: no cover - guarded by impor.toml loading
            body.append(f"{header}: {text}")
    if basis_cells:
        read_basis(" + ".join(h for h, _ in basis_cells), "\n".join(t for _, t in basis_cells), values, body,
                   findings)
    if mark_cells:
        _form_marks(mark_cells, marks, values, body, findings)
    if not values.get("judul") and values.get("ringkasan"):
        values["judul"] = values["ringkasan"]
        body.append("Judul Informasi disalin dari Ringkasan Isi Informasi (sumber tidak memiliki kolom judul); "
                    "persingkat bila perlu")
    _classify(plan, section, values, body, findings)
    values.setdefault("langkah", FIRST_STEP)
    values.setdefault("status", START_STATUS)
    print_fp = fingerprint(section, cells)
    notes = [origin] + ([f"Bagian: {' > '.join(section)}"] if section else []) + body + [f"Sidik impor: {print_fp}"]
    return Record(table.name, number, values, notes, findings, print_fp)


def _place_time(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    one = single(text)
    pieces = [p.strip() for p in one.split(",")]
    # the time is the piece that reads as a date or holds a year (written first or last); the rest is the place
    timed = [i for i, p in enumerate(pieces) if _try_date(p) is not None or re.search(r"\b(19|20)\d{2}\b", p)]
    at = timed[-1] if timed else len(pieces) - 1
    if len(pieces) == 1 or not timed:
        place, when = (", ".join(pieces[:-1]), pieces[-1]) if len(pieces) > 1 else ("", one)
    else:
        place, when = ", ".join(p for i, p in enumerate(pieces) if i != at), pieces[at]
    line = f"{header} (asli): {text}\n  -> "
    parts = []
    if place.strip():
        values["tempat_pembuatan"] = place.strip()
        parts.append(f"Tempat Pembuatan: {place.strip()}")
    parsed = _try_date(when)
    if parsed is not None:
        values["waktu_pembuatan"] = parsed
        parts.append(f"Waktu Pembuatan: {parsed.isoformat()}")
    else:
        parts.append(f"Waktu Pembuatan dikosongkan: '{when.strip()}' bukan tanggal lengkap [PERIKSA]")
        findings.append(Finding("Waktu Pembuatan", "impor-waktu",
                                f"Sumber hanya menyebut '{short(when.strip())}' sebagai waktu pembuatan; isi tanggalnya."))
    body.append(line + "; ".join(parts))


def _try_date(text: str) -> dt.date | None:
    try:
        return parse_date(" ".join(text.replace("\u00a0", " ").split()))
    except ValueError:
        return None


def _date(header: str, text: str, target: Target, values: dict, body: list[str], findings: list[Finding]) -> None:
    parsed = _try_date(single(text))
    label = target.kolom or target.nama
    if parsed is not None:
        values[target.key] = parsed
        body.append(f"{header} (asli): {text} -> {label}: {parsed.isoformat()}")
        return
    body.append(f"{header} (asli): {text}\n  -> {label} dikosongkan: bukan tanggal lengkap [PERIKSA]")
    findings.append(Finding(label, "impor-waktu", f"Sumber menulis '{short(text)}' untuk '{label}', bukan tanggal "
                            "lengkap; isi tanggalnya."))


def _form_from_words(text: str) -> str | None:
    words = set(norm(text).split())
    table = vocabulary().raw.get("bentuk", {})
    hard = bool(words & set(table.get("hard", [])))
    soft = bool(words & set(table.get("soft", [])))
    if hard and soft:
        return "Softfile dan Hardcopy"
    return "Hardcopy" if hard else "Softfile" if soft else None


def _form_text(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    form = _form_from_words(text)
    if form:
        values["bentuk"] = form
        body.append(f"{header} (asli): {text} -> Bentuk Informasi: {form}")
    else:
        body.append(f"{header} (asli): {text} -> Bentuk Informasi tidak dikenali [PERIKSA]")
        findings.append(Finding("Bentuk Informasi", "impor-bentuk", f"Bentuk '{short(text)}' tidak dikenali; pilih "
                                "Softfile, Hardcopy atau Softfile dan Hardcopy."))


def _mark(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def _form_marks(cells: list[tuple[str, str]], marks: dict, values: dict, body: list[str],
                findings: list[Finding]) -> None:
    raw = vocabulary().raw
    yes = {_mark(x) for x in raw.get("tanda_ada", [])}
    no = {_mark(x) for x in raw.get("tanda_tidak", [])}
    unknown = [f"{h}: {t}" for h, t in cells if _mark(t) not in yes | no]
    hard = any(_mark(t) in yes for _, t, _ in marks["hard"])
    soft = any(_mark(t) in yes for _, t, _ in marks["soft"])
    original = "; ".join(f"{h} = {t}" for h, t in cells)
    if unknown:
        body.append(f"Format (asli): {original}\n  -> Bentuk Informasi tidak diisi: tanda tidak dikenali [PERIKSA]")
        findings.append(Finding("Bentuk Informasi", "impor-bentuk", "Tanda format tidak dikenali ("
                                + "; ".join(unknown) + "); pilih Bentuk Informasi."))
        return
    form = "Softfile dan Hardcopy" if hard and soft else "Hardcopy" if hard else "Softfile" if soft else None
    if form and "bentuk" not in values:
        values["bentuk"] = form
    body.append(f"Format (asli): {original} -> Bentuk Informasi: {form or '-'}")


def _retention(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    value = words_to_digits(norm(single(text)))
    for entry in vocabulary().raw.get("retensi", []):
        match = re.search(entry["pola"], value)
        if not match:
            continue
        if "ambigu" in entry:
            body.append(f"{header} (asli): {text}\n  -> retensi dikosongkan: {entry['ambigu']} [PERIKSA]")
            findings.append(Finding("Retensi Aktif (Tahun)", "impor-retensi",
                                    f"Retensi sumber '{short(text)}': {entry['ambigu']}."))
            return
        parts = []
        if entry.get("aktif") == "angka":
            values["retensi_aktif"] = int(match.group(1))
            parts.append(f"Retensi Aktif (Tahun): {match.group(1)}")
        if entry.get("keterangan"):
            values["keterangan_retensi"] = entry["keterangan"]
            parts.append(f"Keterangan Retensi: {entry['keterangan']}")
        body.append(f"{header} (asli): {text} -> {'; '.join(parts)} ({entry.get('catatan', '')})")
        return
    body.append(f"{header} (asli): {text}\n  -> retensi tidak dikenali, dikosongkan [PERIKSA]")
    findings.append(Finding("Retensi Aktif (Tahun)", "impor-retensi",
                            f"Retensi sumber '{short(text)}' tidak dikenali; isi menurut JRA."))


def _period(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    parsed = _try_date(single(text))
    if parsed is not None:
        values["berakhir"] = parsed
        body.append(f"{header} (asli): {text} -> Pengecualian Berakhir: {parsed.isoformat()}")
        return
    value = words_to_digits(norm(single(text)))
    note = "tidak dikenali"
    for entry in vocabulary().raw.get("jangka_waktu", []):
        if re.search(entry["pola"], value):
            note = entry["catatan"]
            break
    body.append(f"{header} (asli): {text}\n  -> Pengecualian Berakhir dikosongkan: {note} [PERIKSA]")
    findings.append(Finding("Pengecualian Berakhir", "impor-jangka-waktu",
                            f"Jangka waktu sumber '{short(text)}': {note}."))


def _classify(plan: SourcePlan, section: list[str], values: dict, body: list[str], findings: list[Finding]) -> None:
    if values.get("klasifikasi"):
        return
    value, reason = plan.classification, plan.classification_reason
    if value != EXEMPT:
        for heading in reversed(section):
            found = classify_text(heading)
            if found:
                value, reason = found, f"bagian '{heading}'"
                break
    if value:
        values["klasifikasi"] = value
        body.append(f"Klasifikasi: {value} (dari {reason})")
    else:
        body.append("Klasifikasi dikosongkan: tidak dapat ditentukan dari nama berkas atau judul bagian [PERIKSA]")
        findings.append(Finding("Klasifikasi", "impor-klasifikasi",
                                "Klasifikasi tidak dapat ditentukan dari berkas atau bagiannya; pilih Berkala, Serta "
                                "Merta atau Setiap Saat (UU 14/2008 Pasal 9-11) atau Dikecualikan."))
