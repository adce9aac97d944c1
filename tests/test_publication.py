"""The DIP/DIK export: what is selected, what never leaves the register, and the files as a user gets
them (CLI as a process, the button through xlwings' remote engine)."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from publish_support import event_row, keputusan_row, texts_of, workbook_data
from ppid_dokumentasi.adapters.openpyxl_tables import table_xlsx
from ppid_dokumentasi.export_files import export
from ppid_dokumentasi.publication import select
from ppid_dokumentasi.sample import sample_rows

AS_OF = dt.date(2026, 11, 25)
SECRET = "ZQX"  # marks every text that must never leave the register
PUBLIC_TEMPLATE = sample_rows()[0]  # Berkala, finished, every DIP element
EXEMPT_TEMPLATES = [r for r in sample_rows() if r.is_exempt]
PUBLIC_CLASSES = ["Berkala", "Serta Merta", "Setiap Saat"]
STAGES = [(7, "Selesai")] * 3 + [(7, "Dalam Proses"), (6, "Disetujui"), (6, "Menunggu Persetujuan"),
                                 (5, "Dalam Proses"), (1, "Dalam Proses")]

public_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")).filter(
    lambda c: c.upper() not in "ZQX"), min_size=1, max_size=25).filter(lambda s: s.strip())
secret_text = st.builds(lambda n, tail: f"{SECRET}{n}-{tail}", st.integers(0, 10**6),
                        st.text(alphabet="abc <&>\"'=;", max_size=12))


@st.composite
def items(draw, index: int):
    stage = draw(st.sampled_from(STAGES))
    exempt = draw(st.booleans())
    secrets = {k: draw(secret_text) for k in ("keterangan", "catatan_koreksi")}
    if exempt:
        template = draw(st.sampled_from(EXEMPT_TEMPLATES))
        secrets |= {k: draw(secret_text) for k in ("ringkasan", "konsekuensi", "pertimbangan", "analisis_uu",
                                                   "dokumen_sumber")}
        secrets["peserta_uji"] = f"{draw(secret_text).replace('|', '').replace(';', '')} | 19800101 200501 1 001 | {SECRET}Jabatan"
        end = draw(st.sampled_from([None, dt.date(2026, 1, 1), dt.date(2031, 12, 31)]))
        extra = {"berakhir": end if end or not template.berakhir else template.berakhir}
    else:
        template = PUBLIC_TEMPLATE
        extra = {"klasifikasi": draw(st.sampled_from(PUBLIC_CLASSES)), "ringkasan": draw(public_text)}
    return template.model_copy(update={
        "id_informasi": f"PKR-G-{index:03d}", "judul": draw(public_text), "langkah": stage[0], "status": stage[1],
        "pejabat_penguasa": draw(public_text), "lokasi_softfile": "softfile/berkas.pdf", **secrets, **extra})


@st.composite
def registers(draw):
    count = draw(st.integers(1, 7))
    rows = [draw(items(i)) for i in range(count)]
    exempt_ids = [r.id_informasi for r in rows if r.is_exempt]
    decided = draw(st.lists(st.sampled_from(exempt_ids), unique=True)) if exempt_ids else []
    letters = [keputusan_row(decided, 1, dt.date(2025, 8, 1))] if decided else []
    return rows, letters


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # shrinking whole registers takes minutes
@given(registers())
def test_no_exempted_content_leaves_and_every_finished_public_item_is_listed_once(register):
    rows, letters = register
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = workbook_data(folder, rows, letters=letters)
        out = folder / "keluar"
        result = export(data, out, AS_OF, table_xlsx)
        texts = texts_of(out)
        assert {"dip.xlsx!xl/worksheets/sheet1.xml", "dik.xlsx!xl/worksheets/sheet1.xml", "dip.csv", "dik.json",
                "daftar-informasi.html", "datapackage.json", "ditahan.txt"} <= set(texts)
        leaks = [name for name, text in texts.items() if SECRET in text]
        assert leaks == []
        dip = json.loads(texts["dip.json"])
        listed = [i["id_informasi"] for g in dip["kelompok"] for i in g["informasi"]]
        finished = [r.id_informasi for r in rows
                    if r.klasifikasi in PUBLIC_CLASSES and r.langkah == 7 and r.status == "Selesai"]
        assert sorted(listed) == sorted(finished)  # each exactly once, nothing else
        assert [g["judul"] for g in dip["kelompok"]] == [f"Informasi {c}" for c in PUBLIC_CLASSES]
        for group, cls in zip(dip["kelompok"], PUBLIC_CLASSES):
            assert {i["klasifikasi"] for i in group["informasi"]} <= {cls}
        dik = json.loads(texts["dik.json"])
        in_dik = {i["id_informasi"] for g in dik["kelompok"] for i in g["informasi"]}
        decided = set(letters[0][5].split("; ")) if letters else set()
        expected = {r.id_informasi for r in rows if r.is_exempt and r.id_informasi in decided
                    and (r.berakhir is None or r.berakhir > AS_OF)
                    and (r.langkah == 7 or r.status == "Disetujui" or r.persetujuan_tanggal is not None)}
        assert in_dik == expected
        accounted = set(listed) | in_dik | {m for m in re.findall(r"^- (PKR-G-\d+) ", texts["ditahan.txt"], re.M)}
        assert accounted == {r.id_informasi for r in rows}  # every item is published or held back with a reason


def test_reasons_for_holding_back(tmp_path):
    rows = {r.id_informasi: r for r in sample_rows()}
    expired = rows["PKR-2025-009"].model_copy(update={"langkah": 7, "status": "Selesai", "berakhir": dt.date(2026, 1, 5)})
    opened = rows["PKR-2025-003"].model_copy(update={"langkah": 6, "status": "Disetujui"})
    incomplete = rows["PKR-2025-001"].model_copy(update={"id_informasi": "PKR-2025-099", "tempat_pembuatan": ""})
    register = [rows["PKR-2025-001"], incomplete, rows["PKR-2025-007"], rows["PKR-2025-008"], expired, opened,
                rows["PKR-2025-010"]]
    letters = [keputusan_row(["PKR-2025-008", "PKR-2025-009"], 4, dt.date(2025, 9, 1))]
    riwayat = [event_row(1, dt.datetime(2026, 1, 10, 9), "PKR-2025-003", 6, 6, "buka",
                         "Penetapan pembukaan nomor 100.3.3/9/PPIDP.Pemkesra/2026")]
    pub = select(workbook_data(tmp_path, register, riwayat, letters), AS_OF)
    assert [r.id_informasi for r in pub.dip] == ["PKR-2025-001", "PKR-2025-003"]
    assert pub.openings["pkr-2025-003"].nomor == "100.3.3/9/PPIDP.Pemkesra/2026"
    assert [r.id_informasi for r in pub.dik] == ["PKR-2025-008"]
    reasons = {h.id_informasi: h.alasan for h in pub.held}
    assert "Tempat Pembuatan" in reasons["PKR-2025-099"] and "Perki 1/2021" in reasons["PKR-2025-099"]
    assert "PP 61/2010 Pasal 4 ayat (1)" in reasons["PKR-2025-007"]  # approved, never set by a penetapan
    assert "PP 61/2010 Pasal 11 ayat (3)" in reasons["PKR-2025-009"]  # expired, not opened
    assert "pimpinan PPID di langkah 6 SOP" in reasons["PKR-2025-010"]  # not approved at step 6


def test_an_opened_item_stays_in_the_dik_until_its_end_then_moves_to_the_dip(tmp_path):
    """PP 61/2010 Pasal 11 ayat (1)-(2): a penetapan dated 2026 for an exemption ending 2030 opens it in 2030."""
    from ppid_dokumentasi import expiry

    end = dt.date(2030, 12, 31)
    number = "500.12.12/3/PPIDP.Pemkesra/2026"
    item = {r.id_informasi: r for r in sample_rows()}["PKR-2025-008"].model_copy(update={
        "berakhir": end, "nomor_pembukaan": number, "tanggal_pembukaan": dt.date(2026, 11, 2)})
    letters = [keputusan_row([item.id_informasi], 4, dt.date(2025, 9, 1))]
    riwayat = [event_row(1, dt.datetime(2026, 11, 2, 9), item.id_informasi, 6, 6, "buka",
                         expiry.opening_note("Buka Informasi", number, end, "Berkala", "PP 61/2010 Pasal 11"))]
    data = workbook_data(tmp_path, [item], riwayat, letters)
    before = select(data, AS_OF)
    assert [r.id_informasi for r in before.dik] == [item.id_informasi] and before.dip == [] and before.held == []
    out = tmp_path / "2026"
    export(data, out, AS_OF, table_xlsx)
    entry = json.loads((out / "dik.json").read_text(encoding="utf-8"))["kelompok"][0]["informasi"][0]
    assert entry["jangka_waktu"].startswith("sampai dengan 31 Desember 2030") and number in entry["jangka_waktu"]
    after = select(data, dt.date(2031, 1, 2))
    assert after.dik == [] and after.held == []
    assert [(r.id_informasi, r.klasifikasi) for r in after.dip] == [(item.id_informasi, "Berkala")]
    assert after.openings[item.id_informasi.casefold()].nomor == number
    # The same class recorded in the Register before the end: held back, never in the DIP.
    early = workbook_data(tmp_path, [item.model_copy(update={"klasifikasi": "Berkala", "keamanan": "Biasa"})],
                          riwayat, letters)
    (held,) = select(early, AS_OF).held
    assert "PP 61/2010 Pasal 11 ayat (1)" in held.alasan and "Pasal 10 ayat (2)" in held.alasan


def test_the_dik_period_without_an_end_date_is_the_grounds_own_basis_as_in_the_letters(tmp_path):
    """UU 14/2008 Pasal 20 ayat (1) only says a-f are not permanent: g-j print their own basis."""
    from ppid_dokumentasi.letters import butir
    from ppid_dokumentasi.publication import period_text

    row = {r.id_informasi: r for r in sample_rows()}["PKR-2025-007"]  # huruf h, no end date, approved
    pub = select(workbook_data(tmp_path, [row], letters=[keputusan_row([row.id_informasi], 1, dt.date(2025, 9, 1))]),
                 AS_OF)
    (listed,) = pub.dik
    assert period_text(pub, listed) == "sesuai PP 61/2010 Pasal 8 ayat (2)"
    assert butir(listed, 1, pub.settings).jangka_waktu == "Sesuai PP 61/2010 Pasal 8 ayat (2)"


def test_cli_export_of_a_register_with_a_penetapan(sample_xlsx, tmp_path, ppid):
    done = ppid("surat", str(sample_xlsx), "--jenis", "keputusan", "--id", "PKR-2025-008", "--keluar",
                str(tmp_path / "surat"), "--tanggal", "2025-09-01", "--oleh", "Nama Pejabat PPID (contoh)")
    assert done.returncode == 0, done.stderr
    before = sample_xlsx.read_bytes()
    out = tmp_path / "publik"
    result = ppid("ekspor", str(sample_xlsx), "--keluar", str(out), "--per", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert "DIP: 1 informasi; DIK: 1 informasi; ditahan: 12 informasi" in result.stdout
    assert sample_xlsx.read_bytes() == before  # export only reads
    dik = json.loads((out / "dik.json").read_text(encoding="utf-8"))
    entry = dik["kelompok"][0]["informasi"][0]
    assert entry["id_informasi"] == "PKR-2025-008"
    assert entry["dasar_pengecualian"] == "Pasal 17 huruf a angka 2 UU 14/2008"
    assert entry["jangka_waktu"] == "sampai dengan 5 Maret 2035"
    assert entry["tanggal_penetapan"] == "2025-09-01" and entry["nomor_penetapan"].endswith("/2025")
    assert set(entry) == {"no", "id_informasi", "judul", "pejabat_penguasa", "dasar_pengecualian", "undang_undang",
                          "jangka_waktu", "pengecualian_berakhir", "tanggal_penetapan", "nomor_penetapan"}
    held = (out / "ditahan.txt").read_text(encoding="utf-8")
    assert "PKR-2025-007" in held and "PKR-2025-001" not in held
    bad = ppid("ekspor", str(tmp_path / "tidak-ada.xlsx"), "--keluar", str(out))
    assert bad.returncode == 2 and "tidak ditemukan" in bad.stderr
