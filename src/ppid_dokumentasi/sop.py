"""The SOP as data: identity, sections, roles and the 7 Tata Cara steps with Mutu Baku.

Loaded from ``data/sop.toml`` (or an office's copy) into pydantic models and checked when loaded:
steps numbered 1..7 in order, every pelaksana a known role, every role used.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .datafiles import read_toml
from .errors import DataFileError

STEP_COUNT = 7


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identity(_Model):
    judul: str
    kode_dokumen: str
    tanggal: dt.date
    revisi: str = ""
    halaman: str = ""
    disahkan_jabatan: str
    disahkan_nama: str
    disahkan_nip: str
    judul_lampiran: str


class Definition(_Model):
    istilah: str
    arti: str


class Sections(_Model):
    pengantar: str
    tujuan: str
    ruang_lingkup: str
    acuan: list[str]
    tanggung_jawab: list[str]
    definisi: list[Definition] = []


class Role(_Model):
    kode: str
    nama: str
    keterangan: str = ""


class MutuBaku(_Model):
    kelengkapan: str
    waktu: str
    output: str


class Step(_Model):
    nomor: int
    kegiatan: str
    pelaksana: list[str]
    mutu_baku: MutuBaku
    dokumen_terkait: str = ""
    keterangan: str = ""


class Sop(BaseModel):
    """The whole SOP. Extra top-level tables (e.g. the workflow) are kept for their own loaders."""

    model_config = ConfigDict(extra="allow", frozen=True)

    identitas: Identity
    bagian: Sections
    peran: list[Role]
    langkah: list[Step]

    @model_validator(mode="after")
    def _check(self) -> "Sop":
        numbers = [s.nomor for s in self.langkah]
        if numbers != list(range(1, STEP_COUNT + 1)):
            raise ValueError(
                f"Tata Cara harus berisi {STEP_COUNT} langkah bernomor 1..{STEP_COUNT} "
                f"berurutan; ditemukan {numbers}"
            )
        role_codes = [r.kode for r in self.peran]
        if len(set(role_codes)) != len(role_codes):
            raise ValueError(f"kode peran ganda: {role_codes}")
        for step in self.langkah:
            if not step.pelaksana:
                raise ValueError(f"langkah {step.nomor} tidak memiliki pelaksana")
            unknown = [p for p in step.pelaksana if p not in role_codes]
            if unknown:
                raise ValueError(
                    f"langkah {step.nomor}: pelaksana tidak dikenal {unknown}; "
                    f"peran yang dikenal: {role_codes}"
                )
        used = {p for s in self.langkah for p in s.pelaksana}
        unused = [r for r in role_codes if r not in used]
        if unused:
            raise ValueError(f"peran {unused} tidak melaksanakan langkah mana pun")
        return self

    @property
    def role_codes(self) -> list[str]:
        return [r.kode for r in self.peran]

    def step(self, number: int) -> Step:
        return self.langkah[number - 1]


def load_sop(path: str | Path | None = None) -> Sop:
    """Load and check the SOP data file (the packaged one when ``path`` is None)."""
    raw = read_toml(Path(path) if path else "sop.toml")
    try:
        return Sop.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise DataFileError(f"Berkas SOP '{path or 'sop.toml'}' tidak valid: {details}") from exc


@cache
def default_sop() -> Sop:
    return load_sop()
