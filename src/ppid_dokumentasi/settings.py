"""Office settings: the ``Pengaturan`` sheet (key/value table plus the Pengguna table).

Where values come from, in order: the workbook's ``Pengaturan`` sheet; for a key it lacks, the
packaged defaults in ``data/pengaturan.toml``. Values that legal-notes.md marks unconfirmed
(maxima for grounds b–f, numbering codes, zero-padding) live here, never in code.
"""

from __future__ import annotations

import os
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .datafiles import packaged
from .errors import DataFileError, FolderError

_EXAMPLE_ROOT = "C:\\PPID\\" if os.name == "nt" else "/srv/ppid/"  # a full path in this machine's form

YES = {"ya", "y", "yes", "true", "1", "benar"}


@dataclass(frozen=True, slots=True)
class SettingSpec:
    kunci: str
    nilai: Any
    keterangan: str
    status: str


@dataclass(frozen=True, slots=True)
class User:
    nama: str
    peran: str
    nip: str = ""


@cache
def setting_specs() -> tuple[SettingSpec, ...]:
    return tuple(SettingSpec(**entry) for entry in packaged("pengaturan.toml")["kunci"])


@cache
def default_users() -> tuple[User, ...]:
    return tuple(User(**entry) for entry in packaged("pengaturan.toml").get("pengguna", []))


@dataclass(frozen=True, slots=True)
class CutiBersama:
    tanggal: dt.date
    keterangan: str = ""


@cache
def default_cuti_bersama() -> tuple[CutiBersama, ...]:
    """The packaged cuti bersama rows (``[[cuti_bersama]]`` in pengaturan.toml; [U], yearly SKB)."""
    return tuple(CutiBersama(**entry) for entry in packaged("pengaturan.toml").get("cuti_bersama", []))


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)
    # The Cuti Bersama table of Pengaturan: days off besides national holidays, used by every
    # working-day count (:mod:`workdays`).
    cuti_bersama: frozenset[dt.date] = frozenset()

    @classmethod
    def defaults(cls) -> "Settings":
        return cls({s.kunci: s.nilai for s in setting_specs()}, list(default_users()),
                   frozenset(c.tanggal for c in default_cuti_bersama()))

    @classmethod
    def from_sheet(cls, pairs: dict[str, Any], users: list[User] | None = None,
                   cuti_bersama: Any = None) -> "Settings":
        merged = {s.kunci: s.nilai for s in setting_specs()}
        merged.update({k: v for k, v in pairs.items() if k})
        days = frozenset(cuti_bersama) if cuti_bersama is not None else frozenset(
            c.tanggal for c in default_cuti_bersama())
        return cls(merged, list(users) if users is not None else list(default_users()), days)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def integer(self, key: str) -> int | None:
        """A whole-number setting; None when empty. A non-number is an office data error."""
        text = self.text(key)
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            raise DataFileError(
                f"Pengaturan '{key}' harus bilangan bulat; berisi '{text}'.",
                sheet="Pengaturan",
                column="Nilai",
            )
        return int(number)

    def flag(self, key: str) -> bool:
        return self.text(key).lower() in YES

    def codes(self, key: str) -> list[str]:
        return [c.strip() for c in self.text(key).split(",") if c.strip()]

    def max_years(self, huruf: str) -> int | None:
        return self.integer(f"maks_tahun_huruf_{huruf}")

    def folder(self, key: str, workbook: Path | None) -> Path | None:
        """A folder setting: as written when absolute, else relative to the workbook's folder; None when
        empty. A relative value of a workbook that is not on disk (xlwings Lite/Server) is refused.
        The one folder rule (``app/folders.py`` adds the CLI override and the defaults)."""
        text = self.text(key)
        if not text:
            return None
        path = Path(os.path.expanduser(text))
        if path.is_absolute():
            return path
        if workbook is None:
            raise FolderError(f"Pengaturan '{key}' berisi path relatif '{text}', tetapi workbook tidak tersimpan di "
                              f"disk pada mesin Python ini: isi dengan path lengkap (mis. "
                              f"{_EXAMPLE_ROOT}{text}).",
                              sheet="Pengaturan", column="Nilai", code="folder-relatif")
        return Path(workbook).resolve().parent / path

    def user(self, name: str) -> User | None:
        wanted = name.strip().casefold()
        return next((u for u in self.users if u.nama.strip().casefold() == wanted), None)
