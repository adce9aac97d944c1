"""The numbering ledger: issued letter numbers, outside the workbook (append-only, locked).

An older copy of the workbook (a backup, a version from ``pulihkan``) does not know the numbers
issued since, so numbering from the workbook alone would issue them again. Every issued number is
therefore also appended to ``nomor-surat.jsonl`` beside the archive (Pengaturan ``folder_arsip``) or
in the file Pengaturan ``buku_nomor_surat`` names (a shared folder), and :func:`numbering.allocate`
takes the highest number of the workbook *and* the ledger. One JSON object per line
(``nomor``, ``kode_unit``, ``tahun``, ``urut``, ``jenis``, ``id``, ``berkas``, ``waktu``); lines are only
ever appended (``O_APPEND``) under a file lock. Plain Python.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from filelock import FileLock, Timeout

from .errors import LetterError
from .settings import Settings

LEDGER_NAME = "nomor-surat.jsonl"
LEDGER_KEY = "buku_nomor_surat"
ARCHIVE_KEY = "folder_arsip"
LOCK_TIMEOUT_SECONDS = 60


def ledger_path(settings: Settings, workbook: Path | None) -> Path | None:
    """The ledger file, or None when it cannot be placed (a workbook not on disk and no full path)."""
    text = settings.text(LEDGER_KEY)
    base = Path(workbook).resolve().parent if workbook is not None else None
    if text:
        path = Path(text).expanduser()
    else:
        folder = Path(settings.text(ARCHIVE_KEY) or "arsip").expanduser()
        path = folder / LEDGER_NAME
    if not path.is_absolute():
        if base is None:
            return None
        path = base / path
    return path


def lock_for(path: Path) -> FileLock:
    return FileLock(str(path.with_name(f".{path.name}.lock")), timeout=LOCK_TIMEOUT_SECONDS, mode=0o640)


def _same_unit(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def read(path: Path | None) -> list[dict[str, Any]]:
    """Every well-formed line (a damaged line is skipped; it can only lower nothing)."""
    if path is None:
        return []
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise LetterError(f"Buku nomor surat '{path}' tidak dapat dibaca: {exc.strerror or exc}. Tidak ada nomor yang "
                          "diberikan.") from exc
    entries = []
    for line in raw.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries


def last_in(entries: Iterable[dict[str, Any]], kode_unit: str, tahun: int,
            names: Iterable[str] | None = None) -> int:
    """Highest number of the unit and year; with ``names`` (the letter kinds of one numbering series,
    Pengaturan seri_nomor_<jenis>) only the entries of those kinds."""
    wanted = set(names) if names else None
    highest = 0
    for entry in entries:
        if wanted is not None and entry.get("jenis") not in wanted:
            continue
        try:
            if int(entry.get("tahun")) == tahun and _same_unit(str(entry.get("kode_unit", "")), kode_unit):
                highest = max(highest, int(entry.get("urut")))
        except (TypeError, ValueError):
            continue
    return highest


def last_issued(settings: Settings, workbook: Path | None, kode_unit: str, tahun: int,
                names: Iterable[str] | None = None) -> int:
    return last_in(read(ledger_path(settings, workbook)), kode_unit, tahun, names)


def append(settings: Settings, workbook: Path | None, lines: list[dict[str, Any]]) -> None:
    """Append issued numbers under the ledger's lock; refuses a number the ledger already holds
    (another copy of the workbook issued it meanwhile), changing nothing."""
    path = ledger_path(settings, workbook)
    if path is None or not lines:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
        with lock_for(path):
            entries = read(path)
            for line in lines:
                if last_in(entries, str(line["kode_unit"]), int(line["tahun"]), line.get("seri")) >= int(line["urut"]):
                    raise LetterError(f"Nomor surat {line['nomor']} sudah tercatat di buku nomor surat '{path}' "
                                      "(diberikan dari salinan workbook lain). Tidak ada yang dicatat; buat surat "
                                      "lagi untuk mendapat nomor berikutnya.", sheet="Daftar Surat")
            data = b"".join(json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                       default=str).encode("utf-8") + b"\n" for line in lines)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
    except Timeout as exc:
        raise LetterError(f"Buku nomor surat '{path}' sedang dipakai proses lain; coba lagi sebentar lagi.") from exc
    except OSError as exc:
        raise LetterError(f"Buku nomor surat '{path}' tidak dapat ditulisi: {exc.strerror or exc}. Tidak ada nomor "
                          "yang diberikan.") from exc
