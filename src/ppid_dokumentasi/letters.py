"""Official letters of the SOP as docxtpl templates (tata naskah dinas, legal-notes.md §4).

Five kinds (:data:`KINDS`), each a ``.docx`` in ``templates/`` with Jinja2 tags that an office
edits in Word. Every variable a template may use is a field of :class:`LetterContext` (with its
nested :class:`Kop`, :class:`Pejabat`, :class:`Butir`); a test fails when a template uses anything
else.

Rendering (``adapters/docx_letters.py``, docxtpl; handed to :func:`compose` so this module imports
no .docx library) is safe by construction:

* a :class:`jinja2.sandbox.SandboxedEnvironment` with autoescape and ``StrictUndefined`` is
  handed to docxtpl, so cell text is data: ``{{ 7*7 }}`` typed in a cell prints as typed (values
  are never parsed as template code), and ``& < >`` are escaped into valid XML;
* an empty value the template prints is a :class:`Kosong` marker that stops the render; it and an
  unknown variable become a :class:`~.errors.LetterError` naming the template, the variable and
  the item;
* everything is rendered in memory before any number is recorded, so bad input changes nothing.

:func:`compose` runs inside an open, locked workbook session (numbering needs the lock); the
caller saves the workbook and then writes the files with :func:`write_letters` (each complete or
absent after a crash: :func:`~.durable.create_new`, fsynced, never replacing a file). File names hold
the letter kind, the item IDs and the number (see :func:`letter_filename`, docs/letters.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from pydantic import BaseModel, Field

from . import consequence_test as uji
from . import expiry
from .dates_id import date_in_words, format_date_for, number_in_words
from .durable import create_new
from .errors import LetterError
from .legal import CitationError, parse_citations, period_basis
from .numbering import IssuedLetter, LetterNumber, WorkbookSession, allocate, record, series_names
from .register import COLUMN_BY_KEY, cell_text
from .settings import Settings
from .validation import parse_rows

if TYPE_CHECKING:
    from .register_row import RegisterRow

log = logging.getLogger(__name__)

EXEMPT = "Dikecualikan"
TEMPLATES_KEY = "folder_templat"
OUTPUT_KEY = "folder_surat"
COPIES_KEY = "rangkap_berita_acara"
EXTRA_LAWS_KEY = "keputusan_mengingat_tambahan"
# Installed package: package data (setup.py copies templates/ into the wheel); source checkout:
# the repository's templates/ folder.
_PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TEMPLATES = (_PACKAGED_TEMPLATES if _PACKAGED_TEMPLATES.is_dir()
                     else Path(__file__).resolve().parents[2] / "templates")
MAX_ID_PART = 120  # characters of item IDs in a file name before it is shortened
# Mengingat of the Keputusan: the two texts primary-texts.md holds (with LN/TLN as cited there).
MENGINGAT_DASAR = (
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik (Lembaran Negara Republik "
    "Indonesia Tahun 2008 Nomor 61, Tambahan Lembaran Negara Republik Indonesia Nomor 4846)",
    "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang Nomor 14 Tahun 2008 tentang "
    "Keterbukaan Informasi Publik (Lembaran Negara Republik Indonesia Tahun 2010 Nomor 99, Tambahan Lembaran "
    "Negara Republik Indonesia Nomor 5149)",
)


# --------------------------------------------------------------------------------------------
# The context model: the one place that documents every template variable.
# --------------------------------------------------------------------------------------------
class Kop(BaseModel):
    """Kop surat dan identitas kantor (sheet Pengaturan)."""

    pemerintah: str = Field(description="Baris pertama kop, mis. PEMERINTAH PROVINSI BANTEN (nama_pemerintah)")
    instansi: str = Field(description="Baris kedua kop, mis. SEKRETARIAT DAERAH (nama_instansi)")
    unit: str = Field(description="Unit kerja, mis. Biro Pemerintahan dan Kesejahteraan Rakyat (nama_unit)")
    badan_publik: str = Field(description="Badan Publik, mis. Pemerintah Provinsi Banten (nama_badan_publik)")
    alamat: str = Field(description="Alamat kantor (alamat)")
    telepon: str = Field(description="Nomor telepon (telepon)")
    faks: str = Field(description="Nomor faksimile (faks)")
    email: str = Field(description="Alamat surel (email)")
    website: str = Field(description="Laman (website)")
    kota: str = Field(description="Tempat penandatanganan/penetapan, mis. Serang (kota)")


class Pejabat(BaseModel):
    """Seorang pejabat penanda tangan (sheet Pengaturan)."""

    jabatan: str = Field(description="Jabatan")
    nama: str = Field(description="Nama lengkap dengan gelar")
    nip: str = Field(description="NIP")
    pangkat: str = Field(default="", description="Pangkat/golongan (boleh kosong)")


class Peserta(BaseModel):
    """Seorang peserta uji konsekuensi (kolom Peserta Uji: 'Nama | NIP | Jabatan')."""

    nama: str = Field(description="Nama")
    nip: str = Field(description="NIP")
    jabatan: str = Field(description="Jabatan")


class Butir(BaseModel):
    """Satu informasi dari Register (teks siap cetak; tanggal sudah berbahasa Indonesia)."""

    no: int = Field(description="Nomor urut dalam surat (1, 2, ...)")
    id_informasi: str = Field(description="ID Informasi")
    judul: str = Field(description="Judul Informasi")
    ringkasan: str = Field(description="Ringkasan Isi Informasi")
    pejabat_penguasa: str = Field(description="Pejabat/Unit Penguasa Informasi")
    penanggung_jawab: str = Field(description="Penanggung Jawab")
    waktu_pembuatan: str = Field(description="Waktu Pembuatan, mis. 15 Januari 2025")
    tempat_pembuatan: str = Field(description="Tempat Pembuatan")
    bentuk: str = Field(description="Bentuk Informasi")
    klasifikasi: str = Field(description="Klasifikasi (Berkala/Serta Merta/Setiap Saat/Dikecualikan)")
    dasar_pengecualian: str = Field(description="Dasar Pengecualian, mis. Pasal 17 huruf h angka 2")
    dasar_uraian: str = Field(description="Bunyi dasar pengecualian menurut UU 14/2008 Pasal 17")
    uu_lain: str = Field(description="Undang-Undang Lain (Pasal 17 huruf j)")
    konsekuensi: str = Field(description="Konsekuensi Jika Dibuka")
    pertimbangan: str = Field(description="Pertimbangan Kepentingan Publik")
    kesimpulan_uji: str = Field(description="Kesimpulan Uji (Dikecualikan/Dibuka)")
    waktu_uji: str = Field(description="Waktu Uji (Sebelum Permohonan/...)")
    peserta: list[Peserta] = Field(description="Peserta Uji: nama, NIP, jabatan (kolom 'Nama | NIP | Jabatan; ...')")
    tanggal_uji: str = Field(description="Tanggal Uji Konsekuensi")
    berakhir: str = Field(description="Pengecualian Berakhir (tanggal)")
    jangka_waktu: str = Field(description="Jangka Waktu Pengecualian siap cetak (tanggal berakhir atau dasarnya)")
    kode_klasifikasi_arsip: str = Field(description="Kode Klasifikasi Arsip")
    nomor_berkas: str = Field(description="Nomor Berkas")
    kurun_waktu: str = Field(description="Kurun Waktu")
    jumlah: str = Field(description="Jumlah")
    tingkat_perkembangan: str = Field(description="Tingkat Perkembangan (Asli/Kopi)")
    retensi_aktif: str = Field(description="Retensi Aktif (Tahun)")
    retensi_inaktif: str = Field(description="Retensi Inaktif (Tahun)")
    keterangan_retensi: str = Field(description="Keterangan Retensi")
    keamanan: str = Field(description="Klasifikasi Keamanan")
    lokasi_softfile: str = Field(description="Lokasi Softfile")
    langkah: str = Field(description="Langkah SOP (1-7)")
    status: str = Field(description="Status")
    petugas: str = Field(description="Petugas")
    catatan_koreksi: str = Field(description="Catatan Koreksi pimpinan PPID")
    dokumen_sumber: str = Field(default="", description="Dokumen Sumber Informasi (Perki 1/2021 Pasal 49 ayat (2) huruf a)")
    analisis_uu: str = Field(default="", description="Analisis Undang-Undang (Perki 1/2021 Pasal 49 ayat (2) huruf c)")
    tempat_uji: str = Field(default="", description="Tempat Uji (tempat pengujian konsekuensi)")
    penetap_jangka_waktu: str = Field(default="", description="Penetap Jangka Waktu (PP 61/2010 Pasal 6, Pasal 7 ayat (5))")
    persetujuan: str = Field(default="", description="Persetujuan pimpinan Badan Publik bila tercatat (PP 61/2010 Pasal 3 ayat (2))")
    nomor_lembar_uji: str = Field(default="", description="Nomor Lembar Uji Konsekuensi informasi ini (Daftar Surat)")


class LetterContext(BaseModel):
    """Semua variabel yang boleh dipakai templat surat. Nilai kosong yang dicetak menghentikan
    pembuatan surat; pakai ``{{ x or "-" }}`` atau ``{% if x %}`` untuk nilai yang boleh kosong."""

    jenis: str = Field(description="Nama jenis surat, mis. Nota Dinas Laporan")
    nomor: str = Field(description="Nomor surat <kode klasifikasi>/<nomor urut>/<kode unit>/<tahun>")
    tanggal: str = Field(description="Tanggal surat, mis. 25 November 2026")
    tanggal_kata: str = Field(
        description="Tanggal surat dengan kata, mis. Rabu, tanggal dua puluh lima, bulan November, tahun dua "
                    "ribu dua puluh enam")
    tahun: str = Field(description="Tahun surat")
    kop: Kop = Field(description="Kop surat dan identitas kantor")
    pimpinan_ppid: Pejabat = Field(description="Pimpinan PPID (penerima laporan; penanda tangan Keputusan bila "
                                               "penetap_keputusan = PPID)")
    pejabat_ppid: Pejabat = Field(description="Pejabat PPID (koordinasi langkah 2, uji konsekuensi, saksi)")
    petugas: Pejabat = Field(description="Penanggung jawab petugas dokumentasi (pengirim Nota Dinas)")
    arsiparis: Pejabat = Field(description="Petugas arsip (penerima pada Berita Acara)")
    item: Butir | None = Field(description="Informasi yang dibahas (surat per informasi, mis. Uji Konsekuensi)")
    daftar: list[Butir] = Field(description="Semua informasi dalam surat (tabel Nota Dinas, Lampiran DIK, ...)")
    jumlah: int = Field(description="Banyaknya informasi dalam surat")
    jumlah_kata: str = Field(description="Banyaknya informasi dengan kata, mis. tiga")
    rangkap: int = Field(description="Banyak rangkap Berita Acara (Pengaturan rangkap_berita_acara)")
    rangkap_kata: str = Field(description="Banyak rangkap dengan kata, mis. dua")
    mengingat: list[str] = Field(description="Daftar 'Mengingat' Keputusan (UU 14/2008, PP 61/2010, tambahan)")
    klasifikasi_baru: str = Field(
        default="", description="Klasifikasi DIP pilihan kantor bagi informasi yang dibuka (Penetapan Pembukaan)")
    sifat: str = Field(default="", description="Tanda keamanan surat: klasifikasi keamanan tertinggi informasinya "
                                               "di atas Biasa (kepala dan kaki halaman; Sifat Nota Dinas)")
    tembusan: list[str] = Field(default=[], description="Tembusan Nota Dinas (Pengaturan tembusan_nota_dinas)")
    salinan: list[str] = Field(default=[], description="Penerima salinan Keputusan (Pengaturan salinan_keputusan)")
    logo: str = Field(default="", description="Lambang daerah pada kop (Pengaturan logo_kop, berkas gambar)")
    penetap: Pejabat = Field(description="Pejabat yang menetapkan Keputusan dan Penetapan Pembukaan (Pengaturan "
                                         "penetap_keputusan); judul, Menetapkan dan tanda tangan memakai jabatan yang "
                                         "sama")
    ppid_utama: Pejabat = Field(description="PPID Utama (penerima usulan PPID Pembantu; Pengaturan ppid_utama_*)")
    persetujuan: list[str] = Field(default=[], description="Persetujuan pimpinan Badan Publik yang tercatat "
                                                           "(PP 61/2010 Pasal 3 ayat (2)); kosong bila tidak ada")
    bentuk_penetapan: str = Field(default="Keputusan", description="Bentuk naskah penetapan klasifikasi (Pengaturan "
                                                                   "bentuk_penetapan), mis. Keputusan; judul, diktum "
                                                                   "dan lampiran memakainya")
    pejabat_penetap: Pejabat = Field(description="Pejabat PPID yang menetapkan klasifikasi (PP 61/2010 Pasal 4 ayat (2) "
                                                 "huruf b): penetap, atau PPID Utama (ppid_utama_*) bila "
                                                 "penetap_keputusan = Kepala Daerah")
    unit_kerja_penetap: str = Field(default="", description="Unit kerja pejabat PPID yang menetapkan (PP 61/2010 Pasal 4 "
                                                            "ayat (2) huruf c; Pengaturan unit_kerja_penetap)")
    penetap_bukan_ppid: bool = Field(default=False, description="Benar bila yang menetapkan bukan pejabat PPID "
                                                                "(penetap_keputusan = Kepala Daerah)")
    pengusul: str = Field(default="", description="PPID Pembantu pengusul (nama_unit bila kedudukan_ppid = PPID "
                                                  "Pembantu); kosong bila kantor ini PPID sendiri")


NESTED_MODELS: dict[str, type[BaseModel]] = {
    "kop": Kop, "pimpinan_ppid": Pejabat, "pejabat_ppid": Pejabat, "petugas": Pejabat, "arsiparis": Pejabat,
    "item": Butir, "daftar": Butir, "penetap": Pejabat, "ppid_utama": Pejabat, "pejabat_penetap": Pejabat,
}
SETTING_OF_KOP = {
    "pemerintah": "nama_pemerintah", "instansi": "nama_instansi", "unit": "nama_unit",
    "badan_publik": "nama_badan_publik", "alamat": "alamat", "telepon": "telepon", "faks": "faks",
    "email": "email", "website": "website", "kota": "kota",
}
OFFICIALS = ("pimpinan_ppid", "pejabat_ppid", "petugas", "arsiparis", "ppid_utama")
# Pengaturan penetap_keputusan -> the block of settings naming who issues the Keputusan [U]
# (legal-notes.md §8 item 7): the body's own PPID, the PPID Utama, or the Kepala Daerah.
DECIDER_KEY = "penetap_keputusan"
# The instrument of the classification (PP 61/2010 Pasal 4 ayat (1): "surat penetapan klasifikasi"); its
# form in this office is unconfirmed (legal-notes.md §8 item 7 [U]): a setting, "Keputusan" by default.
INSTRUMENT_KEY = "bentuk_penetapan"
DEFAULT_INSTRUMENT = "Keputusan"
DECIDERS = {"PPID": "pimpinan_ppid", "PPID Utama": "ppid_utama", "Kepala Daerah": "kepala_daerah"}
# The unit kerja of the PPID official who sets the classification (PP 61/2010 Pasal 4 ayat (2) huruf c) [U].
UNIT_KEY = "unit_kerja_penetap"
POSITION_KEY = "kedudukan_ppid"  # "PPID" (the body's own PPID) or "PPID Pembantu"
ASSISTANT = "PPID Pembantu"
# Kinds that are a penetapan: issued by ``penetap`` (heading, Menetapkan and signatures name that one
# office, legal-notes.md §8 item 7), never by a PPID Pembantu as its own PPID (:func:`check_issuer`).
SET_BY_DECIDER = {
    "keputusan": "penetapan klasifikasi oleh PPID atas persetujuan pimpinan Badan Publik (PP 61/2010 Pasal 3); "
                 "usulkan kepada PPID Utama dengan jenis 'usulan-penetapan'",
    "penetapan-pembukaan": "penetapan Informasi yang Dikecualikan yang telah habis Jangka Waktu Pengecualiannya "
                           "sebagai Informasi Publik oleh PPID (PP 61/2010 Pasal 11 ayat (1), Pasal 14 ayat (1) "
                           "huruf g); usulkan kepada PPID Utama",
}


def variables() -> list[tuple[str, str]]:
    """(variable, Indonesian description) for every template variable, for docs and checks."""
    rows: list[tuple[str, str]] = []
    for name, info in LetterContext.model_fields.items():
        rows.append((name, info.description or ""))
        nested = NESTED_MODELS.get(name)
        if nested is not None:
            prefix = "daftar[].%s" if name == "daftar" else f"{name}.%s"
            rows += [(prefix % sub, sub_info.description or "") for sub, sub_info in nested.model_fields.items()]
    return rows


# --------------------------------------------------------------------------------------------
# Kinds of letters
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LetterKind:
    key: str  # --jenis value and file-name prefix
    label: str  # Indonesian name (Daftar Surat, Riwayat)
    template: str  # file in the templates folder
    per_item: bool  # one letter per item, or one letter for all chosen items
    default: Callable[[RegisterRow], bool]  # items taken when no ID is given
    default_text: str  # Indonesian description of ``default``
    refuse: Callable[[RegisterRow], str | None] = lambda row: None  # why an explicitly chosen item cannot
    needs_test: bool = True  # an exempted item is printed only with a complete consequence test
    shows_exempt: bool = True  # lists items as exempted: never one whose period has ended (PP 61/2010 Pasal 11 ayat (3))
    via_action: str = ""  # made only by this action (e.g. 'buka'), never by 'ppid surat' alone


def _must_be_exempt(row: RegisterRow) -> str | None:
    if row.klasifikasi != EXEMPT:
        return f"berklasifikasi '{row.klasifikasi or 'kosong'}', bukan Dikecualikan"
    return None


def _must_be_exempt_and_tested(row: RegisterRow) -> str | None:
    if reason := _must_be_exempt(row):
        return reason
    if row.kesimpulan_uji == "Dibuka":
        return "kesimpulan uji konsekuensinya 'Dibuka'"
    return None


APPROVED, FINISHED_STEP = "Disetujui", 7


def is_approved(row: RegisterRow) -> bool:
    """Approved at step 6 of the SOP by the pimpinan PPID (only approved items reach step 7)."""
    return row.status == APPROVED or row.langkah == FINISHED_STEP


def _must_be_approved(row: RegisterRow) -> str | None:
    if reason := _must_be_exempt_and_tested(row):
        return reason
    if not is_approved(row):
        return (f"belum disetujui pimpinan PPID di langkah 6 SOP (Langkah {row.langkah or '-'}, Status "
                f"'{row.status or '-'}')")
    return None


def _approved_default(row: RegisterRow) -> bool:
    return row.klasifikasi == EXEMPT and row.kesimpulan_uji != "Dibuka" and is_approved(row)


# The pimpinan Badan Publik's approval of the classification (PP 61/2010 Pasal 3 ayat (2)): the
# Register's Persetujuan columns. The Keputusan states it ("atas persetujuan pimpinan Badan Publik").
HEAD_APPROVAL_KEYS = ("persetujuan_oleh", "persetujuan_nomor", "persetujuan_tanggal")


def head_approval_missing(row: RegisterRow) -> list[str]:
    """The Persetujuan columns still empty on ``row`` (labels)."""
    return [COLUMN_BY_KEY[k].label for k in HEAD_APPROVAL_KEYS if not cell_text(getattr(row, k))]


def _must_be_set(row: RegisterRow) -> str | None:
    if reason := _must_be_approved(row):
        return reason
    if missing := head_approval_missing(row):
        return (f"belum mencatat persetujuan pimpinan Badan Publik (kolom {', '.join(missing)}; PP 61/2010 Pasal 3 "
                "ayat (2))")
    return None


def _settable_default(row: RegisterRow) -> bool:
    return _approved_default(row) and not head_approval_missing(row)


def _must_have_an_end(row: RegisterRow) -> str | None:
    if reason := _must_be_exempt(row):
        return reason
    if row.berakhir is None:
        return "tidak memiliki tanggal Pengecualian Berakhir"
    if cell_text(row.nomor_pembukaan):
        return f"sudah dibuka dengan penetapan {cell_text(row.nomor_pembukaan)}"
    return None


KINDS: dict[str, LetterKind] = {kind.key: kind for kind in (
    LetterKind("nota-dinas-koordinasi", "Nota Dinas Koordinasi", "nota_dinas_koordinasi.docx", False,
               lambda r: r.langkah == 2, "informasi pada Langkah 2", needs_test=False),
    LetterKind("nota-dinas-laporan", "Nota Dinas Laporan Hasil Pendokumentasian", "nota_dinas_laporan.docx",
               False, lambda r: r.langkah == 6, "informasi pada Langkah 6"),
    LetterKind("uji-konsekuensi", "Lembar Uji Konsekuensi", "uji_konsekuensi.docx", True,
               lambda r: r.klasifikasi == EXEMPT, "informasi berklasifikasi Dikecualikan", _must_be_exempt),
    LetterKind("keputusan", "Keputusan tentang Penetapan Informasi yang Dikecualikan",
               "keputusan_penetapan.docx", False, _settable_default,
               "informasi Dikecualikan yang telah disetujui pimpinan PPID dan pimpinan Badan Publik", _must_be_set),
    LetterKind("usulan-penetapan", "Nota Dinas Usulan Penetapan Informasi yang Dikecualikan",
               "nota_dinas_usulan.docx", False, _approved_default,
               "informasi Dikecualikan yang telah disetujui", _must_be_approved),
    LetterKind("berita-acara", "Berita Acara Penyimpanan Arsip", "berita_acara_penyimpanan.docx", False,
               lambda r: r.langkah == 7, "informasi pada Langkah 7"),
    LetterKind("penetapan-pembukaan",
               "Penetapan Informasi yang Dikecualikan yang Telah Habis Jangka Waktu Pengecualiannya sebagai "
               "Informasi Publik", "penetapan_pembukaan.docx", False,
               lambda r: r.klasifikasi == EXEMPT and r.berakhir is not None and not expiry.is_opened(r),
               "informasi Dikecualikan yang berjangka waktu", _must_have_an_end, needs_test=False,
               shows_exempt=False, via_action="buka"),
)}


def kind_of(key: str) -> LetterKind:
    try:
        return KINDS[key]
    except KeyError:
        raise LetterError(f"Jenis surat '{key}' tidak dikenal. Pilihan: {', '.join(KINDS)}.") from None


# --------------------------------------------------------------------------------------------
# Building the context
# --------------------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(value: Any) -> str:
    """Text safe for a .docx: as typed, minus characters XML forbids; CR/LF become line breaks."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def _ground_text(row: RegisterRow) -> tuple[str, str]:
    """(bunyi dasar, jangka waktu) for an item, from the Pasal 17 data; empty when not derivable."""
    try:
        citations = parse_citations(row.dasar_pengecualian) if row.dasar_pengecualian else []
    except CitationError:
        citations = []
    parts = []
    for c in citations:
        ground = c.ground
        words = ground.angka[c.angka - 1] if c.angka else ground.bunyi  # the statute's words
        parts.append(f"{c} UU 14/2008: {words}")
    period = "" if row.berakhir else period_basis(citations)
    period = period[:1].upper() + period[1:]
    return "; ".join(parts), period


def _participants(row: RegisterRow) -> list[Peserta]:
    """The valid participants (consequence_test format 'Nama | NIP | Jabatan')."""
    return [Peserta(nama=clean(p.nama), nip=clean(p.nip), jabatan=clean(p.jabatan)) for p in uji.participants(row)]


def butir(row: RegisterRow, no: int, settings: Settings) -> Butir:
    def day(value: dt.date | None) -> str:
        return format_date_for(value, settings) if value else ""

    uraian, period = _ground_text(row)
    return Butir(
        no=no, id_informasi=_text(row.id_informasi), judul=_text(row.judul), ringkasan=_text(row.ringkasan),
        pejabat_penguasa=_text(row.pejabat_penguasa), penanggung_jawab=_text(row.penanggung_jawab),
        waktu_pembuatan=day(row.waktu_pembuatan), tempat_pembuatan=_text(row.tempat_pembuatan),
        bentuk=_text(row.bentuk), klasifikasi=_text(row.klasifikasi),
        dasar_pengecualian=_text(row.dasar_pengecualian), dasar_uraian=uraian, uu_lain=_text(row.uu_lain),
        konsekuensi=_text(row.konsekuensi), pertimbangan=_text(row.pertimbangan),
        kesimpulan_uji=_text(row.kesimpulan_uji), waktu_uji=_text(row.waktu_uji),
        peserta=_participants(row),
        tanggal_uji=day(row.tanggal_uji), berakhir=day(row.berakhir),
        jangka_waktu=(f"Sampai dengan {day(row.berakhir)}" if row.berakhir else period),
        kode_klasifikasi_arsip=_text(row.kode_klasifikasi_arsip), nomor_berkas=_text(row.nomor_berkas),
        kurun_waktu=_text(row.kurun_waktu), jumlah=_text(row.jumlah),
        tingkat_perkembangan=_text(row.tingkat_perkembangan), retensi_aktif=_text(row.retensi_aktif),
        retensi_inaktif=_text(row.retensi_inaktif), keterangan_retensi=_text(row.keterangan_retensi),
        keamanan=_text(row.keamanan), lokasi_softfile=_text(row.lokasi_softfile), langkah=_text(row.langkah),
        status=_text(row.status), petugas=_text(row.petugas), catatan_koreksi=_text(row.catatan_koreksi),
        dokumen_sumber=_text(row.dokumen_sumber), analisis_uu=_text(row.analisis_uu), tempat_uji=_text(row.tempat_uji),
        penetap_jangka_waktu=_text(row.penetap_jangka_waktu), persetujuan=approval_text(row, settings),
    )


def official(settings: Settings, prefix: str) -> Pejabat:
    """An official from Pengaturan ``<prefix>_jabatan/_nama/_nip/_pangkat``."""
    return Pejabat(**{f: clean(settings.text(f"{prefix}_{f}")) for f in ("jabatan", "nama", "nip", "pangkat")})


def decider_prefix(settings: Settings) -> str:
    """The settings block of who issues the Keputusan (Pengaturan ``penetap_keputusan``)."""
    choice = settings.text(DECIDER_KEY) or "PPID"
    if choice not in DECIDERS:
        raise LetterError(f"Pengaturan '{DECIDER_KEY}' berisi '{choice}'; pilih {', '.join(DECIDERS)}.",
                          sheet="Pengaturan", column="Nilai")
    return DECIDERS[choice]


def setting_official(settings: Settings) -> tuple[str, str]:
    """(settings block, unit kerja) of the PPID official who sets the classification (PP 61/2010 Pasal 4
    ayat (2) huruf b and c): the decider, or the PPID Utama when the Kepala Daerah issues the instrument.
    The unit is Pengaturan ``unit_kerja_penetap``; empty, the body's own PPID falls back to ``nama_unit``."""
    decider = decider_prefix(settings)
    prefix = "ppid_utama" if decider == "kepala_daerah" else decider
    unit = clean(settings.text(UNIT_KEY)) or (clean(settings.text("nama_unit")) if prefix == "pimpinan_ppid" else "")
    return prefix, unit


def check_issuer(kind_key: str, settings: Settings) -> None:
    """A PPID Pembantu proposes; the PPID Utama (or the office named in ``penetap_keputusan``) sets.
    The one rule for every kind in :data:`SET_BY_DECIDER`."""
    basis = SET_BY_DECIDER.get(kind_key)
    if basis and settings.text(POSITION_KEY) == ASSISTANT and decider_prefix(settings) == "pimpinan_ppid":
        raise LetterError(f"Kantor ini {ASSISTANT} (Pengaturan '{POSITION_KEY}'): {basis}, atau isi Pengaturan "
                          f"'{DECIDER_KEY}' dengan pejabat yang menetapkan.", sheet="Pengaturan", column="Nilai")


def approvals(rows: list[RegisterRow], settings: Settings) -> list[str]:
    """The pimpinan's approvals recorded on the items (PP 61/2010 Pasal 3 ayat (2)), distinct, as text."""
    return list(dict.fromkeys(text for row in rows if (text := approval_text(row, settings))))


def approval_text(row: RegisterRow, settings: Settings) -> str:
    who, number, day = cell_text(row.persetujuan_oleh), cell_text(row.persetujuan_nomor), row.persetujuan_tanggal
    if not who:
        return ""
    text = clean(who)
    if number:
        text += f" Nomor {clean(number)}"
    if day:
        text += f" tanggal {format_date_for(day, settings)}"
    return text


SECURITY_ORDER = ("Biasa", "Terbatas", "Rahasia", "Sangat Rahasia")  # referensi.toml order
LOGO_KEY = "logo_kop"


def logo_path(settings: Settings, workbook: Path | None) -> Path | None:
    """Pengaturan ``logo_kop``: as written when absolute, else relative to the workbook's folder."""
    text = settings.text(LOGO_KEY)
    if not text:
        return None
    path = Path(os.path.expanduser(text))
    if not path.is_absolute() and workbook is not None:
        path = Path(workbook).resolve().parent / path
    return path


def security_marking(kind: LetterKind, rows: list[RegisterRow]) -> str:
    """The highest security class above Biasa among the items (none on the opening penetapan)."""
    if not kind.shows_exempt:
        return ""
    ranks = [SECURITY_ORDER.index(r.keamanan) for r in rows if r.keamanan in SECURITY_ORDER]
    best = max(ranks, default=0)
    return SECURITY_ORDER[best] if best > 0 else ""


def _list_setting(settings: Settings, key: str) -> list[str]:
    return [clean(x) for x in settings.text(key).split(";") if clean(x)]


def build_context(kind: LetterKind, rows: list[RegisterRow], settings: Settings, nomor: str,
                  tanggal: dt.date) -> LetterContext:
    """The context of one letter about ``rows`` (one row for a per-item letter)."""
    items = [butir(row, no, settings) for no, row in enumerate(rows, start=1)]
    copies = settings.integer(COPIES_KEY) or 2
    extra = [clean(x) for x in settings.text(EXTRA_LAWS_KEY).split(";") if clean(x)]
    decider = decider_prefix(settings) if kind.key in SET_BY_DECIDER else "pimpinan_ppid"
    ppid_prefix, unit = setting_official(settings) if kind.key in SET_BY_DECIDER else (decider, "")
    return LetterContext(
        jenis=kind.label, nomor=nomor, tanggal=format_date_for(tanggal, settings),
        tanggal_kata=date_in_words(tanggal), tahun=str(tanggal.year),
        kop=Kop(**{field_: clean(settings.text(key)) for field_, key in SETTING_OF_KOP.items()}),
        **{who: official(settings, who) for who in OFFICIALS},
        item=items[0] if kind.per_item and items else None, daftar=items, jumlah=len(items),
        jumlah_kata=number_in_words(len(items)), rangkap=copies, rangkap_kata=number_in_words(copies),
        mengingat=list(MENGINGAT_DASAR) + extra, penetap=official(settings, decider),
        persetujuan=approvals(rows, settings), sifat=security_marking(kind, rows),
        bentuk_penetapan=clean(settings.text(INSTRUMENT_KEY)) or DEFAULT_INSTRUMENT,
        tembusan=_list_setting(settings, "tembusan_nota_dinas"), salinan=_list_setting(settings, "salinan_keputusan"),
        pejabat_penetap=official(settings, ppid_prefix), unit_kerja_penetap=unit,
        penetap_bukan_ppid=decider == "kepala_daerah",
        pengusul=clean(settings.text("nama_unit")) if settings.text(POSITION_KEY) == ASSISTANT else "",
    )


class MissingValue(Exception):
    """Raised while rendering when the template prints a :class:`Kosong` value."""

    def __init__(self, marker: "Kosong") -> None:
        super().__init__(marker.variable)
        self.marker = marker


class Kosong:
    """An empty value: false in ``{% if %}`` and ``or``, an error when printed or iterated."""

    __slots__ = ("variable", "source", "item")

    def __init__(self, variable: str, source: str, item: str = "") -> None:
        self.variable, self.source, self.item = variable, source, item

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __str__(self) -> str:
        raise MissingValue(self)

    __html__ = __str__

    def __iter__(self):
        raise MissingValue(self)

    def __eq__(self, other: object) -> bool:
        return other == "" or isinstance(other, Kosong)

    def __hash__(self) -> int:
        return hash("")


def _column_label(field_name: str) -> str:
    key = {"peserta": "peserta_uji", "jangka_waktu": "berakhir", "dasar_uraian": "dasar_pengecualian"}.get(
        field_name, field_name)
    column = COLUMN_BY_KEY.get(key)
    return f"kolom Register '{column.label}'" if column else "Register"


def _mark(value: Any, path: str, source: str, item: str = "") -> Any:
    if value == "" or value == [] or value is None:
        return Kosong(path, source, item)
    return value


def template_data(context: LetterContext) -> dict[str, Any]:
    """The plain dict docxtpl renders: the model's values, empty ones replaced by :class:`Kosong`."""
    data: dict[str, Any] = {}
    for name in LetterContext.model_fields:
        value = getattr(context, name)
        if name == "kop":
            data[name] = {k: _mark(v, f"kop.{k}", f"Pengaturan '{SETTING_OF_KOP[k]}'")
                          for k, v in value.model_dump().items()}
        elif name in OFFICIALS or name in ("penetap", "pejabat_penetap"):
            source = name if name in OFFICIALS else f"{DECIDER_KEY}: ..."
            data[name] = {k: _mark(v, f"{name}.{k}", f"Pengaturan '{source}_{k}'") for k, v in value.model_dump().items()}
        elif name == "item":
            data[name] = _item_data(value, "item") if value is not None else Kosong(
                "item", "surat ini (jenis ini tidak per informasi)")
        elif name == "daftar":
            data[name] = [_item_data(b, "daftar[]") for b in value]
        elif name == "unit_kerja_penetap":
            data[name] = _mark(value, name, f"Pengaturan '{UNIT_KEY}'")
        else:
            data[name] = value
    return data


def _item_data(item: Butir, prefix: str) -> dict[str, Any]:
    return {k: _mark(v, f"{prefix}.{k}", _column_label(k), item.id_informasi)
            for k, v in item.model_dump().items()}


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def jinja_env():
    """The sandboxed, autoescaping, strict environment every template is rendered with."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


Renderer = Callable[["LetterKind", "LetterContext", Path], bytes]


def template_path(kind: LetterKind, folder: Path) -> Path:
    path = Path(folder) / kind.template
    if not path.is_file():
        raise LetterError(f"Templat '{kind.template}' untuk {kind.label} tidak ditemukan di folder '{folder}'. "
                          f"Periksa Pengaturan '{TEMPLATES_KEY}'.")
    return path


# --------------------------------------------------------------------------------------------
# Files: names, folders, lookup
# --------------------------------------------------------------------------------------------
_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")


def file_token(id_informasi: str) -> str:
    """An item ID as it appears in file names: runs of characters other than letters, digits, '.'
    and '-' become '-' (so '_' only ever separates the parts of a name)."""
    return _UNSAFE.sub("-", id_informasi.strip()).strip("-") or "tanpa-id"


def letter_filename(kind: LetterKind, ids: list[str], number: LetterNumber, suffix: str = ".docx") -> str:
    """``<jenis>_<ID>[_<ID>...]_<nomor urut>-<tahun>.docx``, e.g.
    ``uji-konsekuensi_PKR-2025-007_12-2026.docx``. When the IDs would make the name longer than
    :data:`MAX_ID_PART` characters it keeps the first IDs and ends them with ``_dll-<n>``
    (n = IDs left out); ``Daftar Surat`` then lists every ID of that number."""
    tokens = [file_token(i) for i in ids]
    part = "_".join(tokens)
    if len(part) > MAX_ID_PART:
        kept: list[str] = []
        for token in tokens:
            if len("_".join(kept + [token])) > MAX_ID_PART - 12:
                break
            kept.append(token)
        part = "_".join(kept + [f"dll-{len(tokens) - len(kept)}"])
    return f"{kind.key}_{part}_{number.urut}-{number.tahun}{suffix}"


def letters_for_item(folder: Path, id_informasi: str) -> list[Path]:
    """Letter files (.docx/.pdf) in ``folder`` whose name carries this item ID, sorted by name.

    A letter about many items whose name was shortened (``_dll-<n>``) is found through
    ``Daftar Surat`` instead (its ``ID Informasi`` cell lists every ID).
    """
    token = file_token(id_informasi).casefold()
    found = []
    for path in Path(folder).glob("*"):
        if path.suffix.lower() not in (".docx", ".pdf") or not path.is_file():
            continue
        parts = path.stem.split("_")
        if len(parts) >= 3 and parts[0] in KINDS and token in (p.casefold() for p in parts[1:-1]):
            found.append(path)
    return sorted(found)


# --------------------------------------------------------------------------------------------
# The whole job inside a locked workbook session
# --------------------------------------------------------------------------------------------
@dataclass
class Letter:
    kind: LetterKind
    number: LetterNumber
    ids: list[str]
    filename: str
    content: bytes


@dataclass
class LetterBatch:
    letters: list[Letter] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # .docx written
    pdfs: list[Path] = field(default_factory=list)


def select_rows(session: WorkbookSession, kind: LetterKind, ids: Iterable[str] | None,
                tanggal: dt.date | None = None) -> list[RegisterRow]:
    """The Register rows a letter is about: the given IDs (checked), else the kind's default.

    A letter that lists items as exempted never takes one whose period has ended on ``tanggal``
    (PP 61/2010 Pasal 11 ayat (3)): refused when chosen, left out of the default."""
    def expired(row: RegisterRow) -> bool:
        return kind.shows_exempt and tanggal is not None and expiry.is_expired(row, tanggal)

    data = session.data
    rows, problems = parse_rows(data.register.labels, data.register.rows, data.lists)
    by_id = {r.id_informasi.strip().casefold(): r for r in reversed(rows) if r.id_informasi.strip()}
    wanted = list(dict.fromkeys(i.strip() for i in (ids or []) if i and i.strip()))
    if wanted:
        unknown = [i for i in wanted if i.casefold() not in by_id]
        if unknown:
            raise LetterError(f"ID Informasi tidak ada di Register: {', '.join(unknown)}.", sheet="Register")
        chosen = [by_id[i.casefold()] for i in wanted]
        refused = [f"{r.id_informasi} {reason}" for r in chosen if (reason := kind.refuse(r))]
        refused += [f"{r.id_informasi} jangka waktu pengecualiannya berakhir {r.berakhir.isoformat()} sehingga sudah "
                    "menjadi Informasi Publik (PP 61/2010 Pasal 11 ayat (3))" for r in chosen if expired(r)]
        if refused:
            raise LetterError(f"{kind.label} tidak dapat dibuat untuk: {'; '.join(refused)}.", sheet="Register")
    else:
        chosen = [r for r in rows if r.id_informasi.strip() and kind.default(r) and not expired(r)]
        if not chosen:
            raise LetterError(f"Tidak ada {kind.default_text} untuk {kind.label}. Pilih ID Informasi-nya "
                              "(--id atau pilih barisnya).", sheet="Register")
    if kind.needs_test:
        untested = [f"{r.id_informasi} (belum lengkap: {uji.describe(found)})"
                    for r in chosen if (found := uji.gaps(r))]
        if untested:
            raise LetterError(f"{kind.label} tidak dibuat: uji konsekuensi informasi yang dikecualikan belum lengkap "
                              f"untuk {'; '.join(untested)}. Lengkapi di sheet Register lalu buat surat lagi.",
                              sheet="Register")
    rows_of = {r.excel_row for r in chosen}
    bad = [p for p in problems if p.row in rows_of and p.is_error]
    if bad:
        first = bad[0]
        raise LetterError(f"Register baris {first.row}: {first.message} Perbaiki dulu lalu buat surat lagi.",
                          sheet="Register", row=first.row, column=first.column)
    return chosen


def _refuse_earlier(kind: LetterKind, tanggal: dt.date, rows: list[RegisterRow], column: str, what: str,
                    why: str) -> None:
    """Refuse a letter dated before the date an item records in ``column`` (what it rests on)."""
    early = [(r.id_informasi, day) for r in rows if (day := getattr(r, column)) and day > tanggal]
    if early:
        raise LetterError(f"{kind.label} bertanggal {tanggal.isoformat()} mendahului {what} "
                          + "; ".join(f"{i} ({day.isoformat()})" for i, day in early)
                          + f": {why}. Pakai tanggal sesudahnya.")


def compose(session: WorkbookSession, jenis: str, ids: Iterable[str] | None, tanggal: dt.date,
            oleh: str = "", peran: str = "", templates: Path | None = None, *, render: Renderer, action: str = "",
            extra: dict[str, Any] | None = None) -> LetterBatch:
    """Render the letters and record their numbers in the open workbook (not yet saved, no files).

    Every letter is rendered before anything is recorded: a LetterError leaves the workbook as it
    was. The caller saves the session, then calls :func:`write_letters`. ``render`` turns a letter into
    .docx bytes (``adapters.docx_letters.render``; the core imports no .docx library).
    """
    kind = kind_of(jenis)
    if kind.via_action and kind.via_action != action:
        raise LetterError(f"{kind.label} dibuat bersama pencatatannya: pakai tindakan '{kind.via_action}' "
                          f"(ppid {kind.via_action} atau tombolnya), bukan surat saja.")
    data = session.data
    settings = data.settings
    folder = templates or DEFAULT_TEMPLATES  # the office's own: app.folders.templates_folder
    check_issuer(kind.key, settings)
    rows = select_rows(session, kind, ids, tanggal)
    if kind.key in ("keputusan", "usulan-penetapan"):
        _refuse_earlier(kind, tanggal, rows, "tanggal_uji", "uji konsekuensi", "pengklasifikasian ditetapkan "
                        "berdasarkan Pengujian Konsekuensi yang dilakukan sebelumnya (UU 14/2008 Pasal 19; PP 61/2010 "
                        "Pasal 3 ayat (1))")
    if kind.key == "keputusan":
        _refuse_earlier(kind, tanggal, rows, "persetujuan_tanggal", "persetujuan pimpinan Badan Publik",
                        "penetapan dilakukan atas persetujuan itu (PP 61/2010 Pasal 3 ayat (2))")
    groups = [[r] for r in rows] if kind.per_item else [rows]
    # The Lembar carries the test's own date and place, numbered in the series of that year, in date order.
    own_date = kind.key == "uji-konsekuensi"
    if own_date:
        groups.sort(key=lambda g: g[0].tanggal_uji or tanggal)
    dates = [g[0].tanggal_uji if own_date and g[0].tanggal_uji else tanggal for g in groups]
    labels = {k: v.label for k, v in KINDS.items()}
    numbers_by_year = {year: iter(allocate(data, settings, year, sum(d.year == year for d in dates), kind.key, labels,
                                           min(d for d in dates if d.year == year)))
                       for year in sorted({d.year for d in dates})}
    numbers = [next(numbers_by_year[d.year]) for d in dates]
    lembar = lembar_numbers(data.letters) if kind.key == "usulan-penetapan" else {}
    if kind.key == "usulan-penetapan":
        without = [r.id_informasi for r in rows if r.id_informasi.strip().casefold() not in lembar]
        if without:
            raise LetterError(f"{kind.label}: belum ada Lembar Uji Konsekuensi bernomor untuk {', '.join(without)}; "
                              "buat dulu (jenis uji-konsekuensi) lalu lampirkan.", sheet="Register")
    batch = LetterBatch()
    for group, number, day in zip(groups, numbers, dates):
        context = build_context(kind, group, settings, str(number), day)
        logo = logo_path(settings, data.path)
        if logo is not None:
            context.logo = str(logo)
        if lembar:
            context.daftar = [b.model_copy(update={"nomor_lembar_uji": lembar[b.id_informasi.casefold()]})
                              for b in context.daftar]
        if extra:
            context = context.model_copy(update=extra)
        group_ids = [r.id_informasi.strip() for r in group]
        content = render(kind, context, folder)
        batch.letters.append(Letter(kind, number, group_ids, letter_filename(kind, group_ids, number), content))
    record(session, [
        IssuedLetter(letter.number, kind.label, letter.ids, day, oleh, peran, letter.filename,
                     {r.id_informasi.strip(): r.langkah for r in rows}, series_names(settings, kind.key, labels))
        for letter, day in zip(batch.letters, dates)
    ])
    return batch


def lembar_numbers(issued: list[list[Any]]) -> dict[str, str]:
    """Item ID (case-folded) -> the number of its latest Lembar Uji Konsekuensi (Daftar Surat)."""
    label = KINDS["uji-konsekuensi"].label
    found: dict[str, str] = {}
    for row in issued:
        cells = list(row) + [None] * 8
        if cell_text(cells[4]) == label:
            for id_informasi in cell_text(cells[5]).split(";"):
                if id_informasi.strip():
                    found[id_informasi.strip().casefold()] = cell_text(cells[3])
    return found


def write_letters(batch: LetterBatch, out_dir: Path) -> list[Path]:
    """Write the rendered letters into ``out_dir`` (created if needed)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for letter in batch.letters:
            path = out_dir / letter.filename
            counter = 2
            while not create_new(path, letter.content):  # never replace an existing letter; fsynced
                path = out_dir / f"{Path(letter.filename).stem}-{counter}{Path(letter.filename).suffix}"
                counter += 1
            batch.paths.append(path)
    except OSError as exc:
        raise LetterError(f"Surat tidak dapat ditulis ke folder '{out_dir}': {exc.strerror or exc}. Nomornya "
                          "sudah tercatat di Daftar Surat; buat surat lagi setelah folder dapat ditulisi.") from exc
    return batch.paths


# --------------------------------------------------------------------------------------------
# PDF through LibreOffice
# --------------------------------------------------------------------------------------------
class PdfUnavailable(LetterError):
    """LibreOffice is not installed: the .docx files are there, the PDFs are not."""


def soffice_path() -> str | None:
    return os.environ.get("PPID_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(paths: list[Path], out_dir: Path | None = None, timeout: int | None = None) -> list[Path]:
    """Convert .docx files to PDF in ONE headless LibreOffice run (private profile)."""
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    program = soffice_path()
    if not program:
        raise PdfUnavailable("LibreOffice (soffice) tidak terpasang, jadi PDF tidak dibuat. Surat .docx tetap "
                             f"tersedia di '{paths[0].parent}'.")
    out_dir = Path(out_dir or paths[0].parent)
    with tempfile.TemporaryDirectory(prefix="ppid-lo-") as profile:
        command = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nologo", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, paths)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                  timeout=timeout or 120 + 10 * len(paths))
        except (subprocess.TimeoutExpired, OSError) as exc:
            log.warning("konversi PDF gagal: %r", exc)
            raise LetterError("Konversi PDF oleh LibreOffice gagal atau terlalu lama; surat .docx tetap tersedia.") \
                from None
    pdfs = [out_dir / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        log.warning("LibreOffice rc=%s stdout=%s stderr=%s", done.returncode, done.stdout, done.stderr)
        raise LetterError(f"LibreOffice tidak menghasilkan PDF untuk: {', '.join(missing)}; surat .docx tetap "
                          "tersedia.")
    return pdfs


KIND_KEY = "jenis_surat"
AUTO = "otomatis"


def auto_kind(row: RegisterRow) -> str | None:
    """The letter an item needs now (the button's ``otomatis``): step 2 Nota Dinas Koordinasi, step 6
    Nota Dinas Laporan, step 7 Berita Acara, otherwise a Dikecualikan item's Lembar Uji Konsekuensi."""
    by_step = {2: "nota-dinas-koordinasi", 6: "nota-dinas-laporan", 7: "berita-acara"}
    if row.langkah in by_step:
        return by_step[row.langkah]
    return "uji-konsekuensi" if row.klasifikasi == EXEMPT else None


def plan_kinds(rows: list[RegisterRow], setting: str) -> dict[str, list[str]]:
    """{jenis: [ID, ...]} for the selected rows, from Pengaturan ``jenis_surat`` (``otomatis`` groups
    the rows by :func:`auto_kind`, in the order of :data:`KINDS`)."""
    ids = [r.id_informasi.strip() for r in rows if r.id_informasi.strip()]
    if not ids:
        raise LetterError("Baris yang dipilih tidak memiliki 'ID Informasi'.", sheet="Register",
                          column="ID Informasi")
    choice = clean(setting).casefold() or AUTO
    if choice != AUTO:
        return {kind_of(choice).key: ids}
    groups: dict[str, list[str]] = {}
    unmatched = []
    for row in rows:
        if not row.id_informasi.strip():
            continue
        kind = auto_kind(row)
        if kind is None:
            unmatched.append(f"{row.id_informasi} (Langkah {row.langkah or '-'}, {row.klasifikasi or '-'})")
        else:
            groups.setdefault(kind, []).append(row.id_informasi.strip())
    if unmatched:
        raise LetterError(
            f"Tidak ada surat otomatis untuk: {'; '.join(unmatched)}. Surat otomatis dibuat untuk Langkah 2, 6, 7 "
            f"atau informasi Dikecualikan; untuk jenis lain isi Pengaturan '{KIND_KEY}' (mis. keputusan).",
            sheet="Register")
    return {key: groups[key] for key in KINDS if key in groups}
