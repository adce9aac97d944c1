"""``ppid pasang PATH``: set a workbook up on this PC for desktop Excel (xlwings ``RunPython``).

Writes into the workbook's ``xlwings.conf`` sheet the Python of the environment this command runs
in (``Interpreter_Win``/``Interpreter_Mac``) and the folder from which ``import macros`` works
(``PYTHONPATH``), so the buttons' Subs find the installed package. Checks that the workbook's
xlwings VBA module matches the installed xlwings (the module loads ``xlwings64-<version>.dll``).
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

from .errors import PpidError, UsageError, WorkbookWriteError

CONF_SHEET = "xlwings.conf"
_VERSION_LINE = re.compile(rb"'Version: (\S+)")


def interpreter(executable: str = sys.executable) -> str:
    """The interpreter xlwings should start: on Windows ``pythonw.exe`` beside ``python.exe``
    (no console window), elsewhere the running one."""
    path = Path(executable)
    windowed = path.with_name("pythonw.exe")
    return str(windowed) if path.name.lower() == "python.exe" and windowed.exists() else str(path)


def macros_folder() -> str:
    """The folder that holds the ``macros`` package (site-packages for an installed wheel)."""
    import macros

    return str(Path(macros.__file__).resolve().parent.parent)


def workbook_xlwings_version(path: Path) -> str | None:
    """The version line of the workbook's xlwings VBA module (None: no VBA project)."""
    from .adapters.vba_project_reader import module_source

    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("xl/vbaProject.bin")
    except (KeyError, zipfile.BadZipFile):
        return None
    source = module_source(data, "xlwings")
    match = _VERSION_LINE.search(source or b"")
    return match.group(1).decode("ascii", "replace") if match else None


def settings_for_this_pc() -> dict[str, str]:
    exe = interpreter()
    values = {"PYTHONPATH": macros_folder()}
    values["Interpreter_Mac" if sys.platform == "darwin" else "Interpreter_Win"] = exe
    return values


def _cmd_pasang(args: argparse.Namespace) -> int:
    import xlwings

    from .adapters.openpyxl_editor import WorkbookEditor

    path = Path(args.path)
    if path.suffix.lower() != ".xlsm":
        raise UsageError(f"'{path.name}' bukan workbook bermakro (.xlsm); buat dengan 'ppid buat NAMA.xlsm'.")
    if not path.is_file():
        raise UsageError(f"Berkas '{path}' tidak ditemukan.")
    version = workbook_xlwings_version(path)
    if version is None:
        raise PpidError(f"'{path.name}' tidak berisi modul VBA xlwings; buat ulang dengan 'ppid buat'.")
    if version != xlwings.__version__:
        raise PpidError(
            f"Modul VBA xlwings di '{path.name}' versi {version}, sedangkan xlwings terpasang versi "
            f"{xlwings.__version__}; pasang xlwings=={version} atau buat workbook baru dengan 'ppid buat'.")
    values = settings_for_this_pc()
    with WorkbookEditor(path, read=False) as editor:
        keys, write = _conf_access(editor, path)
        rows = {key: r for r, key in enumerate(keys, start=1) if key}
        free = len(keys) + 1
        for key, value in values.items():
            row = rows.get(key)
            if row is None:  # keys run from A1 down without gaps (xlwings.bas reads to the first blank)
                row, free = free, free + 1
                write(row, 1, key)
            write(row, 2, value)
    print(f"Workbook '{path}' siap dipakai di PC ini:")
    for key, value in values.items():
        print(f"- {key} = {value}")
    return 0


def _conf_access(editor, path: Path):
    """(keys in column A from row 1 down to the first blank, write(row, col, value)) of the
    xlwings.conf sheet, through the workbook editor (openpyxl-backed or the zip patcher)."""
    book = getattr(editor, "book", None)
    if book is not None:  # openpyxl-backed editor
        if CONF_SHEET not in book.sheetnames:
            raise WorkbookWriteError(f"Sheet '{CONF_SHEET}' tidak ada di '{path.name}'.", sheet=CONF_SHEET)
        ws = book[CONF_SHEET]
        grid = [[c.value for c in row[:1]] for row in ws.iter_rows(max_col=1)]

        def write(row: int, col: int, value) -> None:
            ws.cell(row=row, column=col).value = value
            editor.changed = True
    else:  # the faithful writer: cell writes are collected and patched into the sheet part
        try:
            grid = editor._grid(CONF_SHEET)
        except Exception as exc:
            raise WorkbookWriteError(f"Sheet '{CONF_SHEET}' tidak ada di '{path.name}'.", sheet=CONF_SHEET) from exc

        def write(row: int, col: int, value) -> None:
            editor._write(CONF_SHEET, row, col, value)
    keys = []
    for cells in grid:
        key = str(cells[0]).strip() if cells and cells[0] not in (None, "") else ""
        if not key:
            break
        keys.append(key)
    return keys, write


def register(sub) -> None:
    pasang = sub.add_parser("pasang", help="siapkan workbook .xlsm untuk Excel di PC ini (xlwings.conf)")
    pasang.add_argument("path", metavar="PATH", help="workbook .xlsm dari 'ppid buat'")
    pasang.set_defaults(func=_cmd_pasang)
