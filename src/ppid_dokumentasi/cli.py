"""The ``ppid`` command: a thin adapter over the core.

Each command builds what it needs, calls the core once, and turns a :class:`PpidError` into its
Indonesian message and exit code. Commands of later features register themselves through
:data:`COMMAND_MODULES` (each module has ``register(subparsers)``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .errors import GENERIC_MESSAGE, PpidError, UsageError
from .logsetup import configure_logging

log = logging.getLogger(__name__)

# Modules that add sub-commands: each defines register(subparsers) and sets func on its parsers.
COMMAND_MODULES: list[str] = ["cli_workflow", "cli_archive", "cli_import", "cli_letters", "cli_publish",
                              "cli_server", "cli_expiry", "cli_setup"]


# argparse's own texts (it looks them up with gettext ``_()``), in Indonesian. Unknown texts stay as
# they are; keys are argparse's message ids (Python 3.10-3.13).
ARGPARSE_TEXTS = {
    "usage: ": "Penggunaan: ",
    "options": "opsi",
    "optional arguments": "opsi",
    "positional arguments": "argumen",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan %(value)r tidak dikenal (pilih salah satu: %(choices)s)",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "expected one argument": "membutuhkan satu nilai",
    "expected at least one argument": "membutuhkan sedikitnya satu nilai",
    "expected at most one argument": "membutuhkan paling banyak satu nilai",
    "expected %s argument": "membutuhkan %s nilai",
    "expected %s arguments": "membutuhkan %s nilai",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "nilai %(value)r tidak sah",
    "ambiguous option: %(option)s could match %(matches)s": "opsi %(option)s ambigu: bisa berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh dipakai bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "can't open '%(filename)s': %(error)s": "berkas '%(filename)s' tidak dapat dibuka: %(error)s",
    "unexpected option string: %s": "opsi tidak terduga: %s",
}


@contextmanager
def _indonesian_argparse():
    """Swap argparse's gettext functions for :data:`ARGPARSE_TEXTS` while argparse works."""
    saved = argparse._, argparse.ngettext
    argparse._ = lambda text: ARGPARSE_TEXTS.get(text, text)
    argparse.ngettext = lambda one, many, n: ARGPARSE_TEXTS.get(one if n == 1 else many, one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose help and usage errors are Indonesian (errors raise UsageError); a
    callable ``description`` is computed when the help is printed (so a command whose help lists
    data, e.g. the letter kinds, need not import it to build the parser)."""

    def __init__(self, *args, **kwargs) -> None:
        with _indonesian_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with _indonesian_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _indonesian_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _indonesian_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        if callable(self.description):
            self.description = self.description()
        with _indonesian_argparse():
            return super().format_help()

    def error(self, message: str) -> None:  # argparse would exit 2 and print in English
        raise UsageError(f"{message}.\n{self.format_usage().rstrip()}\nLihat '{self.prog} --help'.")


def _cmd_buat(args: argparse.Namespace) -> int:
    from .adapters.openpyxl_builder import build_workbook
    from .sample import sample_rows

    path = Path(args.path)
    if path.exists() and not args.timpa:
        raise UsageError(f"Berkas '{path}' sudah ada; pakai --timpa untuk menggantinya.")
    build_workbook(path, sample_rows() if args.contoh else [], history=args.contoh)
    print(f"Workbook dibuat: {path}" + (" (berisi contoh)" if args.contoh else ""))
    return 0


def _cmd_validasi(args: argparse.Namespace) -> int:
    from .adapters.calamine_reader import read_for_validation as read_workbook
    from .batch import check_files, exit_status, expand_paths
    from .report import to_json, to_text

    files = expand_paths(args.paths)
    if not files:
        raise UsageError("Tidak ada berkas .xlsx/.xlsm untuk diperiksa.")
    if len(files) > 1 and not args.tanpa_progres:
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("Memeriksa", total=len(files))
            reports = check_files(files, progress=lambda _p: bar.advance(task), read=read_workbook)
    else:
        reports = check_files(files, read=read_workbook)
    print(to_json(reports) if args.format == "json" else to_text(reports))
    return exit_status(reports)


def _cmd_contoh(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.folder)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


OWN_COMMANDS = ("buat", "validasi", "contoh")  # defined here; the others in COMMAND_MODULES


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole ``ppid`` parser; for one of :data:`OWN_COMMANDS` (``command``, the first word on the
    command line) the command modules are left out: a validation does not import them."""
    parser = _Parser(prog="ppid", description="Register Pendokumentasian Informasi yang Dikecualikan (PPID).")
    parser.add_argument("--version", action="version", version=f"ppid-dokumentasi {__version__}",
                        help="tampilkan versi program lalu keluar")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)

    buat = sub.add_parser("buat", help="buat workbook register terkendali baru")
    buat.add_argument("path", metavar="PATH", help="berkas tujuan: .xlsx, atau .xlsm dengan tombol makro untuk Excel desktop")
    buat.add_argument("--contoh", action="store_true", help="isi register dengan contoh yang valid")
    buat.add_argument("--timpa", action="store_true", help="ganti berkas yang sudah ada")
    buat.set_defaults(func=_cmd_buat)

    val = sub.add_parser("validasi", help="periksa satu atau banyak workbook tanpa Excel")
    val.add_argument("paths", metavar="PATH", nargs="+", help="berkas .xlsx/.xlsm atau folder")
    val.add_argument("--format", choices=("teks", "json"), default="teks", help="bentuk laporan")
    val.add_argument("--tanpa-progres", action="store_true", help="jangan tampilkan bilah progres")
    val.set_defaults(func=_cmd_validasi)

    demo = sub.add_parser("contoh", help="jalankan seluruh contoh: register, langkah SOP, surat, arsip")
    demo.add_argument("folder", metavar="FOLDER", help="folder hasil (dibuat bila belum ada)")
    demo.set_defaults(func=_cmd_contoh)

    if command not in OWN_COMMANDS:
        for name in COMMAND_MODULES:
            importlib.import_module(f"{__package__}.{name}").register(sub)
    return parser


# Arguments that name an existing workbook, checked before a command runs (a new register for
# ``impor --ke`` may not exist yet). ``buat`` writes a new file, ``validasi`` reports per file.
WORKBOOK_ARGUMENTS = ("path", "ke")
OWN_FILE_CHECKS = OWN_COMMANDS


def _check_workbook_inputs(args: argparse.Namespace) -> None:
    """.xls, .ods, .csv, encrypted or missing workbooks are refused before anything (even a lock
    file) is written, with the same message for every command."""
    from .filekind import check_workbook_file

    if args.command in OWN_FILE_CHECKS:
        return
    for name in WORKBOOK_ARGUMENTS:
        value = getattr(args, name, None)
        if value is None or (name == "ke" and not Path(value).exists()):
            continue
        check_workbook_file(value, strict=True)


def _tolerant_output() -> None:
    """Characters a console cannot show (e.g. '→' on a Windows cp1252 console) become '?', never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot change now: leave it
                pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    configure_logging()
    try:
        words = sys.argv[1:] if argv is None else argv
        args = build_parser(words[0] if words else None).parse_args(argv)
        if not getattr(args, "func", None):
            build_parser().print_help()
            return 2
        _check_workbook_inputs(args)
        return args.func(args)
    except PpidError as exc:
        print(f"Galat: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    except Exception:
        log.exception("galat tak terduga pada perintah %s", argv if argv is not None else sys.argv[1:])
        print(f"Galat: {GENERIC_MESSAGE}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
