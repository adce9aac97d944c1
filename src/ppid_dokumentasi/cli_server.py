"""``ppid server``: xlwings Server for several officers (extra ``[server]``), and its users file.

``ppid server [--host 127.0.0.1] [--port 8000] [--workers 1]`` runs it with uvicorn;
``ppid server pengguna tambah NAMA --peran PERAN --kantor KANTOR`` adds a user and prints the new
token once (only its hash is stored). README "xlwings Server" shows production.
"""

from __future__ import annotations

import argparse

from .errors import UsageError


def _need_extra() -> None:
    """The server extra is installed. Found, not imported: xlwings Server reads its settings
    (project directory, auth providers) when first imported, which must come after
    ``server.config.configure_environment``."""
    from importlib.util import find_spec

    if find_spec("uvicorn") is None or find_spec("xlwings_server") is None:
        raise UsageError("Paket server belum terpasang: pip install \"ppid-dokumentasi[server]\".")


def _cmd_server(args: argparse.Namespace) -> int:
    _need_extra()
    import uvicorn

    from .server.config import configure_environment, storage_root, users_file

    configure_environment()
    print(f"Penyimpanan: {storage_root()}\nBerkas pengguna: {users_file()}")
    uvicorn.run("ppid_dokumentasi.server.asgi:app", host=args.host, port=args.port, workers=args.workers)
    return 0


def _cmd_tambah(args: argparse.Namespace) -> int:
    from .server.config import users_file
    from .server.users import add_user

    path = users_file()
    token = add_user(path, args.nama, args.peran, args.kantor)
    print(f"Pengguna '{args.nama}' ({', '.join(args.peran)}, kantor {args.kantor}) ditambahkan ke '{path}'.")
    print(f"Token (hanya ditampilkan sekali ini; yang disimpan hanya hash-nya): {token}")
    return 0


def register(subparsers) -> None:
    server = subparsers.add_parser(
        "server", help="jalankan xlwings Server untuk beberapa petugas (ekstra [server])",
        description="Jalankan xlwings Server (pengembangan: satu proses). Penyimpanan: PPID_SERVER_PENYIMPANAN; "
                    "berkas pengguna: PPID_SERVER_PENGGUNA (bawaan: pengguna.toml di folder penyimpanan).")
    server.add_argument("--host", default="127.0.0.1", help="alamat (bawaan 127.0.0.1)")
    server.add_argument("--port", type=int, default=8000, help="port (bawaan 8000)")
    server.add_argument("--workers", type=int, default=1, help="jumlah proses (bawaan 1)")
    server.set_defaults(func=_cmd_server)
    sub = server.add_subparsers(dest="server_cmd", metavar="PERINTAH")
    pengguna = sub.add_parser("pengguna", help="kelola pengguna server (berkas pengguna)")
    psub = pengguna.add_subparsers(dest="pengguna_cmd", metavar="PERINTAH", required=True)
    tambah = psub.add_parser("tambah", help="tambah pengguna dan cetak tokennya sekali",
                             description="Tambah pengguna ke berkas pengguna server; token baru dicetak sekali, "
                                         "yang disimpan hanya hash SHA-256-nya.")
    tambah.add_argument("nama", metavar="NAMA")
    tambah.add_argument("--peran", action="append", required=True, metavar="PERAN",
                        help="peran SOP (Petugas, PPID, Arsip); boleh diulang")
    tambah.add_argument("--kantor", required=True, metavar="KANTOR", help="kantor/OPD pengguna")
    tambah.set_defaults(func=_cmd_tambah)
