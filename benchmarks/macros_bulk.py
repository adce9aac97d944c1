"""The ``validasi`` macro through xlwings' remote engine on 10 and on 10,000 rows.

Run: python benchmarks/macros_bulk.py [ROWS]. Prints the number of xlwings actions each run returns
(the same for both sizes: the register has no problem, so only the message; writes grow with the
problem rows, see tests/test_macros.py) and the time per 1,000 rows. Nothing here is asserted by the tests (tests/test_macros.py checks the counts).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial (public sector)

import xlwings as xw  # noqa: E402

import macros.workflow as mw  # noqa: E402
from macros.common import plain  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402
from test_macros import _grown_payload  # noqa: E402
from xlwings_payload import payload  # noqa: E402


def run(base: dict, rows: int) -> tuple[int, float]:
    data = _grown_payload(base, rows)
    start = time.perf_counter()
    book = xw.Book(json=data)
    plain(mw.validasi)(book)
    elapsed = time.perf_counter() - start
    return len(book.json()["actions"]), elapsed


def main() -> None:
    big = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    base = payload(build_workbook(Path(tempfile.mkdtemp()) / "contoh.xlsx", sample_rows()))
    for rows in (10, big):
        count, elapsed = run(base, rows)
        print(f"validasi {rows:>7} baris: {count} aksi xlwings, {elapsed:.2f} s "
              f"({elapsed / rows * 1000:.3f} s per 1.000 baris)")


if __name__ == "__main__":
    main()
