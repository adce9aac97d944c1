"""Write a source-only VBA project (``xl/vbaProject.bin``) per [MS-OVBA].

Streams: ``PROJECT`` (text properties, 2.3.1), ``PROJECTwm`` (module names, 2.3.3),
``VBA/_VBA_PROJECT`` in its version-0xFFFF form (2.3.4.1: no performance cache, so Office compiles
the modules from source on open), ``VBA/dir`` (compressed project information, references and
module records, 2.3.4.2) and one compressed source stream per module (2.3.4.3, text offset 0).

Modules: document modules (``ThisWorkbook`` and one per sheet, matching the code names the
workbook part carries), standard modules (``.bas`` source as exported by the VBA editor, with its
``Attribute VB_Name`` line). The output is deterministic: the project id and the protection
state's seed are fixed, so a rebuild is byte-identical.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from . import cfb
from .ovba_compression import compress

CODEPAGE = 1252
LCID = 0x0409
PROJECT_NAME = "VBAProject"
PROJECT_ID = "{6A1E2C3B-5D4F-4E8A-9B7C-2D1F0E3A4B5C}"
_SEED = 0x8D  # fixed: reproducible output (any byte is valid)
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
STDOLE = ("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
          "C:\\Windows\\System32\\stdole2.tlb#OLE Automation")
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"


@dataclass(frozen=True)
class Module:
    name: str
    source: str  # full text as the VBA editor exports it (Attribute lines included), CRLF
    document: bool = False

    @property
    def data(self) -> bytes:
        return self.source.encode("cp1252")


def standard_module(source: str) -> Module:
    """A standard module from .bas text; its name is the ``Attribute VB_Name`` value."""
    match = re.match(r'Attribute VB_Name = "([^"]+)"', source)
    if not match:
        raise ValueError("module source must start with Attribute VB_Name")
    return Module(match.group(1), _crlf(source))


def document_module(name: str, workbook: bool = False, body: str = "") -> Module:
    """The code module behind a workbook (``ThisWorkbook``) or a worksheet (code name)."""
    lines = [
        f'Attribute VB_Name = "{name}"',
        f'Attribute VB_Base = "{WORKBOOK_BASE if workbook else SHEET_BASE}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    text = "\r\n".join(lines) + "\r\n" + _crlf(body)
    return Module(name, text, document=True)


def _crlf(text: str) -> str:
    return re.sub(r"\r?\n", "\r\n", text)


# -- PROJECT stream: data encryption of the protection fields ([MS-OVBA] 2.4.3) ------------------
def encrypt(data: bytes, project_id: str = PROJECT_ID, seed: int = _SEED) -> str:
    """Hex text of ``data`` encrypted as CMG/DPB/GC values are."""
    version = 2
    key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ key])
    unencrypted1, encrypted1, encrypted2 = key, seed ^ key, seed ^ version
    plain = bytes([0] * ((seed & 6) // 2)) + struct.pack("<I", len(data)) + data
    for byte in plain:
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return out.hex().upper()


def decrypt(text: str) -> bytes:
    """Inverse of :func:`encrypt` (tests; checks the length field)."""
    raw = bytes.fromhex(text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise ValueError("unknown encryption version")
    key = seed ^ key_enc
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    ignored = (seed & 6) // 2
    (length,) = struct.unpack_from("<I", plain, ignored)
    data = bytes(plain[ignored + 4:])
    if len(data) != length:
        raise ValueError("length field does not match")
    return data


def project_stream(modules: list[Module]) -> bytes:
    lines = [f'ID="{PROJECT_ID}"']
    for m in modules:
        lines.append(f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}")
    lines += [
        f'Name="{PROJECT_NAME}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{encrypt(bytes(4))}"',  # protection state: none
        f'DPB="{encrypt(bytes(1))}"',  # password: none
        f'GC="{encrypt(bytes([0xFF]))}"',  # visibility: visible
        "",
        "[Host Extender Info]",
        HOST_EXTENDER,
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def projectwm_stream(modules: list[Module]) -> bytes:
    out = bytearray()
    for m in modules:
        out += m.name.encode("cp1252") + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


# -- dir stream ([MS-OVBA] 2.3.4.2) -------------------------------------------------------------------
def _rec(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _text(record_id: int, text: str, unicode_id: int | None = None) -> bytes:
    out = _rec(record_id, text.encode("cp1252"))
    if unicode_id is not None:
        out += _rec(unicode_id, text.encode("utf-16-le"))
    return out


def dir_stream(modules: list[Module]) -> bytes:
    out = bytearray()
    out += _rec(0x0001, struct.pack("<I", 1))  # PROJECTSYSKIND: Win32 (compiled from source anyway)
    out += _rec(0x0002, struct.pack("<I", LCID))  # PROJECTLCID
    out += _rec(0x0014, struct.pack("<I", LCID))  # PROJECTLCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", CODEPAGE))  # PROJECTCODEPAGE
    out += _text(0x0004, PROJECT_NAME)  # PROJECTNAME
    out += _text(0x0005, "", 0x0040)  # PROJECTDOCSTRING
    out += _text(0x0006, "", 0x003D)  # PROJECTHELPFILEPATH (both copies)
    out += _rec(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # PROJECTVERSION (Reserved=4, major, minor)
    out += _text(0x000C, "", 0x003C)  # PROJECTCONSTANTS
    name, libid = STDOLE  # PROJECTREFERENCES: OLE Automation (as a new Excel project has)
    out += _text(0x0016, name, 0x003E)  # REFERENCENAME
    body = struct.pack("<I", len(libid)) + libid.encode("cp1252") + struct.pack("<IH", 0, 0)
    out += _rec(0x000D, body)  # REFERENCEREGISTERED
    out += _rec(0x000F, struct.pack("<H", len(modules)))  # PROJECTMODULES
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _text(0x0019, m.name)  # MODULENAME
        out += _rec(0x0047, m.name.encode("utf-16-le"))  # MODULENAMEUNICODE
        out += _text(0x001A, m.name, 0x0032)  # MODULESTREAMNAME
        out += _text(0x001C, "", 0x0048)  # MODULEDOCSTRING
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source starts the stream
        out += _rec(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        out += _rec(0x0022 if m.document else 0x0021, b"")  # MODULETYPE
        out += _rec(0x002B, b"")  # module terminator
    out += _rec(0x0010, b"")  # dir terminator
    return bytes(out)


VBA_PROJECT_STREAM = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0000)  # 2.3.4.1, version 0xFFFF


def build_project(modules: list[Module]) -> bytes:
    """The ``vbaProject.bin`` compound file holding ``modules``."""
    names = [m.name.upper() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("duplicate module names")
    streams = {
        "PROJECT": project_stream(modules),
        "PROJECTwm": projectwm_stream(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(m.data)
    return cfb.build(streams)
