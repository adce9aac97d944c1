"""Read chosen columns of a sheet as text through fastexcel (Arrow), when it is installed.

fastexcel parses the sheet in Rust and builds only the columns asked for, so a long sheet of which a
check needs a few columns (the Riwayat: ID, steps, action, note; not its time, actor and two
64-character hashes) costs a fraction of reading every cell as a Python object. Every cell is read
as *text* (``dtypes="string"``): fastexcel's type inference would turn a stray text cell in a
numeric column into an empty one, and here nothing may be lost. Empty cells are None.

Optional: ``pip install "ppid-dokumentasi[cepat]"`` (fastexcel and pyarrow). Without it
:func:`read_text_columns` returns None and the caller reads the grid with python-calamine. The
caller has already passed the file through :func:`ppid_dokumentasi.package_guard.check_package`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from .. import messages as msg
from ..errors import NotARegisterError


def available() -> bool:
    try:
        import fastexcel  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def read_text_columns(path: Path, sheet: str, indexes: Sequence[int]) -> list[list[Any]] | None:
    """The data rows (under a one-row header) of the 0-based sheet columns ``indexes``, one list per
    column (text or None; a column beyond the sheet's last is all None), or None without fastexcel."""
    if not available():
        return None
    import fastexcel

    wanted = frozenset(indexes)
    try:
        sheet_ = fastexcel.read_excel(str(path)).load_sheet(
            sheet, header_row=None, skip_rows=1, dtypes="string",
            use_columns=lambda column: column.absolute_index in wanted)  # absolute: from column A
        positions = [column.absolute_index for column in sheet_.selected_columns]
        table = sheet_.to_arrow() if positions else None
    except Exception as exc:  # fastexcel raises several error types for broken packages
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NotARegisterError(msg.NOT_XLSX.format(alasan=f"sheet '{sheet}' rusak: {reason}")) from exc
    rows = table.num_rows if table is not None else 0
    by_index = {i: table.column(n).to_pylist() for n, i in enumerate(positions)} if table is not None else {}
    return [by_index.get(i, [None] * rows) for i in indexes]
