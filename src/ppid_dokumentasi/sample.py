"""A realistic sample register (``ppid buat --contoh``): 14 items over all 7 steps and all four
classifications, five of them Dikecualikan, that passes validation.

The office is the seed's (Biro Pemerintahan dan Kesra Setda Provinsi Banten). Dates are fixed and
in the past, so the sample validates on any later day.
"""

from __future__ import annotations

import datetime as dt

from .register_row import RegisterRow

D = dt.date
UNIT = "Biro Pemerintahan dan Kesra"
KABIRO = "Kepala Biro Pemerintahan dan Kesra"
PETUGAS = "Nama Kasubag Tata Usaha (contoh)"
# Participants as "Nama | NIP | Jabatan" (consequence_test.parse_participants); names are placeholders.
PESERTA = (
    "Nama Pejabat PPID (contoh) | 19800101 200501 1 001 | Kepala Bagian Pemerintahan selaku PPID Pembantu; "
    "Nama Kasubag Tata Usaha (contoh) | 19850505 201001 2 002 | Kepala Subbagian Tata Usaha; "
    "Nama Arsiparis (contoh) | 19900303 201503 1 003 | Arsiparis Pelaksana"
)


def _common(**values) -> dict:
    base = dict(
        pejabat_penguasa=UNIT,
        penanggung_jawab=KABIRO,
        tempat_pembuatan="Serang",
        bentuk="Softfile dan Hardcopy",
        retensi_aktif=2,
        retensi_inaktif=5,
        keterangan_retensi="Dinilai Kembali",
        keamanan="Biasa",
        status="Dalam Proses",
        petugas=PETUGAS,
        kode_klasifikasi_arsip="500.12.12",  # Pengolahan dan Penyediaan Informasi (legal-notes §8 item 9)
        tingkat_perkembangan="Asli",
        jumlah=1,
    )
    base.update(values)
    if base.get("langkah", 0) >= 5 and "lokasi_softfile" not in values:
        base["lokasi_softfile"] = f"softfile/{base['id_informasi']}.pdf"
    return base


def _exempt(**values) -> dict:
    defaults = dict(
        klasifikasi="Dikecualikan",
        keamanan="Rahasia",
        keterangan_retensi="Dinilai Kembali",
        kesimpulan_uji="Dikecualikan",
        waktu_uji="Sebelum Permohonan",
        peserta_uji=PESERTA,
        tempat_uji="Serang",
        memorandum="Tidak",
        pasal18_ayat1="Tidak",
        pasal18_ayat2="Tidak Ada",
        dokumen_sumber=f"Berkas {values.get('judul', '')}",
        analisis_uu="",
    )
    merged = defaults | values
    if not merged["analisis_uu"]:
        merged["analisis_uu"] = _ANALISIS[merged["dasar_pengecualian"].split(" angka")[0]]
    return _common(**merged)


def _head_approval(number: int, day: dt.date) -> dict:
    """The pimpinan Badan Publik's approval of the classification (PP 61/2010 Pasal 3 ayat (2))."""
    return dict(persetujuan_oleh="Sekretaris Daerah Provinsi Banten (contoh)",
                persetujuan_nomor=f"500.12.12/{number}/Setda/{day.year}", persetujuan_tanggal=day)


# Perki 1/2021 Pasal 49 ayat (2) huruf c: the analysis of the Undang-Undang, per ground of the sample.
_ANALISIS = {
    "Pasal 17 huruf a": "UU 14/2008 Pasal 17 huruf a angka 2 melindungi identitas pelapor tindak pidana; "
                        "pemeriksaan APIP atas laporan ini masih berjalan.",
    "Pasal 17 huruf e": "UU 14/2008 Pasal 17 huruf e angka 4 mengecualikan rencana awal pembelian tanah "
                        "selama pengadaannya belum selesai.",
    "Pasal 17 huruf h": "UU 14/2008 Pasal 17 huruf h melindungi rahasia pribadi; Pasal 18 ayat (2) tidak "
                        "berlaku karena tidak ada persetujuan tertulis dan tidak terkait jabatan publik.",
    "Pasal 17 huruf i": "UU 14/2008 Pasal 17 huruf i dan Penjelasannya: memorandum intra Badan Publik yang "
                        "pengungkapan prematurnya menghambat penyusunan kebijakan.",
    "Pasal 17 huruf j": "UU 24/2013 Pasal 79 mewajibkan negara menyimpan dan melindungi data pribadi penduduk; "
                        "Pasal 17 huruf j UU 14/2008 merujuk Undang-Undang tersebut.",
}


SAMPLE: tuple[dict, ...] = (
    _common(id_informasi="PKR-2025-001", judul="Laporan Kinerja Biro Pemerintahan dan Kesra Tahun 2024",
            ringkasan="Capaian indikator kinerja utama, realisasi program dan anggaran Biro tahun 2024",
            waktu_pembuatan=D(2025, 2, 14), klasifikasi="Berkala", langkah=7, status="Selesai",
            retensi_aktif=2, retensi_inaktif=8, keterangan_retensi="Permanen", nomor_berkas="01", kurun_waktu="2024"),
    _common(id_informasi="PKR-2025-002", judul="Rencana Kerja Biro Pemerintahan dan Kesra Tahun 2025",
            ringkasan="Program, kegiatan, sasaran dan pagu indikatif Biro tahun 2025",
            waktu_pembuatan=D(2025, 1, 20), klasifikasi="Berkala", langkah=6, status="Menunggu Persetujuan",
            nomor_berkas="02", kurun_waktu="2025"),
    _common(id_informasi="PKR-2025-003", judul="Daftar Informasi Publik Biro Pemerintahan dan Kesra",
            ringkasan="Daftar seluruh informasi publik yang dikuasai Biro, tidak termasuk informasi yang dikecualikan",
            waktu_pembuatan=D(2025, 3, 3), klasifikasi="Setiap Saat", langkah=5, bentuk="Softfile",
            nomor_berkas="03", kurun_waktu="2025"),
    _common(id_informasi="PKR-2025-004", judul="Standar Operasional Prosedur Pelayanan Informasi Publik",
            ringkasan="Prosedur kerja pegawai dalam pelayanan permohonan informasi publik",
            waktu_pembuatan=D(2025, 3, 10), klasifikasi="Setiap Saat", langkah=4, nomor_berkas="04",
            kurun_waktu="2025"),
    _common(id_informasi="PKR-2025-005", judul="Informasi Tanggap Darurat Banjir Kabupaten Lebak",
            ringkasan="Lokasi pengungsian, jalur evakuasi dan posko bantuan banjir di Kabupaten Lebak",
            waktu_pembuatan=D(2025, 1, 8), klasifikasi="Serta Merta", langkah=3, bentuk="Softfile",
            retensi_aktif=1, retensi_inaktif=2, keterangan_retensi="Musnah", nomor_berkas="05", kurun_waktu="2025"),
    _common(id_informasi="PKR-2025-006", judul="Peringatan Dini Cuaca Ekstrem Wilayah Pesisir Banten",
            ringkasan="Imbauan kesiapsiagaan masyarakat pesisir terhadap gelombang tinggi",
            waktu_pembuatan=D(2025, 2, 2), klasifikasi="Serta Merta", langkah=2, bentuk="Softfile",
            retensi_aktif=1, retensi_inaktif=2, keterangan_retensi="Musnah", nomor_berkas="06", kurun_waktu="2025"),
    _exempt(id_informasi="PKR-2025-007", judul="Data Riwayat Kesehatan Calon Penerima Bantuan Sosial",
            ringkasan="Rekam kondisi kesehatan calon penerima bantuan sosial hasil verifikasi lapangan",
            waktu_pembuatan=D(2025, 1, 15), dasar_pengecualian="Pasal 17 huruf h angka 2",
            konsekuensi="Mengungkap riwayat kesehatan pribadi seseorang dan dapat menimbulkan stigma",
            pertimbangan="Perlindungan rahasia pribadi lebih besar daripada manfaat membuka data perorangan; "
                         "data agregat tetap diumumkan",
            tanggal_uji=D(2025, 2, 10), langkah=7, status="Selesai", keamanan="Rahasia",
            **_head_approval(21, D(2025, 2, 12)), nomor_berkas="07", kurun_waktu="2025"),
    _exempt(id_informasi="PKR-2025-008", judul="Identitas Pelapor Dugaan Pungutan Liar Penyaluran Hibah",
            ringkasan="Nama, alamat dan kontak pelapor dugaan pungutan liar yang sedang diproses APIP",
            waktu_pembuatan=D(2025, 2, 20), dasar_pengecualian="Pasal 17 huruf a angka 2",
            konsekuensi="Mengungkap identitas pelapor sehingga membahayakan pelapor dan menghambat penegakan hukum",
            pertimbangan="Perlindungan pelapor dan kelancaran pemeriksaan lebih besar daripada kepentingan membuka",
            tanggal_uji=D(2025, 3, 5), berakhir=D(2035, 3, 5), langkah=6, status="Disetujui",
            keamanan="Sangat Rahasia", **_head_approval(34, D(2025, 3, 7)), nomor_berkas="08", kurun_waktu="2025"),
    _exempt(id_informasi="PKR-2025-009", judul="Rencana Awal Pembelian Tanah Gedung Layanan Terpadu",
            ringkasan="Kajian lokasi dan taksiran harga rencana pembelian tanah untuk gedung layanan",
            waktu_pembuatan=D(2025, 4, 1), dasar_pengecualian="Pasal 17 huruf e angka 4",
            konsekuensi="Memicu spekulasi harga tanah sehingga merugikan keuangan daerah",
            pertimbangan="Menjaga harga wajar pengadaan tanah lebih besar manfaatnya bagi publik",
            tanggal_uji=D(2025, 4, 15), berakhir=D(2031, 12, 31), langkah=5, keamanan="Terbatas",
            penetap_jangka_waktu="Gubernur Banten, disposisi atas Nota Dinas usulan jangka waktu (contoh)",
            nomor_berkas="09", kurun_waktu="2025"),
    _exempt(id_informasi="PKR-2025-010", judul="Data Kependudukan Perorangan Penerima Hibah Keagamaan",
            ringkasan="NIK, nomor KK dan alamat pengurus lembaga penerima hibah keagamaan",
            waktu_pembuatan=D(2025, 3, 18), dasar_pengecualian="Pasal 17 huruf j",
            uu_lain="Undang-Undang Nomor 24 Tahun 2013 tentang Perubahan atas UU Nomor 23 Tahun 2006 "
                    "tentang Administrasi Kependudukan, Pasal 79",
            konsekuensi="Data pribadi kependudukan dapat disalahgunakan",
            pertimbangan="Undang-Undang Administrasi Kependudukan mewajibkan perlindungan data pribadi penduduk",
            tanggal_uji=D(2025, 4, 2), berakhir=D(2030, 12, 31), langkah=4, keamanan="Rahasia",
            nomor_berkas="10", kurun_waktu="2025"),
    _exempt(id_informasi="PKR-2025-011", judul="Memorandum Internal Penyusunan Rancangan Kebijakan Hibah",
            ringkasan="Nota pertukaran gagasan antarbagian dalam penyusunan rancangan kebijakan hibah 2026",
            waktu_pembuatan=D(2025, 5, 6), dasar_pengecualian="Pasal 17 huruf i", memorandum="Ya",
            konsekuensi="Pengungkapan prematur menghambat kebebasan pengajuan usul dan keberhasilan kebijakan",
            pertimbangan="Rancangan belum final; kebijakan yang telah ditetapkan tetap diumumkan",
            tanggal_uji=D(2025, 5, 20), berakhir=D(2031, 5, 20), langkah=3, keamanan="Terbatas",
            nomor_berkas="11", kurun_waktu="2025"),
    _common(id_informasi="PKR-2025-012", judul="Laporan Keuangan Biro Triwulan III Tahun 2025",
            ringkasan="Realisasi belanja dan sisa anggaran Biro sampai dengan triwulan III",
            waktu_pembuatan=D(2025, 10, 10), klasifikasi="Berkala", langkah=1, nomor_berkas="12",
            kurun_waktu="2025"),
    _common(id_informasi="PKR-2025-013", judul="Perjanjian Kerja Sama Penyelenggaraan Jaminan Kesehatan Daerah",
            ringkasan="Naskah perjanjian kerja sama dengan pihak ketiga beserta dokumen pendukungnya",
            waktu_pembuatan=D(2025, 6, 12), klasifikasi="Setiap Saat", langkah=1, nomor_berkas="13",
            kurun_waktu="2025"),
    _exempt(id_informasi="PKR-2025-014", judul="Hasil Evaluasi Kompetensi Pegawai Biro",
            ringkasan="Nilai asesmen kompetensi dan rekomendasi pengembangan per pegawai",
            waktu_pembuatan=D(2025, 7, 1), dasar_pengecualian="Pasal 17 huruf h angka 4",
            konsekuensi="Mengungkap evaluasi kemampuan seseorang yang bersifat pribadi",
            pertimbangan="Perlindungan rahasia pribadi pegawai; rekapitulasi tanpa nama tetap diumumkan",
            tanggal_uji=D(2025, 7, 15), langkah=4, keamanan="Terbatas", nomor_berkas="14", kurun_waktu="2025"),
)


def sample_rows() -> list[RegisterRow]:
    return [RegisterRow(**values) for values in SAMPLE]
