"""Time the DIP/DIK export and the dashboard on a large register against the floor of reading and
validating it (what every command does first).

Run: python benchmarks/publish_large.py [ROWS]. Prints times and ratios from one run. Nothing here
is asserted by the tests.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _large import large_register  # noqa: E402
from ppid_dokumentasi import dashboard  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_tables import table_xlsx  # noqa: E402
from ppid_dokumentasi.adapters.xlsx_dasbor import write_dasbor  # noqa: E402
from ppid_dokumentasi.export_files import export  # noqa: E402
from ppid_dokumentasi.validation import validate_rows  # noqa: E402

AS_OF = dt.date(2026, 11, 25)


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp())
    path = large_register(folder / f"register-{rows}.xlsx", rows)
    read_s, data = timed(lambda: read_workbook(path))
    validate_s, _ = timed(lambda: validate_rows(data.register.labels, data.register.rows, data.lists, data.settings,
                                                AS_OF))
    floor = read_s + validate_s
    export_s, result = timed(lambda: export(read_workbook(path), folder / "keluar", AS_OF, table_xlsx))
    board_s, board = timed(lambda: dashboard.build(read_workbook(path), AS_OF))
    sheet_s, _ = timed(lambda: write_dasbor(path, dashboard.sheet_grid(board), dashboard.chart_spec(board)))
    pub = result.publication
    print(f"{rows} rows; floor (read + validate): {floor:.2f} s")
    print(f"ekspor: {export_s:.2f} s (ratio {export_s / floor:.2f}); DIP {len(pub.dip)}, DIK {len(pub.dik)}, "
          f"held back {len(pub.held)}")
    print(f"dasbor: {board_s:.2f} s (ratio {board_s / floor:.2f}); Dasbor sheet written in {sheet_s:.2f} s")


if __name__ == "__main__":
    main()
