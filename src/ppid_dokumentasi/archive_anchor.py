"""What the office's workbook says an archive must hold: the external anchor of ``verifikasi``.

The archive alone cannot tell "the newest versions were deleted with their index lines" from
"fewer versions were made". The workbook can: Pengaturan ``kunci_publik_arsip`` names the key that
must sign the archive, and every ``arsip`` event in Riwayat names a version and the first 16 hex
digits of its manifest's SHA-256 (``Arsip v0003 (manifest SHA-256 0123456789abcdef…) di 'ROOT'``).
``ppid arsip verifikasi ROOT --workbook PATH`` checks both. Plain Python over sheet grids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .archive_check import ArchiveState, Finding
from .archive_sign import PUBLIC_KEY_SETTING, parse_public
from .register import cell_text

EVENT_NOTE = re.compile(r"Arsip (v\d{4,}) \(manifest SHA-256 ([0-9a-f]{8,64})…?\) di '(.*)'$")
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class Required:
    excel_row: int
    version: str
    manifest_prefix: str


@dataclass
class Anchor:
    trusted: set[str]
    required: list[Required]
    other_roots: int = 0  # arsip events that name another archive folder
    by_root: dict[str, list[Required]] | None = None
    root: str = ""

    def select(self, have: dict[str, str]) -> None:
        """Events of this archive: those naming its folder, and those of any folder (a copy, a moved
        archive) at least one of whose versions this archive holds with the same manifest."""
        self.required, self.other_roots = [], 0
        for folder, events in (self.by_root or {}).items():
            ours = folder == self.root or any(have.get(e.version, "").startswith(e.manifest_prefix) for e in events)
            if ours:
                self.required += events
            else:
                self.other_roots += len(events)


def workbook_anchor(settings_values: dict[str, Any], riwayat: list[list[Any]], root: Path) -> Anchor:
    """Trusted keys and the versions that must exist in ``root`` (Riwayat rows after the header)."""
    key = cell_text(settings_values.get(PUBLIC_KEY_SETTING))
    trusted = {key} if key and parse_public(key) is not None else set()
    by_root: dict[str, list[Required]] = {}
    for index, row in enumerate(riwayat):
        cells = (list(row) + [None] * 9)[:9]
        if cell_text(cells[5]) != "arsip":
            continue
        match = EVENT_NOTE.search(cell_text(cells[8]))
        if match:
            by_root.setdefault(_same(Path(match[3])), []).append(Required(FIRST_DATA_ROW + index, match[1], match[2]))
    return Anchor(trusted, [], 0, by_root, _same(root))


def _same(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path)


def check_required(state: ArchiveState, anchor: Anchor) -> list[Finding]:
    """A finding for each Riwayat event whose version is missing or holds another manifest."""
    findings = []
    by_version = {str(e.get("versi")): str(e.get("manifest_sha256", "")) for e in state.entries}
    if state.pending is not None:
        by_version[state.pending.version] = str(state.pending.entry.get("manifest_sha256", ""))
    anchor.select(by_version)
    for need in anchor.required:
        have = by_version.get(need.version)
        place = f"Riwayat baris {need.excel_row}"
        if have is None:
            findings.append(Finding(need.version, "versi-dihapus",
                                    f"versi tercatat di {place} (peristiwa arsip) tetapi tidak ada di arsip: versi itu "
                                    "dihapus bersama baris indeksnya."))
        elif not have.startswith(need.manifest_prefix):
            findings.append(Finding(need.version, "versi-diganti",
                                    f"manifest versi ini bukan yang tercatat di {place} (SHA-256 {need.manifest_prefix}…): "
                                    "versi itu ditulis ulang."))
    return findings
