"""The README's first command: ``ppid contoh FOLDER`` runs the whole sample job."""

from __future__ import annotations

import bagit

from ppid_dokumentasi.adapters.calamine_reader import read_workbook


def test_contoh_runs_the_whole_job(ppid, tmp_path):
    result = ppid("contoh", "hasil", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = tmp_path / "hasil"
    assert "Selesai." in result.stdout
    data = read_workbook(folder / "register.xlsx")
    steps = {row[0]: row for _, row in data.register.rows}
    status = data.register.labels.index("Status")
    assert steps["PKR-2025-003"][status] == "Selesai"
    assert steps["PKR-2025-008"][status] == "Selesai"
    letters = sorted(p.name.split("_")[0] for p in (folder / "surat").glob("*.docx"))
    assert letters == ["berita-acara", "keputusan", "nota-dinas-laporan", "uji-konsekuensi"]
    bagit.Bag(str(folder / "arsip" / "v0001")).validate()
    dip = (folder / "publikasi" / "dip.csv").read_text(encoding="utf-8")
    assert "PKR-2025-001" in dip and "PKR-2025-003" in dip  # finished in the demo, so now in the DIP
    assert "Dasbor" in data.sheet_names
    assert not (folder / "register.xlsx.lock").exists()  # the lock file is hidden: .register.xlsx.lock
    again = ppid("contoh", "hasil", cwd=tmp_path)
    assert again.returncode == 2 and "sudah berisi" in again.stderr
