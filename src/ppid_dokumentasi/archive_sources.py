"""Where an archive's payload may come from, and how confidential its copies stay.

Confinement: softfiles (column 'Lokasi Softfile') and letters are copied only from the folders the
office configured in Pengaturan (``folder_softfile``, ``folder_surat``; relative to the
workbook's folder unless absolute). A path with ``..``, an absolute path outside those folders, a
symlink whose target leaves them, a FIFO, a device file, a system folder (``/etc``, ``/dev`` …) or
anything inside the archive itself is refused with a message naming the Register row; the whole
snapshot is refused then and nothing is archived. Missing files stay warnings.

Permissions: folders of the archive get ``izin_arsip`` (octal, default 750: owner and group);
files get the same read bits and never more than the source file had (a 0600 source is stored
0400). Plain Python: no workbook library is imported here.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ArchiveError
from .register import REGISTER_SHEET
from .safe_names import safe_component
from .settings import Settings

SOFTFILE_KEY = "folder_softfile"
LETTERS_KEY = "folder_surat"
MODE_KEY = "izin_arsip"
DEFAULT_DIR_MODE = 0o750
SYSTEM_DIRS = tuple(Path(p) for p in ("/etc", "/dev", "/proc", "/sys", "/boot", "/bin", "/sbin", "/lib", "/lib32",
                                      "/lib64", "/usr", "/root", "/run", "/snap", "/var/lib", "/var/run",
                                      "C:/Windows"))
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


def dir_mode(settings: Settings) -> int:
    """Folder mode from Pengaturan ``izin_arsip`` (octal such as 750 or 700); never world-accessible."""
    text = settings.text(MODE_KEY) or f"{DEFAULT_DIR_MODE:o}"
    try:
        mode = int(text, 8)
    except ValueError:
        raise ArchiveError(f"Pengaturan '{MODE_KEY}' berisi '{text}', bukan mode oktal seperti 750 atau 700.",
                           sheet="Pengaturan", column="Nilai") from None
    if mode & 0o007 or not mode & 0o700 == 0o700 or mode > 0o777:
        raise ArchiveError(f"Pengaturan '{MODE_KEY}' berisi '{text}': arsip harus dapat dibuka pemiliknya (7..) dan "
                           "tidak boleh terbuka untuk semua pengguna (..0); mis. 750 atau 700.",
                           sheet="Pengaturan", column="Nilai")
    return mode


def file_mode(folder_mode: int, source_mode: int | None = None) -> int:
    """Read-only file mode from the folder mode, never wider than the source's read bits."""
    mode = folder_mode & 0o440
    if source_mode is not None:
        mode &= source_mode & 0o444
    return mode | stat.S_IRUSR


def is_system(path: Path) -> bool:
    return any(path == d or d in path.parents for d in SYSTEM_DIRS)


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def configured_folders(settings: Settings, key: str, default: str, base_dir: Path | None) -> list[Path]:
    """The resolved folders of a Pengaturan key (``;``-separated), relative to the workbook's folder."""
    folders = []
    for text in (t.strip() for t in (settings.text(key) or default).split(";")):
        if not text:
            continue
        path = Path(text).expanduser()
        if not path.is_absolute():
            if base_dir is None and key == SOFTFILE_KEY:
                continue  # xlwings Lite/Server: only full paths can be found
            if base_dir is None:
                raise ArchiveError(f"Pengaturan '{key}' berisi path relatif '{text}', tetapi workbook tidak tersimpan "
                                   "di disk: isi dengan path lengkap.", sheet="Pengaturan", column="Nilai")
            path = base_dir / path
        resolved = path.resolve()
        if is_system(resolved):
            raise ArchiveError(f"Pengaturan '{key}' menunjuk folder sistem '{resolved}'; berkas arsip hanya diambil "
                               "dari folder kerja kantor.", sheet="Pengaturan", column="Nilai")
        folders.append(resolved)
    return folders


@dataclass
class Collected:
    files: list[tuple[str, Path, int]] = field(default_factory=list)  # (bag path, resolved file, its mode)
    refused: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (item ID, text) for bag-info
    links: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Sources:
    """Collects payload files from the configured folders, refusing every escape."""

    def __init__(self, archive_root: Path, settings: Settings, base_dir: Path | None) -> None:
        self.archive = archive_root.resolve()
        self.settings = settings
        self.base_dir = base_dir
        self.out = Collected()

    def _check_file(self, path: Path, roots: list[Path], where: str) -> tuple[Path, int] | None:
        """(resolved path, mode) of a regular file inside ``roots``; else a refusal noted, None."""
        try:
            resolved = path.resolve(strict=True)
            st = os.stat(resolved)
        except (OSError, RuntimeError) as exc:
            self.out.refused.append(f"{where}: '{path}' tidak dapat dibaca ({getattr(exc, 'strerror', None) or exc}).")
            return None
        if not any(inside(resolved, root) for root in roots):
            self.out.refused.append(f"{where}: '{path}' berada di luar folder yang diizinkan "
                                    f"({'; '.join(map(str, roots))})" + (" (lewat tautan simbolik)" if
                                                                          resolved != path.absolute() else "") + ".")
            return None
        if inside(resolved, self.archive):
            self.out.refused.append(f"{where}: '{path}' berada di dalam folder arsip sendiri.")
            return None
        if not stat.S_ISREG(st.st_mode):
            kind = "FIFO/pipa" if stat.S_ISFIFO(st.st_mode) else "berkas perangkat" if (
                stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) else "bukan berkas biasa"
            self.out.refused.append(f"{where}: '{path}' adalah {kind}; hanya berkas biasa yang diarsipkan.")
            return None
        return resolved, st.st_mode

    def _walk(self, folder: Path, roots: list[Path], where: str):
        """Regular files under ``folder`` (symlinked folders are not followed; symlinked files are
        checked like any other path)."""
        for dirpath, dirs, files in os.walk(folder, followlinks=False):
            for name in sorted(dirs):
                if os.path.islink(os.path.join(dirpath, name)):
                    target = Path(dirpath, name)
                    if not any(inside(target.resolve(), r) for r in roots):
                        self.out.refused.append(f"{where}: folder '{target}' adalah tautan simbolik ke luar folder "
                                                "yang diizinkan.")
                    else:
                        self.out.warnings.append(f"{where}: folder tautan simbolik '{target}' tidak diikuti.")
            dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(dirpath, d))
                             and not inside(Path(dirpath, d).resolve(), self.archive))  # never the archive itself
            for name in sorted(files):
                yield Path(dirpath, name)

    def softfiles(self, selected: dict[str, tuple[int, dict]], text_of) -> None:
        roots = None
        for item_id, (excel_row, cells) in selected.items():
            text = text_of(cells.get("Lokasi Softfile"))
            if not text:
                continue
            where = f"Register baris {excel_row} (ID '{item_id}', kolom 'Lokasi Softfile')"
            folder = "data/softfile/" + safe_component(item_id, f"baris-{excel_row}")
            for part in (p.strip() for p in re.split(r"[;\n]+", text)):
                if not part:
                    continue
                if _URL.match(part):
                    self.out.links.append((item_id, part))
                    continue
                if roots is None:
                    roots = configured_folders(self.settings, SOFTFILE_KEY, ".", self.base_dir)
                if ".." in re.split(r"[\\/]", part):
                    self.out.refused.append(f"{where}: '{part}' memuat '..' (keluar dari folder); tulis path di dalam "
                                            f"folder softfile ({'; '.join(map(str, roots))}).")
                    continue
                path = Path(part).expanduser()
                if not path.is_absolute():
                    if self.base_dir is None:
                        self.out.missing.append((item_id, part))
                        self.out.warnings.append(f"Softfile '{part}' untuk {item_id} ({where}) tidak dapat dicari: "
                                                 "workbook tidak tersimpan di disk.")
                        continue
                    path = self.base_dir / path
                if not os.path.lexists(path):
                    self.out.missing.append((item_id, part))
                    self.out.warnings.append(f"Softfile '{part}' untuk {item_id} (Register baris {excel_row}, kolom "
                                             "'Lokasi Softfile') tidak ditemukan; dicatat di bag-info.txt sebagai "
                                             "Softfile-Tidak-Ada.")
                    continue
                if path.is_dir() and not path.is_symlink():
                    resolved = path.resolve()
                    if not any(inside(resolved, r) for r in roots):
                        self.out.refused.append(f"{where}: folder '{part}' berada di luar folder yang diizinkan "
                                                f"({'; '.join(map(str, roots))}).")
                        continue
                    for file in self._walk(path, roots, where):
                        checked = self._check_file(file, roots, where)
                        if checked:
                            rel = file.relative_to(path).as_posix()
                            self.out.files.append((f"{folder}/{resolved.name}/{rel}", *checked))
                    continue
                if path.is_symlink() and path.is_dir():
                    self.out.refused.append(f"{where}: '{part}' adalah tautan simbolik ke folder; sebutkan folder "
                                            "aslinya.")
                    continue
                checked = self._check_file(path, roots, where)
                if checked:
                    self.out.files.append((f"{folder}/{safe_component(path.name, 'berkas')}", *checked))

    def letters(self, folder: Path | None, ids: list[str], matches) -> None:
        """Files in the letters folder (``folder_surat``, resolved by the application layer) whose name
        holds one of ``ids`` as a token (``matches(name)``)."""
        if folder is None or not ids:
            return
        root = folder.resolve()
        if is_system(root):
            raise ArchiveError(f"Pengaturan '{LETTERS_KEY}' menunjuk folder sistem '{root}'; berkas arsip hanya "
                               "diambil dari folder kerja kantor.", sheet="Pengaturan", column="Nilai")
        if not root.is_dir():
            return
        where = f"Pengaturan '{LETTERS_KEY}' ({root})"
        for path in self._walk(root, [root], where):
            name = path.name
            if name.startswith(("~$", ".")) or not matches(name):
                continue
            if inside(path.parent.resolve(), self.archive):
                continue
            checked = self._check_file(path, [root], f"{where}, surat '{name}'")
            if checked:
                self.out.files.append(("data/surat/" + path.relative_to(root).as_posix(), *checked))

    def raise_refused(self) -> None:
        if self.out.refused:
            raise ArchiveError("Arsip tidak disimpan; berkas berikut tidak boleh diarsipkan:\n- "
                               + "\n- ".join(self.out.refused), sheet=REGISTER_SHEET, column="Lokasi Softfile")
