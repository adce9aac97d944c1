"""Read one module's source out of a ``vbaProject.bin`` (ours, or one Excel re-saved with a
performance cache before the source): the ``dir`` stream gives its stream name and text offset."""

from __future__ import annotations

import io
import struct

import olefile

from .ovba_compression import CompressionError, decompress


def _module_streams(dir_data: bytes) -> dict[str, tuple[str, int]]:
    """Module name -> (stream name, text offset), from the decompressed dir stream."""
    out: dict[str, tuple[str, int]] = {}
    pos, name, stream = 0, None, None
    while pos + 6 <= len(dir_data):
        record_id, size = struct.unpack_from("<HI", dir_data, pos)
        pos += 6
        if record_id == 0x0009:  # PROJECTVERSION: its size field says 4, six bytes follow
            size = 6
        body = dir_data[pos:pos + size]
        pos += size
        if record_id == 0x0019:
            name = body.decode("cp1252", "replace")
        elif record_id == 0x001A:
            stream = body.decode("cp1252", "replace")
        elif record_id == 0x0031 and name is not None:
            out[name] = (stream or name, struct.unpack("<I", body)[0])
        elif record_id == 0x0010:
            break
    return out


def module_source(project: bytes, module: str) -> bytes | None:
    """The source bytes of ``module`` (None when absent or unreadable)."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(project))
        streams = _module_streams(decompress(ole.openstream("VBA/dir").read()))
        if module not in streams:
            return None
        stream, offset = streams[module]
        return decompress(ole.openstream(f"VBA/{stream}").read()[offset:])
    except (OSError, CompressionError, struct.error):
        return None
