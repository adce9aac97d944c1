"""CLI of the archive: ``ppid arsip simpan|verifikasi|beda|pulihkan`` (SOP step 7).

Thin: each command builds the core object (:class:`archive.Archive`), calls one method and
prints its Indonesian result. ``simpan`` also records an ``arsip`` event in the workbook's
Riwayat (openpyxl editor, after the version is safely written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .archive import Archive, SnapshotResult, SnapshotSource, default_root, parse_version
from .archive_bag import checkpoint
from .errors import ArchiveError, PpidError

EXIT_OK, EXIT_BROKEN = 0, 1


def archive_workbook(path: str | Path, ids: list[str] | None = None, *, peran: str | None = None,
                     nama: str | None = None, root: str | Path | None = None,
                     record_event: bool = True) -> SnapshotResult:
    """Snapshot a workbook file into its archive (``folder_arsip`` unless ``root``), then log the event."""
    from .adapters.calamine_reader import read_workbook
    from .adapters.openpyxl_editor import check_writable

    if record_event:  # the event goes into the workbook: refuse now, before a version is written
        check_writable(path)
    source = SnapshotSource.from_file(path)
    if root is None:
        settings = read_workbook(source.file, with_structure=False).settings
        root = default_root(settings, source.base_dir)
    result = Archive(root).snapshot(source, ids or [], peran=peran, nama=nama)
    checkpoint("sebelum-riwayat")
    if record_event:
        record_archive_events(source.file, result)
    return result


def archive_events(result: SnapshotResult) -> list:
    """Riwayat events of a snapshot: one per chosen item, or one for the whole register."""
    from .audit import Event

    note = f"Arsip {result.version} (manifest SHA-256 {result.manifest_sha256[:16]}…) di '{result.path.parent}'"
    actor = result.actor
    if result.all_items:
        return [Event("(semua butir)", None, None, "arsip", actor.peran, actor.nama, note)]
    return [Event(item_id, step, step, "arsip", actor.peran, actor.nama, note) for item_id, step in result.items.items()]


def record_archive_events(path: Path, result: SnapshotResult) -> None:
    from .adapters.openpyxl_editor import WorkbookEditor

    try:
        with WorkbookEditor(path) as editor:
            editor.append_events(archive_events(result))
    except PpidError as exc:
        raise ArchiveError(f"{result.summary()} Namun peristiwa arsip tidak tercatat di sheet Riwayat: "
                           f"{exc.message}") from exc
    checkpoint("setelah-riwayat")


def _cmd_simpan(args: argparse.Namespace) -> int:
    result = archive_workbook(args.path, args.id, peran=args.peran, nama=args.nama, root=args.akar,
                              record_event=not args.tanpa_riwayat)
    for note in result.recovered:
        print(f"Catatan: {note}")
    for warning in result.warnings:
        print(f"Peringatan: {warning}", file=sys.stderr)
    print(result.summary())
    return EXIT_OK


def _cmd_verifikasi(args: argparse.Namespace) -> int:
    report = Archive(args.root).verify()
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.text())
    return EXIT_OK if report.ok else EXIT_BROKEN


def _cmd_beda(args: argparse.Namespace) -> int:
    from .archive_diff import diff_versions

    diff = diff_versions(Archive(args.root), args.versi_a, args.versi_b)
    if args.format == "json":
        print(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
    else:
        print(diff.text())
    return EXIT_OK


def _cmd_pulihkan(args: argparse.Namespace) -> int:
    version = parse_version(args.versi)
    files = Archive(args.root).restore(version, args.out)
    print(f"Versi {version} dipulihkan ke '{args.out}' ({len(files)} berkas):")
    for file in files:
        print(f"  {file}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    arsip = sub.add_parser("arsip", help="arsip berversi yang dapat diverifikasi (langkah 7 SOP)")
    actions = arsip.add_subparsers(dest="arsip_command", metavar="AKSI", parser_class=type(arsip))
    arsip.set_defaults(func=lambda _args: (arsip.print_help(), 2)[1])

    simpan = actions.add_parser("simpan", help="simpan versi arsip baru dari workbook")
    simpan.add_argument("path", metavar="PATH", help="workbook .xlsx/.xlsm")
    simpan.add_argument("--id", action="extend", nargs="+", metavar="ID", help="ID Informasi yang diarsipkan "
                        "(boleh lebih dari satu; tanpa --id: semua butir)")
    simpan.add_argument("--peran", help="peran pelaksana (Petugas/PPID/Arsip); bawaan: dari tabel Pengguna")
    simpan.add_argument("--nama", help="nama pelaksana; bawaan: Pengaturan 'pengguna_aktif'")
    simpan.add_argument("--akar", metavar="ROOT", help="folder arsip; bawaan: Pengaturan 'folder_arsip'")
    simpan.add_argument("--tanpa-riwayat", action="store_true", help="jangan catat peristiwa di sheet Riwayat")
    simpan.set_defaults(func=_cmd_simpan)

    verifikasi = actions.add_parser("verifikasi", help="hitung ulang semua checksum, periksa rantai dan bag")
    verifikasi.add_argument("root", metavar="ROOT", help="folder arsip")
    verifikasi.add_argument("--format", choices=("teks", "json"), default="teks", help="bentuk laporan")
    verifikasi.set_defaults(func=_cmd_verifikasi)

    beda = actions.add_parser("beda", help="perbedaan dua versi, per butir dan per kolom")
    beda.add_argument("root", metavar="ROOT", help="folder arsip")
    beda.add_argument("versi_a", metavar="vA", help="versi lama, mis. v0001")
    beda.add_argument("versi_b", metavar="vB", help="versi baru, mis. v0002")
    beda.add_argument("--format", choices=("teks", "json"), default="teks", help="bentuk laporan")
    beda.set_defaults(func=_cmd_beda)

    pulihkan = actions.add_parser("pulihkan", help="pulihkan isi satu versi ke folder baru")
    pulihkan.add_argument("root", metavar="ROOT", help="folder arsip")
    pulihkan.add_argument("versi", metavar="vN", help="versi, mis. v0003")
    pulihkan.add_argument("out", metavar="OUT", help="folder tujuan (belum ada atau kosong)")
    pulihkan.set_defaults(func=_cmd_pulihkan)
