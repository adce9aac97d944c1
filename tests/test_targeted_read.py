"""The targeted reader (an action on a few items) gives what the full reader gives for those items."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.adapters.xlsx_package import XlsxPackage
from ppid_dokumentasi.adapters.xlsx_targeted import read_targeted, reduced_register
from ppid_dokumentasi.errors import ItemNotFound
from ppid_dokumentasi.register import RegisterRow
from ppid_dokumentasi.sample import SAMPLE, sample_rows

REGISTER_PART = "xl/worksheets/sheet3.xml"


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    """The sample (shared strings, written by the builder) plus rows appended by the patcher (inline
    strings), with dates, numbers, empty cells and IDs that contain one another."""
    path = tmp_path_factory.mktemp("targeted") / "register.xlsx"
    build_workbook(path, sample_rows())
    base = [RegisterRow(**values).cell_values() for values in SAMPLE]
    extra = []
    for n in range(40):
        values = dict(base[n % len(base)])
        values["ID Informasi"] = f"T-{n}"
        values["Catatan Koreksi"] = "" if n % 2 else f"catatan {n} & <lain>"
        extra.append(values)
    extra[7]["Tanggal Uji Konsekuensi"] = dt.date(2025, 2, 3)
    with WorkbookEditor(path) as editor:
        editor.append_register(extra)
    return path


def _with_shared_strings(source: Path, target: Path) -> Path:
    """The register with the text cells of odd Register rows as shared strings (as Excel writes them)
    and the first cell of row 9 without its ``r`` attribute."""
    strings: list[bytes] = []

    def shared(m: re.Match) -> bytes:
        strings.append(m.group(2))
        return m.group(1) + b't="s"><v>%d</v></c>' % (len(strings) - 1)

    def row(m: re.Match) -> bytes:
        if int(m.group(1)) % 2:
            return re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")? )t="inlineStr"><is>(<t[^>]*>.*?</t>)</is></c>', shared,
                          m.group(0))
        if m.group(1) == b"9":
            return m.group(0).replace(b'<c r="A9" ', b"<c ", 1)
        return m.group(0)

    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == REGISTER_PART:
                data = re.sub(rb'<row r="(\d+)".*?</row>', row, data, flags=re.S)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rIdSst"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            out.writestr(info, data)
        out.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     b'count="%d" uniqueCount="%d">' % (len(strings), len(strings))
                     + b"".join(b"<si>" + t + b"</si>" for t in strings) + b"</sst>")
    assert strings
    return target


@pytest.fixture(scope="module")
def shared_register(register) -> Path:
    return _with_shared_strings(register, register.with_name("shared.xlsx"))


def _targeted(path: Path, ids: list[str]):
    package = XlsxPackage(path)
    try:
        return read_targeted(package, path, ids)
    finally:
        package.close()


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("ids", [["PKR-2025-012"], ["T-1"], ["t-3", " PKR-2025-001 "], ["T-7", "T-39"], ["T-30"]])
def test_same_items_settings_and_riwayat_as_full_read(register, shared_register, ids, shared):
    book = shared_register if shared else register
    full, part = read_workbook(book), _targeted(book, ids)
    assert part is not None
    rows = full.register.rows_of(ids)
    assert part.register.rows_of(ids) == rows
    assert part.register.items(rows, part.lists) == full.register.items(rows, full.lists)
    assert [dict(part.register.rows)[r] for r in rows] == [dict(full.register.rows)[r] for r in rows]
    assert (part.register.header_row, part.register.labels) == (full.register.header_row, full.register.labels)
    for name in ("sheet_names", "settings", "lists", "version", "structure_problems", "riwayat", "letters"):
        assert getattr(part, name) == getattr(full, name), name
    assert len(part.register.rows) < len(full.register.rows)


def test_unknown_id_refused_like_full_read(register):
    part = _targeted(register, ["T-999"])
    with pytest.raises(ItemNotFound):
        part.register.rows_of(["T-999"])


def test_unsure_cases_fall_back_to_the_full_read(register):
    with zipfile.ZipFile(register) as z:
        xml = z.read(REGISTER_PART)
    assert reduced_register(xml, ["T-1"], None) is not None
    assert reduced_register(xml, ["ID dengan spasi"], None) is None  # not a plain ID
    without_refs = re.sub(rb'(<row\b[^>]*?)\sr="\d+"', rb"\1", xml)
    assert reduced_register(without_refs, ["T-1"], None) is None  # rows placed by order only
    rich = b"<sst><si><r><t>T-</t></r><r><t>1</t></r></si></sst>"
    assert reduced_register(xml, ["T-1"], rich) is None  # an ID split over rich-text runs


def test_editor_appends_after_the_last_row_after_a_targeted_read(register, tmp_path):
    copy = tmp_path / "r.xlsx"
    copy.write_bytes(register.read_bytes())
    last = read_workbook(copy).register.rows[-1][0]
    with WorkbookEditor(copy, ids=["T-2"]) as editor:
        assert editor.data.register.rows_of(["T-2"])
        row = editor.append_register([{"ID Informasi": "T-BARU"}])
    assert row == [last + 1]
    assert read_workbook(copy).register.rows_of(["T-BARU"]) == [last + 1]


def test_a_large_riwayat_is_read_by_its_last_row_and_chains_the_same(tmp_path, monkeypatch):
    """A workflow action chains its events after the last Riwayat row and the event count; with the
    Riwayat cut to that row (a large part) it writes the same rows as with the Riwayat read in full,
    and it reads in full whenever the count cannot be vouched for (Pengaturan's anchor differs)."""
    from ppid_dokumentasi import workflow
    from ppid_dokumentasi.adapters import xlsx_targeted
    from ppid_dokumentasi.adapters.file_session import FileSession
    from ppid_dokumentasi.app.actors import acting_user
    from ppid_dokumentasi.app.workflow_actions import act
    from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, verify_chain

    base = build_workbook(tmp_path / "dasar.xlsx", sample_rows(), history=True)
    results, tails = {}, []
    real = xlsx_targeted._tail_of
    monkeypatch.setattr(xlsx_targeted, "_tail_of", lambda data, last: tails.append(real(data, last)) or tails[-1])
    for case, limit in (("utuh", 1 << 40), ("ekor", 0), ("jangkar-lain", 0)):
        monkeypatch.setattr(xlsx_targeted, "TAIL_FROM", limit)
        book = tmp_path / f"{case}.xlsx"
        book.write_bytes(base.read_bytes())
        if case == "jangkar-lain":
            with WorkbookEditor(book) as editor:
                editor.set_setting(ANCHOR_COUNT_KEY, 999)
        with FileSession(book, ["PKR-2025-012"], targeted=True) as session:
            actor = acting_user(session.data.settings, "Nama Kasubag Tata Usaha (contoh)", "Petugas")
            act(session, workflow.MAJU, actor)
        results[case] = read_workbook(book).riwayat
    assert [type(t).__name__ for t in tails] == ["RiwayatTail", "NoneType"]  # cut, then refused: read in full
    assert len(tails[0]) == len(results["utuh"]) - 1 and tails[0][-1] == results["utuh"][-2]
    strip = [[c for i, c in enumerate(row) if i not in (1, 9, 10)] for row in results["utuh"]]  # time, hashes
    for case in ("ekor", "jangkar-lain"):
        assert [[c for i, c in enumerate(row) if i not in (1, 9, 10)] for row in results[case]] == strip, case
    assert verify_chain(results["ekor"]) == []
