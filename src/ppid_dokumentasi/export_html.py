"""One static, accessible Indonesian HTML page with the DIP and the public DIK.

A PPID website can publish the file as it is: ``lang="id"``, a caption per table, header cells
with ``scope``, a print stylesheet (A4 landscape, header rows repeated), and a search box whose
script is inline (``?cari=teks`` in the address fills it, so a search can be linked). The page
loads nothing: no external script, font, style sheet or image, and a Content-Security-Policy that
forbids them. Every cell text is escaped: cell text is data.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from .publication import Publication

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
p.keterangan { margin: 0 0 1rem; color: #333; }
.cari { margin: 1rem 0; }
.cari label { font-weight: 600; margin-right: .5rem; }
.cari input { font: inherit; padding: .35rem .5rem; width: min(30rem, 100%); border: 2px solid #555; border-radius: 4px; }
.cari input:focus { outline: 3px solid #1d4ed8; outline-offset: 1px; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { border: 1px solid #777; padding: .35rem .45rem; vertical-align: top; text-align: left; white-space: pre-line; }
thead th { background: #e8edf5; }
tbody th[scope="rowgroup"] { background: #f3f4f6; font-size: 1rem; }
tbody th[scope="row"] { font-weight: 600; }
.gulir { overflow-x: auto; }
.gulir:focus { outline: 3px solid #1d4ed8; }
[hidden] { display: none !important; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 9pt; }
  .cari, #jumlah-cocok { display: none; }
  .gulir { overflow: visible; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead th { background: none; }
}
"""

SCRIPT = """
(function () {
  var input = document.getElementById("cari");
  var status = document.getElementById("jumlah-cocok");
  function norm(text) { return (text || "").toLocaleLowerCase("id"); }
  function filter() {
    var query = norm(input.value).trim();
    var shown = 0;
    document.querySelectorAll("table.daftar tbody").forEach(function (group) {
      var rows = group.querySelectorAll("tr.butir");
      var visible = 0;
      rows.forEach(function (row) {
        var match = !query || norm(row.textContent).indexOf(query) !== -1;
        row.hidden = !match;
        if (match) { visible += 1; }
      });
      var head = group.querySelector("tr.kelompok");
      if (head) { head.hidden = query !== "" && visible === 0; }
      shown += visible;
    });
    status.textContent = query ? shown + " informasi cocok dengan \\u201c" + input.value.trim() + "\\u201d." : "";
  }
  var initial = new URLSearchParams(window.location.search).get("cari");
  if (initial) { input.value = initial; filter(); }
  input.addEventListener("input", filter);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
})();
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'none'; form-action 'none'"


def _cell(value: Any, pub: Publication) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return escape(pub.day(value))
    return escape(str(value), quote=True)


def _table(table, pub: Publication, heading_id: str) -> list[str]:
    fields = [f for f in table.fields if f.name != table.group_field]
    row_header = "judul"
    out = [f'<table class="daftar" id="tabel-{table.name}" aria-describedby="{heading_id}">',
           f"<caption>{escape(table.caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{escape(f.title)}</th>' for f in fields]
    out.append("</tr></thead>")
    if not table.rows:
        out.append(f'<tbody><tr><td colspan="{len(fields)}">Tidak ada informasi.</td></tr></tbody>')
    for title, rows in table.groups:
        if not rows and table.group_field:
            continue
        out.append("<tbody>")
        if table.group_field:
            out.append(f'<tr class="kelompok"><th scope="rowgroup" colspan="{len(fields)}">{escape(title)} '
                       f"({len(rows)})</th></tr>")
        for row in rows:
            cells = []
            for f in fields:
                text = _cell(row.get(f.name), pub)
                cells.append(f'<th scope="row">{text}</th>' if f.name == row_header else f"<td>{text}</td>")
            out.append('<tr class="butir">' + "".join(cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return out


def html_page(tabs: list, pub: Publication) -> str:
    unit = pub.settings.text("nama_unit")
    body = pub.settings.text("nama_badan_publik")
    owner = ", ".join(p for p in (unit, body) if p)
    title = f"Daftar Informasi Publik dan Daftar Informasi yang Dikecualikan {owner}".strip()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="keterangan">Keadaan per {escape(pub.day(pub.as_of))}. DIP memuat informasi publik yang telah '
        "selesai didokumentasikan (UU 14/2008 Pasal 11 ayat (1) huruf a). DIK memuat informasi yang dikecualikan "
        "berdasarkan uji konsekuensi dan surat penetapan PPID; isi informasinya tidak dicantumkan.</p>",
        '<form class="cari" role="search">',
        '<label for="cari">Cari informasi</label>',
        '<input type="search" id="cari" name="cari" autocomplete="off" aria-controls="tabel-dip tabel-dik" '
        'aria-describedby="jumlah-cocok">',
        '<p id="jumlah-cocok" role="status" aria-live="polite"></p>',
        "</form>",
    ]
    for index, table in enumerate(tabs):
        heading = f"judul-{table.name}"
        parts.append(f'<section aria-labelledby="{heading}">')
        parts.append(f'<h2 id="{heading}">{escape(table.title)}</h2>')
        parts.append(f'<div class="gulir" role="region" tabindex="0" aria-labelledby="{heading}">')
        parts += _table(table, pub, heading)
        parts.append("</div>")
        parts.append("</section>")
    parts += ["</main>", f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(parts)
