"""The one definition of a complete consequence test (issue 9): validation, the workflow guard and
the letters agree; an exempted item missing any element cannot be approved, leave step 6, or be
printed in a letter."""

from __future__ import annotations

import datetime as dt

import pytest

from ppid_dokumentasi import consequence_test as uji
from ppid_dokumentasi.errors import LetterError, WorkflowRefused
from ppid_dokumentasi.letters import KINDS
from ppid_dokumentasi.problems import Severity
from ppid_dokumentasi.register import COLUMN_BY_KEY
from ppid_dokumentasi.sample import SAMPLE, sample_rows
from ppid_dokumentasi.workflow import MAJU, SETUJUI, decide
from test_rules import check

PPID = "Nama Pejabat PPID (contoh)"
BASE = next(r for r in sample_rows() if r.id_informasi == "PKR-2025-008")  # huruf a, step 6, approved
BLANK = {"tanggal_uji": None, "berakhir": None}


def broken(key: str, value=""):
    return BASE.model_copy(update={"excel_row": 5, key: BLANK.get(key, value)})


ELEMENT_KEYS = [e.key for e in uji.ELEMENTS] + ["berakhir"]


def test_sample_items_are_complete():
    assert all(uji.is_complete(r) for r in sample_rows())


@pytest.mark.parametrize("key", ELEMENT_KEYS)
def test_missing_element_blocks_approval_step_7_letters_and_validation(key, monkeypatch):
    row = broken(key)
    found = uji.gaps(row)
    assert [g.element.key for g in found] == [key]
    label = COLUMN_BY_KEY[key].label
    # The workflow guard: neither approved nor moved on from step 6.
    with pytest.raises(WorkflowRefused) as info:
        decide(row.model_copy(update={"status": "Menunggu Persetujuan"}), SETUJUI, "PPID", PPID)
    assert f"'{label}'" in info.value.message and found[0].element.dasar in info.value.message
    with pytest.raises(WorkflowRefused):
        decide(row, MAJU, "PPID", PPID)
    # Validation reports an error on that very column.
    values = dict(next(s for s in SAMPLE if s["id_informasi"] == "PKR-2025-008"), **{key: BLANK.get(key, "")})
    assert any(col == label and sev is Severity.ERROR for _, col, _, sev in check(values))


@pytest.fixture(scope="module")
def untested_book(tmp_path_factory):
    from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
    from ppid_dokumentasi.register import RegisterRow

    rows = [RegisterRow(**dict(s, analisis_uu="") if s["id_informasi"] == "PKR-2025-008" else s) for s in SAMPLE]
    return build_workbook(tmp_path_factory.mktemp("uji") / "register.xlsx", rows)


@pytest.mark.parametrize("jenis", [k for k, kind in KINDS.items() if kind.needs_test])
def test_letters_refuse_an_incomplete_test(jenis, untested_book):
    from ppid_dokumentasi.adapters.docx_letters import render
    from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
    from ppid_dokumentasi.letters import compose

    before = untested_book.read_bytes()
    with pytest.raises(LetterError) as info:
        with WorkbookEditor(untested_book) as editor:
            compose(editor, jenis, ["PKR-2025-008"], dt.date(2026, 11, 25), render=render)
    assert "PKR-2025-008 (belum lengkap: 'Analisis Undang-Undang'" in info.value.message
    assert "Perki 1/2021 Pasal 49 ayat (2) huruf c" in info.value.message
    assert untested_book.read_bytes() == before


@pytest.mark.parametrize("text, problem", [
    ("Budi", "harus ditulis 'Nama | NIP | Jabatan'"),
    ("Budi | 1980 | Kabag", "harus 18 angka"),
    ("Budi | 19800101 200501 1 001 |", "harus ditulis"),
])
def test_participants_need_name_nip_and_jabatan(text, problem):
    found = uji.gaps(broken("peserta_uji", text))
    assert len(found) == 1 and problem in found[0].reason
    values = dict(next(s for s in SAMPLE if s["id_informasi"] == "PKR-2025-008"), peserta_uji=text)
    assert "peserta-uji-tidak-sah" in [code for _, _, code, _ in check(values)]


def test_conclusion_open_is_a_gap_and_public_items_have_none():
    assert uji.gaps(broken("kesimpulan_uji", "Dibuka"))[0].reason
    assert uji.gaps(BASE.model_copy(update={"klasifikasi": "Berkala", "konsekuensi": ""})) == []
    people = uji.participants(BASE)
    assert [p.nip for p in people][0] == "19800101 200501 1 001" and people[0].jabatan.startswith("Kepala Bagian")
    assert isinstance(BASE.tanggal_uji, dt.date)


def test_a_1_0_workbook_without_the_new_columns_stays_readable():
    from ppid_dokumentasi.layout import ADDED_IN_1_1, REQUIRED_SHEETS, check_structure, spec_1_0

    spec = spec_1_0()
    problems = check_structure("1.0", list(REQUIRED_SHEETS), list(spec.register_labels), spec.lists)
    assert problems == [] and not set(ADDED_IN_1_1) & set(spec.register_labels)
