"""Time planning a long DIP/DIK list (recognition, layouts, every row interpreted) against reading it.

Run: python benchmarks/import_plan.py [ROWS]. Prints the time of a bare csv read of the source and
of ``plan_source`` on it, and their ratio, from the same run (best of alternated runs). Nothing here
is asserted by the tests.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from ppid_dokumentasi.importer import plan_source


def make_source(path: Path, rows: int) -> Path:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["DAFTAR INFORMASI YANG DIKECUALIKAN"] + [""] * 6)
        out.writerow(["No", "Informasi", "Alasan Pengecualian", "Akibat", "", "Jangka Waktu", "Pejabat"])
        out.writerow(["", "", "", "Dibuka", "Ditutup", "", ""])
        for n in range(rows):
            if n % 50 == 0:
                out.writerow([f"{'ABCDEFGHIJ'[n // 50 % 10]}.", "Kelompok informasi", "", "", "", "", ""])
            out.writerow([str(n + 1), f"Dokumen {rng.choice(['anggaran', 'pegawai', 'aset'])} nomor {n}",
                          f"Pasal 17 huruf h angka {rng.randint(1, 5)}, angka 3 UU 14/2008",
                          "Privasi terganggu", "Melindungi hak", "5 (lima) tahun", "Bagian Umum"])
    return path


def bare_read(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    path = make_source(Path(tempfile.mkdtemp()) / "dik_besar.csv", rows)
    plan = plan_source(path)
    assert len(plan.records) == rows, len(plan.records)
    bare_times, plan_times = [], []
    for _ in range(3):
        start = time.perf_counter()
        bare_read(path)
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        plan_source(path)
        plan_times.append(time.perf_counter() - start)
    bare, planned = min(bare_times), min(plan_times)
    print(f"bare csv read of {rows:,} rows : {bare:.3f} s")
    per_row = planned / rows * 1000
    print(f"plan_source                  : {planned:.2f} s  ratio {planned / bare:.0f}  ({per_row:.2f} ms/row)")


if __name__ == "__main__":
    main()
