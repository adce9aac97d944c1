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
import shutil
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from filelock import FileLock, Timeout

from .workbook import Grid, workbook_from_grids
from .archive_anchor import Anchor, check_required
from .archive_bag import (
    BAG_INFO, BAGIT_TXT, DIR_MODE, GENESIS, INDEX_NAME, LOCK_NAME, MANIFEST, SHEETS_DIR, TAGMANIFEST, TMP_DIR, Store,
    bag_info_text, bagit_txt, checkpoint, fsync_dir, index_entry, index_line, link_or_copy, manifest_text,
    parse_bag_info, parse_manifest, remove_tree, sha256_bytes, sheet_file_name, sheet_json, version_name,
    version_number, write_synced,
)
from .archive_check import ArchiveState, Finding, check_bag, scan
from .archive_policy import (
    Actor, bag_info_fields, check_step_7, id_pattern, parse_int_or_none, register_items, select_items,
    signer_for,
)
from .archive_sign import append_key_line, fingerprint, version_message, write_sidecar
from .archive_sources import Sources, dir_mode, file_mode, inside
from .audit import WIB, now_wib
from .errors import ArchiveError
from .register import cell_text

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 120

__all__ = [
    "Archive", "ArchiveNotFound", "Actor", "SnapshotSource", "SnapshotResult", "VerifyReport", "Finding",
    "parse_version",
]


class ArchiveNotFound(ArchiveError):
    """The archive root does not exist or is not an archive (usage-level: exit 2)."""

    exit_code = 2


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
        if not self.state.keys:
            lines.append("Catatan: arsip tidak bertanda tangan; penulisan ulang yang konsisten (manifest dihitung "
                         "ulang) tidak dapat dideteksi. Buat kunci: 'ppid arsip kunci buat --workbook PATH'.")
        else:
            lines.append(f"Tanda tangan kunci arsip {fingerprint(str(self.state.current_key))} diperiksa untuk setiap "
                         "versi.")
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
        lock = FileLock(str(self.root / LOCK_NAME), timeout=LOCK_TIMEOUT_SECONDS, mode=0o640)
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

    def verify(self, anchor: Anchor | None = None) -> VerifyReport:
        """Re-hash everything; check the index chain, every bag, every signature and the object store.

        ``anchor`` (:func:`archive_anchor.workbook_anchor`): the keys and versions the office's
        workbook records; without it signatures are checked against the archive's own key log.
        """
        self._require()
        with self._locked(required=False):
            state = scan(self.root, deep=True, trusted=(anchor.trusted or None) if anchor else None)
            if anchor is not None:
                state.findings += check_required(state, anchor)
            return VerifyReport(self.root, state)

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
        if inside(out.resolve(), self.root.resolve()) or inside(self.root.resolve(), out.resolve()):
            raise ArchiveError(f"Folder tujuan '{out}' berada di dalam (atau memuat) arsip '{self.root}'; pulihkan ke "
                               "folder lain agar arsip tidak berubah.")
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise ArchiveError(f"Folder tujuan '{out}' sudah ada dan tidak kosong; pilih folder lain.")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            payload = parse_manifest((bag / MANIFEST).read_bytes())
            for rel in sorted(payload):
                target = tmp / rel[len("data/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                # A copy, never a link (edits must not touch the archive), no more readable than the archived
                # file (owner may write it).
                mode = (stat.S_IMODE(os.stat(bag / rel).st_mode) & 0o440) | 0o600
                with open(bag / rel, "rb") as src, os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                                                     mode), "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
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
            self.root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        except OSError as exc:
            raise ArchiveError(f"Folder arsip '{self.root}' tidak dapat dibuat: {exc.strerror or exc}.") from exc
        with self._locked():
            checkpoint("kunci")
            state, recovered = self._recover()
            checkpoint("pulih")
            tmp_root = self.root / TMP_DIR
            tmp_root.mkdir(exist_ok=True, mode=0o700)
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


def _append_index(root: Path, line: bytes, already: int = 0, mode: int = 0o640) -> None:
    """Append ``line`` (minus the ``already`` bytes a killed writer left) in two writes."""
    rest = line[already:]
    half = len(rest) // 2
    fd = os.open(root / INDEX_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, mode)
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
        self.dir_mode = DIR_MODE
        self.warnings: list[str] = []
        self.extra_info: list[tuple[str, Any]] = []

    def _add(self, rel: str, digest: str, obj: Path, new: bool, size: int) -> None:
        parts = rel.split("/")
        if parts[0] != "data" or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
            raise ArchiveError(f"Nama berkas arsip '{rel}' tidak sah; tidak ada yang disimpan.")
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

    def _add_file(self, rel: str, source: Path, mode: int) -> None:
        try:
            digest, obj, new, size = self.store.put_file(source, self.scratch, mode, self.dir_mode)
        except OSError as exc:
            raise ArchiveError(f"Berkas '{source}' tidak dapat dibaca ({exc.strerror or exc}); tidak ada versi yang "
                               "disimpan.") from exc
        self._add(rel, digest, obj, new, size)

    def build(self, source: SnapshotSource, ids: list[str], actor: Actor, waktu: dt.datetime | None) -> SnapshotResult:
        number = len(self.state.entries) + 1
        version = version_name(number)
        sheets = source.sheets
        staged = None
        if source.file is not None:
            try:
                staged = self.store.stage(source.file, self.scratch)
            except OSError as exc:
                raise ArchiveError(f"Workbook '{source.file}' tidak dapat dibaca: {exc.strerror or exc}.") from exc
            if sheets is None and source.read_sheets is not None:
                sheets = source.read_sheets(staged[1])
        if sheets is None:
            raise ArchiveError("Tidak ada isi workbook untuk diarsipkan.")
        book = workbook_from_grids(list(sheets), lambda n: sheets.get(n) or [], source.file, with_structure=False)
        items = register_items(book.register)
        selected = select_items(items, ids)
        all_items = not ids
        if not all_items:
            check_step_7(selected, actor)
        self.dir_mode = dir_mode(book.settings)
        for folder in (self.root, self.root / TMP_DIR):
            try:
                os.chmod(folder, self.dir_mode)
            except PermissionError:  # a shared root owned by someone else keeps its mode
                pass

        signer, key_line = signer_for(book.settings, self.state, version)

        # Every payload source is checked before anything enters the store: a refusal changes nothing.
        sources = Sources(self.root, book.settings, source.base_dir)
        wanted = [(i.casefold(), id_pattern(i)) for i in selected]
        sources.letters(source.letters_dir, list(selected), lambda name: any(cf in name.casefold() and pattern.search(name)
                                                         for cf, pattern in wanted))
        sources.softfiles(selected, cell_text)
        sources.raise_refused()

        workbook_mode = None
        if staged is not None:
            digest, tmp, size, workbook_mode = staged
            obj, new = self.store.commit(tmp, digest, file_mode(self.dir_mode, workbook_mode), self.dir_mode)
            self._add(f"data/workbook/{source.name}", digest, obj, new, size)
        for position, (name, grid) in enumerate(sheets.items(), start=1):
            data = sheet_json(name, grid)
            digest, obj, new = self.store.put_bytes(data, self.scratch, file_mode(self.dir_mode, workbook_mode),
                                                    self.dir_mode)
            self._add(f"data/{SHEETS_DIR}/{sheet_file_name(position, name)}", digest, obj, new, len(data))
        for rel, path, mode in sources.out.files:
            self._add_file(rel, path, file_mode(self.dir_mode, mode))
        self.extra_info += [("Softfile-Tautan", f"{i}: {t}") for i, t in sources.out.links]
        self.extra_info += [("Softfile-Tidak-Ada", f"{i}: {t}") for i, t in sources.out.missing]
        self.warnings += sources.out.warnings

        waktu = (waktu or now_wib()).astimezone(WIB)
        previous_manifest = self.state.entries[-1].get("manifest_sha256", GENESIS) if self.state.entries else GENESIS
        workbook = (source.name if source.file is not None else
                    f"{source.name} (berkas tidak ada di disk; hanya isi lembar)")
        info = bag_info_fields(book.settings, version, waktu, actor, selected, all_items, workbook, self.extra_info,
                               previous_manifest, f"{self.sizes}.{len(self.entries)}")

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
        _narrow_tree(self.bag, self.dir_mode)
        fsync_dir(self.bag)
        checkpoint("tagmanifest")
        self._validate()
        checkpoint("tervalidasi")

        previous_hash = self.state.entries[-1].get("hash", GENESIS) if self.state.entries else GENESIS
        signature = None
        if signer is not None:
            if key_line:
                append_key_line(self.root, key_line)
            signature = signer.sign(version_message(version, sha256_bytes(manifest), sha256_bytes(tagmanifest),
                                                    previous_manifest, previous_hash))
            write_sidecar(self.root, version, signer.public, signature, self.dir_mode)
            checkpoint("tanda-tangan")
        target = self.root / version
        os.rename(self.bag, target)
        fsync_dir(self.root)
        checkpoint("rename")
        entry = index_entry(version, parse_bag_info(info_bytes), sha256_bytes(manifest), sha256_bytes(tagmanifest),
                            previous_hash)
        if signer is not None:
            entry.update(kunci=signer.public, tanda_tangan=signature)
        _append_index(self.root, index_line(entry), mode=self.dir_mode & 0o660)
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

def _narrow_tree(bag: Path, folder_mode: int) -> None:
    """Folders of a new bag get the archive's mode; its tag files are read-only like the payload."""
    for dirpath, dirs, files in os.walk(bag):
        os.chmod(dirpath, folder_mode)
        if Path(dirpath) == bag:
            for name in files:
                os.chmod(os.path.join(dirpath, name), file_mode(folder_mode))


