"""The audit trail (sheet ``Riwayat``): append-only events in a SHA-256 hash chain.

Each row is ``No, Waktu, ID Informasi, Dari Langkah, Ke Langkah, Aksi, Peran, Nama, Catatan,
Hash Sebelumnya, Hash``. ``Hash`` is SHA-256 over the previous row's hash and a canonical JSON of
the row's first ten cells (values as text, so Excel's 3 and 3.0 hash alike). Editing any cell
or deleting a row breaks the chain at that row; deleting rows at the end is caught by the anchor
(event count and last hash) kept in ``Pengaturan``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from .layout import RIWAYAT
from .problems import Problem
from .register import cell_text

GENESIS = "0" * 64
WIB = ZoneInfo("Asia/Jakarta")  # +07:00
ANCHOR_COUNT_KEY = "riwayat_jumlah"
ANCHOR_HASH_KEY = "riwayat_hash_terakhir"
FIRST_DATA_ROW = 2  # Riwayat header is row 1


def now_wib() -> dt.datetime:
    return dt.datetime.now(WIB).replace(microsecond=0)


@dataclass(frozen=True)
class Event:
    id_informasi: str
    dari_langkah: int | None
    ke_langkah: int | None
    aksi: str
    peran: str
    nama: str
    catatan: str = ""
    waktu: dt.datetime | None = None

    def cells(self, number: int) -> list[Any]:
        waktu = (self.waktu or now_wib()).astimezone(WIB).isoformat(timespec="seconds")
        return [number, waktu, self.id_informasi, self.dari_langkah, self.ke_langkah, self.aksi, self.peran,
                self.nama, self.catatan]


def _canonical(cells: Iterable[Any]) -> str:
    return json.dumps([_text(v) for v in cells], ensure_ascii=False, separators=(",", ":"))


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return cell_text(value)


def _hash_text(value: Any) -> str:
    """A hash cell as text. Excel (COM, Office.js) turns the all-zero genesis hash into the number 0
    when it is written as a value, so a zero (number or text of zeros) reads as :data:`GENESIS`."""
    text = _text(value)
    if text and set(text) <= {"0"}:
        return GENESIS
    return text


def row_hash(previous_hash: str, cells_with_previous: list[Any]) -> str:
    """Hash of one row: its first ten cells (including 'Hash Sebelumnya') chained to the previous."""
    cells = list(cells_with_previous)
    if len(cells) > 9:
        cells[9] = _hash_text(cells[9])
    payload = previous_hash + "\n" + _canonical(cells)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chain_events(existing_rows: list[list[Any]], events: Iterable[Event]) -> list[list[Any]]:
    """New Riwayat rows for ``events``, numbered and chained after ``existing_rows``."""
    previous = _hash_text(existing_rows[-1][10]) if existing_rows and len(existing_rows[-1]) > 10 else GENESIS
    number = len(existing_rows)
    rows = []
    for event in events:
        number += 1
        cells = event.cells(number) + [previous]
        digest = row_hash(previous, cells)
        rows.append(cells + [digest])
        previous = digest
    return rows


def anchor(rows: list[list[Any]]) -> tuple[int, str]:
    """(event count, last hash) to keep in Pengaturan after writing ``rows``."""
    return len(rows), (_hash_text(rows[-1][10]) if rows else GENESIS)


def verify_chain(rows: list[list[Any]], anchor_count: Any = None, anchor_hash: Any = None) -> list[Problem]:
    """Every break in the chain, naming the first row where it breaks (Excel row numbers)."""
    previous = GENESIS
    for index, row in enumerate(rows):
        excel_row = FIRST_DATA_ROW + index
        cells = (list(row) + [None] * 11)[:11]
        stored_previous, stored_hash = _hash_text(cells[9]), _hash_text(cells[10])
        if stored_previous != previous:
            return [Problem(RIWAYAT, excel_row, "Hash Sebelumnya", "riwayat-rantai-putus",
                            f"Rantai riwayat putus di baris {excel_row}: baris sebelumnya diubah, dihapus atau "
                            "disisipkan.")]
        if row_hash(previous, cells[:10]) != stored_hash:
            return [Problem(RIWAYAT, excel_row, None, "riwayat-diubah",
                            f"Isi baris {excel_row} sheet Riwayat diubah setelah dicatat (hash tidak cocok).")]
        if _text(cells[0]) != str(index + 1):
            return [Problem(RIWAYAT, excel_row, "No", "riwayat-nomor",
                            f"Nomor urut baris {excel_row} sheet Riwayat bukan {index + 1}.")]
        previous = stored_hash
    count = _text(anchor_count)
    if count and count != str(len(rows)):
        return [Problem(RIWAYAT, FIRST_DATA_ROW + len(rows), None, "riwayat-baris-hilang",
                        f"Riwayat mencatat {count} peristiwa, tetapi sheet hanya berisi {len(rows)}: baris "
                        "akhir dihapus.")]
    if _text(anchor_hash) and _hash_text(anchor_hash) != previous:
        return [Problem(RIWAYAT, FIRST_DATA_ROW + max(len(rows) - 1, 0), "Hash", "riwayat-jangkar",
                        "Hash terakhir sheet Riwayat tidak cocok dengan jangkar di Pengaturan.")]
    return []


# -- Seal (archive key) ------------------------------------------------------------------------
SEAL_KEY = "riwayat_segel"
PUBLIC_KEY = "kunci_publik_arsip"


def verify_seal(rows: list[list[Any]], seal: Any, public: Any) -> list[Problem]:
    """The Riwayat seal (Pengaturan ``riwayat_segel``: a signature by the archive key over the event
    count and last hash at sealing time). A chain recomputed after an edit keeps its hashes
    consistent but no longer ends, at the sealed row, in the sealed hash; the seal cannot be
    recomputed without the private key. Rows after the sealed count are not covered."""
    from .archive_sign import fingerprint, parse_seal, seal_message, verify

    seal_text, key = _text(seal), _text(public)
    if not seal_text:
        if key:
            return [Problem("Pengaturan", None, "Nilai", "riwayat-segel-hilang",
                            f"Pengaturan mencatat kunci arsip {fingerprint(key)}, tetapi '{SEAL_KEY}' kosong: segel "
                            "Riwayat dihapus.")]
        return []
    parsed = parse_seal(seal_text)
    if parsed is None or not key:
        return [Problem("Pengaturan", None, "Nilai", "riwayat-segel-rusak",
                        f"Pengaturan '{SEAL_KEY}' rusak atau kunci publik arsip ('{PUBLIC_KEY}') kosong.")]
    count, last_hash, signature = parsed
    if not verify(key, seal_message(count, last_hash), signature):
        return [Problem("Pengaturan", None, "Nilai", "riwayat-segel-palsu",
                        f"Segel Riwayat tidak ditandatangani kunci arsip {fingerprint(key)} (segel dibuat ulang atau "
                        "diubah).")]
    if count > len(rows):
        return [Problem(RIWAYAT, FIRST_DATA_ROW + len(rows), None, "riwayat-baris-hilang",
                        f"Segel Riwayat mencakup {count} peristiwa, tetapi sheet hanya berisi {len(rows)}: baris dihapus.")]
    if count and _hash_text((list(rows[count - 1]) + [None] * 11)[10]) != last_hash:
        return [Problem(RIWAYAT, FIRST_DATA_ROW + count - 1, "Hash", "riwayat-dihitung-ulang",
                        f"Riwayat baris {FIRST_DATA_ROW}–{FIRST_DATA_ROW + count - 1} diubah setelah disegel kunci "
                        f"arsip {fingerprint(key)}: hash baris {FIRST_DATA_ROW + count - 1} bukan yang disegel (rantai "
                        "dihitung ulang).")]
    return []


def seal_summary(rows_count: int, seal: Any, public: Any) -> str:
    """What a successful check proves (Indonesian), for the CLI."""
    from .archive_sign import fingerprint, parse_seal

    parsed = parse_seal(_text(seal))
    if parsed is None:
        return ("Catatan: Riwayat tanpa segel kunci arsip. Rantai hash hanya menunjukkan bahwa baris tidak berubah "
                "tanpa sengaja; orang yang mengubah baris dapat menghitung ulang seluruh rantai. Buat kunci dengan "
                "'ppid arsip kunci buat --workbook PATH'; simpan arsip berikutnya menyegel Riwayat.")
    count = parsed[0]
    rest = rows_count - count
    text = (f"Segel kunci arsip {fingerprint(_text(public))} sah untuk {count} peristiwa pertama: baris itu tidak "
            "diubah sejak disegel (kecuali oleh pemegang kunci privat).")
    if rest > 0:
        text += f" {rest} peristiwa sesudahnya belum disegel (disegel pada penyimpanan arsip berikutnya)."
    return text
