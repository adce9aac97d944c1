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
from pathlib import Path

from . import __version__
from .errors import GENERIC_MESSAGE, PpidError, UsageError
from .logsetup import configure_logging

log = logging.getLogger(__name__)

# Modules that add sub-commands: each defines register(subparsers) and sets func on its parsers.
COMMAND_MODULES: list[str] = ["cli_workflow", "cli_archive", "cli_import", "cli_letters", "cli_publish",
                              "cli_server", "cli_expiry", "cli_setup"]


class _Parser(argparse.ArgumentParser):
    """Indonesian usage errors; a callable ``description`` is computed when the help is printed (so a
    command whose help lists data, e.g. the letter kinds, need not import it to build the parser)."""

    def format_help(self) -> str:
        if callable(self.description):
            self.description = self.description()
        return super().format_help()

    def error(self, message: str) -> None:  # argparse exits 2 on usage errors, in English
        raise UsageError(f"Penggunaan salah: {message}. Lihat 'ppid --help'.")


def _cmd_buat(args: argparse.Namespace) -> int:
    from .adapters.openpyxl_builder import build_workbook
    from .sample import sample_rows

    path = Path(args.path)
    if path.exists() and not args.timpa:
        raise UsageError(f"Berkas '{path}' sudah ada; pakai --timpa untuk menggantinya.")
    build_workbook(path, sample_rows() if args.contoh else [])
    print(f"Workbook dibuat: {path}" + (" (berisi contoh)" if args.contoh else ""))
    return 0


def _cmd_validasi(args: argparse.Namespace) -> int:
    from .adapters.calamine_reader import read_workbook
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ppid", description="Register Pendokumentasian Informasi yang Dikecualikan (PPID).")
    parser.add_argument("--version", action="version", version=f"ppid-dokumentasi {__version__}")
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

    for name in COMMAND_MODULES:
        importlib.import_module(f"{__package__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_logging()
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "func", None):
            build_parser().print_help()
            return 2
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
