"""The workbook-session port (:mod:`ppid_dokumentasi.app.session`) over a closed workbook file.

``with FileSession(path, ids) as session:`` locks and reads the file once (through
:class:`~.openpyxl_editor.WorkbookEditor`), lets one use case write through it, and saves the file
when the block ends without an error (or at :meth:`commit`); an error leaves every byte as it was.
Messages go to the terminal (stdout; warnings to stderr).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..audit import Event
from ..errors import WorkbookWriteError
from ..selection import MARK_LABEL, target_rows
from ..workbook import Grid, WorkbookData
from .calamine_reader import read_all_sheets, read_optional_sheet
from ..durable import fsync_folder, remove_stale, temporary_path
from .openpyxl_editor import WorkbookEditor, lock_for, lock_path
from .safe_replace import checkpoint, resolve_target


class FileSession:
    def __init__(self, path: str | Path, ids: list[str] | None = None, *, targeted: bool = False,
                 pilihan: bool = False) -> None:
        """``targeted``: the use case reads only the chosen items of the Register (a workflow
        action), so the Register is parsed only where they are (:mod:`.xlsx_targeted`).
        ``pilihan`` (CLI --pilihan): the rows marked in Pilih (selection.py), read from the whole Register."""
        self._path = Path(path)
        self.name = self._path.name
        self._ids = list(ids) if ids else None
        self._pilihan = pilihan
        self._marked: list[int] = []
        self._editor = WorkbookEditor(self._path, ids=self._ids if targeted and not pilihan else None)
        self._open = False
        self.data: WorkbookData | None = None

    def __enter__(self) -> "FileSession":
        self._editor.__enter__()
        self._open = True
        self.data = self._editor.data
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._open:
            if exc_type is None:
                self._clear_marks()
            self._open = False
            self._editor.__exit__(exc_type, exc, tb)

    @property
    def path(self) -> Path:
        return self._path.resolve()

    def targets(self) -> list[int] | None:
        if self._pilihan:
            register = self.data.register
            self._marked = target_rows(register.labels, register.rows, None).rows
            return self._marked
        return None if self._ids is None else self.data.register.rows_of(self._ids)

    def _clear_marks(self) -> None:
        """The action succeeded: empty Pilih in the marked rows it took (saved with its writes)."""
        if self._marked:
            for excel_row in self._marked:
                self._editor.set_cells(excel_row, {MARK_LABEL: None})
            self._marked = []

    # -- writes (saved at commit / the end of the block) --------------------------------------
    def _editor_open(self) -> WorkbookEditor:
        if not self._open:
            raise WorkbookWriteError(f"Sesi workbook '{self.name}' sudah ditutup; perubahan tidak dapat ditulis.")
        return self._editor

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None:
        self._editor_open().set_cells(excel_row, values)

    def append_register(self, rows: list[dict[str, Any]]) -> list[int]:
        return self._editor_open().append_register(rows)

    def append(self, sheet: str, values: list[Any]) -> int:
        return self._editor_open().append(sheet, values)

    def append_events(self, events: list[Event]) -> list[list[Any]]:
        return self._editor_open().append_events(events)

    def set_settings(self, values: dict[str, Any]) -> None:
        editor = self._editor_open()
        for key, value in values.items():
            editor.set_setting(key, value)

    def mark_rows(self, colours: dict[int, str | None]) -> None:
        """Files are not coloured (``ppid validasi`` reports instead)."""

    def sheets(self) -> dict[str, Grid]:
        return read_all_sheets(self._path)

    def sheet(self, name: str) -> Grid | None:
        return read_optional_sheet(self._path, name)

    def replace_sheet(self, name: str, rows: list[list[Any]], *, choices_column: int | None = None,
                      choices: list[str] | tuple[str, ...] = ()) -> None:
        self._editor_open().replace_sheet(name, rows, choices_column=choices_column, choices=choices)

    def commit(self) -> None:
        if self._open:
            self._clear_marks()
            self._open = False
            self._editor.__exit__(None, None, None)

    def report(self, message: str, *, warning: bool = False) -> None:
        if warning:
            print(f"Peringatan: {message}", file=sys.stderr)
        else:
            print(message)


@contextmanager
def new_register_session(path: str | Path) -> Iterator[FileSession]:
    """A session on a new, empty controlled workbook that appears at ``path`` only when the block
    ends without an error: built and written beside it under the workbook lock as one of our
    temporary files (``.~ppid-NAME-PID-XXXXXXXX.xlsx``, skipped by ``ppid validasi``, removed after a
    kill by the next writer), then renamed and the folder fsynced. On every failure the temporary
    file and its lock are removed; nothing is left beside ``path``."""
    from .openpyxl_builder import build_workbook  # openpyxl only when a workbook is built (start-up time)

    path = Path(path)
    with lock_for(path):
        target = resolve_target(path)
        remove_stale(target)  # left by a killed run
        temporary = temporary_path(target, ".xlsx")
        try:
            build_workbook(temporary, [])
            with FileSession(temporary) as session:
                session.name = path.name
                yield session
            checkpoint("register-baru-siap")
            os.replace(temporary, target)
            fsync_folder(target.parent)
        finally:
            temporary.unlink(missing_ok=True)
            lock_path(temporary).unlink(missing_ok=True)
