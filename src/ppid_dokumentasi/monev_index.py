"""The checklist page of the monev evidence pack (``index.html``): one row per evidence item,
present or missing with what to do, links relative to the pack. Every text is escaped."""

from __future__ import annotations

from html import escape
from typing import Any


def index_html(checks: list[Any], year: int, settings: Any) -> str:
    unit = settings.text("nama_unit")
    rows = []
    for number, check in enumerate(checks, start=1):
        state = "Ada" if check.ada else ("Belum ada" if check.wajib else "Tidak wajib: belum ada")
        links = "<br>".join(f'<a href="{escape(b)}">{escape(b)}</a>' for b in check.berkas) or "-"
        note = escape(check.tindakan or check.keterangan or "")
        rows.append(f'<tr class="{"ada" if check.ada else "kurang"}"><td>{number}</td><th scope="row">'
                    f"{escape(check.judul)}</th><td>{state}</td><td>{links}</td><td>{note}</td></tr>")
    missing = sum(1 for c in checks if c.wajib and not c.ada)
    summary = "Semua bukti lengkap." if not missing else f"{missing} bukti belum ada; lihat kolom Tindakan."
    return (
        f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>Bukti Monev Keterbukaan Informasi '
        f"{year}</title><style>body{{font-family:system-ui,Arial,sans-serif;margin:1.5rem}}table{{border-collapse:"
        "collapse;width:100%}th,td{border:1px solid #777;padding:.35rem;text-align:left;vertical-align:top}"
        "tr.kurang{background:#fde8e8}tr.ada{background:#eef8ee}@media print{a{color:inherit}}</style></head>"
        f"<body><main><h1>Bukti Monev Keterbukaan Informasi Tahun {year}</h1><p>{escape(unit)}. Kualitas "
        f"Informasi (Perki 1/2022). {escape(summary)}</p><table><caption>Daftar periksa bukti</caption><thead><tr>"
        '<th scope="col">No</th><th scope="col">Bukti</th><th scope="col">Keadaan</th><th scope="col">Berkas</th>'
        f'<th scope="col">Tindakan/Keterangan</th></tr></thead><tbody>{"".join(rows)}</tbody></table></main>'
        "</body></html>\n")
