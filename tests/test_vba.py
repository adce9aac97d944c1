"""The macro-enabled workbook: MS-OVBA compression, the compound file, the VBA project read back by
oletools, form buttons and named shapes by XML, and the whole .xlsm in headless LibreOffice."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

import xlwings_payload  # noqa: F401  (sets the licence key before anything imports xlwings)

from ppid_dokumentasi.adapters import cfb
from ppid_dokumentasi.adapters.ovba_compression import CompressionError, compress, decompress
from ppid_dokumentasi.adapters.vba_project import PROJECT_ID, decrypt, encrypt
from ppid_dokumentasi.adapters.workbook_controls import (
    BUTTON_MODULE, SUB_NAMES, button_module_source, xlwings_bas,
)
from ppid_dokumentasi.layout import BUTTONS

ROOT = Path(__file__).resolve().parents[1]
XLWINGS_DIR = xlwings_bas().parent


def _ppid(*args, cwd):
    env_path = f"{ROOT / 'src'}:{ROOT}"
    import os

    env = dict(os.environ, PYTHONPATH=env_path + ":" + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "ppid_dokumentasi", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsm")
    done = _ppid("buat", "REGISTER.xlsm", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "REGISTER.xlsm"


# -- compression ([MS-OVBA] 2.4.1) -------------------------------------------------------------------
def _real_modules() -> dict[str, bytes]:
    files = [XLWINGS_DIR / "xlwings.bas", XLWINGS_DIR / "xlwings_custom_addin.bas",
             *sorted((XLWINGS_DIR / "addin").glob("*.bas"))]
    modules = {p.name: p.read_bytes() for p in files}
    modules["TombolPPID"] = button_module_source().encode("cp1252")
    return modules


def test_compression_round_trips_real_modules_with_ours_and_oletools():
    modules = _real_modules()
    assert modules["xlwings.bas"].__len__() > 40_000  # several 4096-byte chunks
    for name, data in modules.items():
        packed = compress(data)
        assert len(packed) < len(data) * 0.8, name  # source text compresses
        assert decompress(packed) == data, name
        assert decompress_stream(bytearray(packed)) == data, name


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 8192, 12_345])
def test_compression_edges_and_incompressible_chunks(size):
    rng = random.Random(size)
    for data in (bytes(rng.randrange(256) for _ in range(size)), b"ab" * (size // 2), b"\x00" * size):
        packed = compress(data)
        # An incompressible last chunk is stored raw, which the spec pads to 4096 bytes with 0x00
        # (never the case for source text; the stream records are self-delimiting).
        for out in (decompress(packed), decompress_stream(bytearray(packed))):
            assert out[:len(data)] == data and not out[len(data):].strip(b"\x00")
            assert len(out) == len(data) or len(out) % 4096 == 0


def test_decompressor_reads_oletools_style_input_and_refuses_garbage():
    sample = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"  # [MS-OVBA] 3.2.3's text
    assert decompress(compress(sample)) == sample
    with pytest.raises(CompressionError):
        decompress(b"\x02abc")
    with pytest.raises(CompressionError):
        decompress(b"\x01\xff\xbf\x01\x00\x00")  # copy token before the chunk start


# -- compound file ------------------------------------------------------------------------------------
def test_cfb_streams_read_back_by_olefile():
    rng = random.Random(7)
    streams = {f"S/n{i:02d}": bytes(rng.randrange(256) for _ in range(size))
               for i, size in enumerate([0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000])}
    streams.update({"TOP": b"x" * 10, "A/B/deep": b"y" * 5000, "PROJECTwm": b"\x00\x00"})
    data = cfb.build(streams)
    assert len(data) % cfb.SECTOR == 0
    ole = olefile.OleFileIO(data)
    assert sorted("/".join(p) for p in ole.listdir()) == sorted(streams)
    for path, content in streams.items():
        assert ole.openstream(path).read() == content, path


def test_protection_fields_encrypt_as_office_does():
    # CMG/DPB/GC of xlwings' own quickstart_standalone.xlsm (written by Excel) decrypt to the
    # unprotected, no password, visible states that our PROJECT stream encrypts.
    assert decrypt("8D8FA61394EA98EA98EA98EA98") == bytes(4)
    assert decrypt("8D8FA61394EF95EF95EF") == b"\x00"
    assert decrypt("8D8FA61394EF95EF9510") == b"\xff"
    for data in (bytes(4), b"\x00", b"\xff"):
        for seed in range(256):
            assert decrypt(encrypt(data, PROJECT_ID, seed)) == data


# -- the VBA project through oletools -----------------------------------------------------------------
def test_olevba_lists_the_modules_with_their_exact_source(xlsm):
    parser = VBA_Parser(str(xlsm))
    modules = {vba_filename: code for _, _, vba_filename, code in parser.extract_macros()}
    parser.close()
    installed = xlwings_bas().read_bytes().decode("cp1252")
    assert modules["xlwings.bas"] == installed  # the installed xlwings' own module, byte for byte
    assert modules[f"{BUTTON_MODULE}.bas"] == button_module_source()
    subs = re.findall(r"^Public Sub (\w+)\(\)\r\n    (RunPython .*)\r\nEnd Sub\r$", modules[f"{BUTTON_MODULE}.bas"], re.M)
    assert [s for s, _ in subs] == [SUB_NAMES[name] for name in BUTTONS]  # one Sub per button
    assert [call for _, call in subs] == [f'RunPython "import macros; macros.jalankan(""{name}"")"'
                                          for name in BUTTONS]
    assert {"ThisWorkbook.cls", *(f"Sheet{i}.cls" for i in range(1, 9))} <= set(modules)
    with zipfile.ZipFile(xlsm) as zf:
        ole = olefile.OleFileIO(zf.read("xl/vbaProject.bin"))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000000")  # version 0xFFFF
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=xlwings\r\n" in project and f"Module={BUTTON_MODULE}\r\n" in project
    assert "Document=ThisWorkbook/&H00000000" in project


# -- package parts ------------------------------------------------------------------------------------
def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_form_buttons_and_named_shapes_are_written_as_excel_writes_them(xlsm, tmp_path):
    parts = _parts(xlsm)
    types = parts["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert 'PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"' in types
    assert "relationships/vbaProject" in parts["xl/_rels/workbook.xml.rels"].decode()
    assert 'codeName="ThisWorkbook"' in parts["xl/workbook.xml"].decode()
    sheet = parts["xl/worksheets/sheet3.xml"].decode()  # Register
    assert "<drawing " in sheet and "<legacyDrawing " in sheet and "<controls " in sheet
    vml = parts["xl/drawings/vmlDrawing1.vml"].decode()
    assert vml.count('<x:ClientData ObjectType="Button">') == len(BUTTONS)
    assert re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml) == [SUB_NAMES[n] for n in BUTTONS]
    assert re.findall(r'macro="\[0\]!(\w+)"', sheet) == [SUB_NAMES[n] for n in BUTTONS]
    assert all(parts[f"xl/ctrlProps/ctrlProp{i}.xml"].decode().count('objectType="Button"') == 1
               for i in range(1, len(BUTTONS) + 1))
    _check_shapes(parts)

    plain = tmp_path / "R.xlsx"  # an .xlsx has the shapes for Office.js, no VBA and no form buttons
    assert _ppid("buat", str(plain), cwd=tmp_path).returncode == 0
    parts = _parts(plain)
    assert "xl/vbaProject.bin" not in parts and not any("vml" in n or "ctrlProp" in n for n in parts)
    _check_shapes(parts)


def _check_shapes(parts):
    drawing = parts["xl/drawings/drawing1.xml"].decode()
    rels = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"',
                           parts["xl/drawings/_rels/drawing1.xml.rels"].decode()))
    shapes = re.findall(r'<xdr:cNvPr id="\d+" name="([^"]+)"[^>]*><a:hlinkClick r:id="(rId\d+)"/>', drawing)
    refs = {f"Tombol_{name}": f"#Register!{cell}" for name, (cell, _) in BUTTONS.items()}
    assert {name: rels[rid] for name, rid in shapes} == refs  # [Tombol_x]Register!D2 -> shape + link


# -- LibreOffice --------------------------------------------------------------------------------------
def _uno_python() -> str:
    for candidate in ("/usr/bin/python3", shutil.which("python3") or ""):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    pytest.fail("python3-uno is needed (CI installs it: .ci/run)")


def _probe(path, tmp_path, *script):
    done = subprocess.run([_uno_python(), str(ROOT / "tests" / "lo_probe.py"), str(path), str(tmp_path / "profil"),
                           *script], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


TEST_MODULE = ('Attribute VB_Name = "UjiTes"\r\nSub TulisSel()\r\n'
               '    ThisWorkbook.Worksheets("Riwayat").Range("M1").Value = "makro jalan"\r\nEnd Sub\r\n')


@pytest.mark.libreoffice
def test_libreoffice_loads_the_xlsm_modules_and_bound_buttons(xlsm, tmp_path):
    found = _probe(xlsm, tmp_path)
    library = found["libraries"]["VBAProject"]
    assert {"xlwings", BUTTON_MODULE, "ThisWorkbook"} <= set(library)
    assert "Sub Validasi()" in library[BUTTON_MODULE] and "Function RunPython(" in library["xlwings"]
    bound = {c["label"]: [e["code"] for e in c["events"]] for c in found["controls"]}
    assert bound == {caption: [f"vnd.sun.star.script:VBAProject.{BUTTON_MODULE}.{SUB_NAMES[name]}"
                               "?language=Basic&location=document"] for name, (_, caption) in BUTTONS.items()}
    assert {s["name"] for s in found["shapes"]} >= {f"Tombol_{name}" for name in BUTTONS}


@pytest.mark.libreoffice
def test_libreoffice_runs_a_test_sub_of_a_test_build(tmp_path):
    """A test build (the button module plus a test-only module; LibreOffice Basic cannot compile
    xlwings' Windows declarations, so this build leaves that module out) runs and writes a cell."""
    import ppid_dokumentasi.adapters.workbook_controls as controls
    from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook

    original = controls.vba_modules
    try:
        controls.vba_modules = lambda n, extra=(): [m for m in original(n, extra) if m.name != "xlwings"]
        path = build_workbook(tmp_path / "uji.xlsm", extra_vba=(TEST_MODULE,))
    finally:
        controls.vba_modules = original
    found = _probe(path, tmp_path, "vnd.sun.star.script:VBAProject.UjiTes.TulisSel?language=Basic&location=document",
                   "Riwayat", "M1")
    assert found["cell"] == "makro jalan"
    assert "UjiTes" in found["libraries"]["VBAProject"]


# -- set-up on a PC and fidelity after CLI actions ----------------------------------------------------
PETUGAS = "Nama Kasubag Tata Usaha (contoh)"
CONTROL_PARTS = re.compile(  # ours; other commands may add parts (the Dasbor chart), never change these
    r"xl/(vbaProject\.bin|drawings/(_rels/)?drawing1\.xml(\.rels)?|drawings/vmlDrawing1\.vml|ctrlProps/.*)$")


def _controls_of(path):
    parts = _parts(path)
    kept = {n: b for n, b in parts.items() if CONTROL_PARTS.match(n)}
    sheet = parts["xl/worksheets/sheet3.xml"].decode()
    kept["sheet elements"] = re.findall(r"<(?:drawing|legacyDrawing) [^>]*/>|<controls .*?</controls>", sheet)
    return kept


def test_pasang_writes_this_environment_into_xlwings_conf(ppid, tmp_path):
    from openpyxl import load_workbook

    from ppid_dokumentasi.cli_setup import interpreter, macros_folder

    path = tmp_path / "R.xlsm"
    assert ppid("buat", str(path)).returncode == 0
    done = ppid("pasang", str(path))
    assert done.returncode == 0, done.stderr
    conf = {r[0]: r[1] for r in load_workbook(path, keep_vba=True)["xlwings.conf"].iter_rows(values_only=True)}
    assert conf["Interpreter_Mac" if sys.platform == "darwin" else "Interpreter_Win"] == interpreter()
    assert conf["PYTHONPATH"] == macros_folder() and (Path(macros_folder()) / "macros" / "__init__.py").is_file()
    plain = tmp_path / "biasa.xlsx"  # a readable workbook without macros
    assert ppid("buat", str(plain)).returncode == 0
    refused = ppid("pasang", str(plain))
    assert refused.returncode == 2 and "bukan workbook bermakro" in refused.stderr


def test_vba_project_shapes_and_buttons_survive_every_cli_action(ppid, tmp_path):
    path = tmp_path / "R.xlsm"
    assert ppid("buat", str(path), "--contoh").returncode == 0
    before = _controls_of(path)
    for args in (["pasang", str(path)],
                 ["majukan", str(path), "--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS],
                 ["surat", str(path), "--jenis", "keputusan", "--keluar", str(tmp_path / "surat"), "--oleh", PETUGAS],
                 ["arsip", "simpan", str(path), "--nama", "Nama Arsiparis (contoh)"],
                 ["dasbor", str(path)]):
        done = ppid(*args)
        assert done.returncode == 0, done.stderr
        assert _controls_of(path) == before, args
