"""The row model: one information item of the Register as a pydantic object.

Validation never needs it (it works on :class:`~ppid_dokumentasi.register.RowValues`); actions,
letters and the importer do. Kept apart from :mod:`register` so that a command that only
validates does not pay pydantic's import at start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from .register import COLUMNS


class RegisterRow(BaseModel):
    """One information item. Types are what :func:`parse_row` produces; ``excel_row`` is 1-based."""

    # defer_build: the schema is built when the first row object is made, not at import (validation
    # works on columns and makes none; building it costs a start-up of every command).
    model_config = ConfigDict(validate_assignment=False, defer_build=True)

    excel_row: int = 0
    id_informasi: str = ""
    pilih: str = ""
    judul: str = ""
    ringkasan: str = ""
    pejabat_penguasa: str = ""
    penanggung_jawab: str = ""
    waktu_pembuatan: dt.date | None = None
    tempat_pembuatan: str = ""
    bentuk: str = ""
    klasifikasi: str = ""
    dasar_pengecualian: str = ""
    uu_lain: str = ""
    analisis_uu: str = ""
    memorandum: str = ""
    pasal18_ayat1: str = ""
    pasal18_ayat2: str = ""
    dokumen_sumber: str = ""
    konsekuensi: str = ""
    pertimbangan: str = ""
    kesimpulan_uji: str = ""
    waktu_uji: str = ""
    peserta_uji: str = ""
    tanggal_uji: dt.date | None = None
    tempat_uji: str = ""
    berakhir: dt.date | None = None
    penetap_jangka_waktu: str = ""
    persetujuan_oleh: str = ""
    persetujuan_nomor: str = ""
    persetujuan_tanggal: dt.date | None = None
    nomor_pembukaan: str = ""
    tanggal_pembukaan: dt.date | None = None
    kode_klasifikasi_arsip: str = ""
    nomor_berkas: str = ""
    kurun_waktu: str = ""
    jumlah: int | None = None
    tingkat_perkembangan: str = ""
    retensi_aktif: int | None = None
    retensi_inaktif: int | None = None
    keterangan_retensi: str = ""
    keamanan: str = ""
    lokasi_softfile: str = ""
    langkah: int | None = None
    status: str = ""
    petugas: str = ""
    catatan_koreksi: str = ""
    nomor_surat: str = ""
    keterangan: str = ""
    catatan_impor: str = ""
    hasil_validasi: str = ""

    @property
    def is_exempt(self) -> bool:
        return self.klasifikasi == "Dikecualikan"

    def cell_values(self) -> dict[str, Any]:
        """Values by header label, as they are written back to a sheet."""
        return {c.label: getattr(self, c.key) for c in COLUMNS}


def fast_row(values: dict[str, Any]) -> RegisterRow:
    """A RegisterRow from already-normalised values, without pydantic's per-field checks.

    The bulk path normalises whole columns first, so re-validating every field would only
    double the work (see benchmarks/speed.py).
    """
    row = RegisterRow.__new__(RegisterRow)
    object.__setattr__(row, "__dict__", values)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    object.__setattr__(row, "__pydantic_extra__", None)
    object.__setattr__(row, "__pydantic_private__", None)
    return row
