"""CLI of the archive: ``ppid arsip simpan|verifikasi|beda|pulihkan`` (SOP step 7).

Thin: ``simpan`` opens the file session, resolves who acts (:mod:`app.actors`) and calls
:func:`app.archiving.archive` (the same function the 🗄 Arsipkan button calls); the others build
the core object (:class:`archive.Archive`), call one method and print its Indonesian result.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

EXIT_OK, EXIT_BROKEN = 0, 1


def _cmd_simpan(args: argparse.Namespace) -> int:
    from .adapters.file_session import FileSession
    from .app.actors import acting_user
    from .app.archiving import archive
    from .errors import UsageError

    if args.pilihan and args.id:
        raise UsageError("Pakai --id atau --pilihan, tidak keduanya.")
    with FileSession(args.path, args.id, pilihan=args.pilihan) as session:
        actor = acting_user(session.data.settings, args.nama, args.peran, option="--nama")
        result = archive(session, actor, root=args.akar, record_event=not args.tanpa_riwayat)
    for note in result.recovered:
        session.report(f"Catatan: {note}")
    for warning in result.warnings:
        session.report(warning, warning=True)
    session.report(result.summary())
    return EXIT_OK


def _cmd_verifikasi(args: argparse.Namespace) -> int:
    from .archive import Archive

    anchor = None
    if args.workbook:
        from .adapters.calamine_reader import read_all_sheets, read_workbook
        from .archive_anchor import workbook_anchor
        from .layout import RIWAYAT

        data = read_workbook(args.workbook, with_structure=False)
        riwayat = (read_all_sheets(args.workbook).get(RIWAYAT) or [])[1:]
        anchor = workbook_anchor(data.settings.values, riwayat, Path(args.root))
    report = Archive(args.root).verify(anchor)
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.text())
    return EXIT_OK if report.ok else EXIT_BROKEN


def _cmd_beda(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .archive_diff import diff_versions

    diff = diff_versions(Archive(args.root), args.versi_a, args.versi_b)
    if args.format == "json":
        print(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
    else:
        print(diff.text())
    return EXIT_OK


def _cmd_pulihkan(args: argparse.Namespace) -> int:
    from .archive import Archive, parse_version

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
    simpan.add_argument("--pilihan", action="store_true",
                        help="butir yang ditandai di kolom 'Pilih' (tanda dihapus setelah berhasil)")
    simpan.add_argument("--peran", help="peran pelaksana (Petugas/PPID/Arsip); bawaan: dari tabel Pengguna")
    simpan.add_argument("--nama", help="nama pelaksana, terdaftar di tabel Pengguna; bawaan: Pengaturan "
                        "'pengguna_aktif'")
    simpan.add_argument("--akar", metavar="ROOT", help="folder arsip; bawaan: Pengaturan 'folder_arsip'")
    simpan.add_argument("--tanpa-riwayat", action="store_true", help="jangan catat peristiwa di sheet Riwayat")
    simpan.set_defaults(func=_cmd_simpan)

    verifikasi = actions.add_parser("verifikasi", help="hitung ulang semua checksum, periksa rantai dan bag")
    verifikasi.add_argument("root", metavar="ROOT", help="folder arsip")
    verifikasi.add_argument("--format", choices=("teks", "json"), default="teks", help="bentuk laporan")
    verifikasi.add_argument("--workbook", metavar="PATH", help="workbook kantor: kunci publik di Pengaturan dan "
                            "peristiwa arsip di Riwayat menjadi jangkar (versi yang dihapus terdeteksi)")
    verifikasi.set_defaults(func=_cmd_verifikasi)
    from .cli_archive_keys import register_keys

    register_keys(actions)

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
