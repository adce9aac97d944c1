"""Archive policy: who may archive what (SOP langkah 7), item selection, the bag-info fields,
and which key signs a version. Plain Python over sheet values; :mod:`archive` writes the bags."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from . import __version__
from .workbook import RegisterTable
from .archive_bag import INFO_IDS, INFO_PREVIOUS, INFO_TIME, INFO_VERSION
from .archive_check import ArchiveState
from .archive_sign import (
    KEY_DIR_ENV, PUBLIC_KEY_SETTING, Signer, fingerprint, key_dir, key_log_line, load_key,
)
from .errors import ArchiveError
from .register import REGISTER_SHEET, cell_text, parse_int
from .settings import Settings
from .sop import default_sop

MAX_LISTED_ITEMS = 200  # bag-info lists IDs and per-item retention up to this many items
DISPOSITION_RANK = {"Musnah": 0, "Dinilai Kembali": 1, "Permanen": 2}
SECURITY_RANK = {"Biasa": 0, "Terbatas": 1, "Rahasia": 2, "Sangat Rahasia": 3}


@dataclass(frozen=True)
class Actor:
    peran: str
    nama: str
    nip: str = ""


def bag_info_fields(settings: Settings, version: str, waktu: dt.datetime, actor: Actor,
                    selected: dict[str, tuple[int, dict[str, Any]]], all_items: bool, workbook: str,
                    extra: list[tuple[str, Any]], previous_manifest: str, oxum: str) -> list[tuple[str, Any]]:
    """bag-info.txt fields in order (docs/archive.md)."""
    info: list[tuple[str, Any]] = []

    def put(key: str, value: Any) -> None:
        if value not in (None, ""):
            info.append((key, value))

    put("Source-Organization", settings.text("nama_badan_publik"))
    put("Organization-Address", settings.text("alamat"))
    put("Contact-Email", settings.text("email"))
    put("Instansi", settings.text("nama_instansi"))
    put("Unit-Pengolah", settings.text("nama_unit"))
    put("External-Description", "Arsip hasil koreksi dokumen informasi oleh pimpinan PPID (SOP langkah 7)")
    put(INFO_VERSION, version)
    put(INFO_TIME, waktu.isoformat(timespec="seconds"))
    put("Bagging-Date", waktu.date().isoformat())
    put("Cakupan", f"semua butir Register ({len(selected)})" if all_items else f"butir terpilih ({len(selected)})")
    listed = list(selected)[:MAX_LISTED_ITEMS] if (not all_items or len(selected) <= MAX_LISTED_ITEMS) else []
    for item_id in listed:
        put(INFO_IDS, item_id)
    put("Peran-Pelaksana", actor.peran)
    put("Nama-Pelaksana", actor.nama)
    put("NIP-Pelaksana", actor.nip)
    cells = [c for _r, c in selected.values()]
    aktif = [n for n in (parse_int_or_none(c.get("Retensi Aktif (Tahun)")) for c in cells) if n is not None]
    inaktif = [n for n in (parse_int_or_none(c.get("Retensi Inaktif (Tahun)")) for c in cells) if n is not None]
    put("Retensi-Aktif-Tahun", max(aktif) if aktif else "-")
    put("Retensi-Inaktif-Tahun", max(inaktif) if inaktif else "-")
    put("Keterangan-Retensi", strongest([cell_text(c.get("Keterangan Retensi")) for c in cells],
                                         DISPOSITION_RANK))
    put("Klasifikasi-Keamanan", strongest([cell_text(c.get("Klasifikasi Keamanan")) for c in cells],
                                           SECURITY_RANK))
    for item_id in listed:
        c = selected[item_id][1]
        put("Rincian-Butir", " | ".join([
            item_id,
            f"retensi aktif {cell_text(c.get('Retensi Aktif (Tahun)')) or '-'} tahun",
            f"inaktif {cell_text(c.get('Retensi Inaktif (Tahun)')) or '-'} tahun",
            cell_text(c.get("Keterangan Retensi")) or "-",
            f"keamanan {cell_text(c.get('Klasifikasi Keamanan')) or '-'}",
            f"langkah {cell_text(c.get('Langkah')) or '-'}",
        ]))
    put("Workbook", workbook)
    info += extra
    put(INFO_PREVIOUS, previous_manifest)
    put("Bag-Software-Agent", f"ppid-dokumentasi {__version__}")
    put("Payload-Oxum", oxum)
    return info


def signer_for(settings: Settings, state: ArchiveState, version: str) -> tuple[Signer | None, bytes | None]:
    """The key that signs ``version``, and the key-log line to write first (a newly used key).

    An archive with a key log is always signed with its current key; a workbook that records a key
    (Pengaturan 'kunci_publik_arsip') starts signing its archive. Without either: unsigned.
    """
    pinned = settings.text(PUBLIC_KEY_SETTING)
    current = state.current_key
    wanted = current or pinned
    if not wanted:
        return None, None
    if pinned and current and pinned != current:
        raise ArchiveError(f"Kunci arsip di Pengaturan '{PUBLIC_KEY_SETTING}' ({fingerprint(pinned)}) berbeda dengan "
                           f"kunci yang menandatangani arsip ({fingerprint(current)}). Pakai 'ppid arsip kunci putar' "
                           "untuk mengganti kunci; tidak ada yang disimpan.", sheet="Pengaturan", column="Nilai")
    signer = load_key(wanted)
    if signer is None:
        raise ArchiveError(f"Arsip ditandatangani dengan kunci {fingerprint(wanted)}, tetapi kunci privatnya tidak ada "
                           f"di komputer ini ({key_dir()}; atur {KEY_DIR_ENV}). Tidak ada yang disimpan.")
    return signer, (key_log_line(signer, version, None) if not current else None)


def parse_int_or_none(value: Any) -> int | None:
    try:
        return parse_int(value)
    except ValueError:
        return None


def strongest(values: list[str], rank: dict[str, int]) -> str:
    known = [v for v in values if v in rank]
    if known:
        return max(known, key=rank.__getitem__)
    return next((v for v in values if v), "-")


def id_pattern(item_id: str) -> re.Pattern:
    """The ID as a whole token of a file name: 'DIK-1' matches 'nota_DIK-1_x' but not 'nota_DIK-10'."""
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(item_id) + r"(?![A-Za-z0-9])", re.IGNORECASE)


def register_items(register: RegisterTable) -> dict[str, tuple[int, dict[str, Any]]]:
    """Register items by ID Informasi (first occurrence wins; rows without an ID are skipped)."""
    items: dict[str, tuple[int, dict[str, Any]]] = {}
    index = register.labels.index("ID Informasi")
    for excel_row, values in register.rows:
        item_id = cell_text(values[index]) if index < len(values) else ""
        if item_id and item_id not in items:
            items[item_id] = (excel_row, register.cells(values))
    return items


def check_step_7(selected: dict[str, tuple[int, dict[str, Any]]], actor: Actor) -> None:
    """SOP langkah 7: items are stored as archive by Arsip, and only once they reached step 7
    (which the workflow allows only after the PPID leadership's approval at step 6).

    A snapshot of the whole register (no IDs) is a versioned backup and has no such condition.
    """
    step = default_sop().step(7)
    if actor.peran not in step.pelaksana:
        raise ArchiveError(
            f"Langkah 7 SOP ('{step.kegiatan}') dilaksanakan oleh {', '.join(step.pelaksana)}; pengguna "
            f"'{actor.nama}' berperan {actor.peran}.", sheet="Pengaturan")
    early = []
    for item_id, (excel_row, cells) in selected.items():
        try:
            langkah = parse_int(cells.get("Langkah"))
        except ValueError:
            langkah = None
        if langkah != 7:
            early.append(f"baris {excel_row} (ID '{item_id}', langkah {langkah or '-'})")
    if early:
        raise ArchiveError(
            "Hanya informasi di langkah 7 yang disimpan sebagai arsip, yaitu sesudah disetujui pimpinan PPID "
            f"pada langkah 6 (Tata Cara SOP langkah 6 dan 7). Belum di langkah 7: Register {'; '.join(early)}.",
            sheet=REGISTER_SHEET, column="Langkah")


def select_items(items: dict[str, tuple[int, dict[str, Any]]], ids: list[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    if not ids:
        return items
    folded = {k.casefold(): k for k in items}
    selected = {}
    for wanted in ids:
        key = folded.get(wanted.strip().casefold())
        if key is None:
            raise ArchiveError(f"ID Informasi '{wanted}' tidak ada di sheet Register.", sheet=REGISTER_SHEET,
                               column="ID Informasi")
        selected[key] = items[key]
    return selected
