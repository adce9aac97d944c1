"""Benchmark: snapshot a large register into the archive, then snapshot it again unchanged.

Prints the time of the first snapshot and how many bytes the second, unchanged snapshot adds to
the archive (new inodes only: hard links to stored objects cost a directory entry, no data).
Target: the second snapshot adds no more than the register's canonical JSON.

    python benchmarks/archive_snapshot.py [--baris 10000] [--folder DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _large import large_register  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets  # noqa: E402
from ppid_dokumentasi.archive import Actor, Archive, SnapshotSource  # noqa: E402
from ppid_dokumentasi.register import REGISTER_SHEET  # noqa: E402

ACTOR = "Nama Arsiparis (contoh)"


def stored_bytes(root: Path) -> int:
    """Bytes of distinct files (inodes) under ``root``."""
    seen: dict[tuple[int, int], int] = {}
    for dirpath, _dirs, files in os.walk(root):
        for file in files:
            st = os.stat(os.path.join(dirpath, file))
            seen[(st.st_dev, st.st_ino)] = st.st_size
    return sum(seen.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baris", type=int, default=10_000, help="rows in the Register (default 10000)")
    parser.add_argument("--folder", type=Path, help="working folder (default: a new temporary folder)")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-arsip-"))
    folder.mkdir(parents=True, exist_ok=True)
    book = large_register(folder / "register.xlsx", args.baris, softfiles=False)
    archive = Archive(folder / "arsip")
    source = SnapshotSource.from_file(book, read_all_sheets)

    start = time.perf_counter()
    first = archive.snapshot(source, actor=Actor("Arsip", ACTOR))
    elapsed = time.perf_counter() - start
    json_bytes = sum(p.stat().st_size for p in (first.path / "data" / "lembar").glob("*.json"))
    register_json = next((first.path / "data" / "lembar").glob(f"*-{REGISTER_SHEET}.json")).stat().st_size
    print(f"Snapshot register {args.baris} baris: {elapsed:.2f} s (workbook {book.stat().st_size} byte, "
          f"JSON kanonik {json_bytes} byte, di antaranya Register {register_json} byte)")

    before = stored_bytes(archive.root)
    start = time.perf_counter()
    second = archive.snapshot(source, actor=Actor("Arsip", ACTOR))
    elapsed = time.perf_counter() - start
    added = stored_bytes(archive.root) - before
    print(f"Snapshot kedua (tanpa perubahan) menambah {added} byte dalam {elapsed:.2f} s "
          f"({second.new_files} berkas baru; hanya berkas tag BagIt)")

    start = time.perf_counter()
    report = archive.verify()
    print(f"Verifikasi 2 versi: {time.perf_counter() - start:.2f} s ({'utuh' if report.ok else 'RUSAK'})")
    if added <= json_bytes:
        print(f"Target terpenuhi: {added} byte <= JSON kanonik {json_bytes} byte")
        return 0
    print(f"Target TIDAK terpenuhi: {added} byte > JSON kanonik {json_bytes} byte")
    return 1


if __name__ == "__main__":
    sys.exit(main())
