"""``ppid ekspor``: the DIP and the public DIK as files a PPID website can publish as they are.

:func:`tables` turns a :class:`~.publication.Publication` into two neutral :class:`Table` objects
(fields with types, rows grouped: the DIP by Berkala / Serta Merta / Setiap Saat). Writers:

* ``.csv`` (UTF-8, ISO dates; a text cell that starts like a formula gets a leading ``'`` so a
  spreadsheet shows it as text), ``.json`` and a Frictionless ``datapackage.json`` with a table
  schema per CSV (here, plain Python);
* ``.xlsx`` through an adapter handed in by the caller (``adapters/openpyxl_tables.py``: the
  core never imports openpyxl);
* one static HTML page (:mod:`export_html`);
* ``ditahan.txt``: what was held back and why (for the office; it names no exempted content).

:func:`export` is the one use case behind the CLI and the button: select, render everything in
memory, then write each file atomically into the output folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .workbook import WorkbookData
from .errors import PublicationError
from .letters import clean
from .publication import (
    Publication, ground_text, law_text, period_text, retention_text, select,
)

HELD_FILE = "ditahan.txt"
HTML_FILE = "daftar-informasi.html"
PACKAGE_FILE = "datapackage.json"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str = "string"  # Frictionless types: string, date, integer
    description: str = ""
    required: bool = False


@dataclass
class Table:
    name: str  # file stem and resource name: dip, dik
    title: str
    caption: str
    fields: list[Field]
    groups: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (group title, rows)
    group_field: str | None = None

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [row for _, rows in self.groups for row in rows]


DIP_FIELDS = [
    Field("no", "No", "integer", "Nomor urut", True),
    Field("klasifikasi", "Klasifikasi", "string", "Berkala, Serta Merta atau Setiap Saat", True),
    Field("id_informasi", "ID Informasi", "string", "Kode informasi pada register PPID", True),
    Field("judul", "Judul Informasi", "string", "Jenis/judul informasi", True),
    Field("ringkasan", "Ringkasan Isi Informasi", "string", "Ringkasan isi informasi", True),
    Field("pejabat_penguasa", "Pejabat/Unit Penguasa Informasi", "string",
          "Pejabat atau unit yang menguasai informasi", True),
    Field("penanggung_jawab", "Penanggung Jawab", "string", "Penanggung jawab pembuatan atau penerbitan", True),
    Field("waktu_pembuatan", "Waktu Pembuatan", "date", "Tanggal pembuatan informasi", True),
    Field("tempat_pembuatan", "Tempat Pembuatan", "string", "Tempat pembuatan informasi", True),
    Field("bentuk", "Bentuk Informasi", "string", "Bentuk informasi yang tersedia", True),
    Field("jangka_waktu_penyimpanan", "Jangka Waktu Penyimpanan", "string",
          "Jangka waktu penyimpanan atau retensi arsip", True),
    Field("keterangan", "Keterangan", "string", "Penetapan pembukaan bagi informasi yang semula dikecualikan"),
]
DIK_FIELDS = [
    Field("no", "No", "integer", "Nomor urut", True),
    Field("id_informasi", "ID Informasi", "string", "Kode informasi pada register PPID", True),
    Field("judul", "Judul Informasi", "string", "Jenis/judul informasi yang dikecualikan", True),
    Field("pejabat_penguasa", "Pejabat/Unit Penguasa Informasi", "string",
          "Pejabat atau unit yang menguasai informasi", True),
    Field("dasar_pengecualian", "Dasar Pengecualian", "string", "Pasal 17 UU 14/2008 yang menjadi dasar", True),
    Field("undang_undang", "Undang-Undang", "string", "Undang-Undang yang menjadi dasar pengecualian", True),
    Field("jangka_waktu", "Jangka Waktu Pengecualian", "string", "Jangka waktu pengecualian", True),
    Field("pengecualian_berakhir", "Pengecualian Berakhir", "date", "Tanggal berakhirnya pengecualian"),
    Field("tanggal_penetapan", "Tanggal Penetapan", "date", "Tanggal surat penetapan", True),
    Field("nomor_penetapan", "Nomor Penetapan", "string", "Nomor surat penetapan", True),
]


def _t(value: Any) -> str:
    return clean(value)


def tables(pub: Publication) -> tuple[Table, Table]:
    """The DIP (grouped by public classification) and the public DIK."""
    unit = pub.settings.text("nama_unit")
    body = pub.settings.text("nama_badan_publik")
    owner = ", ".join(p for p in (unit, body) if p)
    when = pub.day(pub.as_of)
    dip = Table("dip", "Daftar Informasi Publik",
                f"Daftar Informasi Publik {owner} per {when}", DIP_FIELDS, group_field="klasifikasi")
    number = 0
    for cls in pub.classes:
        rows = []
        for row in (r for r in pub.dip if r.klasifikasi == cls):
            number += 1
            opening = pub.openings.get(row.id_informasi.strip().casefold())
            note = ""
            if opening is not None:
                note = "Dibuka dengan penetapan PPID" + (f" nomor {opening.nomor}" if opening.nomor else "") + (
                    f" tanggal {pub.day(opening.tanggal)}" if opening.tanggal else "") + \
                    " (PP 61/2010 Pasal 11)"
            rows.append({
                "no": number, "klasifikasi": cls, "id_informasi": _t(row.id_informasi), "judul": _t(row.judul),
                "ringkasan": _t(row.ringkasan), "pejabat_penguasa": _t(row.pejabat_penguasa),
                "penanggung_jawab": _t(row.penanggung_jawab), "waktu_pembuatan": row.waktu_pembuatan,
                "tempat_pembuatan": _t(row.tempat_pembuatan), "bentuk": _t(row.bentuk),
                "jangka_waktu_penyimpanan": _t(retention_text(row)), "keterangan": note,
            })
        dip.groups.append((f"Informasi {cls}", rows))
    dik = Table("dik", "Daftar Informasi yang Dikecualikan",
                f"Daftar Informasi yang Dikecualikan {owner} per {when}", DIK_FIELDS)
    rows = []
    for number, row in enumerate(pub.dik, start=1):
        penetapan = pub.penetapan[row.id_informasi.strip().casefold()]
        rows.append({
            "no": number, "id_informasi": _t(row.id_informasi), "judul": _t(row.judul),
            "pejabat_penguasa": _t(row.pejabat_penguasa), "dasar_pengecualian": _t(ground_text(row)),
            "undang_undang": _t(law_text(row)), "jangka_waktu": _t(period_text(pub, row)),
            "pengecualian_berakhir": row.berakhir, "tanggal_penetapan": penetapan.tanggal,
            "nomor_penetapan": _t(penetapan.nomor),
        })
    dik.groups.append(("Informasi yang Dikecualikan", rows))
    return dip, dik


# -- plain-text formats ----------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in table.fields])
    for row in table.rows:
        cells = []
        for f in table.fields:
            value = _plain(row.get(f.name))
            if value is None:
                value = ""
            elif isinstance(value, str) and value.startswith(FORMULA_START):
                value = "'" + value  # shown as text by spreadsheets; the .json keeps the exact text
            cells.append(value)
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def json_bytes(table: Table, pub: Publication) -> bytes:
    document = {
        "judul": table.title,
        "keterangan": table.caption,
        "badan_publik": pub.settings.text("nama_badan_publik"),
        "unit": pub.settings.text("nama_unit"),
        "per_tanggal": pub.as_of.isoformat(),
        "kolom": [{"nama": f.name, "judul": f.title, "jenis": f.type} for f in table.fields],
        "kelompok": [{"judul": title, "informasi": [{k: _plain(v) for k, v in row.items()} for row in rows]}
                     for title, rows in table.groups],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "ppid"


def datapackage(tabs: list[Table], pub: Publication) -> dict[str, Any]:
    """A Frictionless tabular data package describing the CSV files."""
    resources = []
    for table in tabs:
        fields = []
        for f in table.fields:
            entry: dict[str, Any] = {"name": f.name, "title": f.title, "type": f.type, "description": f.description}
            if f.required:
                entry["constraints"] = {"required": True}
            fields.append(entry)
        resources.append({
            "name": table.name, "path": f"{table.name}.csv", "title": table.title, "description": table.caption,
            "profile": "tabular-data-resource", "scheme": "file", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "schema": {"fields": fields, "primaryKey": ["id_informasi"]},
        })
    owner = pub.settings.text("nama_unit") or pub.settings.text("nama_badan_publik")
    return {
        "profile": "tabular-data-package",
        "name": f"dip-dik-{_slug(owner)}",
        "title": f"Daftar Informasi Publik dan Daftar Informasi yang Dikecualikan {owner}".strip(),
        "created": dt.datetime.combine(pub.as_of, dt.time()).isoformat() + "Z",
        "resources": resources,
    }


def held_text(pub: Publication) -> str:
    lines = [
        f"Informasi yang tidak dimasukkan ke DIP/DIK per {pub.day(pub.as_of)} (untuk PPID; jangan diunggah).",
        f"DIP: {len(pub.dip)} informasi; DIK: {len(pub.dik)} informasi; ditahan: {len(pub.held)} informasi.",
        "",
    ]
    for item in pub.held:
        lines.append(f"- {item.id_informasi} ({item.klasifikasi or '-'}, langkah {item.langkah or '-'}, status "
                     f"{item.status or '-'}): {item.alasan}")
    if not pub.held:
        lines.append("Tidak ada yang ditahan.")
    return "\n".join(lines) + "\n"


# -- the use case ----------------------------------------------------------------------------
XlsxWriter = Callable[[Table, Publication], bytes]


@dataclass
class ExportResult:
    publication: Publication
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        pub = self.publication
        text = (f"DIP: {len(pub.dip)} informasi; DIK: {len(pub.dik)} informasi; ditahan: {len(pub.held)} "
                f"informasi (rincian di {HELD_FILE}).")
        return text


def render(pub: Publication, write_xlsx: XlsxWriter) -> dict[str, bytes]:
    """Every file of the export, by name, in memory."""
    from .export_html import html_page

    dip, dik = tables(pub)
    files: dict[str, bytes] = {}
    for table in (dip, dik):
        files[f"{table.name}.xlsx"] = write_xlsx(table, pub)
        files[f"{table.name}.csv"] = csv_bytes(table)
        files[f"{table.name}.json"] = json_bytes(table, pub)
    files[HTML_FILE] = html_page([dip, dik], pub).encode("utf-8")
    files[PACKAGE_FILE] = (json.dumps(datapackage([dip, dik], pub), ensure_ascii=False, indent=2) + "\n").encode()
    files[HELD_FILE] = held_text(pub).encode("utf-8")
    return files


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write each file atomically (beside, then rename) into ``out_dir``."""
    out_dir = Path(out_dir)
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            target = out_dir / name
            fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=out_dir)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            written.append(target)
    except OSError as exc:
        raise PublicationError(f"Berkas ekspor tidak dapat ditulis ke folder '{out_dir}': {exc.strerror or exc}.") \
            from exc
    return written


def export(data: WorkbookData, out_dir: Path, as_of: dt.date, write_xlsx: XlsxWriter) -> ExportResult:
    """Select, render and write the DIP/DIK export of a workbook."""
    pub = select(data, as_of)
    files = render(pub, write_xlsx)
    return ExportResult(pub, write_files(files, out_dir))
