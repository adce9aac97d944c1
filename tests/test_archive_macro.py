"""The 'Arsipkan' macro through xlwings' remote engine (xlwings Lite / Server: no file on disk)."""

from __future__ import annotations

from pathlib import Path

import bagit
import pytest

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros.arsip as ma  # noqa: E402
from macros.common import MACROS, plain  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.archive import Archive  # noqa: E402
from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, verify_chain  # noqa: E402
from ppid_dokumentasi.errors import GENERIC_MESSAGE  # noqa: E402

from test_archive_common import ARSIPARIS, EXEMPT_ID, OTHER_ID, make_office, snapshot  # noqa: E402


@pytest.fixture
def office(tmp_path) -> tuple[Path, Path]:
    """The sample office, configured as on xlwings Server: absolute archive and letters folders."""
    book = make_office(tmp_path / "kantor")
    root = tmp_path / "server" / "arsip"
    with WorkbookEditor(book) as editor:
        editor.set_setting("pengguna_aktif", ARSIPARIS)
        editor.set_setting("folder_arsip", str(root))
        editor.set_setting("folder_surat", str(book.parent / "surat"))
    return book, root


def _run(book: Path, selection: str):
    remote = remote_book(book, selection=selection)
    plain(ma.arsipkan)(remote)
    actions = remote.json()["actions"]
    return actions, apply_actions(book, actions)


def test_arsipkan_archives_the_selected_items_and_logs_riwayat(office):
    book, root = office
    rows = {item: read_workbook(book).register.find(item)[0] for item in (EXEMPT_ID, OTHER_ID)}
    actions, alerts = _run(book, f"A{rows[EXEMPT_ID]}:C{rows[OTHER_ID]}")
    assert MACROS["arsipkan"] is plain(ma.arsipkan)  # the real macro replaced the placeholder
    assert [a["func"] for a in actions] == ["setValues", "setValues", "alert"]  # Riwayat, anchor, message
    assert alerts[0][1].startswith(f"Arsip v0001 tersimpan di '{root / 'v0001'}' ({EXEMPT_ID}, {OTHER_ID}; ")

    bag = bagit.Bag(str(root / "v0001"))
    assert bag.validate()
    assert bag.info["ID-Informasi"] == [EXEMPT_ID, OTHER_ID]
    assert bag.info["Peran-Pelaksana"] == "Arsip" and bag.info["Nama-Pelaksana"] == ARSIPARIS
    assert bag.info["Workbook"] == "register.xlsx (berkas tidak ada di disk; hanya isi lembar)"
    payload = bag.payload_entries()
    assert not any(p.startswith("data/workbook/") for p in payload)  # the file is not on disk in Lite
    assert f"data/surat/nota_dinas_{EXEMPT_ID}_2026.docx" in payload  # absolute folder_surat
    assert f"data/surat/berita_acara_{OTHER_ID}.docx" in payload

    data = read_workbook(book)
    events = [row for row in data.riwayat if row[5] == "arsip"]
    assert [(e[2], e[6], e[7]) for e in events] == [(EXEMPT_ID, "Arsip", ARSIPARIS), (OTHER_ID, "Arsip", ARSIPARIS)]
    values = data.settings.values
    assert verify_chain(data.riwayat, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY)) == []
    assert Archive(root).verify().ok


def test_book_and_file_give_the_same_register_json(office, tmp_path):
    """Dates travel as text in the remote engine; the archived JSON still equals the file reader's."""
    book, root = office
    row = read_workbook(book).register.find(EXEMPT_ID)[0]
    file_root = tmp_path / "dari-berkas"
    snapshot(book, file_root, [EXEMPT_ID])
    _run(book, f"B{row}")
    for sheet in ("03-Register.json", "02-SOP.json", "01-Panduan.json"):
        from_file = (file_root / "v0001/data/lembar" / sheet).read_bytes()
        from_book = (root / "v0001/data/lembar" / sheet).read_bytes()
        assert from_book == from_file, sheet


def test_arsipkan_on_a_tampered_archive_alerts_and_writes_nothing(office):
    book, root = office
    row = read_workbook(book).register.find(EXEMPT_ID)[0]
    _run(book, f"A{row}")
    (root / "v0001/data/lembar/01-Panduan.json").unlink()
    actions, alerts = _run(book, f"A{row}")
    assert [a["func"] for a in actions] == ["alert"]
    assert actions[0]["args"][3] == "critical"  # (prompt, title, buttons, mode)
    assert alerts[0][1].startswith(f"Arsip '{root}' tidak utuh: v0001/data/lembar/01-Panduan.json: berkas hilang")
    assert not (root / "v0002").exists()


def test_arsipkan_with_nothing_chosen_archives_the_whole_register(office):
    """A click on the button with no row marked in Pilih and the selection off the data rows (in
    Office.js the selection is the button cell): a snapshot of the whole register, as the CLI
    without --id; the other buttons refuse then (tests/test_macros.py)."""
    book, root = office
    ids = [cells[0] for _, cells in read_workbook(book).register.rows]
    actions, alerts = _run(book, "A1")
    assert [a["func"] for a in actions][-1] == "alert" and alerts[-1][1].startswith("Arsip v0001 tersimpan")
    assert alerts[-1][1] != GENERIC_MESSAGE
    bag = bagit.Bag(str(root / "v0001"))
    assert bag.validate()
    assert bag.info["Cakupan"] == "semua butir Register (14)" and bag.info["ID-Informasi"] == ids
    assert "data/lembar/03-Register.json" in bag.payload_entries() and len(ids) == 14
    events = [row for row in read_workbook(book).riwayat if row[5] == "arsip"]
    assert [(e[2], e[6], e[7]) for e in events] == [("(semua butir)", "Arsip", ARSIPARIS)]


def test_arsipkan_refuses_a_selection_on_another_sheet(office):
    book, root = office
    remote = remote_book(book, selection="A1")
    sheets = remote.impl.api["sheets"]
    remote.impl.api["book"]["active_sheet_index"] = next(i for i, s in enumerate(sheets) if s["name"] == "Pengaturan")
    plain(ma.arsipkan)(remote)
    actions = remote.json()["actions"]
    alerts = apply_actions(book, actions)
    assert [a["func"] for a in actions] == ["alert"]
    assert alerts[0][1].startswith("Pilih baris di sheet 'Register' lebih dulu")
    assert not root.exists()
