"""Indonesian texts of the foundation's problems, kept together for review.

Each legal rule cites its article (UU 14/2008, PP 61/2010, Perki 1/2021) as primary-texts.md
words it. Placeholders are filled with str.format.
"""

from __future__ import annotations

from typing import Any

KIND_TEXT = {
    "date": ("tanggal-format", "harus berupa tanggal (mis. 31/01/2025)"),
    "int": ("bilangan-format", "harus bilangan bulat 0 atau lebih"),
}


def wrong_type(kind: str, label: str, raw: Any) -> tuple[str, str]:
    code, what = KIND_TEXT.get(kind, ("format", "formatnya tidak dikenali"))
    return code, f"Kolom '{label}' {what}; berisi '{raw}'."


def not_in_list(label: str, raw: Any, choices: list) -> tuple[str, str]:
    options = ", ".join(str(c) for c in choices)
    return "pilihan-tidak-dikenal", f"'{raw}' bukan pilihan kolom '{label}'. Pilihan: {options}."


STEP_RANGE = "Langkah harus 1 sampai 7 (Tata Cara SOP); berisi {}."

REQUIRED = "Kolom '{label}' wajib diisi."
REQUIRED_DIP = "Kolom '{label}' wajib diisi: unsur Daftar Informasi Publik (Perki 1/2021)."
REQUIRED_EXEMPT = (
    "Kolom '{label}' wajib diisi untuk informasi Dikecualikan: {unsur}, unsur pengujian konsekuensi "
    "({dasar})."
)
TEST_ELEMENT_INVALID = "Kolom '{label}' tidak sah: {alasan} ({dasar})."
GROUND_REQUIRED = (
    "Informasi Dikecualikan wajib memiliki dasar pengecualian Pasal 17 UU 14/2008 "
    "(huruf a sampai j), mis. 'Pasal 17 huruf h angka 2'."
)
GROUND_WITHOUT_EXEMPTION = (
    "Dasar Pengecualian diisi padahal Klasifikasi '{klasifikasi}': informasi publik bersifat "
    "terbuka (UU 14/2008 Pasal 2 ayat (1)); kosongkan atau ubah Klasifikasi menjadi Dikecualikan."
)
OTHER_LAW_REQUIRED = (
    "Dasar Pengecualian Pasal 17 huruf j UU 14/2008: 'informasi yang tidak boleh diungkapkan berdasarkan "
    "Undang-Undang'. Isi kolom 'Undang-Undang Lain' dengan Undang-Undang (atau Perppu) yang melarang "
    "pengungkapannya, dengan nomor, tahun dan pasalnya."
)
OTHER_LAW_WITHOUT_J = (
    "Undang-Undang Lain hanya dipakai untuk Pasal 17 huruf j UU 14/2008; Dasar Pengecualian "
    "tidak menyebut huruf j."
)
MEMO_REQUIRED = (
    "Pasal 17 huruf i UU 14/2008 hanya untuk memorandum atau surat-surat antar Badan Publik atau "
    "intra Badan Publik: isi kolom '{label}' dengan 'Ya' bila informasi ini berupa memorandum/surat."
)
CONCLUSION_OPEN = (
    "Kesimpulan uji konsekuensi 'Dibuka' tetapi Klasifikasi 'Dikecualikan'; menutup informasi "
    "harus melindungi kepentingan yang lebih besar (UU 14/2008 Pasal 2 ayat (4))."
)
PASAL18 = (
    "Judul menunjukkan '{kata}': tidak termasuk dalam kategori informasi yang dikecualikan adalah {bunyi} "
    "(UU 14/2008 Pasal 18 ayat (1) huruf {huruf}). Periksa kembali klasifikasinya."
)
PASAL18_AYAT1 = (
    "Kolom 'Pasal 18 Ayat (1)' dijawab 'Ya': informasi jenis ini (putusan badan peradilan; ketetapan, "
    "keputusan, peraturan, surat edaran atau bentuk kebijakan lain; dsb.) tidak termasuk informasi yang "
    "dikecualikan (UU 14/2008 Pasal 18 ayat (1)); ubah Klasifikasi."
)
PERIOD_SETTER_REGULATION = (
    "Jangka waktu pengecualian {dasar} ditetapkan berdasarkan ketentuan peraturan perundang-undangan "
    "({pasal}): isi kolom 'Penetap Jangka Waktu' dengan peraturan yang menjadi dasarnya."
)
PERIOD_SETTER_LEADER = (
    "Jangka waktu pengecualian {dasar} ditetapkan oleh pimpinan tertinggi Badan Publik ({pasal}): isi kolom "
    "'Penetap Jangka Waktu' dengan pejabat dan naskah yang menetapkannya."
)
PASAL18_AYAT2 = (
    "Pengecualian Pasal 17 huruf g/h tidak berlaku bila ada {keadaan} (UU 14/2008 Pasal 18 ayat (2); "
    "PP 61/2010 Pasal 8 ayat (3)). Periksa kembali klasifikasinya."
)
TEST_DATE_FUTURE = "Tanggal Uji Konsekuensi {tanggal} belum terjadi (hari ini {hari_ini})."
MADE_FUTURE = "Waktu Pembuatan {tanggal} belum terjadi (hari ini {hari_ini})."
END_REQUIRED = (
    "Pengecualian berdasarkan {dasar} tidak bersifat permanen (UU 14/2008 Pasal 20 ayat (1)): "
    "isi tanggal Pengecualian Berakhir."
)
END_REVIEW = (
    "Pengecualian berdasarkan {dasar} tanpa tanggal berakhir: tinjau jangka waktunya "
    "({dasar_jangka_waktu})."
)
END_BEFORE_TEST = "Pengecualian Berakhir {berakhir} harus sesudah Tanggal Uji Konsekuensi {tanggal_uji}."
END_TOO_LATE = (
    "Pengecualian Berakhir {berakhir} melebihi jangka waktu maksimum {tahun} tahun untuk {dasar} "
    "sejak uji konsekuensi {tanggal_uji} (paling lambat {batas}; {sumber})."
)
END_WITHOUT_EXEMPTION = "Pengecualian Berakhir diisi padahal Klasifikasi '{klasifikasi}'; kosongkan."
OPENING_SOON = (
    "Pengecualian berakhir {berakhir}: penetapan pembukaannya paling lama {batas} (30 hari kerja sebelum "
    "berakhir, PP 61/2010 Pasal 11 ayat (2)), {hari} hari kerja lagi. Tetapkan dengan tindakan Buka Informasi."
)
OPENING_LATE = (
    "Batas penetapan pembukaan {batas} (30 hari kerja sebelum pengecualian berakhir {berakhir}, PP 61/2010 "
    "Pasal 11 ayat (2)) sudah lewat {lewat} hari kerja tanpa penetapan; tetapkan pembukaannya sekarang "
    "(tindakan Buka Informasi)."
)
END_PASSED = (
    "Jangka waktu pengecualian berakhir {berakhir}: informasi ini sudah menjadi Informasi Publik (PP 61/2010 "
    "Pasal 11 ayat (3)) dan tidak boleh dicantumkan sebagai informasi yang dikecualikan; catat penetapan "
    "pembukaannya (tindakan Buka Informasi)."
)
OPENED_EARLY = (
    "Klasifikasi '{klasifikasi}' dicatat sebelum Pengecualian Berakhir {berakhir}: penetapan pembukaan menjadikan "
    "informasi ini Informasi Publik sejak berakhirnya Jangka Waktu Pengecualian (PP 61/2010 Pasal 11 ayat (1)), "
    "sampai itu tetap Dikecualikan. Kembalikan Klasifikasi ke 'Dikecualikan'; membuka lebih awal adalah "
    "pengubahan klasifikasi yang hanya dapat dilakukan berdasarkan Pengujian Konsekuensi (PP 61/2010 Pasal 10 "
    "ayat (2)): catat uji baru dan kosongkan Pengecualian Berakhir."
)
APPROVAL_INCOMPLETE = (
    "Persetujuan pimpinan Badan Publik dicatat tanpa '{label}': catat siapa, nomor dan tanggalnya "
    "(PP 61/2010 Pasal 3 ayat (2))."
)
APPROVAL_BEFORE_TEST = (
    "Tanggal Persetujuan {tanggal} mendahului Tanggal Uji Konsekuensi {uji}: penetapan klasifikasi berdasarkan "
    "Pengujian Konsekuensi, atas persetujuan pimpinan Badan Publik (PP 61/2010 Pasal 3 ayat (1) dan ayat (2))."
)
SECURITY_BIASA = (
    "Informasi Dikecualikan tidak boleh berklasifikasi keamanan 'Biasa': pilih Terbatas, Rahasia "
    "atau Sangat Rahasia."
)
SECURITY_REQUIRED = "Informasi Dikecualikan wajib memiliki Klasifikasi Keamanan (Terbatas, Rahasia atau Sangat Rahasia)."
DUPLICATE_ID = "ID Informasi '{id}' sudah dipakai di baris {first}; ID harus unik."
SOFTFILE_REQUIRED = "Lokasi Softfile wajib diisi sejak langkah 5 (Tata Cara SOP langkah 5)."
NUMBER_FORMAT = (
    "Nomor Surat '{nomor}' tidak sesuai format <kode klasifikasi>/<nomor urut>/<kode unit>/<tahun> "
    "(mis. 500.12.12/12/PPIDP.Pemkesra/2026) maupun pola nomor jenis surat di Pengaturan (pola_nomor_<jenis>)."
)
NUMBER_LEGACY = (
    "Nomor Surat '{nomor}' memakai kode klasifikasi lama '{kode}' (Permendagri 78/2012); "
    "gunakan kode Permendagri 83/2022."
)
ARCHIVE_CODE_FORMAT = "Kode Klasifikasi Arsip '{kode}' harus berbentuk angka bertitik, mis. 500.12.12."


# File-level (structure) problems.
NOT_XLSX = "Berkas bukan workbook Excel (.xlsx/.xlsm) yang dapat dibaca: {alasan}."
FILE_NOT_XLSX = "Berkas '{berkas}' bukan workbook Excel (.xlsx/.xlsm) yang dapat dibaca: {alasan}."
ENCRYPTED = "Berkas terenkripsi atau dilindungi kata sandi; buka kuncinya dulu di Excel."
FILE_ENCRYPTED = (
    "Berkas '{berkas}' terenkripsi atau dilindungi kata sandi; buka di Excel, hapus kata sandinya, "
    "lalu simpan lagi sebagai .xlsx."
)
FILE_MISSING = "Berkas '{berkas}' tidak ditemukan."
FILE_IS_FOLDER = "'{berkas}' adalah folder, bukan berkas workbook."
FILE_UNREADABLE = "Berkas '{berkas}' tidak dapat dibaca: {alasan}."
FILE_EMPTY = "Berkas '{berkas}' adalah berkas kosong (0 byte), bukan workbook."
RESAVE = "buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx (Excel Workbook)"
LEGACY_XLS = "Berkas '{berkas}' berformat Excel lama (.xls), bukan .xlsx: " + RESAVE + "."
ODS = "Berkas '{berkas}' berformat OpenDocument (.ods), bukan .xlsx: " + RESAVE + "."
CSV = (
    "Berkas '{berkas}' adalah daftar teks (CSV), bukan workbook register: pakai "
    "'ppid impor {berkas} --ke REGISTER.xlsx' untuk memasukkan isinya ke register."
)
OTHER_SUFFIX = "Berkas '{berkas}' bukan .xlsx/.xlsm: " + RESAVE + "."
# Operating-system errors by errno name, in Indonesian (never the raw English text).
OS_ERRORS = {
    "ENOENT": "berkas atau folder tidak ada",
    "EACCES": "tidak ada izin",
    "EPERM": "tidak ada izin",
    "EISDIR": "itu folder, bukan berkas",
    "ENOTDIR": "bagian jalurnya bukan folder",
    "ENOSPC": "ruang disk penuh",
    "EROFS": "media hanya-baca",
    "ENAMETOOLONG": "nama terlalu panjang",
    "EBUSY": "sedang dipakai program lain",
    "ELOOP": "tautan simbolik berputar",
}


def os_error(exc: OSError) -> str:
    """An operating-system error in Indonesian, with the file it concerns when known."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    what = OS_ERRORS.get(name, f"galat sistem {name or exc.errno or '-'}")
    return f"'{exc.filename}': {what}" if exc.filename else what
MISSING_SHEET = "Sheet '{sheet}' tidak ada; ini bukan register terkendali (sheet yang ada: {ada})."
NO_HEADER = "Sheet 'Register' tidak memiliki baris judul kolom (kolom 'ID Informasi' tidak ditemukan)."
MISSING_COLUMN = "Kolom '{label}' tidak ada di sheet Register."
RENAMED_COLUMN = "Kolom '{label}' tampaknya diganti nama menjadi '{baru}'; kembalikan nama aslinya."
ADDED_COLUMN = "Kolom tambahan '{label}' tidak termasuk templat versi {versi}; tidak diperiksa."
UNKNOWN_VERSION = "Versi templat '{versi}' tidak dikenal; versi yang didukung: {dikenal}."
NO_VERSION = "Versi templat tidak ditemukan di sheet Pengaturan (kunci 'versi_templat')."
LIST_CHANGED = (
    "Daftar pilihan '{daftar}' di sheet Referensi berbeda dari templat versi {versi}: "
    "{rincian}."
)
