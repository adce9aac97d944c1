"""``ppid contoh FOLDER``: the whole sample job on built-in defaults, as an officer would run it.

Each step is an ordinary ``ppid`` command run in this process, so the demo shows exactly what the
CLI does: build the sample register, validate it, take one public item (step 5 → 7) and one
exempted item (step 6 → 7) through the SOP with the right roles, write their letters, archive the
result as a verifiable snapshot, export the public DIP/DIK and refresh the dashboard, and check the
audit trail, the archive and the register again.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError

PUBLIC_ID = "PKR-2025-003"  # Setiap Saat, at step 5 with its softfile
EXEMPT_ID = "PKR-2025-008"  # Dikecualikan (Pasal 17 huruf a angka 2), approved at step 6
PETUGAS = ("Petugas", "Nama Kasubag Tata Usaha (contoh)")
PPID = ("PPID", "Gunawan Rusminto, AP, M.Si")
ARSIP = ("Arsip", "Nama Arsiparis (contoh)")

# A minimal, valid one-page PDF standing in for the officer's softfile.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def steps(folder: Path) -> list[tuple[str, list[str]]]:
    """(Indonesian caption, ppid arguments) for every step of the demo."""
    book = str(folder / "register.xlsx")
    letters = str(folder / "surat")

    def act(action: str, item: str, who: tuple[str, str], note: str | None = None) -> list[str]:
        args = [action, book, "--id", item, "--peran", who[0], "--nama", who[1]]
        return args + (["--catatan", note] if note else [])

    return [
        ("Membuat register contoh", ["buat", book, "--contoh"]),
        ("Memeriksa register", ["validasi", book]),
        (f"Langkah 5 → 6: {PUBLIC_ID} dilaporkan ke pimpinan PPID", act("majukan", PUBLIC_ID, PETUGAS)),
        ("Nota Dinas laporan hasil pendokumentasian (langkah 6)",
         ["surat", book, "--jenis", "nota-dinas-laporan", "--id", PUBLIC_ID, "--keluar", letters, "--oleh", PETUGAS[1]]),
        (f"Pimpinan PPID menyetujui {PUBLIC_ID}", act("setujui", PUBLIC_ID, PPID)),
        (f"Langkah 6 → 7: {PUBLIC_ID}", act("majukan", PUBLIC_ID, PETUGAS)),
        ("Lembar Uji Konsekuensi dan Keputusan PPID untuk informasi yang dikecualikan",
         ["surat", book, "--jenis", "uji-konsekuensi", "--id", EXEMPT_ID, "--keluar", letters, "--oleh", PPID[1]]),
        ("Keputusan PPID tentang Penetapan Informasi yang Dikecualikan",
         ["surat", book, "--jenis", "keputusan", "--id", EXEMPT_ID, "--keluar", letters, "--oleh", PPID[1]]),
        (f"Langkah 6 → 7: {EXEMPT_ID}", act("majukan", EXEMPT_ID, PPID)),
        ("Berita Acara Penyimpanan Arsip (langkah 7)",
         ["surat", book, "--jenis", "berita-acara", "--id", PUBLIC_ID, EXEMPT_ID, "--keluar", letters,
          "--oleh", ARSIP[1]]),
        ("Menyimpan arsip (snapshot BagIt berversi)",
         ["arsip", "simpan", book, "--id", PUBLIC_ID, EXEMPT_ID, "--peran", ARSIP[0], "--nama", ARSIP[1]]),
        (f"Langkah 7 selesai: {PUBLIC_ID}", act("majukan", PUBLIC_ID, ARSIP)),
        (f"Langkah 7 selesai: {EXEMPT_ID}", act("majukan", EXEMPT_ID, ARSIP)),
        ("DIP dan DIK publik (xlsx, csv, json, HTML, datapackage.json)",
         ["ekspor", book, "--keluar", str(folder / "publikasi")]),
        ("Dasbor register (sheet Dasbor dengan grafik)", ["dasbor", book]),
        ("Memeriksa rantai Riwayat", ["riwayat", "verifikasi", book]),
        ("Memeriksa arsip", ["arsip", "verifikasi", str(folder / "arsip")]),
        ("Memeriksa register sekali lagi", ["validasi", book]),
    ]


def run_demo(folder: str | Path) -> int:
    from .cli import main

    folder = Path(folder)
    if (folder / "register.xlsx").exists():
        raise UsageError(f"Folder '{folder}' sudah berisi hasil contoh; pilih folder lain.")
    softfiles = folder / "softfile"
    softfiles.mkdir(parents=True, exist_ok=True)
    for item in (PUBLIC_ID, EXEMPT_ID):
        (softfiles / f"{item}.pdf").write_bytes(PLACEHOLDER_PDF)
    plan = steps(folder)
    for number, (caption, args) in enumerate(plan, start=1):
        print(f"\n[{number}/{len(plan)}] {caption}\n$ ppid {' '.join(_quote(a) for a in args)}", flush=True)
        status = main(args)
        if status != 0:
            print(f"Contoh berhenti: langkah {number} selesai dengan status {status}.")
            return status
    print(f"\nSelesai. Hasil ada di folder '{folder}': register.xlsx, surat/, arsip/, publikasi/.")
    return 0


def _quote(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg
