"""Ekspor DIP/DIK: the public lists of one workbook as files (``ppid ekspor`` and the ⇪ Ekspor button).

Reads only: the session's data goes to :func:`export_files.export` with the folder of
:func:`.folders.publication_folder` (the CLI's ``--keluar``, else Pengaturan ``folder_publikasi``, else
``publikasi`` beside the workbook) and the .xlsx writer the entry point hands in (an adapter).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from ..export_files import export
from ..workbook import WorkbookData
from . import folders


def export_public(data: WorkbookData, workbook: Path | None, *, as_of: dt.date, table_writer: Callable[..., Any],
                  out_dir: str | Path | None = None) -> tuple[Path, Any]:
    """(folder written, export result)."""
    target = folders.publication_folder(data.settings, workbook, out_dir)
    return target, export(data, target, as_of, table_writer)
