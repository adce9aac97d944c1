"""MS-OVBA 2.4.1 compression and decompression (VBA module source and the ``dir`` stream).

A CompressedContainer is the signature byte ``0x01`` followed by chunks; each chunk holds up to
4096 decompressed bytes as a 2-byte header (size - 3 in 12 bits, signature ``0b011``, flag) and
either raw bytes (exactly 4096) or token sequences (a flag byte, then 8 tokens: a literal byte or a
2-byte copy token whose offset/length split depends on the position in the chunk).

Written from the specification ([MS-OVBA] 2.4.1.3); round-tripped in the tests against real modules
and against oletools' decompressor.
"""

from __future__ import annotations

import struct

CHUNK = 4096
SIGNATURE = 0x01
_MAX_CANDIDATES = 48  # positions tried per match (most recent first): speed over the last byte


class CompressionError(ValueError):
    pass


def _bit_count(difference: int) -> int:
    """Bits for the offset of a copy token at ``difference`` bytes into the chunk (at least 4)."""
    return max((difference - 1).bit_length(), 4)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    out = bytearray()
    table: dict[bytes, list[int]] = {}
    pos = start
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            best_len, best_pos = 0, 0
            if end - pos >= 3:
                bits = _bit_count(pos - start)
                max_len = min((0xFFFF >> bits) + 3, end - pos)
                key = data[pos:pos + 3]
                candidates = table.get(key)
                if candidates:
                    for cand in reversed(candidates[-_MAX_CANDIDATES:]):
                        length = 3
                        while length < max_len and data[cand + length] == data[pos + length]:
                            length += 1
                        if length > best_len:
                            best_len, best_pos = length, cand
                            if length == max_len:
                                break
            if best_len >= 3:
                bits = _bit_count(pos - start)
                token = ((pos - best_pos - 1) << (16 - bits)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_len
            else:
                out.append(data[pos])
                step = 1
            for p in range(pos, min(pos + step, end - 2)):
                table.setdefault(data[p:p + 3], []).append(p)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """The CompressedContainer for ``data``."""
    out = bytearray([SIGNATURE])
    for start in range(0, len(data), CHUNK):
        end = min(start + CHUNK, len(data))
        body = _compress_chunk(data, start, end)
        if len(body) > CHUNK:  # incompressible: a raw chunk is always 4096 bytes (spec pads with 0x00)
            raw = data[start:end].ljust(CHUNK, b"\x00")
            out += struct.pack("<H", (CHUNK + 2 - 3) | (0b011 << 12)) + raw
        else:
            out += struct.pack("<H", (len(body) + 2 - 3) | (0b011 << 12) | 0x8000) + body
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The decompressed bytes of a CompressedContainer (raises CompressionError when malformed)."""
    if not container or container[0] != SIGNATURE:
        raise CompressionError("signature byte 0x01 missing")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise CompressionError(f"chunk header cut at {pos}")
        (header,) = struct.unpack_from("<H", container, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0b111 != 0b011:
            raise CompressionError(f"bad chunk signature at {pos}")
        chunk_end = min(pos + size, len(container))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += container[pos:pos + CHUNK]
            pos += CHUNK
            continue
        while pos < chunk_end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags & (1 << bit):
                    out.append(container[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise CompressionError(f"copy token cut at {pos}")
                (token,) = struct.unpack_from("<H", container, pos)
                pos += 2
                bits = _bit_count(len(out) - chunk_start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                source = len(out) - offset
                if source < chunk_start:
                    raise CompressionError(f"copy token points before its chunk at {pos - 2}")
                for i in range(length):  # may overlap: byte by byte
                    out.append(out[source + i])
    return bytes(out)
