"""The workbook-session port: what a use case may read from and do to one workbook.

Two adapters implement it: ``adapters.file_session.FileSession`` (a closed .xlsx/.xlsm file,
locked, saved atomically when the session ends without an error; the CLI) and
``adapters.book_session.BookSession`` (a book open in Excel / xlwings Lite / Server, writes
collected and sent in bulk; the macros). A use case never knows which one it has.

Rules every implementation keeps:

* ``data`` is read once, under the session's lock, with Register dates as dates (the file reader
  and the open book give the same :class:`~ppid_dokumentasi.workbook.WorkbookData`);
* writes take effect together at :meth:`commit` (or when the session ends without an error) and
  not at all when the use case raises;
* Riwayat events are chained after every row read or appended earlier in the same session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..audit import Event
from ..workbook import Grid, WorkbookData

if TYPE_CHECKING:
    from ..register_row import RegisterRow


class WorkbookSession(Protocol):
    data: WorkbookData
    name: str  # the workbook's file or book name, for messages

    @property
    def path(self) -> Path | None:
        """The workbook file on disk (absolute), or None when it has none (xlwings Lite/Server)."""

    def targets(self) -> list[int] | None:
        """Excel rows the user chose (CLI: the rows of ``--id``, or with ``--pilihan`` the rows marked
        in ``Pilih``; a book: the marked rows, else the selected data rows — one rule,
        :mod:`ppid_dokumentasi.selection`). Marks taken are cleared when the session commits.
        None when nothing was chosen and the use case may take its default."""

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None:
        """Write Register cells of one row by header label."""

    def append_register(self, rows: list[dict[str, Any]]) -> list[int]:
        """Append Register rows (by header label) after the last filled row; returns their Excel rows."""

    def append(self, sheet: str, values: list[Any]) -> int:
        """Append one row to a table sheet (Daftar Surat)."""

    def append_events(self, events: list[Event]) -> list[list[Any]]:
        """Append Riwayat events, hash-chained, and move the anchor in Pengaturan."""

    def set_settings(self, values: dict[str, Any]) -> None:
        """Write Pengaturan values by key."""

    def mark_rows(self, colours: dict[int, str | None]) -> None:
        """Colour whole Register data rows (validation result); a file session ignores it."""

    def sheets(self) -> dict[str, Grid]:
        """Every sheet's values, for a snapshot (dates as the file reader gives them)."""

    def sheet(self, name: str) -> Grid | None:
        """One sheet's values from A1, or None when the workbook has no such sheet."""

    def replace_sheet(self, name: str, rows: list[list[Any]], *, choices_column: int | None = None,
                      choices: list[str] | tuple[str, ...] = ()) -> None:
        """Create or overwrite a plain table sheet the tool owns (``Pemetaan Impor``): ``rows`` header
        first; a drop-down of ``choices`` on column ``choices_column`` (0-based) where the medium allows."""

    def commit(self) -> None:
        """Make the writes so far take effect now (the session is closed for writing after it)."""

    def report(self, message: str, *, warning: bool = False) -> None:
        """Tell the user (CLI: stdout/stderr; a book: a message box)."""


def chosen_items(session: WorkbookSession) -> list[RegisterRow]:
    """The typed Register rows the user chose (empty when none was chosen)."""
    data = session.data
    return data.register.items(session.targets() or [], data.lists)


def chosen_ids(session: WorkbookSession) -> list[str] | None:
    """IDs of the chosen rows, or None when nothing was chosen (the use case's default applies)."""
    rows = session.targets()
    if rows is None:
        return None
    return [row.id_informasi.strip() for row in session.data.register.items(rows, session.data.lists)
            if row.id_informasi.strip()]
