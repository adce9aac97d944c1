"""``ppid arsip kunci buat|putar|lihat``: the office's archive key (see archive_sign).

``buat --workbook PATH``: create a key in the key store (outside every archive) and record its
public key in the workbook's Pengaturan (``kunci_publik_arsip``); the next ``simpan`` starts
signing the archive. ``putar ROOT --workbook PATH``: rotate: a new key, endorsed in the archive's
key log by the old one, recorded in Pengaturan. ``lihat``: the keys on this machine.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import ArchiveError


def _pin(workbook: str, public: str) -> None:
    from .adapters.openpyxl_editor import WorkbookEditor
    from .archive_sign import PUBLIC_KEY_SETTING

    with WorkbookEditor(workbook) as editor:
        editor.set_setting(PUBLIC_KEY_SETTING, public)


def _cmd_buat(args: argparse.Namespace) -> int:
    from .adapters.calamine_reader import read_workbook
    from .archive_sign import PUBLIC_KEY_SETTING, create_key, fingerprint, key_dir

    current = read_workbook(args.workbook, with_structure=False).settings.text(PUBLIC_KEY_SETTING)
    if current:
        raise ArchiveError(f"Workbook '{args.workbook}' sudah mencatat kunci arsip {fingerprint(current)}; pakai "
                           "'ppid arsip kunci putar ROOT --workbook PATH' untuk menggantinya.",
                           sheet="Pengaturan", column="Nilai")
    signer = create_key()
    _pin(args.workbook, signer.public)
    print(f"Kunci arsip {fingerprint(signer.public)} dibuat di '{key_dir()}' (hanya pemilik yang dapat membacanya; "
          "simpan salinannya di tempat aman, terpisah dari arsip).")
    print(f"Kunci publik (tercatat di Pengaturan '{PUBLIC_KEY_SETTING}'; cetak dan simpan juga): {signer.public}")
    return 0


def _cmd_putar(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .archive_bag import version_name
    from .archive_check import scan
    from .archive_sign import append_key_line, create_key, fingerprint, key_log_line, load_key

    archive = Archive(args.root)
    archive._require()
    with archive._locked():
        state = scan(Path(args.root))
        if state.fatal:
            raise ArchiveError(f"Arsip '{args.root}' tidak utuh ({state.fatal[0].text()}); kunci tidak diganti.")
        old = None
        if state.current_key:
            old = load_key(state.current_key)
            if old is None:
                raise ArchiveError(f"Kunci lama {fingerprint(state.current_key)} tidak ada di komputer ini; pergantian "
                                   "harus ditandatangani kunci lama.")
        new = create_key()
        start = version_name(len(state.versions) + 1)
        append_key_line(Path(args.root), key_log_line(new, start, old))
    _pin(args.workbook, new.public)
    print(f"Kunci arsip diganti: {fingerprint(old.public) if old else '(tanpa kunci)'} -> {fingerprint(new.public)}, "
          f"berlaku mulai {start}. Kunci publik baru: {new.public}")
    return 0


def _cmd_lihat(_args: argparse.Namespace) -> int:
    from .archive_sign import key_dir

    folder = key_dir()
    files = sorted(folder.glob("*.pem")) if folder.is_dir() else []
    if not files:
        print(f"Belum ada kunci arsip di '{folder}'.")
    for path in files:
        print(f"{path.stem}  {path}")
    return 0


def register_keys(actions) -> None:
    kunci = actions.add_parser("kunci", help="kunci penandatangan arsip: buat, putar (ganti), lihat")
    sub = kunci.add_subparsers(dest="kunci_command", metavar="AKSI", parser_class=type(kunci))
    kunci.set_defaults(func=lambda _args: (kunci.print_help(), 2)[1])
    buat = sub.add_parser("buat", help="buat kunci baru dan catat kunci publiknya di Pengaturan workbook")
    buat.add_argument("--workbook", required=True, metavar="PATH", help="workbook register kantor")
    buat.set_defaults(func=_cmd_buat)
    putar = sub.add_parser("putar", help="ganti kunci; pergantian ditandatangani kunci lama di log kunci arsip")
    putar.add_argument("root", metavar="ROOT", help="folder arsip")
    putar.add_argument("--workbook", required=True, metavar="PATH", help="workbook register kantor")
    putar.set_defaults(func=_cmd_putar)
    lihat = sub.add_parser("lihat", help="daftar kunci di komputer ini")
    lihat.set_defaults(func=_cmd_lihat)
