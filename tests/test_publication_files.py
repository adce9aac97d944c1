"""The exported files as their consumers see them: the CSVs validated by the frictionless library
against datapackage.json, the HTML page parsed and opened in headless Chromium (screenshot kept in
``test-artifacts/``), the .xlsx read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from frictionless import validate
from openpyxl import load_workbook

from publish_support import keputusan_row, workbook_data
from ppid_dokumentasi.adapters.openpyxl_tables import table_xlsx
from ppid_dokumentasi.export_files import export
from ppid_dokumentasi.sample import sample_rows

AS_OF = dt.date(2026, 11, 25)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = '<img src="http://contoh.invalid/x.png"> =HYPERLINK("http://x") & "kutip"'
CHROMIUM = os.environ.get("PPID_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
requires_chromium = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                       reason="Chromium tidak terpasang (.ci/run memasangnya)")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """An export of the sample with both lists filled, one title hostile to every format."""
    folder = tmp_path_factory.mktemp("ekspor")
    rows = []
    for row in sample_rows():
        if row.id_informasi in ("PKR-2025-003", "PKR-2025-005"):
            row = row.model_copy(update={"langkah": 7, "status": "Selesai", "lokasi_softfile": "softfile/a.pdf"})
        if row.id_informasi == "PKR-2025-003":
            row = row.model_copy(update={"judul": HOSTILE})
        rows.append(row)
    data = workbook_data(folder, rows, letters=[keputusan_row(["PKR-2025-007", "PKR-2025-008"], 3,
                                                              dt.date(2025, 9, 1))])
    out = folder / "keluar"
    export(data, out, AS_OF, table_xlsx)
    return out


def test_csvs_validate_against_their_datapackage(exported):
    report = validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == ["dip", "dik"]
    assert [task.stats["rows"] for task in report.tasks] == [3, 2]
    csv_text = (exported / "dip.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" not in csv_text  # the title starts with '<', so it stays as typed
    assert '""kutip""' in csv_text


def test_xlsx_keeps_text_as_text_and_groups_the_dip(exported):
    ws = load_workbook(exported / "dip.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "Daftar Informasi Publik"
    assert values[3][:4] == ["No", "Klasifikasi", "ID Informasi", "Judul Informasi"]
    groups = [row[0] for row in values[4:] if row[0] and str(row[0]).startswith("Informasi ")]
    assert groups == ["Informasi Berkala (1)", "Informasi Serta Merta (1)", "Informasi Setiap Saat (1)"]
    assert HOSTILE in [row[3] for row in values]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws.print_title_rows == "$4:$4" and ws.page_setup.orientation == "landscape"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.captions = 0
        self._in_caption = False
        self.caption_texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "caption":
            self._in_caption = True
            self.caption_texts.append("")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.caption_texts[-1] += data


def test_html_page_is_accessible_and_self_contained(exported):
    html = (exported / "daftar-informasi.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    tags = page.tags
    assert tags[0] == ("html", {"lang": "id"})
    tables = [a for t, a in tags if t == "table"]
    assert len(tables) == 2 and len(page.caption_texts) == 2
    assert page.caption_texts[0].startswith("Daftar Informasi Publik Biro Pemerintahan")
    headers = [a for t, a in tags if t == "th"]
    assert headers and all(a.get("scope") in ("col", "row", "rowgroup") for a in headers)
    assert {a["scope"] for a in headers} == {"col", "row", "rowgroup"}
    assert [t for t, _ in tags].count("label") == 1 and ("input", {"type": "search", "id": "cari", "name": "cari",
                                                                   "autocomplete": "off",
                                                                   "aria-controls": "tabel-dip tabel-dik",
                                                                   "aria-describedby": "jumlah-cocok"}) in tags
    assert "@media print" in html and "@page" in html
    # Nothing external: no element loads anything, no link/url() at all.
    for tag, attrs in tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        for name in ("src", "href", "action", "srcset"):
            assert name not in attrs, (tag, attrs)
    assert "url(" not in html and "@import" not in html and "http" not in html.split("<body>")[1].split(
        '<tbody>')[0]
    # The hostile title is data: escaped, never markup.
    assert HOSTILE not in html and "&lt;img src=&quot;http://contoh.invalid/x.png&quot;&gt;" in html


@requires_chromium
def test_html_page_in_headless_chromium(exported, tmp_path):
    page = exported / "daftar-informasi.html"
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "daftar-informasi.png"
    shot.unlink(missing_ok=True)
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profil'}"]
    done = subprocess.run(flags + [f"--screenshot={shot}", "--window-size=1280,1000", page.as_uri()],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", done.stderr
    print(f"\nscreenshot: {shot}")
    # The search box works without any external script: ?cari= fills it and the script hides rows.
    dom = subprocess.run(flags + ["--dump-dom", page.as_uri() + "?cari=banjir"], capture_output=True, text=True,
                         timeout=120, stdin=subprocess.DEVNULL).stdout
    rows = [line for line in dom.split("<tr") if 'class="butir"' in line]
    assert len(rows) == 5
    visible = [r for r in rows if "hidden" not in r.split(">")[0]]
    assert len(visible) == 1 and "PKR-2025-005" in visible[0]
    assert "1 informasi cocok" in dom
