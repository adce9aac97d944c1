"""Arsip simpan / 🗄 Arsipkan: a new verifiable archive version of one workbook, logged in Riwayat.

One flow for ``ppid arsip simpan`` and the button: who acts (:mod:`.actors`), the archive root
and the letters folder (:mod:`.folders`), the chosen items (none chosen: the whole register, a
versioned backup), then :meth:`archive.Archive.snapshot` writes the bag (the SOP step-7 rule is the
archive's) and one ``arsip`` event per item (or one for the whole register) is appended to Riwayat
in the same session. The workbook lock is held throughout, so the archived file and sheets are one
state of the workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..archive import Actor, Archive, SnapshotResult, SnapshotSource
from ..archive_bag import checkpoint
from ..archive_sign import PUBLIC_KEY_SETTING, load_key, make_seal
from ..audit import SEAL_KEY, Event, anchor
from ..errors import ArchiveError, FolderError, PpidError
from ..register import REGISTER_SHEET
from ..selection import NO_DATA_ROW_SELECTED
from ..settings import User
from . import folders
from .session import WorkbookSession, chosen_ids

ACTION = "arsip"


def archive_events(result: SnapshotResult) -> list[Event]:
    """Riwayat events of a snapshot: one per chosen item, or one for the whole register."""
    note = f"Arsip {result.version} (manifest SHA-256 {result.manifest_sha256[:16]}…) di '{result.path.parent}'"
    actor = result.actor
    if result.all_items:
        return [Event("(semua butir)", None, None, ACTION, actor.peran, actor.nama, note)]
    return [Event(item_id, step, step, ACTION, actor.peran, actor.nama, note) for item_id, step in result.items.items()]


def riwayat_seal(settings, rows: list[list]) -> str | None:
    """Pengaturan ``riwayat_segel`` for ``rows`` when this machine holds the workbook's archive key."""
    public = settings.text(PUBLIC_KEY_SETTING)
    signer = load_key(public) if public else None
    if signer is None:
        return None
    count, last = anchor(rows)
    return make_seal(signer, count, last)


def archive(session: WorkbookSession, actor: User, *, root: str | Path | None = None,
            letters_root: str | Path | None = None, waktu: dt.datetime | None = None, record_event: bool = True) -> SnapshotResult:
    """Snapshot the chosen items (or the whole register) into the archive; ``root``: the CLI override,
    ``letters_root``: where this workbook's letters are (xlwings Server: its office tree)."""
    data = session.data
    settings = data.settings
    path = session.path
    try:
        ids = chosen_ids(session)
    except PpidError as exc:
        if exc.code != NO_DATA_ROW_SELECTED:
            raise
        ids = None  # a button clicked with no row marked or selected: the whole register, as the CLI
    if ids is not None and not ids:
        raise ArchiveError("Baris yang dipilih tidak memiliki 'ID Informasi'; isi ID lalu arsipkan lagi.",
                           sheet=REGISTER_SHEET, column="ID Informasi")
    archive_root = folders.archive_folder(settings, path, root)
    warnings = []
    try:
        letters_dir = folders.folder(settings, folders.LETTERS_KEY, path, letters_root)
    except FolderError as exc:
        letters_dir = None
        warnings.append(f"Surat tidak diarsipkan: {exc.message}")
    source = SnapshotSource(session.sheets(), path, path.name if path else session.name,
                            path.parent if path else None, letters_dir)
    result = Archive(archive_root).snapshot(source, ids or [], actor=Actor(actor.peran, actor.nama, actor.nip),
                                            waktu=waktu)
    result.warnings[:0] = warnings
    checkpoint("sebelum-riwayat")
    if record_event:
        try:
            before = list(data.riwayat)
            rows = session.append_events(archive_events(result))
            seal = riwayat_seal(settings, before + rows)
            if seal:  # the Riwayat chain as it now stands, signed with the archive key
                session.set_settings({SEAL_KEY: seal})
            session.commit()
        except PpidError as exc:
            raise ArchiveError(f"{result.summary()} Namun peristiwa arsip tidak tercatat di sheet Riwayat: "
                               f"{exc.message}") from exc
    checkpoint("setelah-riwayat")
    return result
