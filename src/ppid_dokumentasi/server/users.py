"""The users file of a server without Microsoft Entra ID: name, roles, office and token hash.

The admin edits it (TOML, one ``[[pengguna]]`` table per user) or adds users with
``ppid server pengguna tambah NAMA --peran PERAN --kantor KANTOR``, which prints a new token once;
only its SHA-256 is stored (the token is 32 random bytes, so a plain hash suffices). A token is
compared in constant time against every stored hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..sop import default_sop

TOKEN_PREFIX = "ppid_"
MAX_FILE = 4 * 1024 * 1024


@dataclass(frozen=True)
class ServerUser:
    nama: str
    peran: tuple[str, ...]
    kantor: str
    token_sha256: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def load_users(path: Path) -> list[ServerUser]:
    if not path.is_file():
        return []
    if path.stat().st_size > MAX_FILE:
        raise UsageError(f"Berkas pengguna '{path}' terlalu besar.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"Berkas pengguna '{path}' tidak dapat dibaca: {exc}") from None
    users = []
    for i, entry in enumerate(data.get("pengguna", []), start=1):
        try:
            peran = entry["peran"]
            users.append(ServerUser(str(entry["nama"]).strip(), tuple(peran if isinstance(peran, list) else [peran]),
                                    str(entry["kantor"]).strip(), str(entry["token_sha256"]).strip().lower()))
        except (KeyError, TypeError):
            raise UsageError(f"Berkas pengguna '{path}': entri [[pengguna]] ke-{i} harus berisi nama, peran, kantor "
                             "dan token_sha256.") from None
    return users


def find_user(path: Path, token: str) -> ServerUser | None:
    """The user whose token this is, or None (every hash is compared, in constant time)."""
    token = token.strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    if not token or len(token) > 200:
        return None
    wanted = token_hash(token)
    found = None
    for user in load_users(path):
        if hmac.compare_digest(user.token_sha256, wanted):
            found = user
    return found


def add_user(path: Path, nama: str, peran: list[str], kantor: str) -> str:
    """Append a user to the file and return the new token (shown once, never stored)."""
    nama, kantor = nama.strip(), kantor.strip()
    known = default_sop().role_codes
    unknown = [p for p in peran if p not in known]
    if unknown or not peran:
        raise UsageError(f"Peran {', '.join(unknown) or '(kosong)'} tidak dikenal; peran SOP: {', '.join(known)}.")
    if not nama or not kantor:
        raise UsageError("NAMA dan --kantor wajib diisi.")
    if any(u.nama.casefold() == nama.casefold() and u.kantor.casefold() == kantor.casefold()
           for u in load_users(path)):
        raise UsageError(f"Pengguna '{nama}' di kantor '{kantor}' sudah ada di '{path}'.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    entry = ("\n[[pengguna]]\n"
             f"nama = {json.dumps(nama, ensure_ascii=False)}\n"
             f"peran = [{', '.join(json.dumps(p, ensure_ascii=False) for p in peran)}]\n"
             f"kantor = {json.dumps(kantor, ensure_ascii=False)}\n"
             f"token_sha256 = \"{token_hash(token)}\"\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(entry)
    path.chmod(0o600)
    return token
