"""Shared setup for the archive tests (helpers only, no tests): a workbook folder with letters and softfiles."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.file_session import FileSession
from ppid_dokumentasi.app.actors import acting_user
from ppid_dokumentasi.app.archiving import archive
from ppid_dokumentasi.audit import WIB
from ppid_dokumentasi.sample import sample_rows

ARSIPARIS = "Nama Arsiparis (contoh)"
EXEMPT_ID = "PKR-2025-007"  # Dikecualikan, step 7, softfile softfile/PKR-2025-007.pdf
OTHER_ID = "PKR-2025-008"  # Dikecualikan, approved at step 6, moved to step 7 by make_office
WHEN = dt.datetime(2026, 11, 25, 10, 30, tzinfo=WIB)


def make_office(folder: Path) -> Path:
    """register.xlsx (sample) + surat/ with letters + softfile/ with one item's softfile."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [row.model_copy(update={"langkah": 7, "status": "Dalam Proses"}) if row.id_informasi == OTHER_ID else row
            for row in sample_rows()]  # only items at step 7 are archived item by item (SOP langkah 7)
    book = build_workbook(folder / "register.xlsx", rows)
    (folder / "surat").mkdir()
    (folder / "surat" / f"nota_dinas_{EXEMPT_ID}_2026.docx").write_bytes(b"nota dinas " + EXEMPT_ID.encode())
    (folder / "surat" / f"nota_dinas_{EXEMPT_ID}0_2026.docx").write_bytes(b"another item's letter")
    (folder / "surat" / f"berita_acara_{OTHER_ID}.docx").write_bytes(b"berita acara " + OTHER_ID.encode())
    (folder / "softfile").mkdir()
    (folder / "softfile" / f"{EXEMPT_ID}.pdf").write_bytes(b"%PDF-1.4 softfile " * 100)
    return book


def copy_office(template: Path, folder: Path) -> Path:
    shutil.copytree(template, folder)
    return folder / "register.xlsx"


def snapshot(book: Path, root: Path, ids=(), *, nama: str = ARSIPARIS, peran: str | None = None, waktu=WHEN):
    """``ppid arsip simpan --tanpa-riwayat`` in this process: the application's archive use case."""
    with FileSession(book, list(ids) or None) as session:
        actor = acting_user(session.data.settings, nama, peran)
        return archive(session, actor, root=root, waktu=waktu, record_event=False)
