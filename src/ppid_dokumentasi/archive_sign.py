"""The office's archive key (Ed25519, ``cryptography``): key store, key log, signatures.

* **Key store** (outside every archive): ``$PPID_KUNCI_DIR`` or ``~/.config/ppid-dokumentasi/kunci``,
  one PKCS#8 PEM file per key, ``<fingerprint>.pem``, mode 0600 in a 0700 folder.
  ``ppid arsip kunci buat`` creates a key; ``ppid arsip kunci putar`` rotates it.
* **Key log** ``ROOT/kunci.jsonl`` (in the archive): which key signs from which version on. The
  first line is signed by its own key; each rotation line by the previous key *and* the new one.
* **Version signature**: Ed25519 over the canonical JSON of a version's facts (version, manifest and
  tag-manifest SHA-256, previous manifest, previous index hash). Written to
  ``ROOT/tanda-tangan/vNNNN.sig`` before the bag becomes visible, and copied into the index line
  (``kunci``, ``tanda_tangan``), which therefore stays a pure function of the bag, the previous line
  and the sidecar: a line lost in a crash is rebuilt without the private key.
* **Riwayat seal**: a signature over (event count, last hash) of the Riwayat chain, kept in
  Pengaturan ``riwayat_segel``.

What a valid signature proves: the holder of the private key wrote those bytes. It cannot prove
that nothing newer was deleted (the Riwayat ``arsip`` events are the external anchor), nor anything
once the private key is stolen, nor which key is the office's unless the verifier takes the public
key from somewhere the attacker could not write (Pengaturan of the office's workbook, a printout).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import ArchiveError

KEY_DIR_ENV = "PPID_KUNCI_DIR"
KEY_LOG = "kunci.jsonl"
SIG_DIR = "tanda-tangan"
PUBLIC_KEY_SETTING = "kunci_publik_arsip"
SEAL_SETTING = "riwayat_segel"
PREFIX = "ed25519:"


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public(text: str) -> Ed25519PublicKey | None:
    text = (text or "").strip()
    if not text.startswith(PREFIX):
        return None
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text[len(PREFIX):], validate=True))
    except (ValueError, TypeError):
        return None


def fingerprint(public: str) -> str:
    return hashlib.sha256(public.encode("ascii")).hexdigest()[:16]


def verify(public: str, message: bytes, signature: str) -> bool:
    key = parse_public(public)
    if key is None:
        return False
    try:
        key.verify(base64.b64decode(signature or "", validate=True), message)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


@dataclass(frozen=True)
class Signer:
    private: Ed25519PrivateKey

    @property
    def public(self) -> str:
        return public_text(self.private.public_key())

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode("ascii")


# -- Key store ---------------------------------------------------------------------------------
def key_dir() -> Path:
    env = os.environ.get(KEY_DIR_ENV)
    return Path(env).expanduser() if env else Path.home() / ".config" / "ppid-dokumentasi" / "kunci"


def create_key(folder: Path | None = None) -> Signer:
    """A new key in the key store (0600 file in a 0700 folder); returns it."""
    folder = folder or key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    signer = Signer(Ed25519PrivateKey.generate())
    pem = signer.private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    path = folder / f"{fingerprint(signer.public)}.pem"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    return signer


def load_key(public: str, folder: Path | None = None) -> Signer | None:
    """The private key of ``public`` from the key store, or None when this machine lacks it."""
    folder = folder or key_dir()
    path = folder / f"{fingerprint(public)}.pem"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise ArchiveError(f"Kunci arsip '{path}' rusak: {exc}.") from exc
    if not isinstance(private, Ed25519PrivateKey) or public_text(private.public_key()) != public:
        raise ArchiveError(f"Kunci arsip '{path}' tidak cocok dengan kunci publik {public}.")
    return Signer(private)


# -- Key log in the archive ----------------------------------------------------------------------
def _key_line_message(line: dict) -> bytes:
    return _dump({k: line.get(k) for k in ("kunci", "mulai", "sebelumnya")})


def read_key_log(root: Path) -> tuple[list[dict], list[str]]:
    """(key lines, problems). Each line: kunci, mulai (first version it signs), sebelumnya."""
    path = root / KEY_LOG
    if not path.exists():
        return [], []
    lines, problems = [], []
    previous = None
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            line = json.loads(raw)
            assert isinstance(line, dict)
        except (ValueError, AssertionError):
            problems.append(f"{KEY_LOG} baris {number}: bukan JSON yang sah.")
            continue
        message = _key_line_message(line)
        if line.get("sebelumnya") != (previous["kunci"] if previous else None):
            problems.append(f"{KEY_LOG} baris {number}: kunci sebelumnya tidak cocok (baris diubah atau disisipkan).")
        elif not verify(line.get("kunci", ""), message, line.get("tanda_tangan", "")):
            problems.append(f"{KEY_LOG} baris {number}: tanda tangan kunci baru tidak sah.")
        elif previous and not verify(previous["kunci"], message, line.get("tanda_tangan_lama", "")):
            problems.append(f"{KEY_LOG} baris {number}: pergantian kunci tidak ditandatangani kunci lama.")
        lines.append(line)
        previous = line
    return lines, problems


def key_log_line(new: Signer, first_version: str, old: Signer | None) -> bytes:
    line = {"kunci": new.public, "mulai": first_version, "sebelumnya": old.public if old else None}
    message = _key_line_message(line)
    line["tanda_tangan"] = new.sign(message)
    if old is not None:
        line["tanda_tangan_lama"] = old.sign(message)
    return _dump(line) + b"\n"


def append_key_line(root: Path, line: bytes) -> None:
    fd = os.open(root / KEY_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def key_for(lines: list[dict], version_number: int) -> str | None:
    """The public key that signs version ``version_number`` (None: before the first key)."""
    current = None
    for line in lines:
        start = str(line.get("mulai", ""))
        if start[1:].isdigit() and int(start[1:]) <= version_number:
            current = line.get("kunci")
    return current


# -- Version signatures ------------------------------------------------------------------------
def version_message(version: str, manifest_sha: str, tagmanifest_sha: str, previous_manifest: str,
                    previous_hash: str) -> bytes:
    return _dump({"versi": version, "manifest_sha256": manifest_sha, "tagmanifest_sha256": tagmanifest_sha,
                  "manifest_sebelumnya_sha256": previous_manifest, "hash_sebelumnya": previous_hash})


def sidecar_path(root: Path, version: str) -> Path:
    return root / SIG_DIR / f"{version}.sig"


def write_sidecar(root: Path, version: str, public: str, signature: str, dir_mode: int = 0o750) -> None:
    folder = root / SIG_DIR
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
        os.chmod(folder, dir_mode)
    path = sidecar_path(root, version)
    tmp = folder / f".{version}.sig.tmp"
    with open(tmp, "wb") as handle:
        handle.write(_dump({"kunci": public, "tanda_tangan": signature}) + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o440 & dir_mode | 0o400)
    os.replace(tmp, path)


def read_sidecar(root: Path, version: str) -> dict | None:
    try:
        value = json.loads(sidecar_path(root, version).read_bytes())
        return value if isinstance(value, dict) else None
    except (OSError, ValueError):
        return None


# -- Riwayat seal --------------------------------------------------------------------------------
def seal_message(count: int, last_hash: str) -> bytes:
    return _dump({"riwayat_jumlah": count, "riwayat_hash_terakhir": last_hash})


def make_seal(signer: Signer, count: int, last_hash: str) -> str:
    """Pengaturan ``riwayat_segel``: ``<count>|<last hash>|<signature>``."""
    return f"{count}|{last_hash}|{signer.sign(seal_message(count, last_hash))}"


def parse_seal(text: str) -> tuple[int, str, str] | None:
    parts = (text or "").strip().split("|")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1], parts[2]
