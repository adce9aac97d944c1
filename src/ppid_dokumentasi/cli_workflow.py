"""CLI commands of the workflow: ``ppid majukan|kembalikan|setujui`` and ``ppid riwayat verifikasi``.

Thin: open the file session, resolve who acts (:mod:`app.actors`), call
:func:`app.workflow_actions.act` (the same function the buttons call), print its message. A refused
action leaves every byte of the file as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import NotARegisterError

if TYPE_CHECKING:
    from .app.workflow_actions import ActionResult

# command -> name of its action constant in :mod:`workflow` (resolved when the command runs)
COMMANDS = {"majukan": "MAJU", "kembalikan": "KEMBALIKAN", "setujui": "SETUJUI"}
EXIT_OK, EXIT_BROKEN = 0, 1


def apply_action(path: str | Path, id_informasi: str | None, aksi: str, peran: str | None, nama: str | None,
                 catatan: str | None = None, *, pilihan: bool = False) -> ActionResult:
    """Run one workflow action on one item (``--id``) or on every row marked in Pilih
    (``pilihan``; marks cleared after success) and append the Riwayat events."""
    from .adapters.file_session import FileSession
    from .app.actors import acting_user
    from .app.workflow_actions import act

    with FileSession(path, None if pilihan else [id_informasi], targeted=not pilihan, pilihan=pilihan) as session:
        actor = acting_user(session.data.settings, nama, peran, option="--nama")
        return act(session, aksi, actor, catatan)


def verify_file(path: str | Path) -> tuple[int, list]:
    """(number of events, problems) of the Riwayat hash chain of a workbook file."""
    from .adapters.calamine_reader import read_all_sheets, read_workbook
    from .audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, verify_chain, PUBLIC_KEY, SEAL_KEY, verify_seal
    from .layout import RIWAYAT
    from .register import blank_row

    data = read_workbook(path, with_structure=False)
    grid = read_all_sheets(path).get(RIWAYAT)
    if grid is None:
        raise NotARegisterError(f"Sheet '{RIWAYAT}' tidak ada.", sheet=RIWAYAT)
    rows = list(grid[1:])
    while rows and blank_row(rows[-1]):
        rows.pop()
    values = data.settings.values
    problems = verify_chain(rows, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY))
    return len(rows), problems or verify_seal(rows, values.get(SEAL_KEY), values.get(PUBLIC_KEY))


def _cmd_action(args: argparse.Namespace) -> int:
    from . import workflow
    from .selection import MARK_LABEL

    action = getattr(workflow, COMMANDS[args.command])
    result = apply_action(args.path, args.id, action, args.peran, args.nama, args.catatan, pilihan=args.pilihan)
    print(result.message())
    if args.pilihan:
        print(f"Tanda di kolom '{MARK_LABEL}' dihapus ({len(result.outcomes)} baris).")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    count, problems = verify_file(args.path)
    if problems:
        first = problems[0]
        print(f"Riwayat TIDAK utuh: {first.location()}: {first.message}")
        return EXIT_BROKEN
    from .adapters.calamine_reader import read_workbook
    from .audit import PUBLIC_KEY, SEAL_KEY, seal_summary

    values = read_workbook(args.path, with_structure=False).settings.values
    print(f"Riwayat utuh: {count} peristiwa, rantai hash cocok.")
    print(seal_summary(count, values.get(SEAL_KEY), values.get(PUBLIC_KEY)))
    return EXIT_OK


def register(subparsers) -> None:
    helps = {"majukan": "majukan informasi ke langkah SOP berikutnya (langkah 7: selesai)",
             "kembalikan": "PPID mengembalikan informasi dari langkah 6 ke 5 dengan catatan koreksi",
             "setujui": "PPID menyetujui hasil dokumentasi di langkah 6"}
    for name in COMMANDS:
        parser = subparsers.add_parser(name, help=helps[name])
        parser.add_argument("path", metavar="PATH", help="workbook .xlsx/.xlsm")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--id", help="ID Informasi")
        which.add_argument("--pilihan", action="store_true",
                           help="semua baris yang ditandai di kolom 'Pilih' (tanda dihapus setelah berhasil)")
        parser.add_argument("--peran", required=True, help="peran pelaku: Petugas, PPID atau Arsip")
        parser.add_argument("--nama", required=True, help="nama pelaku (terdaftar di tabel Pengguna)")
        parser.add_argument("--catatan", default=None, help="catatan (wajib untuk kembalikan: Catatan Koreksi)")
        parser.set_defaults(func=_cmd_action)
    riwayat = subparsers.add_parser("riwayat", help="periksa jejak audit (sheet Riwayat)")
    sub = riwayat.add_subparsers(dest="riwayat_command", metavar="PERINTAH", parser_class=type(riwayat))
    verify = sub.add_parser("verifikasi", help="periksa rantai hash Riwayat (0 utuh, 1 rusak, 2 tak terbaca)")
    verify.add_argument("path", metavar="PATH", help="workbook .xlsx/.xlsm")
    verify.set_defaults(func=_cmd_verify)
