"""Names that become file or folder names (ID Informasi): safe on every file system.

An ID names folders in the archive (``data/softfile/<ID>``) and letter files, so ``..``, path
separators, Windows reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with an
extension) and trailing dots or spaces are refused by ``ppid validasi`` (rule code
``id-nama-tidak-aman``) and never used as a path by the archive.
"""

from __future__ import annotations

import re

CODE = "id-nama-tidak-aman"
_FORBIDDEN = re.compile(r'[/\\<>:"|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
# A fast test for the usual case: letters, digits, '-', '_', '.', spaces and parentheses inside.
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-() ]*[A-Za-z0-9_\-()]$|^[A-Za-z0-9]$")


def unsafe_name_reason(name: str) -> str | None:
    """Why ``name`` cannot be a file or folder name (Indonesian), or None when it can."""
    if _PLAIN.match(name) and not _RESERVED.match(name):
        return None
    if name in (".", ".."):
        return f"'{name}' berarti folder ini/folder induk"
    bad = _FORBIDDEN.search(name)
    if bad:
        shown = repr(bad.group()) if bad.group().isprintable() else f"kode {ord(bad.group())}"
        return f"memuat karakter {shown} (pemisah folder atau karakter yang dilarang dalam nama berkas)"
    if _RESERVED.match(name.strip()):
        return "nama perangkat yang dicadangkan Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)"
    if name != name.rstrip(". "):
        return "diakhiri titik atau spasi (Windows membuangnya dari nama berkas)"
    if name != name.lstrip(" "):
        return "diawali spasi"
    if name.startswith("."):
        return "diawali titik (berkas tersembunyi)"
    return None


def unsafe_message(name: str, reason: str) -> str:
    return (f"ID Informasi '{name}' tidak dapat dipakai sebagai nama berkas/folder: {reason}. Pakai huruf, angka, "
            "tanda hubung atau garis bawah, mis. DIK-2025-007.")


def safe_component(name: str, fallback: str) -> str:
    """``name`` when it is a safe single path component, else ``fallback``."""
    return fallback if not name or unsafe_name_reason(name) else name
