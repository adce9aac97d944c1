"""Time ``ppid validasi`` on a 100,000-row register against a bare python-calamine read.

Run: python benchmarks/validate_large.py [ROWS]. Prints times and their ratio (target <= 1.5)
from one run. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from python_calamine import CalamineWorkbook  # noqa: E402

from _large import large_register  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.batch import check_files  # noqa: E402


def bare_read(path: Path) -> int:
    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in book.sheet_names)


def best_of(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = Path(tempfile.mkdtemp()) / f"register-{rows}.xlsx"
    start = time.perf_counter()
    large_register(path, rows)
    print(f"built {rows:,} rows in {time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
    reports = check_files([path], read=read_workbook)
    assert reports[0].rows == rows and reports[0].valid, reports[0].problems[:3]
    command = [sys.executable, "-m", "ppid_dokumentasi", "validasi", str(path)]
    # Alternate the runs so that load changes on the machine hit all alike; keep the best of each.
    bare_times, validate_times, command_times = [], [], []
    for _ in range(5):
        bare_times.append(best_of(lambda: bare_read(path), 1))
        validate_times.append(best_of(lambda: check_files([path], read=read_workbook), 1))
        command_times.append(best_of(lambda: subprocess.run(command, capture_output=True, check=True), 1))
    bare, validate, whole = min(bare_times), min(validate_times), min(command_times)
    print(f"bare python-calamine read          : {bare:.2f} s")
    print(f"ppid validasi, in process          : {validate:.2f} s  ratio {validate / bare:.2f} (target <= 1.5)")
    print(f"ppid validasi, whole command       : {whole:.2f} s  ratio {whole / bare:.2f} "
          "(includes starting Python and imports)")


if __name__ == "__main__":
    main()
