"""An .xlsx/.xlsm package (OOXML zip) rewritten part by part: unchanged parts byte for byte.

:class:`XlsxPackage` finds worksheet parts by sheet name (workbook part and its relationships),
hands out part bytes, takes replacements, and :meth:`XlsxPackage.write` copies every other zip
entry *raw* (its compressed bytes, same method, same order), so the VBA project, drawings,
images, charts, comments, add-in (webextension) parts, custom XML, styles and everything the
tool does not understand stay exactly as they were. :class:`Styles` finds (or, only when the
workbook has none, adds) the date variant of a cell style.

``XlsxPackage(path, guard=True)`` checks the package first (bounded reading,
:func:`~ppid_dokumentasi.package_guard.open_checked`) on the same open file and keeps the XML
parts the check inflated (:func:`is_read_part`), so the Register is inflated once per action.
"""

from __future__ import annotations

import copy
import html
import os
import posixpath
import re
import threading
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, Iterator

from ..package_guard import ReadLimits, open_checked
from .safe_replace import checkpoint
from .xlsx_sheet import apply_edits

REL_OFFICE_DOCUMENT = "/officeDocument"
REL_STYLES = "/styles"
REL_CALC_CHAIN = "/calcChain"
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_DATE_CODE = re.compile(r"[dmyhs]", re.I)
PARALLEL_CHUNK = 1 << 20  # changed parts above this size are compressed on several threads
MAX_PART_BYTES = 512 * 1024 * 1024  # a part larger than this is refused, never inflated
LEVEL = 3  # deflate level of changed parts: half the time of zlib's default 6 for ~10 % more bytes
UNREAD_FOLDERS = ("xl/drawings/", "xl/charts/", "xl/media/", "customxml/", "xl/webextensions/")


def is_read_part(info: zipfile.ZipInfo) -> bool:
    """A part the writer or the targeted read may need decompressed: XML and relationships outside
    drawings, charts, media, custom XML and add-ins."""
    lower = info.filename.lower()
    return lower.endswith((".xml", ".rels")) and not lower.startswith(UNREAD_FOLDERS)


def _kept(info: zipfile.ZipInfo) -> bool:
    """The parts a guarded open keeps decompressed (a part over the size limit is never held)."""
    return is_read_part(info) and info.file_size <= MAX_PART_BYTES


class PackageError(ValueError):
    """The file is not a workbook package this tool can patch."""


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(xml: bytes, source_part: str) -> list[tuple[str, str, str]]:
    """(Id, Type, target part) of every internal relationship in a .rels part."""
    found = []
    base = posixpath.dirname(source_part)
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", xml):
        tag = m.group(0).decode("utf-8")
        attrs = dict(re.findall(r'(\w+)\s*=\s*["\']([^"\']*)["\']', tag))
        if attrs.get("TargetMode") == "External" or "Target" not in attrs:
            continue
        target = html.unescape(attrs["Target"])
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        found.append((attrs.get("Id", ""), attrs.get("Type", ""), part))
    return found


def _open_zip(path: Path) -> tuple[BinaryIO, zipfile.ZipFile]:
    """The open file and its zip, unchecked (:class:`PackageError` when it is neither)."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise PackageError(f"tidak dapat dibuka ({exc.strerror or exc})") from exc
    try:
        try:
            return handle, zipfile.ZipFile(handle)
        except (OSError, zipfile.BadZipFile) as exc:
            raise PackageError(f"bukan arsip zip Office Open XML ({exc})") from exc
    except BaseException:
        handle.close()
        raise


class XlsxPackage:
    def __init__(self, path: str | Path, *, guard: bool = False, limits: ReadLimits | None = None) -> None:
        """``guard``: refuse the file unless it passes the bounded-reading check (``NotARegisterError``),
        done on the file opened here; the parts it inflated are kept (not inflated again)."""
        self.path = Path(path)
        if guard:
            self._file, self.zip, kept = open_checked(self.path, limits, keep=_kept)
        else:
            self._file, self.zip = _open_zip(self.path)
            kept = {}
        try:
            self._open(kept)
        except BaseException:
            self.zip.close()
            self._file.close()
            raise

    def _open(self, kept: dict[str, bytes]) -> None:
        self._names = {info.filename.lower(): info.filename for info in self.zip.infolist()}
        self._replaced: dict[str, bytes] = {}
        self._lazy: dict[str, tuple[bytes, list[tuple[int, int, bytes]]]] = {}  # see replace_edits
        self._dropped: set[str] = set()
        self._added: dict[str, bytes] = {}  # new parts (zip name -> bytes), written after the others
        self._styles: Styles | None = None
        self._cache: dict[str, bytes] = dict(kept)  # decompressed parts not yet handed out by read()
        self._pieces: dict[str, list[tuple[int, int, bytes]]] = {}  # large parts: (start, end, deflate) pieces
        self._originals: dict[str, bytes] = {}  # the bytes those pieces stand for
        self._edits: dict[str, list[tuple[int, int, bytes]]] = {}
        self._loader: threading.Thread | None = None
        self._inflated: threading.Event | None = None
        root_rels = _relationships(self.read("_rels/.rels"), "")
        workbook = next((part for _, kind, part in root_rels if kind.endswith(REL_OFFICE_DOCUMENT)), None)
        if workbook is None or self.name_of(workbook) is None:
            raise PackageError("bagian workbook tidak ditemukan")
        self.workbook_part = self.name_of(workbook)
        self.workbook_rels = _relationships(self.read(_rels_path(self.workbook_part)), self.workbook_part)
        targets = {rid: part for rid, _, part in self.workbook_rels}
        self.sheets: dict[str, str] = {}
        for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", self.read(self.workbook_part)):
            tag = m.group(0).decode("utf-8")
            name = re.search(r'\sname\s*=\s*"([^"]*)"', tag)
            rid = re.search(r'\s[\w]+:id\s*=\s*"([^"]*)"', tag)
            if name and rid and rid.group(1) in targets:
                self.sheets[html.unescape(name.group(1))] = targets[rid.group(1)]

    def preload(self, parts: list[str]) -> None:
        """Decompress parts on a thread (zlib frees the GIL) while the caller reads with calamine (parts
        a guarded open kept are not decompressed again); then cut the large ones into pieces that
        compress on their own (:meth:`_pieces_of`), so a write recompresses only the pieces it changed."""
        names = [n for n in (self.name_of(p) for p in parts) if n is not None]

        inflated = self._inflated = threading.Event()

        def load() -> None:
            try:
                for name in names:
                    if name in self._cache:
                        continue
                    if self.zip.getinfo(name).file_size > MAX_PART_BYTES:
                        return
                    self._cache[name] = self.zip.read(name)
            except Exception:  # read() tries again and reports
                return
            finally:
                inflated.set()  # peek() may go on; the zip is read below only by position (os.pread)
            for name in names:
                data = self._cache.get(name)
                if data is not None and len(data) > 2 * PARALLEL_CHUNK:
                    self._originals[name] = data
                    self._pieces[name] = self._pieces_of(name, data)

        self._loader = threading.Thread(target=load, daemon=True)
        self._loader.start()

    def _pieces_of(self, name: str, data: bytes) -> list[tuple[int, int, bytes]]:
        """(start, end, raw deflate) pieces of a part, each inflating on its own to ``data[start:end]``:
        the part's stored stream cut where it was flushed (as this writer leaves it), each piece
        checked by inflating it; else the part compressed anew in ``PARALLEL_CHUNK`` pieces."""
        try:
            pieces = _stored_pieces(self._stored(name), data)
        except (OSError, ValueError):
            pieces = None
        if pieces is not None:
            return pieces
        jobs = [(i, data[i:i + PARALLEL_CHUNK], i + PARALLEL_CHUNK >= len(data))
                for i in range(0, len(data), PARALLEL_CHUNK)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            blobs = list(pool.map(lambda job: _piece(job[1], LEVEL, job[2]), jobs))
        return [(i, i + len(chunk), blob) for (i, chunk, _), blob in zip(jobs, blobs)]

    def _stored(self, name: str) -> bytes | None:
        """The compressed bytes of a deflated entry as stored in the file (read by position)."""
        info = self.zip.getinfo(name)
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1 or not hasattr(os, "pread"):
            return None
        header = os.pread(self._file.fileno(), 30, info.header_offset)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            return None
        start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
        stored = os.pread(self._file.fileno(), info.compress_size, start)
        return stored if len(stored) == info.compress_size else None

    def _wait(self) -> None:
        if self._loader is not None:
            self._loader.join()
            self._loader = None

    def close(self) -> None:
        self._wait()
        self.zip.close()
        self._file.close()

    def name_of(self, part: str) -> str | None:
        """The zip entry name of a part (part names are case-insensitive)."""
        return self._names.get(part.lower())

    def read(self, part: str) -> bytes:
        if part in self._added:
            return self._added[part]
        name = self.name_of(part)
        if name is None:
            raise PackageError(f"bagian '{part}' tidak ada")
        self._materialise(name)
        if name in self._replaced:
            return self._replaced[name]
        if self.zip.getinfo(name).file_size > MAX_PART_BYTES:  # bounded before anything is allocated
            raise PackageError(f"bagian '{part}' terlalu besar")
        self._wait()
        if name in self._cache:
            return self._cache.pop(name)
        return self.zip.read(name)

    def peek(self, part: str) -> bytes:
        """A part's bytes, kept for a later :meth:`read` (the write still finds it decompressed).
        Waits for the preloaded parts to be inflated, not for them to be compressed ahead."""
        name = self.name_of(part)
        if name is None:
            raise PackageError(f"bagian '{part}' tidak ada")
        self._materialise(name)
        if name in self._replaced:
            return self._replaced[name]
        if self.zip.getinfo(name).file_size > MAX_PART_BYTES:  # bounded before anything is allocated
            raise PackageError(f"bagian '{part}' terlalu besar")
        if self._inflated is not None:
            self._inflated.wait()
        if name not in self._cache:
            self._cache[name] = self.zip.read(name)
        return self._cache[name]

    def sheet_part(self, sheet: str) -> str:
        part = self.sheets.get(sheet)
        if part is None or self.name_of(part) is None:
            raise PackageError(f"sheet '{sheet}' tidak ada")
        return self.name_of(part)

    def replace(self, part: str, data: bytes, edits: list[tuple[int, int, bytes]] | None = None) -> None:
        """Replace a part; ``edits`` (original span -> bytes) lets unchanged pieces keep their compression."""
        if part in self._added:
            self._added[part] = data
            return
        name = self.name_of(part) or part
        self._lazy.pop(name, None)
        self._replaced[name] = data
        if edits is not None:
            self._edits[name] = edits
        else:
            self._edits.pop(name, None)  # edits of an earlier replacement no longer describe this one

    def replace_edits(self, part: str, original: bytes, edits: list[tuple[int, int, bytes]]) -> None:
        """Replace a part by ``original`` (its bytes as read) with ``edits`` applied: the new bytes are
        built only if the part is read again or has no pieces (:meth:`_pieces_of`); otherwise the write
        compresses the changed pieces from their spans and reuses the others as they are."""
        name = self.name_of(part) or part
        ordered = all(0 <= s <= e <= len(original) for s, e, _ in edits) and all(
            a[1] <= b[0] for a, b in zip(edits, edits[1:]))
        if not ordered or name in self._added or self._originals.get(name) is not original:
            self.replace(part, apply_edits(original, edits), edits if ordered else None)
            return
        self._replaced.pop(name, None)
        self._lazy[name] = (original, edits)
        self._edits[name] = edits

    def _materialise(self, name: str) -> None:
        if name in self._lazy:
            original, edits = self._lazy.pop(name)
            self._replaced[name] = apply_edits(original, edits)

    def add_worksheet(self, sheet: str, xml: bytes) -> str:
        """Add a new worksheet part named ``sheet`` after the last sheet: the part, its relationship from
        the workbook, its ``<sheet>`` entry and its content type. Returns the part name."""
        if sheet in self.sheets:
            raise PackageError(f"sheet '{sheet}' sudah ada")
        folder = posixpath.dirname(self.workbook_part)
        number = 1
        while self.name_of(f"{folder}/worksheets/sheet{number}.xml") or \
                f"{folder}/worksheets/sheet{number}.xml" in self._added:
            number += 1
        part = f"{folder}/worksheets/sheet{number}.xml"
        rels_part = _rels_path(self.workbook_part)
        rels = self.read(rels_part)
        taken = set(re.findall(rb'\bId="([^"]*)"', rels))
        rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}".encode() not in taken)
        relationship = (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/worksheet" Target="worksheets/sheet{number}.xml"/>').encode()
        self.replace(rels_part, re.sub(rb"(</(?:\w+:)?Relationships>)", lambda m: relationship + m.group(1), rels,
                                       count=1))
        workbook = self.read(self.workbook_part)
        first = re.search(rb"<(\w+:)?sheet\b", workbook)
        prefix = (first.group(1) or b"") if first else b""
        ids = [int(x) for x in re.findall(rb'<(?:\w+:)?sheet\b[^>]*\ssheetId="(\d+)"', workbook)]
        name = html.escape(sheet, quote=True).encode()
        entry = (b"<" + prefix + b'sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
                 b' name="' + name + b'" sheetId="' + str(max(ids, default=0) + 1).encode() + b'" r:id="'
                 + rid.encode() + b'"/>')
        self.replace(self.workbook_part, re.sub(rb"(</(?:\w+:)?sheets>)", lambda m: entry + m.group(1), workbook,
                                                count=1))
        types = self.read("[Content_Types].xml")
        override = (f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
                    'spreadsheetml.worksheet+xml"/>').encode()
        self.replace("[Content_Types].xml", re.sub(rb"(</(?:\w+:)?Types>)", lambda m: override + m.group(1), types,
                                                   count=1))
        self._added[part] = xml
        self.sheets[sheet] = part
        return part

    @property
    def changed(self) -> bool:
        return bool(self._replaced or self._lazy or self._dropped or self._added)

    def styles(self) -> "Styles":
        if self._styles is None:
            part = next((p for _, kind, p in self.workbook_rels if kind.endswith(REL_STYLES)), None)
            self._styles = Styles(self.read(part) if part and self.name_of(part) else b"", part)
        return self._styles

    def drop_calc_chain(self) -> None:
        """Excel rebuilds the calculation chain; a stale one (a formula overwritten) may upset it."""
        for rid, kind, part in self.workbook_rels:
            name = self.name_of(part)
            if not kind.endswith(REL_CALC_CHAIN) or name is None:
                continue
            self._dropped.add(name)
            rels = _rels_path(self.workbook_part)
            pattern = rb"<(?:\w+:)?Relationship\b[^>]*\sId=\"" + re.escape(rid.encode()) + rb"\"[^>]*/>"
            self.replace(rels, re.sub(pattern, b"", self.read(rels)))
            types = self.read("[Content_Types].xml")
            self.replace("[Content_Types].xml", re.sub(
                rb"<(?:\w+:)?Override\b[^>]*PartName=\"/" + re.escape(name.encode()) + rb"\"[^>]*/>", b"", types,
                flags=re.I))

    def write(self, target: BinaryIO, level: int = LEVEL) -> None:
        """Write the package to ``target``: replaced parts compressed anew, all others copied raw."""
        if self._styles is not None and self._styles.changed:
            self.replace(self._styles.part, self._styles.to_bytes())
        infos = self.zip.infolist()
        starts = sorted(info.header_offset for info in infos) + [self.zip.start_dir]
        end_of = {start: starts[i + 1] for i, start in enumerate(starts[:-1])}
        with zipfile.ZipFile(target, "w") as out:
            out.comment = self.zip.comment
            for info in infos:
                if info.filename in self._dropped:
                    continue
                if info.filename in self._lazy:
                    checkpoint("bagian-diubah")
                    original, edits = self._lazy[info.filename]
                    size, crc = _edited_size_crc(original, edits)
                    _write_deflated(out, info, size, crc, self._splice(info.filename, original, edits, level))
                elif info.filename in self._replaced:
                    checkpoint("bagian-diubah")
                    data = self._replaced[info.filename]
                    _write_deflated(out, info, len(data), zlib.crc32(data),
                                    self._recompress(info.filename, data, level))
                else:
                    self._file.seek(info.header_offset)
                    _write_raw(out, copy.copy(info), self._file.read(end_of[info.header_offset] - info.header_offset))
            for part, data in self._added.items():
                out.writestr(zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)

    def _recompress(self, name: str, data: bytes, level: int) -> bytes:
        """Raw deflate of a replaced part: the pieces (see :meth:`_pieces_of`) whose bytes the edits did
        not touch are reused, the others compressed again. Each piece inflates on its own (a fresh
        window), so the joined pieces inflate to the joined bytes they stand for; the bytes of every
        reused piece are compared with the same span of the new part before it is used."""
        pieces, edits, original = self._pieces.get(name), self._edits.get(name), self._originals.get(name)
        if not pieces or edits is None or original is None:
            return _deflate(data, level)

        def new_offset(boundary: int) -> int:
            return boundary + sum(len(text) - (end - start) for start, end, text in edits if start < boundary)

        if pieces[0][0] != 0 or pieces[-1][1] != len(original) or new_offset(len(original)) != len(data):
            return _deflate(data, level)
        old, out = memoryview(original), []
        for k, j, touched in _runs(_touched(pieces, edits, len(original))):
            lo, hi, blob = pieces[k]
            if not touched:
                at = new_offset(lo)  # startswith compares in place (no copy of either side)
                if new_offset(hi) - at != hi - lo or not data.startswith(old[lo:hi], at):
                    return _deflate(data, level)  # never trust a splice that does not give back the part
                out.append(blob)
                continue
            last = j == len(pieces) - 1
            end = len(data) if last else new_offset(pieces[j][1])
            out.append(_piece(data[new_offset(lo):end], level, last))
        return b"".join(out)

    def _splice(self, name: str, original: bytes, edits: list[tuple[int, int, bytes]], level: int) -> bytes:
        """Raw deflate of ``original`` with ``edits`` applied (see :meth:`replace_edits`): the pieces no
        edit touches are the original's bytes and stay as stored; each run of touched pieces is
        compressed from its span of the original with the edits in it."""
        pieces = self._pieces.get(name)
        if not pieces or pieces[0][0] != 0 or pieces[-1][1] != len(original):
            return _deflate(apply_edits(original, edits), level)
        out = []
        for k, j, touched in _runs(_touched(pieces, edits, len(original))):
            if not touched:
                out.append(pieces[k][2])
                continue
            last = j == len(pieces) - 1
            out.append(_piece(_span(original, edits, pieces[k][0], pieces[j][1], last), level, last))
        return b"".join(out)


def _touched(pieces: list[tuple[int, int, bytes]], edits: list[tuple[int, int, bytes]], size: int) -> list[bool]:
    """Which pieces an edit touches: those holding a byte it replaces, or the place it inserts at
    (an insertion at a piece's start belongs to that piece; at the very end, to the last one)."""
    count = len(pieces)
    changed = [False] * count
    for start, end, _ in edits:
        last_byte = min(max(end - 1, start), size - 1)
        for k, (lo, hi, _) in enumerate(pieces):
            if lo <= last_byte and (hi > start or k == count - 1):
                changed[k] = True
    return changed


def _runs(changed: list[bool]) -> Iterator[tuple[int, int, bool]]:
    """(first, last, touched) for each untouched piece alone and each run of adjacent touched pieces."""
    count, k = len(changed), 0
    while k < count:
        j = k
        while changed[k] and j + 1 < count and changed[j + 1]:
            j += 1
        yield k, j, changed[k]
        k = j + 1


def _span(original: bytes, edits: list[tuple[int, int, bytes]], lo: int, hi: int, last: bool) -> bytes:
    """``original[lo:hi]`` with the edits that start in it (at or after ``hi`` too when ``last``)."""
    view, parts, position = memoryview(original), [], lo
    for start, end, text in edits:
        if lo <= start and (start < hi or last):
            parts += [view[position:start], text]
            position = end
    parts.append(view[position:hi])
    return b"".join(parts)


def _edited_size_crc(original: bytes, edits: list[tuple[int, int, bytes]]) -> tuple[int, int]:
    """Size and CRC-32 of ``original`` with ``edits`` applied, without building it."""
    view, crc, position, size = memoryview(original), 0, 0, len(original)
    for start, end, text in edits:
        crc = zlib.crc32(text, zlib.crc32(view[position:start], crc))
        size += len(text) - (end - start)
        position = end
    return size, zlib.crc32(view[position:], crc)


_SYNC = b"\x00\x00\xff\xff"  # the end of the empty stored block a sync flush writes


def _stored_pieces(stored: bytes | None, data: bytes) -> list[tuple[int, int, bytes]] | None:
    """A stored deflate stream cut after each sync flush, when every piece inflates on its own (no
    reference back into an earlier piece) to its span of ``data`` and none is larger than
    ``2 * PARALLEL_CHUNK``; None otherwise (a stream written in one go, by Excel or LibreOffice)."""
    if not stored:
        return None
    cuts, at = [], stored.find(_SYNC)
    while at != -1:
        cuts.append(at + len(_SYNC))
        at = stored.find(_SYNC, at + len(_SYNC))
    if not cuts or len(data) / (len(cuts) + 1) > PARALLEL_CHUNK:
        return None
    if cuts[-1] != len(stored):
        cuts.append(len(stored))
    view, pieces, start, lo = memoryview(stored), [], 0, 0
    for cut in cuts:
        inflate = zlib.decompressobj(-15)
        try:
            out = inflate.decompress(view[start:cut], 2 * PARALLEL_CHUNK + 1)
        except zlib.error:  # "invalid distance too far back": the piece refers into an earlier one
            return None
        if len(out) > 2 * PARALLEL_CHUNK or inflate.unconsumed_tail or inflate.unused_data:
            return None
        if inflate.eof != (cut == len(stored)) or not data.startswith(out, lo):
            return None
        pieces.append((lo, lo + len(out), bytes(view[start:cut])))
        lo, start = lo + len(out), cut
    return pieces if lo == len(data) else None


def _piece(data: bytes, level: int, last: bool) -> bytes:
    """One independently compressed piece of a raw deflate stream (byte-aligned unless last)."""
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _write_raw(out: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes) -> None:
    """Append an entry's local header and data exactly as read (zipfile has no public raw copy)."""
    info.header_offset = out.fp.tell()
    out.fp.write(blob)
    out.filelist.append(info)
    out.NameToInfo[info.filename] = info
    out.start_dir = out.fp.tell()
    out._didModify = True


def _write_deflated(out: zipfile.ZipFile, original: zipfile.ZipInfo, size: int, crc: int, compressed: bytes) -> None:
    info = zipfile.ZipInfo(original.filename, original.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr, info.create_system = original.external_attr, original.create_system
    info.flag_bits = original.flag_bits & 0x800  # keep the UTF-8 name flag only
    info.file_size = size
    info.CRC = crc
    info.compress_size = len(compressed)
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    info.header_offset = out.fp.tell()
    _write_raw(out, info, info.FileHeader(zip64) + compressed)


def _deflate(data: bytes, level: int) -> bytes:
    """Raw deflate; large parts in independent 1 MiB pieces on two threads (zlib frees the GIL)."""
    if len(data) <= PARALLEL_CHUNK * 2:
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush()
    pieces = [data[i:i + PARALLEL_CHUNK] for i in range(0, len(data), PARALLEL_CHUNK)]

    def one(indexed: tuple[int, bytes]) -> bytes:
        index, piece = indexed
        return _piece(piece, level, index == len(pieces) - 1)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return b"".join(pool.map(one, enumerate(pieces)))


class Styles:
    """The cell formats (``cellXfs``) of ``styles.xml``, read as raw ``<xf>`` elements."""

    def __init__(self, xml: bytes, part: str | None) -> None:
        self.xml, self.part, self.changed = xml, part, False
        self.formats = {int(i): html.unescape(code.decode("utf-8")) for i, code in
                        re.findall(rb'<(?:\w+:)?numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', xml)}
        self._block = re.search(rb"(<(?:\w+:)?cellXfs\b[^>]*>)(.*?)(</(?:\w+:)?cellXfs>)", xml, re.S)
        body = self._block.group(2) if self._block else b""
        self.xfs = [m.group(0) for m in re.finditer(rb"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", body, re.S)]
        self._date_cache: dict[int | None, int | None] = {}

    @staticmethod
    def _num_fmt(xf: bytes) -> int:
        m = re.search(rb'\snumFmtId="(\d+)"', xf)
        return int(m.group(1)) if m else 0

    def is_date_format(self, fmt: int) -> bool:
        if fmt in _BUILTIN_DATE_FORMATS:
            return True
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", self.formats.get(fmt, ""))
        return bool(_DATE_CODE.search(code))

    def is_date(self, style: int | None) -> bool:
        return style is not None and style < len(self.xfs) and self.is_date_format(self._num_fmt(self.xfs[style]))

    def data_style(self) -> int | None:
        """The builder's data-cell format (unlocked, wrapped, general), if the workbook has it."""
        for index, xf in enumerate(self.xfs):
            if (b'locked="0"' in xf and b'wrapText="1"' in xf and self._num_fmt(xf) == 0
                    and b'fillId="0"' in xf and b'borderId="0"' in xf and b'fontId="0"' in xf):
                return index
        return None

    def date_variant(self, style: int | None) -> int | None:
        """A format like ``style`` that shows a date; added to styles.xml only when none exists."""
        if self.is_date(style) or not self._block:
            return style
        if style not in self._date_cache:
            self._date_cache[style] = self._find_or_add_date(style)
        return self._date_cache[style]

    def _find_or_add_date(self, style: int | None) -> int:
        base = self.xfs[style] if style is not None and style < len(self.xfs) else self.xfs[0] if self.xfs else b"<xf/>"

        def key(xf: bytes) -> bytes:
            return re.sub(rb'\s(?:numFmtId|applyNumberFormat)="[^"]*"', b"", xf)

        for index, xf in enumerate(self.xfs):
            if self.is_date(index) and key(xf) == key(base):
                return index
        fmt = next((f for f in self.formats if self.is_date_format(f)), 14)
        new = re.sub(rb'\snumFmtId="[^"]*"', b"", key(base), count=1)
        new = re.sub(rb"^(<(?:\w+:)?xf)\b", rb'\1 numFmtId="' + str(fmt).encode() + rb'" applyNumberFormat="1"', new)
        self.xfs.append(new)
        self.changed = True
        return len(self.xfs) - 1

    def to_bytes(self) -> bytes:
        head = re.sub(rb'\scount="\d+"', b' count="' + str(len(self.xfs)).encode() + b'"', self._block.group(1))
        return (self.xml[:self._block.start()] + head + b"".join(self.xfs) + self._block.group(3)
                + self.xml[self._block.end():])
