"""``ppid bukti-monev`` as a process on the sample office: complete, then with one Lembar Uji
Konsekuensi removed (exit 1 naming it). PDFs by LibreOffice, read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile

from conftest import requires_libreoffice
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.demo import PLACEHOLDER_PDF

ITEM = "PKR-2025-008"


def _office(book, ppid):
    folder = book.parent
    for kind, day in (("uji-konsekuensi", "2025-03-05"), ("keputusan", "2025-09-01")):
        done = ppid("surat", str(book), "--jenis", kind, "--id", ITEM, "--keluar", str(folder / "surat"),
                    "--tanggal", day, "--oleh", "Nama Pejabat PPID (contoh)")
        assert done.returncode == 0, done.stderr
    scans = folder / "pindaian"
    scans.mkdir()
    keputusan = next((folder / "surat").glob("keputusan_*.docx"))
    (scans / f"{keputusan.stem}.pdf").write_bytes(PLACEHOLDER_PDF)
    (folder / "sk-dip-2025.pdf").write_bytes(PLACEHOLDER_PDF)
    with WorkbookEditor(book) as editor:
        for key, value in {"sk_dip_nomor": "100.3.3/1/PPIDP.Pemkesra/2025", "sk_dip_tanggal": dt.date(2025, 1, 10),
                           "sk_dip_penandatangan": "Gunawan Rusminto, AP, M.Si, Kepala Biro",
                           "sk_dip_pindaian": "sk-dip-2025.pdf"}.items():
            editor.set_setting(key, value)
    done = ppid("arsip", "simpan", str(book), "--peran", "PPID", "--nama", "Gunawan Rusminto, AP, M.Si")
    assert done.returncode == 0, done.stderr


@requires_libreoffice
def test_evidence_pack_of_the_sample_is_complete_and_names_a_missing_lembar(sample_xlsx, tmp_path, ppid):
    _office(sample_xlsx, ppid)
    out = tmp_path / "bukti"
    done = ppid("bukti-monev", str(sample_xlsx), "--tahun", "2025", "--keluar", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BELUM ADA" not in done.stdout
    pack = out / "bukti-monev-2025"
    index = (pack / "index.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in index and "Semua bukti lengkap." in index and "Belum ada<" not in index
    with zipfile.ZipFile(out / "bukti-monev-2025.zip") as package:
        names = set(package.namelist())
    expected = {"01-dip-dik/dip.pdf", "01-dip-dik/dik.pdf", "01-dip-dik/dip.xlsx", "01-dip-dik/dik.xlsx",
                "02-penetapan/penetapan.csv", "02-penetapan/sk-dip-2025.pdf",
                "03-uji-konsekuensi/uji-konsekuensi_PKR-2025-008_1-2025.pdf", "04-pembukaan/pengumuman.html",
                "05-sop/sop.pdf", "06-riwayat-versi/indeks.jsonl", "index.html"}
    assert {f"bukti-monev-2025/{n}" for n in expected} <= names
    assert not any(n.endswith("ditahan.txt") for n in names)  # the office's own list is not for upload
    dik = subprocess.run(["pdftotext", "-layout", str(pack / "01-dip-dik/dik.pdf"), "-"], capture_output=True,
                         text=True).stdout
    assert ITEM in dik and "Pasal 17 huruf a angka 2" in dik and "Nama, alamat dan kontak pelapor" not in dik
    sop = subprocess.run(["pdftotext", str(pack / "05-sop/sop.pdf"), "-"], capture_output=True, text=True).stdout
    assert "555/7/PPIDP.Pemkesra/2022" in sop
    lembar = subprocess.run(["pdftotext", str(pack / "03-uji-konsekuensi/uji-konsekuensi_PKR-2025-008_1-2025.pdf"),
                             "-"], capture_output=True, text=True).stdout
    assert ITEM in lembar
    records = (pack / "02-penetapan/penetapan.csv").read_text(encoding="utf-8")
    # The Keputusan has its own series (seri_nomor_keputusan) and is signed by Pengaturan penetap_keputusan.
    assert "keputusan_PKR-2025-008_1-2025.docx" in records and "Nama PPID Utama (contoh)" in records

    for path in (sample_xlsx.parent / "surat").glob("uji-konsekuensi_*"):
        path.unlink()
    again = ppid("bukti-monev", str(sample_xlsx), "--tahun", "2025", "--keluar", str(out))
    assert again.returncode == 1
    assert f"Lembar Uji Konsekuensi {ITEM}" in again.stderr
    assert f"--jenis uji-konsekuensi --id {ITEM}" in again.stdout
    assert "Belum ada<" in (pack / "index.html").read_text(encoding="utf-8")
