"""Where files go: THE one rule for output folders (letters, archive, publication, the office's templates).

A folder is, in order: the CLI override (``--keluar``, ``--akar``; relative to the current folder,
as any command-line path); else the Pengaturan value (defaults in ``data/pengaturan.toml``), taken
as written when absolute and relative to the workbook's folder otherwise. A relative setting of a
workbook that is not on disk (xlwings Lite/Server) cannot be resolved and is refused, naming the key.
The setting part is :meth:`Settings.folder` (core, so core modules reading folders use the same rule);
this module adds the override and each folder's default.

On xlwings Server the overrides come from :func:`office_tree`: the server's storage root, one folder
tree per office and workbook (never the server's working directory).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import FolderError
from ..layout import PENGATURAN
from ..safe_names import safe_component
from ..settings import Settings

LETTERS_KEY = "folder_surat"
ARCHIVE_KEY = "folder_arsip"
TEMPLATES_KEY = "folder_templat"
PUBLICATION_KEY = "folder_publikasi"
PUBLICATION_DEFAULT = "publikasi"  # beside the workbook when Pengaturan has no folder_publikasi


def folder(settings: Settings, key: str, workbook: Path | None, override: str | Path | None = None) -> Path | None:
    """The folder for ``key``; None when neither an override nor a setting names one."""
    if override:
        return Path(os.path.expanduser(str(override)))
    return settings.folder(key, workbook)


def required(settings: Settings, key: str, workbook: Path | None, override: str | Path | None = None) -> Path:
    found = folder(settings, key, workbook, override)
    if found is None:
        raise FolderError(f"Pengaturan '{key}' kosong: isi dengan folder tujuan.", sheet=PENGATURAN, column="Nilai",
                          code="folder-kosong")
    return found


def letters_folder(settings: Settings, workbook: Path | None, override: str | Path | None = None) -> Path:
    return required(settings, LETTERS_KEY, workbook, override)


def archive_folder(settings: Settings, workbook: Path | None, override: str | Path | None = None) -> Path:
    return required(settings, ARCHIVE_KEY, workbook, override)


def templates_folder(settings: Settings, workbook: Path | None, default: Path) -> Path:
    """The office's own templates (Pengaturan ``folder_templat``) or the packaged ones."""
    return folder(settings, TEMPLATES_KEY, workbook) or default


def publication_folder(settings: Settings, workbook: Path | None, override: str | Path | None = None) -> Path:
    """Where the public DIP/DIK files go (``publikasi`` beside the workbook when not set)."""
    found = folder(settings, PUBLICATION_KEY, workbook, override)
    if found is None and workbook is not None:
        found = Path(workbook).resolve().parent / PUBLICATION_DEFAULT
    if found is None:
        raise FolderError(f"Isi Pengaturan '{PUBLICATION_KEY}' dengan path lengkap folder tujuan ekspor (mis. "
                          f"{example_path(PUBLICATION_DEFAULT)}) karena workbook tidak tersimpan di disk pada mesin "
                          "Python ini.", sheet=PENGATURAN, column="Nilai", code="folder-kosong")
    return found


def example_path(name: str) -> str:
    """A full path to suggest in a message, in this machine's form."""
    return f"C:\\PPID\\{name}" if os.name == "nt" else f"/srv/ppid/{name}"


def office_tree(storage: Path, kantor: str, workbook: str) -> Path:
    """The server's folder for one office's workbook: ``<storage>/<kantor>/<workbook stem>``.

    Names that are not safe single path components (``..``, separators, device names) are replaced,
    so a tree never leaves ``storage``; ``storage`` must be absolute.
    """
    if not storage.is_absolute():
        raise FolderError(f"Folder penyimpanan server '{storage}' harus path lengkap.", code="folder-relatif")
    stem = Path(workbook).stem if workbook else ""
    return storage / safe_component(kantor.strip(), "_kantor") / safe_component(stem.strip(), "_workbook")
