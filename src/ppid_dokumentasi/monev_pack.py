"""``ppid bukti-monev``: the year's evidence for the Komisi Informasi monev (Perki 1/2022, SAQ items
under "Kualitas Informasi", legal-notes.md §8 item 12), in one folder, one index and one zip.

Folder ``bukti-monev-<tahun>/``::

    01-dip-dik/         the export of ``ppid ekspor`` plus dip.pdf and dik.pdf (LibreOffice)
    02-penetapan/       penetapan.csv (SK DIP and each Keputusan behind the DIK: number, date,
                        signatory, letter, signed scan) and copies of the letters and scans
    03-uji-konsekuensi/ every issued Lembar Uji Konsekuensi behind the DIK (.docx and .pdf)
    04-pembukaan/       pembukaan.csv and pengumuman.html (information opened at the end of its
                        exemption period, PP 61/2010 Pasal 11) with the opening letters found
    05-sop/             the SOP sheet as .pdf
    06-riwayat-versi/   the archive index (indeks.jsonl) and riwayat-versi.csv, when there is an archive
    index.html          the checklist: each item present, or missing with what to do

:func:`build_pack` is the use case; the adapters it needs (the .xlsx writer, a one-sheet copy of
the workbook, the PDF converter) come in a :class:`Tools`. A missing required item makes
:attr:`PackResult.complete` false (the CLI exits 1 and names it); everything present is still
packed, so the office sees what it has.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Callable

from .dates_id import format_date_for
from .errors import PpidError, PublicationError
from .export_files import HELD_FILE, render, write_files
from .letters import KINDS, OUTPUT_KEY, file_token
from .monev_index import index_html
from .numbering import EVENT_ACTION
from .publication import Penetapan, Publication, select
from .register import cell_text
from .workbook import WorkbookData

SCANS_KEY = "folder_pindaian"
ARCHIVE_KEY = "folder_arsip"
SK_DIP_KEYS = ("sk_dip_nomor", "sk_dip_tanggal", "sk_dip_penandatangan", "sk_dip_pindaian")
INDEX_FILE = "indeks.jsonl"


@dataclass
class Tools:
    xlsx: Callable[[Any, Publication], bytes]  # export table -> .xlsx bytes
    sheet_copy: Callable[[Path, str, Path], Path]  # (workbook, sheet, target .xlsx) -> target
    pdf: Callable[[list[Path], Path], list[Path]]  # files -> PDFs in a folder (one LibreOffice run)


@dataclass
class Check:
    judul: str
    ada: bool
    berkas: list[str] = field(default_factory=list)  # paths inside the pack
    tindakan: str = ""  # what to do when missing
    wajib: bool = True
    keterangan: str = ""


@dataclass
class PackResult:
    folder: Path
    zip_path: Path
    checks: list[Check]

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if c.wajib and not c.ada]

    @property
    def complete(self) -> bool:
        return not self.missing


def _letters_folder(data: WorkbookData, workbook: Path) -> Path | None:
    return data.settings.folder(OUTPUT_KEY, workbook)


_ISSUED = re.compile(r"nomor (?P<nomor>.+?); berkas (?P<berkas>[^;\\/]+)$")


def issued_files(riwayat: list[list[Any]]) -> dict[str, str]:
    """Letter number -> file name, from the ``surat`` events of Riwayat ("... nomor N; berkas F")."""
    found: dict[str, str] = {}
    for row in riwayat:
        cells = (list(row) + [None] * 9)[:9]
        if cell_text(cells[5]) == EVENT_ACTION and (m := _ISSUED.search(cell_text(cells[8]))):
            found[m["nomor"].strip()] = m["berkas"].strip()
    return found


def _with_pdf(folder: Path, name: str) -> list[Path]:
    """The letter file and its PDF beside it, those that exist."""
    docx = folder / name
    return [p for p in (docx, docx.with_suffix(".pdf")) if p.is_file()]


def _letter_files(folder: Path | None, kind: str, issued: dict[str, str], ids: list[str] | None = None,
                  numbers: list[str] | None = None) -> list[Path]:
    """Files of issued letters of a kind: by their numbers (through Riwayat), else by the item IDs in
    their file names (newest first)."""
    if folder is None or not folder.is_dir():
        return []
    for number in numbers or []:
        if number in issued and (files := _with_pdf(folder, issued[number])):
            return files
    if not ids:
        return []
    tokens = {file_token(i).casefold() for i in ids}
    found = [p for p in folder.glob(f"{kind}_*") if p.suffix.lower() in (".docx", ".pdf") and p.is_file()
             and tokens & {t.casefold() for t in p.stem.split("_")[1:-1]}]

    def key(p: Path) -> tuple[int, int, str]:
        urut, _, tahun = p.stem.split("_")[-1].partition("-")
        return (int(tahun) if tahun.isdigit() else 0, int(urut) if urut.isdigit() else 0, p.suffix)

    return sorted(found, key=key, reverse=True)


def _numbers_of(letters: list[list[Any]], label: str, item: str) -> list[str]:
    """Numbers of the Daftar Surat rows of a kind naming the item, latest first."""
    rows = []
    for row in letters:
        cells = (list(row) + [None] * 8)[:8]
        ids = {p.strip().casefold() for p in cell_text(cells[5]).split(";")}
        if cell_text(cells[4]) == label and item.strip().casefold() in ids:
            rows.append((cell_text(cells[6]), cell_text(cells[3])))
    return [number for _, number in sorted(rows, reverse=True)]


def _copy(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copy2(source, target)
    return target


def _csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _signatory(settings) -> str:
    """Who signs the Keputusan: the official Pengaturan ``penetap_keputusan`` names (letters.decider_prefix)."""
    from .letters import decider_prefix, official

    who = official(settings, decider_prefix(settings))
    return ", ".join(p for p in (who.nama, who.jabatan) if p)


def build_pack(data: WorkbookData, workbook: Path, year: int, out_dir: Path, as_of: dt.date,
               tools: Tools) -> PackResult:
    """Assemble the evidence pack of ``year`` into ``out_dir/bukti-monev-<year>`` and its zip."""
    workbook = Path(workbook)
    out_dir = Path(out_dir)
    name = f"bukti-monev-{year}"
    settings = data.settings
    day = lambda d: format_date_for(d, settings) if d else "-"  # noqa: E731
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out_dir))
    except OSError as exc:
        raise PublicationError(f"Folder '{out_dir}' tidak dapat ditulis: {exc.strerror or exc}.") from exc
    try:
        checks: list[Check] = []
        pub = select(data, as_of)
        export_dir = stage / "01-dip-dik"
        files = render(pub, tools.xlsx)
        del files[HELD_FILE]  # for the office, not for upload
        write_files(files, export_dir)
        to_pdf: dict[Path, Path] = {export_dir / "dip.xlsx": export_dir, export_dir / "dik.xlsx": export_dir}

        # Penetapan: the SK of the DIP, and the Keputusan behind the DIK.
        letters_dir = _letters_folder(data, workbook)
        issued = issued_files(data.riwayat)
        records = [["Jenis", "Nomor", "Tanggal", "Penandatangan", "Berkas Surat", "Pindaian Bertanda Tangan"]]
        sk = {k: settings.text(k) for k in SK_DIP_KEYS}
        sk_scan = settings.folder("sk_dip_pindaian", workbook) if sk["sk_dip_pindaian"] else None
        sk_day = _date(settings.values.get("sk_dip_tanggal"))
        sk_files = [_copy(sk_scan, stage / "02-penetapan").relative_to(stage).as_posix()] if (
            sk_scan and sk_scan.is_file()) else []
        records.append(["Penetapan DIP", sk["sk_dip_nomor"], sk_day.isoformat() if sk_day else "",
                        sk["sk_dip_penandatangan"], "", sk_files[0] if sk_files else ""])
        gaps = [label for key, label in (("sk_dip_nomor", "nomor"), ("sk_dip_penandatangan", "penandatangan"))
                if not sk[key]]
        if sk_day is None or sk_day.year != year:
            gaps.append(f"tanggal tahun {year}")
        if not sk_files:
            gaps.append("pindaian bertanda tangan")
        checks.append(Check(
            f"DIP tahun {year} ditetapkan (nomor, tanggal, penandatangan, pindaian SK)", not gaps, sk_files,
            "Isi Pengaturan " + ", ".join(f"'{k}'" for k in SK_DIP_KEYS) + " (belum ada: " + ", ".join(gaps) + ")."
            if gaps else "", keterangan=f"SK nomor {sk['sk_dip_nomor'] or '-'} tanggal {day(sk_day)}"))
        checks.append(Check(f"Daftar Informasi Publik ({len(pub.dip)} informasi): xlsx, pdf, csv, json, html",
                            True, ["01-dip-dik/dip.xlsx", "01-dip-dik/dip.pdf", "01-dip-dik/dip.csv",
                                   "01-dip-dik/daftar-informasi.html"]))
        checks.append(Check(f"Daftar Informasi yang Dikecualikan ({len(pub.dik)} informasi, Undang-Undang dan jangka "
                            "waktu disebut): xlsx, pdf, csv, json", True,
                            ["01-dip-dik/dik.xlsx", "01-dip-dik/dik.pdf", "01-dip-dik/dik.csv"]))
        scans_dir = settings.folder(SCANS_KEY, workbook)
        decided: dict[str, Penetapan] = {}
        for row in pub.dik:
            p = pub.penetapan[row.id_informasi.strip().casefold()]
            decided.setdefault(p.nomor, p)
        keputusan = KINDS["keputusan"]
        for nomor, p in decided.items():
            items = [r.id_informasi for r in pub.dik if pub.penetapan[r.id_informasi.strip().casefold()].nomor == nomor]
            files = _letter_files(letters_dir, keputusan.key, issued, ids=items, numbers=[nomor])
            copied = [_copy(f, stage / "02-penetapan") for f in files[:2]]
            scan = None
            if scans_dir is not None and files:
                scan = next((s for s in sorted(scans_dir.glob(f"{files[0].stem}*")) if s.is_file()), None)
            scan_copy = _copy(scan, stage / "02-penetapan" / "pindaian") if scan else None
            records.append([keputusan.label, nomor, p.tanggal.isoformat() if p.tanggal else "", _signatory(settings),
                            copied[0].name if copied else "", scan_copy.name if scan_copy else ""])
            todo = []
            if not copied:
                todo.append(f"berkas surat Keputusan nomor {nomor} tidak ada di folder surat "
                            f"'{letters_dir or '-'}'")
            if scan_copy is None:
                stem = files[0].stem if files else f"{keputusan.key}_..."
                todo.append(f"simpan pindaian bertanda tangan sebagai '{stem}.pdf' di folder Pengaturan "
                            f"'{SCANS_KEY}' ({scans_dir or 'belum diisi'})")
            checks.append(Check(f"Penetapan DIK: {keputusan.label} nomor {nomor} tanggal {day(p.tanggal)}",
                                not todo, [c.relative_to(stage).as_posix() for c in copied]
                                + ([scan_copy.relative_to(stage).as_posix()] if scan_copy else []),
                                (lambda t: t[:1].upper() + t[1:])("; ".join(todo)) + "." if todo else ""))
        write_files({"penetapan.csv": _csv(records)}, stage / "02-penetapan")

        # Every Lembar Uji Konsekuensi behind the DIK.
        lembar = KINDS["uji-konsekuensi"]
        for row in pub.dik:
            files = _letter_files(letters_dir, lembar.key, issued, ids=[row.id_informasi],
                                  numbers=_numbers_of(data.letters, lembar.label, row.id_informasi))
            docx = next((f for f in files if f.suffix.lower() == ".docx"), None)
            pdf = next((f for f in files if f.suffix.lower() == ".pdf" and docx and f.stem == docx.stem), None)
            copied = []
            if docx is not None:
                copied.append(_copy(docx, stage / "03-uji-konsekuensi"))
                if pdf is not None:
                    copied.append(_copy(pdf, stage / "03-uji-konsekuensi"))
                else:
                    to_pdf[copied[0]] = stage / "03-uji-konsekuensi"
            checks.append(Check(
                f"Lembar Uji Konsekuensi {row.id_informasi} ({row.judul})", docx is not None,
                [c.relative_to(stage).as_posix() for c in copied] + (
                    [f"03-uji-konsekuensi/{docx.stem}.pdf"] if docx is not None and pdf is None else []),
                f"Lembar Uji Konsekuensi {row.id_informasi} tidak ada di folder surat '{letters_dir or '-'}': buat "
                f"dengan 'ppid surat {workbook.name} --jenis {lembar.key} --id {row.id_informasi}' (atau tombol "
                "Buat Surat)." if docx is None else ""))

        # Openings at the end of the exemption period, and their announcement.
        checks += _openings(pub, year, stage, letters_dir, issued, day)

        # The SOP sheet.
        sop_dir = stage / "05-sop"
        sop_dir.mkdir()
        sop_copy = tools.sheet_copy(workbook, "SOP", sop_dir / "sop.xlsx")
        to_pdf[sop_copy] = sop_dir

        # The archive's version history (when there is an archive).
        checks.append(_archive(data, workbook, stage))

        converted = _convert(tools, list(to_pdf), to_pdf, stage)
        sop_copy.unlink(missing_ok=True)
        checks.insert(len(checks) - 1, Check("SOP Pendokumentasian Informasi yang Dikecualikan (PDF)",
                                             (sop_dir / "sop.pdf").is_file(), ["05-sop/sop.pdf"],
                                             "Pasang LibreOffice lalu jalankan lagi." if not converted else ""))
        for check in checks:
            absent = [b for b in check.berkas if not (stage / b).is_file()]
            if absent and check.ada:
                check.ada = False
                check.tindakan = ("Berkas tidak terbentuk: " + ", ".join(absent) + ". " + check.tindakan).strip()
        (stage / "index.html").write_text(index_html(checks, year, settings), encoding="utf-8")
        folder = _replace(stage, out_dir / name)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    zip_path = _zip(folder, out_dir / f"{name}.zip")
    return PackResult(folder, zip_path, checks)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(cell_text(value)[:10])
    except ValueError:
        return None


def _openings(pub: Publication, year: int, stage: Path, letters_dir: Path | None, issued: dict[str, str],
              day) -> list[Check]:
    folder = stage / "04-pembukaan"
    folder.mkdir()
    opened = [(r, pub.openings[r.id_informasi.strip().casefold()]) for r in pub.dip
              if r.id_informasi.strip().casefold() in pub.openings]
    # Opened in ``year``: public from the end of the period (PP 61/2010 Pasal 11 ayat (1)), else the penetapan.
    opened = [(r, o) for r, o in opened if (r.berakhir or o.tanggal) is None or (r.berakhir or o.tanggal).year == year]
    rows = [["ID Informasi", "Judul Informasi", "Klasifikasi", "Nomor Penetapan", "Tanggal Penetapan"]]
    rows += [[r.id_informasi, r.judul, r.klasifikasi, o.nomor, o.tanggal.isoformat() if o.tanggal else ""]
             for r, o in opened]
    write_files({"pembukaan.csv": _csv(rows)}, folder)
    items = "".join(f"<li><strong>{escape(r.judul)}</strong> ({escape(r.id_informasi)}): kini informasi "
                    f"{escape(r.klasifikasi)}; penetapan nomor {escape(o.nomor or '-')} tanggal "
                    f"{escape(day(o.tanggal))}.</li>" for r, o in opened) or "<li>Tidak ada.</li>"
    (folder / "pengumuman.html").write_text(
        f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Pengumuman Informasi yang Dibuka '
        f"Tahun {year}</title></head><body><main><h1>Pengumuman Informasi yang Dibuka Tahun {year}</h1><p>Informasi "
        "berikut telah habis jangka waktu pengecualiannya dan ditetapkan menjadi Informasi Publik (PP 61/2010 Pasal "
        f"11).</p><ul>{items}</ul></main></body></html>\n", encoding="utf-8")
    checks = []
    for r, o in opened:
        files = _letter_files(letters_dir, "", issued, numbers=[o.nomor]) if o.nomor else []
        copied = [_copy(f, folder).relative_to(stage).as_posix() for f in files[:2]]
        checks.append(Check(f"Pembukaan {r.id_informasi}: penetapan nomor {o.nomor or '-'} tanggal {day(o.tanggal)}",
                            bool(o.nomor and o.tanggal), ["04-pembukaan/pengumuman.html", *copied],
                            "Catat nomor dan tanggal penetapan pembukaannya." if not (o.nomor and o.tanggal) else ""))
    expired = [h for h in pub.held if "Pasal 11 ayat (3)" in h.alasan]
    for h in expired:
        checks.append(Check(f"Pembukaan {h.id_informasi}: jangka waktu pengecualian berakhir, belum dibuka", False,
                            [], "Tetapkan pembukaannya (PP 61/2010 Pasal 11) lalu jalankan lagi."))
    if not opened and not expired:
        checks.append(Check(f"Informasi yang dibuka tahun {year}: tidak ada yang jangka waktu pengecualiannya "
                            "berakhir", True, ["04-pembukaan/pengumuman.html"]))
    return checks


def _archive(data: WorkbookData, workbook: Path, stage: Path) -> Check:
    title = "Riwayat versi daftar (indeks arsip)"
    try:
        root = data.settings.folder(ARCHIVE_KEY, workbook) or workbook.resolve().parent / "arsip"
    except PpidError:
        root = None
    index = root / INDEX_FILE if root else None
    if index is None or not index.is_file():
        return Check(title, False, [], "Belum ada arsip: simpan versi dengan 'ppid arsip simpan' (tidak wajib).",
                     wajib=False)
    folder = stage / "06-riwayat-versi"
    _copy(index, folder)
    rows = [["Versi", "Waktu", "ID Informasi", "Hash"]]
    for line in index.read_text(encoding="utf-8").splitlines()[:100_000]:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        rows.append([entry.get("versi", ""), entry.get("waktu", ""), "; ".join(entry.get("id", [])),
                     entry.get("hash", "")])
    write_files({"riwayat-versi.csv": _csv(rows)}, folder)
    return Check(title, True, [f"06-riwayat-versi/{INDEX_FILE}", "06-riwayat-versi/riwayat-versi.csv"],
                 keterangan=f"{len(rows) - 1} versi")


def _convert(tools: Tools, sources: list[Path], targets: dict[Path, Path], stage: Path) -> bool:
    work = stage / ".pdf"
    try:
        pdfs = tools.pdf(sources, work)
    except PpidError:
        shutil.rmtree(work, ignore_errors=True)
        return False
    for source, pdf in zip(sources, pdfs):
        if pdf.is_file():
            os.replace(pdf, targets[source] / pdf.name)
    shutil.rmtree(work, ignore_errors=True)
    return True


def _replace(stage: Path, target: Path) -> Path:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-lama-{os.getpid()}")
        os.replace(target, old)
    os.replace(stage, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _zip(folder: Path, path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for file in sorted(p for p in folder.rglob("*") if p.is_file()):
                out.write(file, f"{folder.name}/{file.relative_to(folder).as_posix()}")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
