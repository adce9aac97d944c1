"""The archive (SOP step 7): versioned, verifiable snapshots as BagIt bags (RFC 8493).

"Hasil koreksi dokumen informasi dari pimpinan PPID disimpan sebagai arsip." Every snapshot is a
bag ``ROOT/v0001``, ``ROOT/v0002``, … (gapless) that anyone can check with any BagIt tool. Layout::

    ROOT/indeks.jsonl          append-only; one JSON line per version, each hashed with the previous
    ROOT/v0001/                bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt,
                               data/lembar/NN-<Sheet>.json   canonical JSON of each sheet
                               data/workbook/<file>          the workbook file (when on disk)
                               data/surat/…                   the item's letters
                               data/softfile/<ID>/…           copies of the files in 'Lokasi Softfile'
    ROOT/.objects/sha256/ab/…  each distinct content once; bag files are hard links to these
    ROOT/.tmp/                 build folders (crash leftovers are ignored, then removed)
    ROOT/.lock                 one writer at a time

Writing a version, under the lock: check the archive (refuse, changing nothing, if it was
tampered with) and finish a version a crash left unindexed; build the bag in ``.tmp``; validate it
with the bagit library; ``os.rename`` it to ``vNNNN``; append its index line. The index line is a
pure function of the bag and the previous line, so after a kill at any moment the archive is
either unchanged or holds one complete extra version whose line is (re)written next time; no
partial version is ever visible under a ``vNNNN`` name. See docs/archive.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from filelock import FileLock, Timeout

from . import __version__
from .workbook import Grid, RegisterTable, workbook_from_grids
from .archive_bag import (
    BAG_INFO, BAGIT_TXT, GENESIS, INDEX_NAME, INFO_IDS, INFO_PREVIOUS, INFO_TIME, INFO_VERSION, LOCK_NAME, MANIFEST,
    SHEETS_DIR, TAGMANIFEST, TMP_DIR, Store, bag_info_text, bagit_txt, checkpoint, fsync_dir, index_entry,
    index_line, link_or_copy, manifest_text, parse_bag_info, parse_manifest, remove_tree, sha256_bytes, sheet_file_name,
    sheet_json, version_name, version_number, write_synced,
)
from .archive_check import ArchiveState, Finding, check_bag, scan
from .audit import WIB, now_wib
from .errors import ArchiveError
from .register import REGISTER_SHEET, cell_text, parse_int
from .settings import Settings
from .sop import default_sop

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 120
MAX_LISTED_ITEMS = 200  # bag-info lists IDs and per-item retention up to this many items
DISPOSITION_RANK = {"Musnah": 0, "Dinilai Kembali": 1, "Permanen": 2}
SECURITY_RANK = {"Biasa": 0, "Terbatas": 1, "Rahasia": 2, "Sangat Rahasia": 3}
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)

__all__ = [
    "Archive", "ArchiveNotFound", "Actor", "SnapshotSource", "SnapshotResult", "VerifyReport", "Finding",
    "parse_version",
]


class ArchiveNotFound(ArchiveError):
    """The archive root does not exist or is not an archive (usage-level: exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Actor:
    peran: str
    nama: str
    nip: str = ""


@dataclass
class SnapshotSource:
    """What to archive.

    ``sheets``: every sheet's values in sheet order; None means ``read_sheets`` reads them from the
    archived copy of ``file``, so the JSON and the file are the same bytes' view. ``file``: the
    workbook on disk, archived byte for byte (None in xlwings Lite/Server). ``base_dir``: the folder
    relative ``Lokasi Softfile`` paths start from; None when unknown. ``letters_dir``: the folder
    the items' letters are taken from (resolved by the application layer, ``app.folders``); None:
    no letters.
    """

    sheets: dict[str, Grid] | None = None
    file: Path | None = None
    name: str = "workbook.xlsx"
    base_dir: Path | None = None
    letters_dir: Path | None = None
    read_sheets: Callable[[Path], dict[str, Grid]] | None = None

    @classmethod
    def from_file(cls, path: str | Path, read_sheets: Callable[[Path], dict[str, Grid]],
                  letters_dir: Path | None = None) -> "SnapshotSource":
        path = Path(path).resolve()
        return cls(None, path, path.name, path.parent, letters_dir, read_sheets)


@dataclass
class SnapshotResult:
    version: str
    path: Path
    manifest_sha256: str
    ids: list[str]
    all_items: bool
    files: int
    new_files: int
    new_bytes: int
    hard_links: bool
    warnings: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    actor: Actor | None = None
    items: dict[str, int | None] = field(default_factory=dict)  # ID -> Langkah

    def summary(self) -> str:
        scope = "semua butir" if self.all_items else ", ".join(self.ids)
        return (f"Arsip {self.version} tersimpan di '{self.path}' ({scope}; {self.files} berkas, "
                f"{self.new_files} baru, {self.new_bytes} byte baru).")


@dataclass
class VerifyReport:
    root: Path
    state: ArchiveState

    @property
    def ok(self) -> bool:
        return self.state.ok

    @property
    def problems(self) -> list[Finding]:
        return self.state.fatal

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.state.findings if not f.fatal]

    def text(self) -> str:
        lines = [f"RUSAK {f.text()}" for f in self.problems] + [f"Catatan {f.text()}" for f in self.notes]
        count = len(self.state.versions)
        if self.ok:
            lines.append(f"Arsip '{self.root}' utuh: {count} versi, rantai indeks dan semua bag sah "
                         f"({self.state.files_hashed} isi berkas dihitung ulang).")
        else:
            lines.append(f"Arsip '{self.root}' TIDAK utuh: {len(self.problems)} masalah.")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"akar": str(self.root), "utuh": self.ok, "versi": self.state.versions,
                "masalah": [f.to_json() for f in self.state.findings]}


def parse_version(text: str) -> str:
    """'v3', '3' or 'v0003' -> 'v0003'."""
    raw = str(text).strip()
    digits = raw[1:] if raw[:1].lower() == "v" else raw
    if not digits.isdigit() or int(digits) < 1:
        raise ArchiveError(f"Versi '{text}' tidak sah; tulis seperti v0001.")
    return version_name(int(digits))


class Archive:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # -- Reading ----------------------------------------------------------------------------
    def _require(self) -> None:
        if not self.root.is_dir():
            raise ArchiveNotFound(f"Folder arsip '{self.root}' tidak ada.")
        if not (self.root / INDEX_NAME).exists() and not any(
                version_number(p.name) for p in self.root.iterdir()):
            raise ArchiveNotFound(f"Folder '{self.root}' bukan arsip ppid (tidak ada {INDEX_NAME}).")

    @contextmanager
    def _locked(self, *, required: bool = True) -> Iterator[None]:
        lock = FileLock(str(self.root / LOCK_NAME), timeout=LOCK_TIMEOUT_SECONDS)
        try:
            lock.acquire()
        except Timeout as exc:
            raise ArchiveError(f"Arsip '{self.root}' sedang dipakai proses lain; coba lagi sebentar lagi.") from exc
        except OSError:
            if required:
                raise
            yield  # read-only media: inspect without the lock
            return
        try:
            yield
        finally:
            lock.release()

    def verify(self) -> VerifyReport:
        """Re-hash everything; check the index chain, every bag and the object store."""
        self._require()
        with self._locked(required=False):
            return VerifyReport(self.root, scan(self.root, deep=True))

    def versions(self) -> list[str]:
        self._require()
        return scan(self.root).versions

    def bag_path(self, version: str) -> Path:
        """The folder of an intact ``version``; refuses a missing or damaged one."""
        self._require()
        name = parse_version(version)
        path = self.root / name
        if not path.is_dir():
            raise ArchiveError(f"Versi {name} tidak ada di arsip '{self.root}'.")
        facts = check_bag(self.root, name, deep=True)
        if facts.findings:
            first = facts.findings[0]
            raise ArchiveError(f"Versi {name} rusak ({first.text()}); jalankan 'ppid arsip verifikasi'.")
        return path

    def restore(self, version: str, out: str | Path) -> list[Path]:
        """Copy an intact version's payload (workbook, sheet JSON, letters, softfiles) to ``out``."""
        bag = self.bag_path(version)
        out = Path(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise ArchiveError(f"Folder tujuan '{out}' sudah ada dan tidak kosong; pilih folder lain.")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            payload = parse_manifest((bag / MANIFEST).read_bytes())
            for rel in sorted(payload):
                target = tmp / rel[len("data/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(bag / rel, target)  # a copy, never a link: edits must not touch the archive
            if out.exists():
                out.rmdir()
            os.rename(tmp, out)
        except BaseException:
            remove_tree(tmp)
            raise
        return [out / rel[len("data/"):] for rel in sorted(payload)]

    # -- Writing ----------------------------------------------------------------------------
    def snapshot(self, source: SnapshotSource, ids: list[str] | tuple[str, ...] = (), *, actor: Actor,
                 waktu: dt.datetime | None = None) -> SnapshotResult:
        """Write the next version. Raises :class:`ArchiveError` (changing nothing) when refused.

        ``actor``: who acts, already resolved by the one rule (``app.actors``); item snapshots also
        need the role of SOP step 7 (checked here).
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"Folder arsip '{self.root}' tidak dapat dibuat: {exc.strerror or exc}.") from exc
        with self._locked():
            checkpoint("kunci")
            state, recovered = self._recover()
            checkpoint("pulih")
            tmp_root = self.root / TMP_DIR
            tmp_root.mkdir(exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix="bangun-", dir=tmp_root))
            try:
                result = _Builder(self.root, scratch, state).build(source, list(ids), actor, waktu)
            finally:
                remove_tree(scratch)
            result.recovered = recovered
            return result

    def _recover(self) -> tuple[ArchiveState, list[str]]:
        state = scan(self.root)
        if state.fatal:
            first = state.fatal[0]
            more = f" (dan {len(state.fatal) - 1} masalah lain)" if len(state.fatal) > 1 else ""
            raise ArchiveError(f"Arsip '{self.root}' tidak utuh: {first.text()}{more} Tidak ada yang diubah; "
                               "jalankan 'ppid arsip verifikasi' untuk rinciannya.")
        recovered = []
        if state.pending:
            _append_index(self.root, state.pending.line, state.pending.written)
            state.entries.append(state.pending.entry)
            recovered.append(f"Versi {state.pending.version} dari penyimpanan yang terputus kini tercatat di indeks.")
            log.info("archive %s: recorded pending %s", self.root, state.pending.version)
            state.pending = None
        tmp_root = self.root / TMP_DIR
        if tmp_root.is_dir():
            for leftover in tmp_root.iterdir():
                remove_tree(leftover) if leftover.is_dir() else leftover.unlink()
        return state, recovered


def _append_index(root: Path, line: bytes, already: int = 0) -> None:
    """Append ``line`` (minus the ``already`` bytes a killed writer left) in two writes."""
    rest = line[already:]
    half = len(rest) // 2
    fd = os.open(root / INDEX_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, rest[:half])
        checkpoint("indeks-separuh")
        os.write(fd, rest[half:])
        os.fsync(fd)
    finally:
        os.close(fd)
    checkpoint("indeks-selesai")


class _Builder:
    def __init__(self, root: Path, scratch: Path, state: ArchiveState) -> None:
        self.root = root
        self.scratch = scratch
        self.bag = scratch / "bag"
        (self.bag / "data").mkdir(parents=True)
        self.store = Store(root)
        self.state = state
        self.entries: list[tuple[str, str]] = []
        self.sizes = 0
        self.new_files = 0
        self.new_bytes = 0
        self.hard_links = True
        self.warnings: list[str] = []
        self.extra_info: list[tuple[str, Any]] = []

    def _add(self, rel: str, digest: str, obj: Path, new: bool, size: int) -> None:
        taken = {p for _, p in self.entries}
        base, dot, ext = rel.rpartition(".") if "." in rel.rsplit("/", 1)[-1] else (rel, "", "")
        counter = 2
        while rel in taken:
            rel = f"{base}-{counter}{dot}{ext}"
            counter += 1
        self.hard_links &= link_or_copy(obj, self.bag / rel)
        self.entries.append((digest, rel))
        self.sizes += size
        if new:
            self.new_files += 1
            self.new_bytes += size
        checkpoint(f"tautan {rel}")

    def _add_file(self, rel: str, source: Path) -> None:
        digest, obj, new, size = self.store.put_file(source, self.scratch)
        self._add(rel, digest, obj, new, size)

    def build(self, source: SnapshotSource, ids: list[str], actor: Actor, waktu: dt.datetime | None) -> SnapshotResult:
        number = len(self.state.entries) + 1
        version = version_name(number)
        sheets = source.sheets
        if source.file is not None:
            try:
                digest, obj, new, size = self.store.put_file(source.file, self.scratch)
            except OSError as exc:
                raise ArchiveError(f"Workbook '{source.file}' tidak dapat dibaca: {exc.strerror or exc}.") from exc
            if sheets is None and source.read_sheets is not None:
                sheets = source.read_sheets(obj)
            self._add(f"data/workbook/{source.name}", digest, obj, new, size)
        if sheets is None:
            raise ArchiveError("Tidak ada isi workbook untuk diarsipkan.")
        book = workbook_from_grids(list(sheets), lambda n: sheets.get(n) or [], source.file, with_structure=False)
        items = _items(book.register)
        selected = _select(items, ids)
        all_items = not ids
        if not all_items:
            _check_step_7(selected, actor)

        for position, (name, grid) in enumerate(sheets.items(), start=1):
            data = sheet_json(name, grid)
            digest, obj, new = self.store.put_bytes(data, self.scratch)
            self._add(f"data/{SHEETS_DIR}/{sheet_file_name(position, name)}", digest, obj, new, len(data))
        self._letters(source.letters_dir, list(selected))
        self._softfiles(selected, source.base_dir)

        waktu = (waktu or now_wib()).astimezone(WIB)
        previous_manifest = self.state.entries[-1].get("manifest_sha256", GENESIS) if self.state.entries else GENESIS
        info = self._info(book.settings, version, waktu, actor, selected, all_items, source, previous_manifest)

        write_synced(self.bag / BAGIT_TXT, bagit_txt())
        checkpoint("bagit.txt")
        manifest = manifest_text(self.entries)
        write_synced(self.bag / MANIFEST, manifest)
        checkpoint("manifest")
        info_bytes = bag_info_text(info)
        write_synced(self.bag / BAG_INFO, info_bytes)
        checkpoint("bag-info")
        tag_entries = [(sha256_bytes(b), n) for n, b in
                       ((BAGIT_TXT, bagit_txt()), (BAG_INFO, info_bytes), (MANIFEST, manifest))]
        tagmanifest = manifest_text(tag_entries)
        write_synced(self.bag / TAGMANIFEST, tagmanifest)
        fsync_dir(self.bag)
        checkpoint("tagmanifest")
        self._validate()
        checkpoint("tervalidasi")

        target = self.root / version
        os.rename(self.bag, target)
        fsync_dir(self.root)
        checkpoint("rename")
        previous_hash = self.state.entries[-1].get("hash", GENESIS) if self.state.entries else GENESIS
        entry = index_entry(version, parse_bag_info(info_bytes), sha256_bytes(manifest), sha256_bytes(tagmanifest),
                            previous_hash)
        _append_index(self.root, index_line(entry))
        return SnapshotResult(
            version, target, sha256_bytes(manifest), list(selected), all_items, len(self.entries), self.new_files,
            self.new_bytes + len(info_bytes) + len(manifest) + len(tagmanifest) + len(bagit_txt()),
            self.hard_links, self.warnings, actor=actor,
            items={i: parse_int_or_none(c.get("Langkah")) for i, (_r, c) in selected.items()})

    def _validate(self) -> None:
        import bagit

        try:
            bagit.Bag(str(self.bag)).validate()
        except bagit.BagError as exc:
            log.error("new bag failed validation: %s", exc)
            raise ArchiveError("Bag baru tidak lolos validasi BagIt; kemungkinan ada objek rusak di .objects. Tidak "
                               "ada versi yang disimpan; jalankan 'ppid arsip verifikasi'.") from exc

    # -- Payload sources --------------------------------------------------------------------
    def _inside_root(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root.resolve())
            return True
        except ValueError:
            return False

    def _letters(self, folder: Path | None, ids: list[str]) -> None:
        if folder is None or not folder.is_dir() or not ids:
            return
        wanted = [(i.casefold(), _id_pattern(i)) for i in ids]
        for path in sorted(folder.rglob("*")):
            name = path.name
            if not path.is_file() or name.startswith(("~$", ".")) or self._inside_root(path):
                continue
            folded = name.casefold()
            if any(cf in folded and pattern.search(name) for cf, pattern in wanted):
                try:
                    self._add_file("data/surat/" + path.relative_to(folder).as_posix(), path)
                except OSError as exc:
                    self.warnings.append(f"Surat '{path}' tidak dapat dibaca: {exc.strerror or exc}.")

    def _softfiles(self, selected: dict[str, tuple[int, dict[str, Any]]], base_dir: Path | None) -> None:
        for item_id, (excel_row, cells) in selected.items():
            text = cell_text(cells.get("Lokasi Softfile"))
            folder = "data/softfile/" + (re.sub(r"[^\w\-.]", "_", item_id) or f"baris-{excel_row}")
            for part in (p.strip() for p in re.split(r"[;\n]+", text)):
                if not part:
                    continue
                if _URL.match(part):
                    self.extra_info.append(("Softfile-Tautan", f"{item_id}: {part}"))
                    continue
                path = Path(part).expanduser()
                if not path.is_absolute():
                    path = base_dir / path if base_dir is not None else None
                try:
                    if path is not None and path.is_file():
                        self._add_file(f"{folder}/{path.name}", path)
                        continue
                    if path is not None and path.is_dir():
                        for file in sorted(p for p in path.rglob("*") if p.is_file()):
                            self._add_file(f"{folder}/{path.name}/{file.relative_to(path).as_posix()}", file)
                        continue
                    reason = "tidak ditemukan"
                except OSError as exc:
                    reason = f"tidak dapat dibaca ({exc.strerror or exc})"
                self.extra_info.append(("Softfile-Tidak-Ada", f"{item_id}: {part}"))
                self.warnings.append(f"Softfile '{part}' untuk {item_id} (Register baris {excel_row}, kolom 'Lokasi "
                                     f"Softfile') {reason}; dicatat di bag-info.txt sebagai Softfile-Tidak-Ada.")

    def _info(self, settings: Settings, version: str, waktu: dt.datetime, actor: Actor,
              selected: dict[str, tuple[int, dict[str, Any]]], all_items: bool, source: SnapshotSource,
              previous_manifest: str) -> list[tuple[str, Any]]:
        info: list[tuple[str, Any]] = []

        def put(key: str, value: Any) -> None:
            if value not in (None, ""):
                info.append((key, value))

        put("Source-Organization", settings.text("nama_badan_publik"))
        put("Organization-Address", settings.text("alamat"))
        put("Contact-Email", settings.text("email"))
        put("Instansi", settings.text("nama_instansi"))
        put("Unit-Pengolah", settings.text("nama_unit"))
        put("External-Description", "Arsip hasil koreksi dokumen informasi oleh pimpinan PPID (SOP langkah 7)")
        put(INFO_VERSION, version)
        put(INFO_TIME, waktu.isoformat(timespec="seconds"))
        put("Bagging-Date", waktu.date().isoformat())
        put("Cakupan", f"semua butir Register ({len(selected)})" if all_items else f"butir terpilih ({len(selected)})")
        listed = list(selected)[:MAX_LISTED_ITEMS] if (not all_items or len(selected) <= MAX_LISTED_ITEMS) else []
        for item_id in listed:
            put(INFO_IDS, item_id)
        put("Peran-Pelaksana", actor.peran)
        put("Nama-Pelaksana", actor.nama)
        put("NIP-Pelaksana", actor.nip)
        cells = [c for _r, c in selected.values()]
        aktif = [n for n in (parse_int_or_none(c.get("Retensi Aktif (Tahun)")) for c in cells) if n is not None]
        inaktif = [n for n in (parse_int_or_none(c.get("Retensi Inaktif (Tahun)")) for c in cells) if n is not None]
        put("Retensi-Aktif-Tahun", max(aktif) if aktif else "-")
        put("Retensi-Inaktif-Tahun", max(inaktif) if inaktif else "-")
        put("Keterangan-Retensi", _strongest([cell_text(c.get("Keterangan Retensi")) for c in cells],
                                             DISPOSITION_RANK))
        put("Klasifikasi-Keamanan", _strongest([cell_text(c.get("Klasifikasi Keamanan")) for c in cells],
                                               SECURITY_RANK))
        for item_id in listed:
            c = selected[item_id][1]
            put("Rincian-Butir", " | ".join([
                item_id,
                f"retensi aktif {cell_text(c.get('Retensi Aktif (Tahun)')) or '-'} tahun",
                f"inaktif {cell_text(c.get('Retensi Inaktif (Tahun)')) or '-'} tahun",
                cell_text(c.get("Keterangan Retensi")) or "-",
                f"keamanan {cell_text(c.get('Klasifikasi Keamanan')) or '-'}",
                f"langkah {cell_text(c.get('Langkah')) or '-'}",
            ]))
        put("Workbook", source.name if source.file is not None else
            f"{source.name} (berkas tidak ada di disk; hanya isi lembar)")
        info += self.extra_info
        put(INFO_PREVIOUS, previous_manifest)
        put("Bag-Software-Agent", f"ppid-dokumentasi {__version__}")
        put("Payload-Oxum", f"{self.sizes}.{len(self.entries)}")
        return info


def parse_int_or_none(value: Any) -> int | None:
    try:
        return parse_int(value)
    except ValueError:
        return None


def _strongest(values: list[str], rank: dict[str, int]) -> str:
    known = [v for v in values if v in rank]
    if known:
        return max(known, key=rank.__getitem__)
    return next((v for v in values if v), "-")


def _id_pattern(item_id: str) -> re.Pattern:
    """The ID as a whole token of a file name: 'DIK-1' matches 'nota_DIK-1_x' but not 'nota_DIK-10'."""
    return re.compile(r"(?<![A-Za-z0-9])" + re.escape(item_id) + r"(?![A-Za-z0-9])", re.IGNORECASE)


def _items(register: RegisterTable) -> dict[str, tuple[int, dict[str, Any]]]:
    """Register items by ID Informasi (first occurrence wins; rows without an ID are skipped)."""
    items: dict[str, tuple[int, dict[str, Any]]] = {}
    index = register.labels.index("ID Informasi")
    for excel_row, values in register.rows:
        item_id = cell_text(values[index]) if index < len(values) else ""
        if item_id and item_id not in items:
            items[item_id] = (excel_row, register.cells(values))
    return items


def _check_step_7(selected: dict[str, tuple[int, dict[str, Any]]], actor: Actor) -> None:
    """SOP langkah 7: items are stored as archive by Arsip, and only once they reached step 7
    (which the workflow allows only after the PPID leadership's approval at step 6).

    A snapshot of the whole register (no IDs) is a versioned backup and has no such condition.
    """
    step = default_sop().step(7)
    if actor.peran not in step.pelaksana:
        raise ArchiveError(
            f"Langkah 7 SOP ('{step.kegiatan}') dilaksanakan oleh {', '.join(step.pelaksana)}; pengguna "
            f"'{actor.nama}' berperan {actor.peran}.", sheet="Pengaturan")
    early = []
    for item_id, (excel_row, cells) in selected.items():
        try:
            langkah = parse_int(cells.get("Langkah"))
        except ValueError:
            langkah = None
        if langkah != 7:
            early.append(f"baris {excel_row} (ID '{item_id}', langkah {langkah or '-'})")
    if early:
        raise ArchiveError(
            "Hanya informasi di langkah 7 yang disimpan sebagai arsip, yaitu sesudah disetujui pimpinan PPID "
            f"pada langkah 6 (Tata Cara SOP langkah 6 dan 7). Belum di langkah 7: Register {'; '.join(early)}.",
            sheet=REGISTER_SHEET, column="Langkah")


def _select(items: dict[str, tuple[int, dict[str, Any]]], ids: list[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    if not ids:
        return items
    folded = {k.casefold(): k for k in items}
    selected = {}
    for wanted in ids:
        key = folded.get(wanted.strip().casefold())
        if key is None:
            raise ArchiveError(f"ID Informasi '{wanted}' tidak ada di sheet Register.", sheet=REGISTER_SHEET,
                               column="ID Informasi")
        selected[key] = items[key]
    return selected
