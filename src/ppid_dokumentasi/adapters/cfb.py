"""A small Compound File Binary writer ([MS-CFB] version 3) for a handful of streams.

Enough for a VBA project (``vbaProject.bin``): 512-byte sectors, one FAT (with DIFAT entries in the
header, so up to 109 FAT sectors, ~7 MB), a mini stream (64-byte sectors) for streams shorter
than 4096 bytes, storages and streams in a directory whose sibling trees are balanced binary
search trees coloured as valid red-black trees. Output is deterministic (no timestamps).
Reading is left to ``olefile`` (tests).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
HEADER_DIFAT = 109
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
RED, BLACK = 0, 1
STORAGE, STREAM, ROOT = 1, 2, 5


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, "_Entry"] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN


def _order(name: str) -> tuple[int, str]:
    """Directory order: shorter names first, then by upper-cased name ([MS-CFB] 2.6.4)."""
    return len(name), name.upper()


def build(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` ("VBA/dir" -> bytes; "/" separates storages)."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Entry(part, STORAGE))
            if node.kind != STORAGE:
                raise ValueError(f"{path}: {part} is a stream")
        if len(parts[-1].encode("utf-16-le")) > 62:
            raise ValueError(f"stream name too long: {parts[-1]}")
        node.children[parts[-1]] = _Entry(parts[-1], STREAM, bytes(data))

    entries: list[_Entry] = []

    def number(node: _Entry) -> None:
        node.sid = len(entries)
        entries.append(node)
        for child in sorted(node.children.values(), key=lambda e: _order(e.name)):
            number(child)

    number(root)
    for node in entries:
        if node.children:
            node.child = _tree(sorted(node.children.values(), key=lambda e: _order(e.name)))

    # Mini stream: every short stream, 64-byte aligned, inside the root entry's stream.
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for node in entries:
        if node.kind != STREAM:
            continue
        if len(node.data) < MINI_CUTOFF:
            if not node.data:
                node.start = ENDOFCHAIN
                continue
            first = len(mini) // MINI_SECTOR
            count = -(-len(node.data) // MINI_SECTOR)
            mini += node.data.ljust(count * MINI_SECTOR, b"\x00")
            minifat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
            node.start = first
        else:
            big.append(node)
    root.data = bytes(mini)

    # Sector layout: big streams, mini stream, MiniFAT, directory, then the FAT sectors.
    body: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return ENDOFCHAIN
        first = len(body)
        count = -(-len(data) // SECTOR)
        padded = data.ljust(count * SECTOR, b"\x00")
        body.extend(padded[i * SECTOR:(i + 1) * SECTOR] for i in range(count))
        fat.extend([first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN])
        return first

    for node in big:
        node.start = place(node.data)
    root.start = place(root.data)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_start = place(minifat_bytes.ljust(-(-len(minifat_bytes) // SECTOR) * SECTOR, b"\xff"))
    minifat_count = -(-len(minifat_bytes) // SECTOR)
    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _empty_entry() * ((-len(entries)) % 4)
    dir_start = place(directory)

    # FAT sectors describe themselves too: grow until they fit.
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    if fat_count > HEADER_DIFAT:
        raise ValueError("compound file too large for this writer")
    fat_first = len(body)
    fat += [FATSECT] * fat_count
    fat += [FREESECT] * (fat_count * (SECTOR // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    body.extend(fat_bytes[i * SECTOR:(i + 1) * SECTOR] for i in range(fat_count))

    difat = [fat_first + i for i in range(fat_count)] + [FREESECT] * (HEADER_DIFAT - fat_count)
    header = (
        SIGNATURE + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, fat_count, dir_start, 0, MINI_CUTOFF,
                      minifat_start if minifat else ENDOFCHAIN, minifat_count, ENDOFCHAIN, 0)
        + b"".join(struct.pack("<I", v) for v in difat)
    )
    assert len(header) == SECTOR
    return header + b"".join(body)


def _tree(nodes: list[_Entry]) -> int:
    """Link sorted siblings as a balanced search tree; deepest level red when the tree is not
    perfect, so every path has the same number of black nodes. Returns the root's id."""
    depth_of: dict[int, int] = {}

    def link(lo: int, hi: int, depth: int) -> int:
        if lo > hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        node = nodes[mid]
        depth_of[mid] = depth
        node.left = link(lo, mid - 1, depth + 1)
        node.right = link(mid + 1, hi, depth + 1)
        return node.sid

    root = link(0, len(nodes) - 1, 0)
    deepest = max(depth_of.values())
    perfect = len(nodes) == 2 ** (deepest + 1) - 1
    for index, node in enumerate(nodes):
        node.color = RED if depth_of[index] == deepest and not perfect else BLACK
    return root


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\x00\x00"
    size = len(e.data) if e.kind in (STREAM, ROOT) else 0
    start = e.start if e.kind in (STREAM, ROOT) and size else (ENDOFCHAIN if e.kind == ROOT else 0)
    return (name.ljust(64, b"\x00") + struct.pack("<HBB", len(name), e.kind, e.color)
            + struct.pack("<III", e.left, e.right, e.child) + b"\x00" * 16 + b"\x00" * 4
            + b"\x00" * 16 + struct.pack("<IQ", start, size))


def _empty_entry() -> bytes:
    return b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) \
        + b"\x00" * 36 + struct.pack("<IQ", 0, 0)
