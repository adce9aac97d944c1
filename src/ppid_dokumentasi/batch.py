"""Headless batch validation (``ppid validasi``): many files and folders, reports, exit status.

Never writes to its inputs. The caller hands in the reader (``read``: path -> WorkbookData; the CLI
passes the python-calamine adapter), so this module stays plain Python. A file that cannot be read
as a register becomes one file-level problem (exit 2), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import messages as msg
from .errors import NotARegisterError, PpidError
from .problems import Problem
from .validation import check_values
from .workbook import WorkbookData

Reader = Callable[[Path], WorkbookData]

log = logging.getLogger(__name__)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

EXIT_VALID, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class FileReport:
    path: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True

    @property
    def valid(self) -> bool:
        return self.readable and not any(p.is_error for p in self.problems)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "valid": self.valid,
            "rows": self.rows,
            "problems": [p.to_json() for p in self.problems],
        }


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders become their .xlsx/.xlsm files (sorted; Excel owner files ``~$…`` and
    hidden files skipped: LibreOffice locks, macOS ``._…`` copies, temporary files of a writer)."""
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            result += sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
            )
        else:
            result.append(path)
    return result


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: a large register allocates millions of small,
    acyclic objects, and collector passes over them cost more than the validation itself.
    (The macros pause it too, so a button does the same work as the command.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_file(path: Path, today: dt.date | None = None, *, read: Reader) -> FileReport:
    with gc_paused():
        return _check_file(path, today, read)


def _check_file(path: Path, today: dt.date | None, read: Reader) -> FileReport:
    report = FileReport(str(path))
    try:
        data = read(path)
    except NotARegisterError as exc:
        report.readable = False
        report.problems.append(Problem(exc.sheet, None, None, exc.code or "bukan-register", exc.message))
        return report
    except FileNotFoundError:
        report.readable = False
        report.problems.append(Problem(None, None, None, "berkas-tidak-ada", f"Berkas '{path}' tidak ditemukan."))
        return report
    fatal = [p for p in data.structure_problems if p.is_error]
    report.problems.extend(data.structure_problems)
    if fatal:
        report.readable = False
        return report
    labels = data.register.labels
    try:
        _, problems = check_values(labels, data.register.rows, data.lists, data.settings, today, data.riwayat)
    except PpidError as exc:  # e.g. a malformed setting
        report.readable = False
        report.problems.append(Problem(exc.sheet, exc.row, exc.column, exc.code or "pengaturan", exc.message))
        return report
    report.rows = len(data.register.rows)
    report.problems.extend(problems)
    return report


def check_files(
    paths: Iterable[str | Path],
    today: dt.date | None = None,
    progress: Callable[[Path], None] | None = None,
    *,
    read: Reader,
) -> list[FileReport]:
    reports = []
    files = expand_paths(paths)
    for path in files:
        if not path.exists():
            reports.append(FileReport(str(path), problems=[Problem(
                None, None, None, "berkas-tidak-ada", f"Berkas '{path}' tidak ditemukan.")], readable=False))
        else:
            try:
                reports.append(check_file(path, today, read=read))
            except Exception:  # unexpected: log with traceback, report one line
                log.exception("validasi %s", path)
                reports.append(FileReport(str(path), problems=[Problem(
                    None, None, None, "galat-tak-terduga", msg.NOT_XLSX.format(alasan="galat tak terduga; lihat log"))],
                    readable=False))
        if progress:
            progress(path)
    return reports


def exit_status(reports: list[FileReport]) -> int:
    if any(not r.readable for r in reports):
        return EXIT_UNREADABLE
    if any(not r.valid for r in reports):
        return EXIT_PROBLEMS
    return EXIT_VALID
