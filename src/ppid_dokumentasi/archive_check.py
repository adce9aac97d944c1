"""Read-only inspection of an archive root: the index chain, every bag, the object store.

:func:`scan` never changes anything. ``deep=False`` (used before every ``simpan``) checks the
structure, the tag files and the chain; ``deep=True`` (``ppid arsip verifikasi``) also re-hashes
every payload file and every stored object. Each problem is a :class:`Finding` naming its place.

Crash leftovers are not problems: a complete version folder whose index line is missing or cut
short (the process died between the rename and the index write) is *pending*; it is recorded on
the next ``simpan``. Build folders under ``.tmp`` and unused objects are ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .number_ledger import LEDGER_NAME
from .archive_sign import KEY_LOG, SIG_DIR, fingerprint, key_for, read_key_log, read_sidecar, verify, version_message
from .archive_bag import (
    BAG_ENTRIES, BAG_INFO, GENESIS, INDEX_NAME, INFO_PREVIOUS, INFO_VERSION, LOCK_NAME, MANIFEST, OBJECTS_DIR,
    TAG_FILES, TAGMANIFEST, TMP_DIR, ALGORITHM, entry_hash, index_entry, index_line, parse_bag_info,
    parse_manifest, sha256_bytes, sha256_file, version_name, version_number,
)


@dataclass(frozen=True)
class Finding:
    tempat: str  # where: "indeks.jsonl baris 3", "v0002/data/lembar/03-Register.json", ...
    kode: str  # stable, machine-readable
    pesan: str  # Indonesian
    fatal: bool = True

    def text(self) -> str:
        return f"{self.tempat}: {self.pesan}"

    def to_json(self) -> dict:
        return {"tempat": self.tempat, "kode": self.kode, "pesan": self.pesan, "fatal": self.fatal}


@dataclass
class Pending:
    version: str
    entry: dict
    line: bytes
    written: int  # bytes of ``line`` already at the end of the index (a cut-short write)


@dataclass
class BagFacts:
    info: dict[str, list[str]] = field(default_factory=dict)
    manifest_sha: str = ""
    tagmanifest_sha: str = ""
    payload: dict[str, str] = field(default_factory=dict)  # data/... -> digest
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ArchiveState:
    root: Path
    entries: list[dict]
    pending: Pending | None
    findings: list[Finding]
    files_hashed: int = 0
    keys: list[dict] = field(default_factory=list)  # the key log (archive_sign)

    @property
    def current_key(self) -> str | None:
        return self.keys[-1].get("kunci") if self.keys else None

    @property
    def fatal(self) -> list[Finding]:
        return [f for f in self.findings if f.fatal]

    @property
    def ok(self) -> bool:
        return not self.fatal

    @property
    def versions(self) -> list[str]:
        names = [e.get("versi", "") for e in self.entries]
        return names + ([self.pending.version] if self.pending else [])


class _Hasher:
    """SHA-256 by file identity: hard-linked copies of one object are read once per scan."""

    def __init__(self) -> None:
        self.cache: dict[tuple, str] = {}
        self.count = 0

    def __call__(self, path: Path) -> str:
        st = path.stat()
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if key not in self.cache:
            self.cache[key] = sha256_file(path)
            self.count += 1
        return self.cache[key]


def _read_index(root: Path) -> tuple[list[bytes], bytes]:
    """Complete lines (without newline) and the unterminated tail (b"" when none)."""
    path = root / INDEX_NAME
    raw = path.read_bytes() if path.exists() else b""
    cut = raw.rfind(b"\n") + 1
    body, tail = raw[:cut], raw[cut:]
    return body.split(b"\n")[:-1] if body else [], tail


def check_bag(root: Path, name: str, deep: bool, hasher: Callable[[Path], str] | None = None) -> BagFacts:
    facts = BagFacts()
    bag = root / name
    add = facts.findings.append
    present = set(os.listdir(bag))
    for extra in sorted(present - BAG_ENTRIES):
        add(Finding(f"{name}/{extra}", "berkas-tambahan", "berkas tambahan di luar bag (tidak tercatat di manifest)."))
    missing_tags = sorted(BAG_ENTRIES - present)
    for missing in missing_tags:
        add(Finding(f"{name}/{missing}", "berkas-hilang", "berkas wajib bag hilang."))
    if missing_tags:
        return facts
    tagmanifest = (bag / TAGMANIFEST).read_bytes()
    facts.tagmanifest_sha = sha256_bytes(tagmanifest)
    try:
        tag_entries = parse_manifest(tagmanifest)
    except ValueError as exc:
        add(Finding(f"{name}/{TAGMANIFEST}", "manifest-rusak", f"{TAGMANIFEST} rusak: {exc}."))
        tag_entries = {}
    for tag in TAG_FILES:
        expected = tag_entries.get(tag)
        if expected is None:
            add(Finding(f"{name}/{TAGMANIFEST}", "manifest-rusak", f"{TAGMANIFEST} tidak mencatat {tag}."))
        elif sha256_file(bag / tag) != expected:
            add(Finding(f"{name}/{tag}", "berkas-berubah",
                        f"isi berubah (SHA-256 tidak cocok dengan {TAGMANIFEST})."))
    for extra in sorted(set(tag_entries) - set(TAG_FILES)):
        add(Finding(f"{name}/{TAGMANIFEST}", "manifest-rusak", f"{TAGMANIFEST} mencatat berkas asing '{extra}'."))
    facts.info = parse_bag_info((bag / BAG_INFO).read_bytes())
    if (facts.info.get(INFO_VERSION) or [""])[0] != name:
        add(Finding(f"{name}/{BAG_INFO}", "versi-salah",
                    f"bag-info.txt menyebut versi '{(facts.info.get(INFO_VERSION) or ['-'])[0]}', bukan {name}."))
    manifest = (bag / MANIFEST).read_bytes()
    facts.manifest_sha = sha256_bytes(manifest)
    try:
        facts.payload = parse_manifest(manifest)
    except ValueError as exc:
        add(Finding(f"{name}/{MANIFEST}", "manifest-rusak", f"{MANIFEST} rusak: {exc}."))
        return facts
    on_disk = set()
    for dirpath, _dirs, files in os.walk(bag / "data"):
        for file in files:
            on_disk.add(Path(dirpath, file).relative_to(bag).as_posix())
    for path in sorted(set(facts.payload) - on_disk):
        add(Finding(f"{name}/{path}", "berkas-hilang", f"berkas hilang (tercatat di {MANIFEST})."))
    for path in sorted(on_disk - set(facts.payload)):
        add(Finding(f"{name}/{path}", "berkas-tambahan", f"berkas tambahan yang tidak tercatat di {MANIFEST}."))
    if deep:
        hasher = hasher or _Hasher()
        for path in sorted(on_disk & set(facts.payload)):
            if hasher(bag / path) != facts.payload[path]:
                add(Finding(f"{name}/{path}", "berkas-berubah", f"isi berubah (SHA-256 tidak cocok dengan {MANIFEST})."))
        if not facts.findings:
            _bagit_cross_check(bag, name, facts)
    return facts


def _bagit_cross_check(bag: Path, name: str, facts: BagFacts) -> None:
    """The bagit library's own structure, Payload-Oxum and completeness checks (hashes are ours)."""
    import bagit

    try:
        bagit.Bag(str(bag)).validate(completeness_only=True)
    except bagit.BagError as exc:
        facts.findings.append(Finding(name, "bagit-tidak-sah", f"tidak lolos pemeriksaan pustaka bagit: {exc}."))


def _signed(entry: dict, public: str) -> bool:
    message = version_message(str(entry.get("versi", "")), str(entry.get("manifest_sha256", "")),
                              str(entry.get("tagmanifest_sha256", "")), str(entry.get("manifest_sebelumnya_sha256", "")),
                              str(entry.get("hash_sebelumnya", "")))
    return entry.get("kunci") == public and verify(public, message, str(entry.get("tanda_tangan", "")))


def _check_keys(root: Path, keys: list[dict], trusted: set[str] | None, add: Callable[[Finding], None]) -> None:
    if trusted is None:
        return  # an unsigned archive is said so by VerifyReport.text()
    if not keys:
        add(Finding(KEY_LOG, "kunci-hilang", f"arsip tidak bertanda tangan, padahal workbook mencatat kunci "
                                             f"{', '.join(fingerprint(k) for k in sorted(trusted))} (tanda tangan dan "
                                             f"{KEY_LOG} dihapus?)."))
    elif keys[-1].get("kunci") not in trusted:
        add(Finding(KEY_LOG, "kunci-asing", f"kunci terakhir arsip ({fingerprint(str(keys[-1].get('kunci')))}) bukan "
                                            "kunci yang tercatat di workbook (Pengaturan 'kunci_publik_arsip')."))


def scan(root: Path, *, deep: bool = False, trusted: set[str] | None = None) -> ArchiveState:
    """Inspect ``root``. ``trusted``: public keys from outside the archive (the workbook's
    Pengaturan); None when the caller has none (then the key log is only checked within itself)."""
    root = Path(root)
    findings: list[Finding] = []
    add = findings.append
    hasher = _Hasher()
    keys, key_problems = read_key_log(root)
    for problem in key_problems:
        add(Finding(KEY_LOG, "kunci-log-rusak", problem))
    _check_keys(root, keys, trusted, add)
    lines, tail = _read_index(root)

    entries: list[dict] = []
    previous = GENESIS
    for number, line in enumerate(lines, start=1):
        place = f"{INDEX_NAME} baris {number}"
        try:
            entry = json.loads(line.decode("utf-8"))
            if not isinstance(entry, dict):
                raise ValueError
        except ValueError:
            add(Finding(place, "indeks-rusak", "baris indeks bukan JSON yang sah (diubah)."))
            entry = {"versi": version_name(number), "hash": ""}
            entries.append(entry)
            previous = ""
            continue
        if entry.get("versi") != version_name(number):
            add(Finding(place, "indeks-nomor", f"mencatat versi '{entry.get('versi')}', seharusnya {version_name(number)}."))
        if entry.get("hash_sebelumnya") != previous:
            add(Finding(place, "indeks-rantai-putus",
                        "rantai putus: 'hash_sebelumnya' tidak sama dengan hash baris sebelumnya "
                        "(baris diubah, dihapus atau disisipkan)."))
        elif entry_hash(entry) != entry.get("hash") or index_line(entry) != line + b"\n":
            add(Finding(place, "indeks-diubah", "isi baris diubah setelah dicatat (hash tidak cocok)."))
        expected_key = key_for(keys, number)
        if expected_key and not _signed(entry, expected_key):
            add(Finding(version_name(number), "tanda-tangan-tidak-sah",
                        f"tanda tangan versi di {place} tidak sah untuk kunci {fingerprint(expected_key)} (versi atau "
                        "barisnya ditulis ulang tanpa kunci kantor)."))
        entries.append(entry)
        previous = str(entry.get("hash", ""))

    version_dirs: dict[int, str] = {}
    for name in sorted(os.listdir(root)) if root.is_dir() else []:
        if name in (INDEX_NAME, LOCK_NAME, OBJECTS_DIR, TMP_DIR, KEY_LOG, SIG_DIR, LEDGER_NAME, f".{LEDGER_NAME}.lock"):
            continue
        number = version_number(name)
        if number is None or name != version_name(number) or not (root / name).is_dir():
            add(Finding(name, "tambahan-di-akar", "berkas atau folder tambahan di akar arsip (bukan bagian arsip)."))
        else:
            version_dirs[number] = name

    used_digests: set[str] = set()
    previous_manifest = GENESIS
    previous_hash = GENESIS
    for number, entry in enumerate(entries, start=1):
        name = version_name(number)
        if number not in version_dirs:
            add(Finding(name, "versi-hilang", f"folder versi hilang (tercatat di {INDEX_NAME} baris {number})."))
            previous_manifest = str(entry.get("manifest_sha256", ""))
            previous_hash = str(entry.get("hash", ""))
            continue
        facts = check_bag(root, name, deep, hasher)
        findings += facts.findings
        used_digests.update(facts.payload.values())
        _check_links(name, number, entry, facts, previous_manifest, previous_hash, add)
        previous_manifest = facts.manifest_sha or str(entry.get("manifest_sha256", ""))
        previous_hash = str(entry.get("hash", ""))

    pending = None
    next_number = len(entries) + 1
    for number, name in version_dirs.items():
        if number <= len(entries) or number == next_number:
            continue
        add(Finding(name, "versi-tak-tercatat", f"folder versi tidak tercatat di {INDEX_NAME} (seharusnya versi "
                                                f"berikutnya {version_name(next_number)})."))
    if next_number in version_dirs:
        name = version_name(next_number)
        facts = check_bag(root, name, deep, hasher)
        used_digests.update(facts.payload.values())
        problems = list(facts.findings)
        if (facts.info.get(INFO_PREVIOUS) or [""])[0] != previous_manifest:
            problems.append(Finding(f"{name}/{BAG_INFO}", "rantai-putus",
                                    f"{INFO_PREVIOUS} tidak sama dengan SHA-256 manifest versi sebelumnya."))
        if problems or not previous_hash:
            findings += problems or [Finding(name, "versi-tak-tercatat", "folder versi tidak tercatat di indeks.")]
        else:
            entry = index_entry(name, facts.info, facts.manifest_sha, facts.tagmanifest_sha, previous_hash)
            expected_key = key_for(keys, next_number)
            if expected_key:
                sidecar = read_sidecar(root, name) or {}
                entry.update(kunci=sidecar.get("kunci"), tanda_tangan=sidecar.get("tanda_tangan"))
                if not _signed(entry, expected_key):
                    add(Finding(name, "versi-tak-bertanda-tangan",
                                f"folder versi tidak tercatat di {INDEX_NAME} dan tidak bertanda tangan kunci "
                                f"{fingerprint(expected_key)} (ditanam dari luar aplikasi); tidak akan diterima."))
                    entry = None
            line = index_line(entry) if entry is not None else b""
            if entry is None:
                pass
            elif tail and not line.startswith(tail):
                add(Finding(f"{INDEX_NAME} baris {next_number}", "indeks-terpotong",
                            "baris terakhir indeks tidak lengkap dan tidak cocok dengan versi yang ada (diubah)."))
            else:
                pending = Pending(name, entry, line, len(tail))
                add(Finding(name, "versi-belum-tercatat",
                            "versi lengkap tetapi belum tercatat di indeks (penyimpanan terputus); dicatat otomatis "
                            "pada penyimpanan berikutnya.", fatal=False))
    elif tail:
        add(Finding(f"{INDEX_NAME} baris {next_number}", "indeks-terpotong",
                    "baris terakhir indeks tidak lengkap dan tidak ada folder versinya (diubah)."))

    tmp = root / TMP_DIR
    if tmp.is_dir() and any(tmp.iterdir()):
        add(Finding(TMP_DIR, "sisa-terputus", "sisa penyimpanan yang terputus; diabaikan dan dibersihkan pada "
                                              "penyimpanan berikutnya.", fatal=False))
    if deep:
        findings += _check_objects(root, used_digests, hasher)
    return ArchiveState(root, entries, pending, findings, hasher.count, keys)


def _check_links(name: str, number: int, entry: dict, facts: BagFacts, previous_manifest: str, previous_hash: str,
                 add: Callable[[Finding], None]) -> None:
    if not facts.info:
        return
    stated = (facts.info.get(INFO_PREVIOUS) or [""])[0]
    if stated != previous_manifest:
        add(Finding(f"{name}/{BAG_INFO}", "rantai-putus",
                    f"{INFO_PREVIOUS} tidak sama dengan SHA-256 manifest {version_name(number - 1) if number > 1 else '(awal)'}"
                    " (rantai antarversi putus)."))
    if not facts.tagmanifest_sha:
        return
    expected = index_entry(name, facts.info, facts.manifest_sha, facts.tagmanifest_sha,
                           str(entry.get("hash_sebelumnya", previous_hash)))
    differ = [k for k in expected if k not in ("hash", "hash_sebelumnya") and expected[k] != entry.get(k)]
    if differ:
        add(Finding(f"{INDEX_NAME} baris {number}", "indeks-tidak-cocok",
                    f"tidak cocok dengan bag {name} (kolom: {', '.join(differ)})."))


def _check_objects(root: Path, used: set[str], hasher: _Hasher) -> list[Finding]:
    findings: list[Finding] = []
    base = root / OBJECTS_DIR
    if not base.is_dir():
        return findings
    unused = 0
    for dirpath, _dirs, files in os.walk(base):
        for file in sorted(files):
            path = Path(dirpath, file)
            rel = path.relative_to(root).as_posix()
            parts = path.relative_to(base).parts
            if len(parts) != 3 or parts[0] != ALGORITHM or len(file) != 64 or parts[1] != file[:2]:
                findings.append(Finding(rel, "objek-asing", "berkas asing di penyimpanan objek."))
                continue
            if hasher(path) != file:
                findings.append(Finding(rel, "objek-rusak", "isi objek tidak sama dengan SHA-256 namanya (diubah)."))
            elif file not in used:
                unused += 1
    if unused:
        findings.append(Finding(OBJECTS_DIR, "objek-tak-terpakai",
                                f"{unused} objek tidak dipakai versi mana pun (sisa penyimpanan terputus).", fatal=False))
    return findings
