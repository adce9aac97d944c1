"""CLI commands of the workflow: ``ppid majukan|kembalikan|setujui`` and ``ppid riwayat verifikasi``.

Headless actions go through the core (:mod:`workflow`) and write with the openpyxl editor, which
keeps lists, protection, styles and button cells and saves atomically only when the action is
allowed: a refused action leaves every byte of the file as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import NotARegisterError, WorkflowRefused
from .layout import RIWAYAT
from .register import REGISTER_SHEET, blank_row, parse_row
from .workflow import ACTION_NAMES, KEMBALIKAN, MAJU, SETUJUI, Outcome, check_actor, decide

COMMANDS = {"majukan": MAJU, "kembalikan": KEMBALIKAN, "setujui": SETUJUI}
EXIT_OK, EXIT_BROKEN = 0, 1


def apply_action(path: str | Path, id_informasi: str, aksi: str, peran: str, nama: str,
                 catatan: str | None = None) -> Outcome:
    """Run one workflow action on one item of a workbook file and append its Riwayat event."""
    from .adapters.openpyxl_editor import WorkbookEditor

    with WorkbookEditor(path) as editor:
        data = editor.data
        found = data.register.find(id_informasi)
        if found is None:
            raise WorkflowRefused(f"ID Informasi '{id_informasi}' tidak ditemukan di sheet {REGISTER_SHEET}.",
                                  sheet=REGISTER_SHEET, column="ID Informasi", code="id-tidak-ada")
        excel_row, cells = found
        row, _ = parse_row(cells, excel_row, data.lists)
        check_actor(data.settings, peran, nama)
        note = catatan if catatan is not None else (row.catatan_koreksi if aksi == KEMBALIKAN else "")
        outcome = decide(row, aksi, peran, nama, note)
        editor.set_cells(excel_row, outcome.changes)
        editor.append_events([outcome.event])
    return outcome


def verify_file(path: str | Path) -> tuple[int, list]:
    """(number of events, problems) of the Riwayat hash chain of a workbook file."""
    from .adapters.calamine_reader import read_all_sheets, read_workbook
    from .audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, verify_chain

    data = read_workbook(path, with_structure=False)
    grid = read_all_sheets(path).get(RIWAYAT)
    if grid is None:
        raise NotARegisterError(f"Sheet '{RIWAYAT}' tidak ada.", sheet=RIWAYAT)
    rows = list(grid[1:])
    while rows and blank_row(rows[-1]):
        rows.pop()
    values = data.settings.values
    return len(rows), verify_chain(rows, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY))


def _cmd_action(args: argparse.Namespace) -> int:
    aksi = COMMANDS[args.command]
    outcome = apply_action(args.path, args.id, aksi, args.peran, args.nama, args.catatan)
    print(f"{ACTION_NAMES[aksi]}: {outcome.id_informasi} langkah {outcome.event.dari_langkah} -> {outcome.step}, "
          f"status '{outcome.status}'. Tercatat di Riwayat.")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    count, problems = verify_file(args.path)
    if problems:
        first = problems[0]
        print(f"Riwayat TIDAK utuh: {first.location()}: {first.message}")
        return EXIT_BROKEN
    print(f"Riwayat utuh: {count} peristiwa, rantai hash cocok.")
    return EXIT_OK


def register(subparsers) -> None:
    helps = {"majukan": "majukan informasi ke langkah SOP berikutnya (langkah 7: selesai)",
             "kembalikan": "PPID mengembalikan informasi dari langkah 6 ke 5 dengan catatan koreksi",
             "setujui": "PPID menyetujui hasil dokumentasi di langkah 6"}
    for name in COMMANDS:
        parser = subparsers.add_parser(name, help=helps[name])
        parser.add_argument("path", metavar="PATH", help="workbook .xlsx/.xlsm")
        parser.add_argument("--id", required=True, help="ID Informasi")
        parser.add_argument("--peran", required=True, help="peran pelaku: Petugas, PPID atau Arsip")
        parser.add_argument("--nama", required=True, help="nama pelaku (terdaftar di tabel Pengguna)")
        parser.add_argument("--catatan", default=None, help="catatan (wajib untuk kembalikan: Catatan Koreksi)")
        parser.set_defaults(func=_cmd_action)
    riwayat = subparsers.add_parser("riwayat", help="periksa jejak audit (sheet Riwayat)")
    sub = riwayat.add_subparsers(dest="riwayat_command", metavar="PERINTAH", parser_class=type(riwayat))
    verify = sub.add_parser("verifikasi", help="periksa rantai hash Riwayat (0 utuh, 1 rusak, 2 tak terbaca)")
    verify.add_argument("path", metavar="PATH", help="workbook .xlsx/.xlsm")
    verify.set_defaults(func=_cmd_verify)
