"""Where officers feel speed (issue 16), each against a floor measured in the same run.

Run: python benchmarks/speed.py [ROWS_MACRO] [ROWS_LARGE]  (defaults 10,000 and 100,000; 0 skips a part)

1. Start-up: ``ppid --help`` against a bare ``python -c "import argparse"`` (target <= 5x) and
   ``ppid validasi`` of the 14-row sample against a bare python-calamine read of it (target <= 8x);
   whole processes, median of 5, alternated so that machine load hits both alike.
2. The ``validasi``, ``majukan`` and ``buat_surat`` macros (xlwings remote engine: request parsed,
   macro run, response serialised) on a ROWS_MACRO-row register against the CLI doing the same work
   in the same process (``cli.main``), best of 3, with the request and response sizes.
3. ``ppid validasi`` on ROWS_LARGE rows against a bare python-calamine read of every sheet, both
   with the garbage collector off (the command switches it off), best of 3 in one process, wall and
   CPU time (CPU time is what a busy machine distorts least), with and without the ``cepat`` extra
   (fastexcel reads the Riwayat's rule columns), and the package guard's share; peak memory (max
   RSS) of each as its own process, and per row.

Times depend on the machine and its load; read the ratios. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(Path(__file__).parent)]
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial (public sector)

import xlwings as xw  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

import macros.surat as ms  # noqa: E402
import macros.workflow as mw  # noqa: E402
from _large import large_register  # noqa: E402
from macros.common import plain  # noqa: E402
from ppid_dokumentasi.adapters import arrow_columns  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_for_validation  # noqa: E402
from ppid_dokumentasi.package_guard import check_package  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.batch import check_files  # noqa: E402
from ppid_dokumentasi.cli import main as cli_main  # noqa: E402
from ppid_dokumentasi.layout import REGISTER_HEADER_ROW  # noqa: E402
from ppid_dokumentasi.sample import SAMPLE, sample_rows  # noqa: E402
from xlwings_payload import payload  # noqa: E402

PETUGAS = "Nama Kasubag Tata Usaha (contoh)"
PY = sys.executable


def _process(args: list[str]) -> float:
    """Wall time of one process."""
    start = time.perf_counter()
    code = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if code not in (0, 1):
        raise RuntimeError(f"{args} exited {code}")
    return time.perf_counter() - start


def _peak(args: list[str]) -> int:
    """Peak memory (max RSS, bytes) of one process, measured by /usr/bin/time (a small parent, so the
    figure is the command's own, not this benchmark's inherited at fork)."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *args], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        return int(out.read().split()[-1]) * 1024


def _bare_read_code(path: Path) -> str:
    return ("import gc; gc.disable()\nfrom python_calamine import CalamineWorkbook\n"
            f"b = CalamineWorkbook.from_path({str(path)!r})\n"
            "rows = [b.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in b.sheet_names]")


def _ratio_line(name: str, value: float, floor_name: str, floor: float, target: float) -> str:
    ratio = value / floor
    return (f"  {name:<34} {value:7.3f} s   {floor_name:<24} {floor:7.3f} s   ratio {ratio:5.2f} "
            f"(target <= {target:g}{'' if ratio <= target else ', MISSED'})")


def startup(folder: Path) -> None:
    sample = build_workbook(folder / "contoh.xlsx", sample_rows(), history=True)  # as ppid buat --contoh: valid
    pairs = {
        "help": ([PY, "-m", "ppid_dokumentasi", "--help"], [PY, "-c", "import argparse"]),
        "validasi": ([PY, "-m", "ppid_dokumentasi", "validasi", str(sample)], [PY, "-c", _bare_read_code(sample)]),
    }
    times: dict[str, list[float]] = {k: [] for k in ("help", "help0", "validasi", "validasi0")}
    for _ in range(5):
        for key, (command, floor) in pairs.items():
            times[key].append(_process(command))
            times[key + "0"].append(_process(floor))
    med = {k: statistics.median(v) for k, v in times.items()}
    print("1. Start-up (whole processes, median of 5)")
    print(_ratio_line("ppid --help", med["help"], "python -c 'import argparse'", med["help0"], 5))
    print(_ratio_line("ppid validasi contoh (14 baris)", med["validasi"], "bare calamine read", med["validasi0"], 8))


def _quiet(func, *args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return func(*args)


def _macro(path: Path, func, selection: str) -> tuple[float, int, int]:
    request = json.dumps(payload(path, selection=selection))  # what the client sends (built client-side)
    start = time.perf_counter()
    book = xw.Book(json=json.loads(request))
    plain(func)(book)
    response = json.dumps(book.json())
    elapsed = time.perf_counter() - start
    assert '"critical"' not in response, response[:400]
    return elapsed, len(request), len(response)


def macros_vs_cli(folder: Path, rows: int) -> None:
    base = large_register(folder / f"register-{rows}.xlsx", rows)
    with WorkbookEditor(base) as editor:
        editor.set_setting("pengguna_aktif", PETUGAS)
        editor.set_setting("folder_surat", str(folder / "surat-makro"))
    index = {v["id_informasi"]: i for i, v in enumerate(SAMPLE)}
    step1, step2 = index["PKR-2025-013"], index["PKR-2025-006"]  # at Langkah 1 and Langkah 2
    cases = {
        "validasi": (mw.validasi, "A1", lambda p: ["validasi", str(p), "--tanpa-progres"]),
        "majukan": (mw.majukan, f"C{REGISTER_HEADER_ROW + 1 + step1}",
                    lambda p: ["majukan", str(p), "--id", f"BENCH-{step1:07d}", "--peran", "Petugas",
                               "--nama", PETUGAS]),
        "buat_surat": (ms.buat_surat, f"C{REGISTER_HEADER_ROW + 1 + step2}",
                       lambda p: ["surat", str(p), "--jenis", "nota-dinas-koordinasi", "--id",
                                  f"BENCH-{step2:07d}", "--keluar", str(folder / "surat-cli"), "--oleh", PETUGAS]),
    }
    print(f"2. Macros on {rows:,} rows against the CLI doing the same (in process, best of 3)")
    for name, (func, selection, argv) in cases.items():
        macro_times, cli_times, sizes = [], [], None
        for run in range(3):
            copy = folder / f"m{run}-{name}.xlsx"
            shutil.copy2(base, copy)
            elapsed, request, response = _macro(copy, func, selection)
            macro_times.append(elapsed)
            sizes = (request, response)
            copy = folder / f"c{run}-{name}.xlsx"
            shutil.copy2(base, copy)
            start = time.perf_counter()
            code = _quiet(cli_main, argv(copy))
            cli_times.append(time.perf_counter() - start)
            assert code == 0, (name, code)
        macro, cli = min(macro_times), min(cli_times)
        print(_ratio_line(f"makro {name}", macro, f"ppid {argv(base)[0]}", cli, 1.5)
              + f"   request {sizes[0] / 1e6:.2f} MB, response {sizes[1] / 1e3:.1f} kB")


def _timed(func) -> tuple[float, float]:
    """(wall, CPU) seconds of one call with the collector off (check_files pauses it itself)."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if enabled:
        gc.enable()
    return wall, cpu


def large(folder: Path, rows: int) -> None:
    path = large_register(folder / f"register-{rows}.xlsx", rows)
    reports = check_files([path], read=read_for_validation)
    assert reports[0].rows == rows and reports[0].valid, reports[0].problems[:3]

    def bare() -> None:
        book = CalamineWorkbook.from_path(str(path))
        [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]

    def without_arrow() -> None:  # the same command without the 'cepat' extra
        real = arrow_columns.available
        arrow_columns.available = lambda: False
        try:
            check_files([path], read=read_for_validation)
        finally:
            arrow_columns.available = real

    cases = {"bare": bare, "guard": lambda: check_package(path),
             "validate": lambda: check_files([path], read=read_for_validation), "calamine": without_arrow}
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for _ in range(3):  # alternated, so that load changes hit all alike; best of 3
        for name, func in cases.items():
            times[name].append(_timed(func))
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in times.items()}
    bare_peak = _peak([PY, "-c", _bare_read_code(path)])
    validate_peak = _peak([PY, "-m", "ppid_dokumentasi", "validasi", str(path), "--tanpa-progres"])
    idle_peak = _peak([PY, "-c", "import ppid_dokumentasi.adapters.calamine_reader, ppid_dokumentasi.batch"])
    arrow = "fastexcel" if arrow_columns.available() else "NOT INSTALLED: both lines read through calamine"
    print(f"3. ppid validasi on {rows:,} rows against a bare read of every sheet (collector off in both, best of 3)")
    for index, unit in enumerate(("wall", "CPU")):
        print(_ratio_line(f"validasi ({unit}; Riwayat via {arrow.split(':')[0]})", best["validate"][index],
                          "bare calamine read", best["bare"][index], 1.2))
        print(_ratio_line(f"validasi ({unit}; without 'cepat')", best["calamine"][index],
                          "bare calamine read", best["bare"][index], 1.2))
    print(f"  of which the package guard (bounded reading, before any library reads): {best['guard'][0]:.2f} s wall, "
          f"{best['guard'][1]:.2f} s CPU = {best['guard'][1] / best['bare'][1]:.2f} of the bare read's CPU")
    print(f"  peak memory: bare read {bare_peak / 2**20:.0f} MiB, ppid validasi {validate_peak / 2**20:.0f} MiB "
          f"(imports alone {idle_peak / 2**20:.0f} MiB): {(validate_peak - idle_peak) / rows / 1024:.2f} KiB per row "
          f"for the command, {(validate_peak - bare_peak) / rows / 1024:.2f} KiB per row above the bare read")


def main() -> None:
    macro_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    large_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        startup(folder)
        if macro_rows:
            macros_vs_cli(folder, macro_rows)
        if large_rows:
            large(folder, large_rows)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
