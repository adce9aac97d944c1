"""Server settings: where storage and the users file live, and the xlwings Server environment.

``PPID_SERVER_PDF``: ``ya``/``tidak``, whether ✉ Buat Surat also makes PDFs (default: when
LibreOffice is installed; one soffice per worker, kept running, ``adapters/office_pdf.py``).
``PPID_SERVER_PENYIMPANAN``: the storage root (absolute; default ``~/.local/share/ppid-dokumentasi/
server``), one folder tree per office and workbook below it. ``PPID_SERVER_PENGGUNA``: the users
file (default ``<storage>/pengguna.toml``). xlwings Server's own settings stay ``XLWINGS_*``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError

STORAGE_ENV = "PPID_SERVER_PENYIMPANAN"
PDF_ENV = "PPID_SERVER_PDF"
USERS_ENV = "PPID_SERVER_PENGGUNA"
PROJECT_DIR = Path(__file__).resolve().parent / "project"
PROVIDER = "ppid"


def storage_root() -> Path:
    text = os.environ.get(STORAGE_ENV) or str(Path.home() / ".local" / "share" / "ppid-dokumentasi" / "server")
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        raise UsageError(f"{STORAGE_ENV} harus path lengkap (absolut), bukan '{text}'.")
    return path


def users_file() -> Path:
    text = os.environ.get(USERS_ENV)
    if not text:
        return storage_root() / "pengguna.toml"
    path = Path(os.path.expanduser(text))
    if not path.is_absolute():
        raise UsageError(f"{USERS_ENV} harus path lengkap (absolut), bukan '{text}'.")
    return path


def letters_pdf() -> bool:
    """Whether the server makes PDFs of its letters (``PPID_SERVER_PDF``; default: soffice installed)."""
    text = os.environ.get(PDF_ENV, "").strip().casefold()
    if text:
        return text not in ("tidak", "0", "false", "no", "off")
    from ..letters import soffice_path

    return soffice_path() is not None


def configure_environment() -> None:
    """Set xlwings Server's settings before it is imported (an admin's XLWINGS_* values win)."""
    os.environ.setdefault("XLWINGS_PROJECT_DIR", str(PROJECT_DIR))
    os.environ.setdefault("XLWINGS_AUTH_PROVIDERS", f'["{PROVIDER}"]')
    os.environ.setdefault("XLWINGS_ENABLE_SOCKETIO", "false")
    os.environ.setdefault("XLWINGS_ENABLE_HOTRELOAD", "false")
    os.environ.setdefault("XLWINGS_PROJECT_NAME", "PPID Dokumentasi")
    os.environ.setdefault("XLWINGS_ON_SERVER", "true")
