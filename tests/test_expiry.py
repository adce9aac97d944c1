"""The expiry lifecycle (PP 61/2010 Pasal 11): ``ppid kedaluwarsa`` and ``ppid buka`` as processes,
the Buka Informasi button through xlwings' remote engine, expired items never printed as exempted."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros.pembukaan as mp  # noqa: E402
from macros.common import plain  # noqa: E402
from ppid_dokumentasi import letters
from ppid_dokumentasi.adapters import docx_letters  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.audit import verify_chain  # noqa: E402
from ppid_dokumentasi.errors import LetterError  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402

PPID = "Nama Pejabat PPID (contoh)"
ITEM = "PKR-2025-010"  # huruf j, ends 2030-12-31


def ppid(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ppid_dokumentasi", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


@pytest.fixture
def book(tmp_path) -> Path:
    return build_workbook(tmp_path / "register.xlsx", sample_rows(), history=True)


def test_kedaluwarsa_lists_end_deadline_and_working_days(book):
    done = ppid("kedaluwarsa", str(book), "--per", "2026-11-25")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("- ")]
    assert [line.split()[1] for line in lines] == ["PKR-2025-010", "PKR-2025-011", "PKR-2025-009", "PKR-2025-008"]
    assert "berakhir 31 Desember 2030; batas penetapan" in lines[0] and "belum waktunya" in lines[0]
    late = ppid("kedaluwarsa", str(book), "--per", "2030-12-20")
    assert late.returncode == 1 and "batas penetapan terlewati" in late.stdout
    assert "ppid buka" in late.stderr


def test_buka_records_the_penetapan_and_leaves_the_item_exempt_until_its_end(book, tmp_path):
    out = tmp_path / "surat"
    refused = ppid("buka", str(book), "--id", ITEM, "--klasifikasi", "Setiap Saat", "--peran", "Petugas",
                   "--nama", "Nama Kasubag Tata Usaha (contoh)", "--keluar", str(out), "--tanggal", "2026-11-25")
    assert refused.returncode == 1 and "PPID" in refused.stderr
    wrong = ppid("buka", str(book), "--id", ITEM, "--klasifikasi", "Dikecualikan", "--peran", "PPID", "--nama", PPID,
                 "--keluar", str(out), "--tanggal", "2026-11-25")
    assert wrong.returncode == 1 and "bukan klasifikasi Informasi Publik" in wrong.stderr
    before = book.read_bytes()
    assert before == book.read_bytes()
    done = ppid("buka", str(book), "--id", ITEM, "--klasifikasi", "Setiap Saat", "--peran", "PPID", "--nama", PPID,
                "--keluar", str(out), "--tanggal", "2026-11-25")
    assert done.returncode == 0, done.stderr
    data = read_workbook(book)
    cells = data.register.find(ITEM)[1]
    number = cells["Nomor Penetapan Pembukaan"]
    assert cells["Klasifikasi"] == "Dikecualikan"  # public from 2030-12-31 on
    # Issued by penetap_keputusan (the PPID Utama by default): its own series, not the Biro's unit code.
    assert number == "500.12.12/1/KODE-PENETAP/2026"
    assert str(cells["Tanggal Penetapan Pembukaan"])[:10] == "2026-11-25"
    events = [(r[2], r[5], r[6]) for r in data.riwayat]
    assert events[-2:] == [(ITEM, "surat", "PPID"), (ITEM, "buka", "PPID")]
    assert "PP 61/2010 Pasal 11" in data.riwayat[-1][8] and verify_chain(data.riwayat) == []
    assert "sejak 2030-12-31" in data.riwayat[-1][8] and "dicantumkan dalam DIP sebagai Setiap Saat" in data.riwayat[-1][8]
    (letter,) = out.iterdir()
    text = docx_letters.extract_text(letter)
    assert "TENTANG" in text and "SEBAGAI INFORMASI PUBLIK" in text and "Setiap Saat" in text
    assert "Pasal 11 ayat (1) dan ayat (2)" in text and "Pasal 14 ayat (1) huruf g" in text
    # The item with its penetapan validates clean (still Dikecualikan); a second opening is refused.
    assert ppid("validasi", str(book)).returncode == 0
    again = ppid("buka", str(book), "--id", ITEM, "--klasifikasi", "Setiap Saat", "--peran", "PPID", "--nama", PPID,
                 "--keluar", str(out), "--tanggal", "2026-11-26")
    assert again.returncode == 1 and "sudah dibuka dengan penetapan" in again.stderr


def test_a_penetapan_after_the_end_sets_the_public_class(book, tmp_path):
    from ppid_dokumentasi import opening

    with WorkbookEditor(book) as editor:
        opening.open_items(editor, [ITEM], "Berkala", dt.date(2031, 1, 3), "PPID", PPID, render=docx_letters.render)
    cells = read_workbook(book).register.find(ITEM)[1]
    assert cells["Klasifikasi"] == "Berkala" and cells["Nomor Penetapan Pembukaan"]


def test_surat_cannot_make_the_penetapan_without_the_action(book):
    with pytest.raises(LetterError, match="tindakan 'buka'"):
        with WorkbookEditor(book) as editor:
            letters.compose(editor, "penetapan-pembukaan", [ITEM], dt.date(2026, 11, 25), render=docx_letters.render)


def test_expired_items_never_appear_as_exempted_in_a_letter(book):
    after_end = dt.date(2031, 1, 2)
    with pytest.raises(LetterError) as info:
        with WorkbookEditor(book) as editor:
            letters.compose(editor, "keputusan", [ITEM], after_end, render=docx_letters.render)
    assert "PP 61/2010 Pasal 11 ayat (3)" in info.value.message
    with WorkbookEditor(book) as editor:
        batch = letters.compose(editor, "keputusan", None, after_end, render=docx_letters.render)
    assert ITEM not in batch.letters[0].ids


def test_the_button_opens_the_selected_item(book, tmp_path):
    with WorkbookEditor(book) as editor:
        editor.set_setting("pengguna_aktif", PPID)
        editor.set_setting("folder_surat", str(tmp_path / "surat"))
    row = read_workbook(book).register.find(ITEM)[0]
    remote = remote_book(book, selection=f"$B${row}")
    plain(mp.buka)(remote)
    apply_actions(book, remote.json()["actions"])
    cells = read_workbook(book).register.find(ITEM)[1]
    assert cells["Klasifikasi"] == "Dikecualikan" and cells["Nomor Penetapan Pembukaan"]
    assert [p.name.split("_")[0] for p in (tmp_path / "surat").iterdir()] == ["penetapan-pembukaan"]
