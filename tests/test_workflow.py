"""The workflow: data checks when loaded, the whole (step, status, action, role) matrix in the core and
on real files (allowed: expected step + one chained event; refused: message, file bytes unchanged)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.audit import verify_chain
from ppid_dokumentasi.cli_workflow import apply_action
from ppid_dokumentasi.datafiles import packaged
from ppid_dokumentasi.errors import ActorRefused, DataFileError, ItemNotFound, WorkflowRefused
from ppid_dokumentasi.register import parse_row
from ppid_dokumentasi.sample import sample_rows
from ppid_dokumentasi.sop import Sop, default_sop
from ppid_dokumentasi.workflow import (
    ACTIONS, KEMBALIKAN, MAJU, SETUJUI, build_workflow, decide, default_workflow,
)

USERS = {"Petugas": "Nama Kasubag Tata Usaha (contoh)", "PPID": "Nama Pejabat PPID (contoh)",
         "Arsip": "Nama Arsiparis (contoh)"}
ROLES = tuple(USERS)
STATES = [(1, "Dalam Proses"), (2, "Dalam Proses"), (3, "Dalam Proses"), (4, "Dalam Proses"),
          (5, "Dalam Proses"), (5, "Dikembalikan"), (6, "Menunggu Persetujuan"), (6, "Disetujui"),
          (7, "Dalam Proses"), (7, "Selesai")]
NOTE = "Perbaiki ringkasan isi."


def expected(step: int, status: str, aksi: str, peran: str) -> tuple[int, str] | None:
    """The SOP read independently of sop.toml: (new step, new status) or None when refused."""
    if status == "Selesai":
        return None
    if aksi == MAJU:
        if step == 7:
            return (7, "Selesai") if peran == "Arsip" else None
        carriers = {2: ("Petugas", "PPID"), 6: ("Petugas", "PPID")}.get(step, ("Petugas",))
        if peran not in carriers or (step == 6 and status != "Disetujui"):
            return None
        return step + 1, "Menunggu Persetujuan" if step == 5 else "Dalam Proses"
    if aksi == KEMBALIKAN:
        return (5, "Dikembalikan") if step == 6 and peran == "PPID" else None
    if aksi == SETUJUI:
        return (6, "Disetujui") if step == 6 and peran == "PPID" and status != "Disetujui" else None
    raise AssertionError(aksi)


def base_row():
    """A complete Dikecualikan item (ground h angka 2, test done, end date): every guard satisfied."""
    return next(r for r in sample_rows() if r.is_exempt and r.berakhir and r.lokasi_softfile)


def state_rows():
    base = base_row()
    return [base.model_copy(update={"id_informasi": f"UJI-{i:02d}", "langkah": step, "status": status,
                                    "catatan_koreksi": ""})
            for i, (step, status) in enumerate(STATES)]


MATRIX = [(i, aksi, peran) for i in range(len(STATES)) for aksi in ACTIONS for peran in ROLES]


# -- data ------------------------------------------------------------------------------------
def test_transitions_load_from_sop_data_and_print_as_table():
    table = default_workflow().table()
    assert {"aksi": "maju", "dari": 5, "ke": 6, "peran": "Petugas", "status": "Menunggu Persetujuan",
            "syarat": "lokasi_softfile"} in table
    assert {(t["aksi"], t["dari"], t["ke"]) for t in table} == {
        ("maju", 1, 2), ("maju", 2, 3), ("maju", 3, 4), ("maju", 4, 5), ("maju", 5, 6), ("kembalikan", 6, 5),
        ("setujui", 6, 6), ("maju", 6, 7), ("maju", 7, 7)}
    statuses = set(packaged("referensi.toml")["daftar"]["Status"])
    assert {t["status"] for t in table} == statuses == {
        "Dalam Proses", "Menunggu Persetujuan", "Dikembalikan", "Disetujui", "Selesai"}


def _sop_with(transitions) -> Sop:
    raw = default_sop().model_dump()
    raw["transisi"] = transitions
    return Sop.model_validate(raw)


@pytest.mark.parametrize("change, message", [
    ({"ke": 4}, "tidak boleh melompat"),
    ({"peran": ["Arsip"]}, "bukan pelaksana langkah 1"),
    ({"peran": ["Direktur"]}, "peran tidak dikenal"),
    ({"status": "Beres"}, "tidak ada di daftar Status"),
    ({"syarat": ["tanda_tangan"]}, "syarat tidak dikenal"),
    ({"aksi": "lompat"}, "aksi 'lompat' tidak dikenal"),
])
def test_bad_transition_data_is_refused_when_loaded(change, message):
    transitions = [dict(t) for t in default_sop().model_extra["transisi"]]
    transitions[0] = transitions[0] | change
    with pytest.raises(DataFileError, match=message):
        build_workflow(_sop_with(transitions))


def test_workflow_data_must_reach_every_step_and_finish_once():
    transitions = [dict(t) for t in default_sop().model_extra["transisi"]]
    without_final = [t for t in transitions if not (t["dari"] == 7)]
    with pytest.raises(DataFileError, match="tepat satu 'maju' dari langkah 7"):
        build_workflow(_sop_with(without_final))
    without_3 = [t for t in transitions if t["dari"] != 3]
    with pytest.raises(DataFileError, match=r"langkah \[4, 5, 6, 7\] tidak dapat dicapai"):
        build_workflow(_sop_with(without_3))
    kembalikan_without_note = [t | {"syarat": []} if t["aksi"] == "kembalikan" else t for t in transitions]
    with pytest.raises(DataFileError, match="Catatan Koreksi"):
        build_workflow(_sop_with(kembalikan_without_note))


# -- core matrix -----------------------------------------------------------------------------
@pytest.mark.parametrize("index, aksi, peran", MATRIX)
def test_core_matrix(index, aksi, peran):
    row = state_rows()[index].model_copy(update={"excel_row": 5 + index})
    want = expected(*STATES[index], aksi, peran)
    if want is None:
        with pytest.raises(WorkflowRefused) as info:
            decide(row, aksi, peran, USERS[peran], NOTE)
        assert info.value.message.startswith(f"Register baris {5 + index} (ID 'UJI-{index:02d}'): ")
        assert info.value.row == 5 + index
    else:
        outcome = decide(row, aksi, peran, USERS[peran], NOTE)
        assert (outcome.step, outcome.status) == want
        assert outcome.changes["Langkah"] == want[0] and outcome.changes["Status"] == want[1]
        assert (outcome.event.dari_langkah, outcome.event.ke_langkah, outcome.event.aksi) == (STATES[index][0],
                                                                                             want[0], aksi)
        assert row.langkah == STATES[index][0]  # the input row is never changed


# -- guards and messages ---------------------------------------------------------------------
def test_refusal_messages_name_rule_and_what_is_missing():
    base = base_row().model_copy(update={"excel_row": 9, "id_informasi": "X-1"})
    cases = [
        (base.model_copy(update={"langkah": 5, "status": "Dalam Proses", "lokasi_softfile": ""}), MAJU, "Petugas",
         NOTE, "Belum lengkap: kolom 'Lokasi Softfile'"),
        (base.model_copy(update={"langkah": 6, "status": "Menunggu Persetujuan", "berakhir": None}), SETUJUI, "PPID",
         NOTE, "uji konsekuensi informasi yang dikecualikan (UU 14/2008 Pasal 19; Perki 1/2021 Pasal 49). Belum "
         "lengkap: 'Pengecualian Berakhir' (tidak permanen; UU 14/2008 Pasal 20 ayat (1))"),
        (base.model_copy(update={"langkah": 6, "status": "Disetujui", "konsekuensi": "", "pertimbangan": "",
                                 "tanggal_uji": None}), MAJU, "PPID", NOTE,
         "Belum lengkap: 'Konsekuensi Jika Dibuka' (konsekuensi yang timbul bila informasi dibuka; Perki 1/2021 "
         "Pasal 49 ayat (2) huruf d; PP 61/2010 Pasal 1 angka 9), 'Pertimbangan Kepentingan Publik'"),
        (base.model_copy(update={"langkah": 6, "status": "Menunggu Persetujuan", "dasar_pengecualian": ""}),
         MAJU, "Petugas", NOTE, "Belum lengkap: persetujuan pimpinan PPID"),
        (base.model_copy(update={"langkah": 6, "status": "Menunggu Persetujuan"}), KEMBALIKAN, "PPID", "  ",
         "Belum lengkap: 'Catatan Koreksi' dari pimpinan PPID"),
        (base.model_copy(update={"langkah": 3}), MAJU, "Arsip", NOTE,
         "peran 'Arsip' tidak berwenang menjalankan 'Majukan Langkah' dari langkah 3 ke 4; menurut SOP yang "
         "berwenang: Petugas."),
        (base.model_copy(update={"langkah": 4}), SETUJUI, "PPID", NOTE,
         "'Setujui' tidak berlaku di langkah 4 (persetujuan hanya di langkah 6)"),
        (base.model_copy(update={"langkah": 7, "status": "Selesai"}), MAJU, "Arsip", NOTE, "sudah berstatus 'Selesai'"),
        (base.model_copy(update={"langkah": None}), MAJU, "Petugas", NOTE, "kolom 'Langkah' kosong"),
    ]
    for row, aksi, peran, note, text in cases:
        with pytest.raises(WorkflowRefused) as info:
            decide(row, aksi, peran, USERS[peran], note)
        assert text in info.value.message, info.value.message
        assert info.value.message.startswith("Register baris 9 (ID 'X-1'): ")


def test_non_exempt_item_needs_no_consequence_test():
    row = next(r for r in sample_rows() if not r.is_exempt).model_copy(
        update={"langkah": 6, "status": "Menunggu Persetujuan", "lokasi_softfile": "softfile/a.pdf"})
    assert decide(row, SETUJUI, "PPID", USERS["PPID"]).status == "Disetujui"


# -- the matrix on files ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def matrix_xlsx(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("matriks") / "matriks.xlsx", state_rows())


@pytest.mark.parametrize("index, aksi, peran", MATRIX)
def test_file_matrix(matrix_xlsx, tmp_path, index, aksi, peran):
    path = tmp_path / "register.xlsx"
    shutil.copy(matrix_xlsx, path)
    before = path.read_bytes()
    item = f"UJI-{index:02d}"
    want = expected(*STATES[index], aksi, peran)
    if want is None:
        with pytest.raises(WorkflowRefused) as info:
            apply_action(path, item, aksi, peran, USERS[peran], NOTE)
        assert item in info.value.message
        assert path.read_bytes() == before
        return
    apply_action(path, item, aksi, peran, USERS[peran], NOTE)
    data = read_workbook(path)
    excel_row, cells = data.register.find(item)
    row, problems = parse_row(cells, excel_row, data.lists)
    assert not problems
    assert (row.langkah, row.status) == want
    assert len(data.riwayat) == 1
    event = data.riwayat[0]
    assert [event[2], event[3], event[4], event[5], event[6], event[7]] == [
        item, STATES[index][0], want[0], aksi, peran, USERS[peran]]
    assert verify_chain(data.riwayat, data.settings.values["riwayat_jumlah"],
                        data.settings.values["riwayat_hash_terakhir"]) == []


def test_actor_must_be_registered_with_that_role(matrix_xlsx, tmp_path):
    path = tmp_path / "register.xlsx"
    shutil.copy(matrix_xlsx, path)
    before = path.read_bytes()
    with pytest.raises(ActorRefused, match="terdaftar dengan peran 'Petugas', bukan 'PPID'"):
        apply_action(path, "UJI-06", SETUJUI, "PPID", USERS["Petugas"])
    with pytest.raises(ActorRefused, match="tidak terdaftar di tabel Pengguna"):
        apply_action(path, "UJI-06", SETUJUI, "PPID", "Orang Lain")
    with pytest.raises(ItemNotFound, match="ID Informasi 'TIDAK-ADA' tidak ada di sheet Register"):
        apply_action(path, "TIDAK-ADA", MAJU, "Petugas", USERS["Petugas"])
    assert path.read_bytes() == before
