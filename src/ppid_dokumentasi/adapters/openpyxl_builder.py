"""Build a new controlled workbook with openpyxl (``ppid buat``).

Sheets: Panduan, SOP (the seed document and its lampiran table, printable on A4), Register (the
contract's columns, drop-downs from Referensi, date/number validation, locked header, protected
sheet without password, frozen header, button cells), Riwayat, Pengaturan, Referensi, Daftar Surat.
No formulas anywhere in data cells.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, WIB, Event, anchor, chain_events
from ..datafiles import packaged
from ..errors import WorkbookWriteError
from ..layout import (
    BUTTONS, LETTERS_HEADERS, LETTERS_SHEET, PANDUAN, PENGATURAN, PENGATURAN_HEADERS, REFERENSI,
    REGISTER_BUTTON_ROW, REGISTER_FIRST_DATA_ROW, REGISTER_HEADER_ROW, RIWAYAT, RIWAYAT_HEADERS, SOP_SHEET,
    TEMPLATE_VERSION, USERS_FIRST_COLUMN, CUTI_FIRST_COLUMN, CUTI_HEADERS, USERS_HEADERS, VERSION_KEY, button_shape, reference_lists,
)
from ..register import COLUMNS, MONTHS_ID, REGISTER_SHEET, Column, Kind
from ..rules import REQUIRED_ALWAYS, REQUIRED_DIP, REQUIRED_EXEMPT
from ..rules_history import path_to
from ..selection import MARK_LABEL
from ..settings import default_cuti_bersama, default_users, setting_specs
from ..sop import STEP_COUNT, Sop, default_sop
from ..workflow import default_workflow
from . import workbook_controls as controls
from .safe_replace import replace_atomically

if TYPE_CHECKING:
    from ..register_row import RegisterRow

MAX_ROW = 1048576
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
# Register header colours (explained on row 3): required, required for exempted items, owned by the app.
REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
EXEMPT_FILL = PatternFill("solid", fgColor="7030A0")
OWNED_FILL = PatternFill("solid", fgColor="595959")
THICK = Side(style="thick", color="000000")
BUTTON_FILL = PatternFill("solid", fgColor="2E75B6")
BUTTON_FONT = Font(bold=True, color="FFFFFF", size=11)
RESULT_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
DATE_FORMAT = "DD/MM/YYYY"
CHECK = "✓"
SMALL_FONT = Font(size=7)  # 64-character hashes: two lines in a 24-wide column
SMALL_TWO_LINES = 22.0


def set_value(cell, value: Any) -> None:
    """Write a value as data: a string that looks like a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _header(ws: Worksheet, row: int, labels: Iterable[str], first_col: int = 1) -> None:
    for offset, label in enumerate(labels):
        cell = ws.cell(row=row, column=first_col + offset, value=label)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BOX


def _page_a4(ws: Worksheet, landscape: bool, pages_wide: int = 1) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _build_panduan(ws: Worksheet) -> None:
    data = packaged("panduan.toml")
    ws["A1"] = data["judul"]
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"Versi templat {TEMPLATE_VERSION}"
    row = 4
    for section in data["bagian"]:
        ws.cell(row=row, column=1, value=section["judul"]).font = Font(bold=True, size=12)
        row += 1
        for line in section["baris"]:
            ws.cell(row=row, column=1, value=line).alignment = WRAP_TOP
            ws.row_dimensions[row].height = _wrapped_height(line, PANDUAN_CHARS_PER_LINE)
            row += 1
        row += 1
    ws.column_dimensions["A"].width = PANDUAN_CHARS_PER_LINE
    _page_a4(ws, landscape=False)
    ws.print_options.horizontalCentered = False


PANDUAN_CHARS_PER_LINE = 78  # column width in characters: fits A4 portrait at 100 %


def _wrapped_height(text: str, chars_per_line: int, line: float = 15.0) -> float:
    """Row height (points) for wrapped text: Excel and LibreOffice don't grow rows openpyxl writes.
    Counts lines as a word wrap does (a word that does not fit starts a new line)."""
    lines = 0
    for part in text.split("\n"):
        used, count = 0, 1
        for word in part.split(" "):
            if used and used + 1 + len(word) > chars_per_line:  # the word starts a new line
                count, used = count + 1, 0
            used += (1 if used else 0) + len(word)
            while used > chars_per_line:  # a word longer than the line is broken
                count, used = count + 1, used - chars_per_line
        lines += count
    return line * lines


def _build_sop(ws: Worksheet, sop: Sop, settings: dict[str, Any]) -> None:
    """The seed document: kop and identity block, sections 1–6, then the lampiran table."""
    widths = [5, 46, 9, 9, 9, 26, 12, 24, 26, 22]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ident = sop.identitas
    kop = [
        (str(settings.get("nama_pemerintah", "")), Font(bold=True, size=14)),
        (str(settings.get("nama_instansi", "")), Font(bold=True, size=13)),
        (f"{settings.get('alamat', '')} Telp. {settings.get('telepon', '')} FAX. {settings.get('faks', '')}",
         Font(size=9)),
        (f"E-mail: {settings.get('email', '')}, Website: {settings.get('website', '')}", Font(size=9)),
    ]
    for row, (text, font) in enumerate(kop, start=1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
        cell = ws.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, CENTER
    ws.cell(row=4, column=1).border = Border(bottom=Side(style="medium"))
    identity = [
        ("Kode. Dok", ident.kode_dokumen),
        ("Revisi", ident.revisi),
        ("Tanggal", _date_text(ident.tanggal)),
        ("Halaman", ident.halaman),
        ("Disahkan Oleh", f"{ident.disahkan_jabatan}\n{ident.disahkan_nama}\nNIP. {ident.disahkan_nip}"),
    ]
    top = 6
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 4, end_column=2)
    title = ws.cell(row=top, column=1, value=f"PROSEDUR\n{ident.judul}")
    title.font, title.alignment = Font(bold=True, size=12), CENTER
    for offset, (label, value) in enumerate(identity):
        row = top + offset
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
        ws.merge_cells(start_row=row, start_column=6, end_row=row, end_column=10)
        ws.cell(row=row, column=3, value=label).font = Font(bold=True)
        cell = ws.cell(row=row, column=6, value=value)
        cell.alignment = WRAP_TOP
        for col in range(1, 11):
            ws.cell(row=row, column=col).border = BOX
    ws.row_dimensions[top + 4].height = 48
    row = top + 6
    part = sop.bagian

    def para(text: str, bold: bool = False, indent: int = 0) -> None:
        nonlocal row
        ws.merge_cells(start_row=row, start_column=1 + indent, end_row=row, end_column=10)
        cell = ws.cell(row=row, column=1 + indent, value=text)
        cell.alignment, cell.font = WRAP_TOP, Font(bold=bold)
        ws.row_dimensions[row].height = _row_height([(text, sum(widths[indent:]))])
        row += 1

    para(part.pengantar)
    para("1. Tujuan", bold=True)
    para(part.tujuan, indent=1)
    para("2. Ruang Lingkup", bold=True)
    para(part.ruang_lingkup, indent=1)
    para("3. Acuan", bold=True)
    for number, item in enumerate(part.acuan, start=1):
        para(f"3.{number}. {item}", indent=1)
    para("4. Definisi Istilah", bold=True)
    for item in part.definisi:
        para(f"{item.istilah}: {item.arti}", indent=1)
    para("5. Tanggung jawab dan Wewenang", bold=True)
    for number, item in enumerate(part.tanggung_jawab, start=1):
        para(f"5.{number} {item}", indent=1)
    para("6. Tata Cara", bold=True)
    for step in sop.langkah:
        para(f"{step.nomor}. {step.kegiatan}", indent=1)
    ws.row_breaks.append(Break(id=row))  # the lampiran starts on its own page, like the paper SOP
    row += 1
    para("7. Lampiran", bold=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
    cell = ws.cell(row=row, column=1, value=ident.judul_lampiran)
    cell.font, cell.alignment = Font(bold=True, size=12), CENTER
    row += 1
    _lampiran(ws, sop, row)
    _page_a4(ws, landscape=True)
    ws.print_title_rows = None


def _date_text(day: dt.date) -> str:
    """The seed's own style, e.g. '03 Februari 2022' (letters use the configurable formatter)."""
    return f"{day.day:02d} {MONTHS_ID[day.month - 1].capitalize()} {day.year}"


def _lampiran(ws: Worksheet, sop: Sop, top: int) -> None:
    """NO | KEGIATAN | PELAKSANA (roles) | MUTU BAKU (Kelengkapan, Waktu, Output) | DOKUMEN TERKAIT | KETERANGAN."""
    roles = sop.role_codes
    first_role, last_role = 3, 2 + len(roles)
    mutu = last_role + 1
    dok, ket = mutu + 3, mutu + 4
    for col in (1, 2, dok, ket):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    ws.merge_cells(start_row=top, start_column=first_role, end_row=top, end_column=last_role)
    ws.merge_cells(start_row=top, start_column=mutu, end_row=top, end_column=mutu + 2)
    heads = {1: "NO", 2: "KEGIATAN", first_role: "PELAKSANA", mutu: "MUTU BAKU", dok: "DOKUMEN TERKAIT",
             ket: "KETERANGAN"}
    sub = {first_role + i: r for i, r in enumerate(roles)}
    sub.update({mutu: "Kelengkapan", mutu + 1: "Waktu", mutu + 2: "Output"})
    for col in range(1, ket + 1):
        for r, labels in ((top, heads), (top + 1, sub)):
            cell = ws.cell(row=r, column=col)
            if col in labels:
                cell.value = labels[col]
            cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BOX
    for step in sop.langkah:
        r = top + 1 + step.nomor
        values = {1: step.nomor, 2: step.kegiatan, mutu: step.mutu_baku.kelengkapan, mutu + 1: step.mutu_baku.waktu,
                  mutu + 2: step.mutu_baku.output, dok: step.dokumen_terkait, ket: step.keterangan}
        for i, role in enumerate(roles):
            values[first_role + i] = CHECK if role in step.pelaksana else None
        texts = []
        for col in range(1, ket + 1):
            cell = ws.cell(row=r, column=col, value=values.get(col))
            cell.border = BOX
            cell.alignment = CENTER if col == 1 or first_role <= col <= last_role else WRAP_TOP
            if values.get(col) is not None:
                texts.append((str(values[col]), ws.column_dimensions[get_column_letter(col)].width))
        ws.row_dimensions[r].height = max(30.0, _row_height(texts))  # never clipped (LibreOffice)


# Who fills a Register column: the officer (required or optional), the officer for exempted items,
# or the application (locked: only the workflow moves Langkah and Status; Riwayat records it).
REQUIRED_KEYS = frozenset(REQUIRED_ALWAYS + REQUIRED_DIP + ("klasifikasi",))
EXEMPT_KEYS = frozenset(REQUIRED_EXEMPT + ("dasar_pengecualian", "keamanan")) - REQUIRED_KEYS
WORKFLOW_KEYS = frozenset(("langkah", "status"))
APP_KEYS = WORKFLOW_KEYS | {"hasil_validasi"}
REGISTER_HINT = (
    "Tandai baris di kolom 'Pilih' (atau pilih barisnya) lalu klik tombol. Judul merah = wajib; ungu = wajib untuk informasi Dikecualikan; "
    "abu-abu = diisi aplikasi (Langkah dan Status dikunci: ubah hanya lewat tombol). "
    "Jangan mengubah judul kolom."
)
TITLE_MAX, PROMPT_MAX = 32, 255  # Excel's limits for data validation titles and texts


def _header_style(cell, column: Column) -> None:
    if column.key in WORKFLOW_KEYS or column.key in APP_KEYS:
        cell.fill = OWNED_FILL
    elif column.key in REQUIRED_KEYS:
        cell.fill = REQUIRED_FILL
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THICK)
    elif column.key in EXEMPT_KEYS:
        cell.fill = EXEMPT_FILL
        cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THICK)


def _prompt(column: Column, what: str) -> str:
    if column.key in WORKFLOW_KEYS:
        need = "Diisi aplikasi lewat tombol Majukan/Kembalikan/Setujui; sel dikunci."
    elif column.key in REQUIRED_KEYS:
        need = "Wajib diisi."
    elif column.key in EXEMPT_KEYS:
        need = "Wajib untuk informasi Dikecualikan."
    else:
        need = "Boleh kosong."
    extra = f" {column.help}." if column.help else ""
    return f"{need} {what}{extra}".strip()[:PROMPT_MAX]


def _validation(column: Column, lists: dict[str, list], ref_col: str | None) -> DataValidation:
    """Drop-down, date or number check with a stop alert (Indonesian) and a short input hint."""
    label = column.label
    if column.kind is Kind.DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="1",
                            error=f"'{label}' harus berupa tanggal, mis. 31/01/2025.")
        what = "Tanggal, mis. 31/01/2025."
    elif column.key == "langkah":
        dv = DataValidation(type="whole", operator="between", formula1="1", formula2=str(STEP_COUNT),
                            error=f"Langkah harus 1 sampai {STEP_COUNT} (Tata Cara SOP).")
        what = f"Langkah SOP 1 sampai {STEP_COUNT}."
    elif column.kind is Kind.INT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            error=f"'{label}' harus bilangan bulat 0 atau lebih.")
        what = "Bilangan bulat 0 atau lebih."
    elif label in lists and ref_col:
        size = len(lists[label])
        dv = DataValidation(type="list", formula1=f"Referensi!${ref_col}$2:${ref_col}${size + 1}",
                            error=f"Pilih nilai '{label}' dari daftar.")
        what = "Pilih dari daftar."
        if column.key == "dasar_pengecualian":  # several grounds may be combined with ";"
            dv.errorStyle = "warning"
            dv.error = ("Nilai di luar daftar. Beberapa dasar boleh digabung dengan ';', "
                        "mis. 'Pasal 17 huruf h angka 2; Pasal 17 huruf j'. Lanjutkan?")
            what = "Pilih dari daftar; beberapa dasar digabung dengan ';'."
    elif label == MARK_LABEL:  # any mark counts (selection.is_marked): a hint, no stop alert
        dv = DataValidation(type="list", formula1='"✓,x"', error="Tandai dengan ✓ atau x, atau kosongkan.")
        what = "Tandai dengan ✓ atau x untuk baris yang akan diproses tombol."
    else:  # free text: no check, only the hint
        dv = DataValidation(type=None)
        what = "Teks."
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = dv.errorStyle or "stop"
    title = f"{label} tidak sah"
    dv.errorTitle = title if len(title) <= TITLE_MAX else "Isian tidak sah"
    dv.showInputMessage = True
    dv.promptTitle = label[:TITLE_MAX]
    dv.prompt = _prompt(column, what)
    return dv


def _build_register(ws: Worksheet, lists: dict[str, list], rows: list[RegisterRow]) -> None:
    last_col = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = "REGISTER INFORMASI: PENDOKUMENTASIAN INFORMASI PUBLIK DAN INFORMASI YANG DIKECUALIKAN"
    ws["A1"].font = Font(bold=True, size=14)
    for name, (address, caption) in BUTTONS.items():
        cell = ws[address]
        cell.value = caption
        cell.font, cell.fill, cell.alignment, cell.border = BUTTON_FONT, BUTTON_FILL, CENTER, BOX
        ws.parent.defined_names[button_shape(name)] = DefinedName(
            button_shape(name), attr_text=f"{quote_sheetname(REGISTER_SHEET)}!${address[0]}${address[1:]}")
    ws.row_dimensions[REGISTER_BUTTON_ROW].height = 24
    ws["A3"] = REGISTER_HINT
    ws["A3"].font = Font(italic=True, color="595959")
    _header(ws, REGISTER_HEADER_ROW, [c.label for c in COLUMNS])
    ws.row_dimensions[REGISTER_HEADER_ROW].height = 45
    first = REGISTER_FIRST_DATA_ROW
    reference_columns = {name: get_column_letter(i + 1) for i, name in enumerate(lists)}
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        _header_style(ws.cell(row=REGISTER_HEADER_ROW, column=index), column)
        dim = ws.column_dimensions[letter]
        dim.width = column.width
        dim.protection = LOCKED if column.key in WORKFLOW_KEYS else UNLOCKED
        dim.alignment = WRAP_TOP
        if column.kind is Kind.DATE:
            dim.number_format = DATE_FORMAT
        dv = _validation(column, lists, reference_columns.get(column.label))
        dv.add(f"{letter}{first}:{letter}{MAX_ROW}")
        ws.add_data_validation(dv)
        if column.key == "hasil_validasi":
            dim.fill = RESULT_FILL
    for offset, row in enumerate(rows):
        texts = []
        for index, (column, value) in enumerate(zip(COLUMNS, row.cell_values().values()), start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=first + offset, column=index)
            set_value(cell, value)
            cell.protection = LOCKED if column.key in WORKFLOW_KEYS else UNLOCKED
            cell.alignment = WRAP_TOP
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            texts.append((str(value), column.width))
        ws.row_dimensions[first + offset].height = _row_height(texts)
    ws.freeze_panes = f"D{first}"  # ID, Pilih and Judul stay in view
    ws.auto_filter.ref = f"A{REGISTER_HEADER_ROW}:{last_col}{REGISTER_HEADER_ROW + max(len(rows), 1)}"
    _protect(ws)
    _page_a4(ws, landscape=True, pages_wide=4)  # 38 columns: readable on 4 landscape pages per band
    ws.print_title_rows = f"{REGISTER_HEADER_ROW}:{REGISTER_HEADER_ROW}"
    ws.print_title_cols = "A:B"


def _row_height(texts: Iterable[tuple[str, float]], line: float = 15.0) -> float:
    """Height (points) for the tallest wrapped cell of a row: (text, column width in characters)."""
    return max((_wrapped_height(text, max(int(width * 1.1) - 1, 4), line) for text, width in texts),
               default=line)


def _protect(ws: Worksheet) -> None:
    """Protected without password: the header is locked, data cells stay editable."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False
    p.insertRows = p.deleteRows = False
    p.sort = p.autoFilter = False
    p.selectLockedCells = p.selectUnlockedCells = False


def _build_table(ws: Worksheet, headers: Iterable[str], widths: Iterable[int],
                 rows: Iterable[list[Any]] = (), wrapped: int | None = None) -> None:
    """A header-row table (Riwayat, Daftar Surat): printable on A4 landscape, header on every page.
    Columns after the first ``wrapped`` (hashes) are set small, on two lines."""
    headers = list(headers)
    _header(ws, 1, headers)
    widths = list(widths)
    wrap = len(widths) if wrapped is None else wrapped
    ws.row_dimensions[1].height = _row_height(zip(headers, widths))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for number, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            set_value(ws.cell(row=number, column=col), value)
            ws.cell(row=number, column=col).alignment = WRAP_TOP
            if col > wrap:
                ws.cell(row=number, column=col).font = SMALL_FONT
        height = _row_height([(str(v), w) for v, w in zip(values[:wrap], widths) if v not in (None, "")])
        ws.row_dimensions[number].height = max(height, SMALL_TWO_LINES) if wrap < len(widths) else height
    ws.freeze_panes = "A2"
    _print_table(ws)


def _print_table(ws: Worksheet) -> None:
    _page_a4(ws, landscape=True)
    ws.print_title_rows = "1:1"


SAMPLE_HISTORY_START = dt.datetime(2025, 1, 6, 8, 0, tzinfo=WIB)  # fixed: the sample's Riwayat is stable


def sample_history(rows: list[RegisterRow]) -> list[Event]:
    """Riwayat events that bring each row from the SOP's initial step to its Langkah and Status,
    by the SOP's own transitions and the default users of their roles (fixed times)."""
    workflow = default_workflow()
    users = {}
    for user in default_users():
        users.setdefault(user.peran, user.nama)
    events, when = [], SAMPLE_HISTORY_START
    for row in rows:
        if row.langkah is None or not row.id_informasi:
            continue
        for transition in path_to(row.langkah, row.status or workflow.initial_status, workflow) or []:
            role = transition.peran[0]
            note = "Contoh: catatan koreksi" if "catatan" in transition.syarat else "Riwayat contoh (ppid buat --contoh)"
            events.append(Event(row.id_informasi, transition.dari, transition.ke, transition.aksi, role,
                                users.get(role, role), note, when))
            when += dt.timedelta(minutes=7)
    return events


def _build_pengaturan(ws: Worksheet, extra: Iterable[tuple[str, Any, str]] = ()) -> dict[str, Any]:
    _header(ws, 1, PENGATURAN_HEADERS)
    _header(ws, 1, USERS_HEADERS, USERS_FIRST_COLUMN)
    for letter, width in zip("ABCDEFG", (30, 50, 80, 3, 34, 12, 24)):
        ws.column_dimensions[letter].width = width
    values: dict[str, Any] = {}
    entries = [(VERSION_KEY, TEMPLATE_VERSION, "Versi templat workbook (diisi aplikasi; jangan diubah)")]
    entries += [(s.kunci, s.nilai, s.keterangan + (" [belum dikonfirmasi]" if s.status == "U" else ""))
                for s in setting_specs()]
    entries += list(extra)
    for row, (key, value, note) in enumerate(entries, start=2):
        ws.cell(row=row, column=1, value=key).font = Font(bold=True)
        cell = ws.cell(row=row, column=2)
        set_value(cell, value)
        cell.protection = UNLOCKED
        ws.cell(row=row, column=3, value=note).alignment = WRAP_TOP
        values[key] = value
    for row, user in enumerate(default_users(), start=2):
        for col, value in enumerate((user.nama, user.peran, user.nip), start=USERS_FIRST_COLUMN):
            ws.cell(row=row, column=col, value=value).protection = UNLOCKED
    for row in range(len(list(default_users())) + 2, 60):
        for col in range(USERS_FIRST_COLUMN, USERS_FIRST_COLUMN + 3):
            ws.cell(row=row, column=col).protection = UNLOCKED
    roles = DataValidation(type="list", formula1="Referensi!$" + _list_column("Peran") + "$2:$"
                           + _list_column("Peran") + "$4", allow_blank=True)
    roles.add(f"{get_column_letter(USERS_FIRST_COLUMN + 1)}2:{get_column_letter(USERS_FIRST_COLUMN + 1)}60")
    roles.showErrorMessage, roles.errorStyle = True, "stop"
    roles.errorTitle, roles.error = "Peran tidak sah", "Pilih peran dari daftar: " + ", ".join(reference_lists()["Peran"]) + "."
    roles.showInputMessage, roles.promptTitle, roles.prompt = True, "Peran", "Pilih peran pengguna dari daftar."
    ws.add_data_validation(roles)
    for row, (_, value, note) in enumerate(entries, start=2):
        ws.row_dimensions[row].height = _row_height([(str(value), 50), (note, 80)])
    _build_cuti_bersama(ws)
    ws.freeze_panes = "A2"
    _print_table(ws)
    return values


def _build_cuti_bersama(ws: Worksheet) -> None:
    """The Cuti Bersama table (column I-J): days off set yearly by SKB, used by every working-day count."""
    _header(ws, 1, CUTI_HEADERS, CUTI_FIRST_COLUMN)
    first = get_column_letter(CUTI_FIRST_COLUMN)
    ws.column_dimensions[get_column_letter(CUTI_FIRST_COLUMN - 1)].width = 3
    ws.column_dimensions[first].width = 14
    ws.column_dimensions[get_column_letter(CUTI_FIRST_COLUMN + 1)].width = 40
    for row, day in enumerate(default_cuti_bersama(), start=2):
        set_value(ws.cell(row=row, column=CUTI_FIRST_COLUMN), day.tanggal)
        ws.cell(row=row, column=CUTI_FIRST_COLUMN + 1, value=day.keterangan)
    for row in range(2, 60):
        for col in (CUTI_FIRST_COLUMN, CUTI_FIRST_COLUMN + 1):
            ws.cell(row=row, column=col).protection = UNLOCKED
        ws.cell(row=row, column=CUTI_FIRST_COLUMN).number_format = "yyyy-mm-dd"
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                           showErrorMessage=True, errorStyle="stop", errorTitle="Cuti Bersama",
                           error="Isi tanggal cuti bersama (SKB tiga menteri), mis. 2026-03-23.")
    dates.add(f"{first}2:{first}59")
    ws.add_data_validation(dates)


def _list_column(name: str) -> str:
    return get_column_letter(list(reference_lists()).index(name) + 1)


def _build_referensi(ws: Worksheet, lists: dict[str, list]) -> None:
    _header(ws, 1, list(lists))
    for col, values in enumerate(lists.values(), start=1):
        ws.column_dimensions[get_column_letter(col)].width = 28
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=col, value=value)
    ws.freeze_panes = "A2"
    ws.sheet_state = "hidden"  # technical: the drop-down lists (Panduan explains how to show it)


XLWINGS_CONF = "xlwings.conf"
# Classic desktop xlwings (RunPython) reads keys from column A and values from column B, from A1 down
# without gaps. Paths are defaults for an installation in %USERPROFILE%\ppid-dokumentasi (Panduan).
XLWINGS_SETTINGS = (
    ("Interpreter_Win", r"%USERPROFILE%\ppid-dokumentasi\.venv\Scripts\pythonw.exe",
     "Python yang menjalankan makro di Windows (virtualenv tempat ppid-dokumentasi terpasang)."),
    ("Interpreter_Mac", "$HOME/ppid-dokumentasi/.venv/bin/python", "Python yang menjalankan makro di macOS."),
    ("PYTHONPATH", r"%USERPROFILE%\ppid-dokumentasi",
     "Folder repositori yang berisi folder 'macros' (paket makro)."),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "False", "Jangan tambahkan folder workbook ke PYTHONPATH."),
    ("Show Console", "False", "Jangan tampilkan jendela konsol."),
    ("SHOW_ERROR_POPUPS", "True", "Tampilkan galat Python yang tak tertangani (makro sudah menangani galatnya)."),
)


def _build_xlwings_conf(ws: Worksheet) -> None:
    """The ``xlwings.conf`` sheet a classic desktop xlwings user needs (RunPython)."""
    for row, (key, value, note) in enumerate(XLWINGS_SETTINGS, start=1):
        ws.cell(row=row, column=1, value=key).font = Font(bold=True)
        ws.cell(row=row, column=2, value=value).protection = UNLOCKED
        ws.cell(row=row, column=3, value=note).alignment = WRAP_TOP
    for letter, width in zip("ABC", (30, 60, 70)):
        ws.column_dimensions[letter].width = width
    ws.sheet_state = "hidden"  # technical: read by xlwings, never printed


def build_workbook(path: str | Path, rows: list[RegisterRow] | None = None, sop: Sop | None = None, *,
                   history: bool = False, extra_vba: tuple[str, ...] = ()) -> Path:
    """Write a new controlled workbook to ``path`` (atomically: never a half-written file).

    ``.xlsm``: with the VBA project and form buttons (workbook_controls); ``extra_vba``: more .bas
    modules (tests). Every workbook gets the named button shapes for Office.js. ``history``: also
    write the Riwayat events that bring each row to its Langkah and Status (:func:`sample_history`),
    so that ``ppid validasi`` finds them consistent (the sample)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise WorkbookWriteError(f"Nama berkas '{path.name}' harus berakhiran .xlsx atau .xlsm.")
    macro_enabled = path.suffix.lower() == ".xlsm"
    sop = sop or default_sop()
    lists = reference_lists()
    wb = Workbook()
    panduan = wb.active
    panduan.title = PANDUAN
    _build_panduan(panduan)
    sop_ws = wb.create_sheet(SOP_SHEET)
    register_ws = wb.create_sheet(REGISTER_SHEET)
    riwayat_ws = wb.create_sheet(RIWAYAT)
    pengaturan_ws = wb.create_sheet(PENGATURAN)
    referensi_ws = wb.create_sheet(REFERENSI)
    letters_ws = wb.create_sheet(LETTERS_SHEET)
    history = chain_events([], sample_history(rows or [])) if history else []
    count, last = anchor(history)
    settings = _build_pengaturan(pengaturan_ws, [
        (ANCHOR_COUNT_KEY, count, "Jumlah peristiwa Riwayat (diisi aplikasi; jangan diubah)"),
        (ANCHOR_HASH_KEY, last, "Hash peristiwa Riwayat terakhir (diisi aplikasi; jangan diubah)"),
    ] if history else [])
    _build_sop(sop_ws, sop, settings)
    _build_register(register_ws, lists, rows or [])
    _build_table(riwayat_ws, RIWAYAT_HEADERS, (6, 26, 16, 8, 8, 14, 10, 28, 50, 24, 24), history,
                 wrapped=9)
    _build_table(letters_ws, LETTERS_HEADERS, (8, 18, 10, 32, 30, 16, 12, 28))
    _build_referensi(referensi_ws, lists)
    _build_xlwings_conf(wb.create_sheet(XLWINGS_CONF))
    wb.active = wb.sheetnames.index(REGISTER_SHEET)
    if macro_enabled:
        controls.prepare(wb)
    save_atomically(wb, path, lambda data: controls.add_controls(data, macro_enabled, extra_vba))
    return path


def save_atomically(wb: Workbook, path: Path, transform: Callable[[bytes], bytes] | None = None) -> None:
    """Save beside the target, then rename over it (:mod:`.safe_replace`): a crash never leaves a half
    file; a new file gets the usual ``0666 & ~umask``, an existing one keeps its mode, owner, group.
    ``transform``: the package bytes as openpyxl writes them -> what is written (workbook_controls)."""
    path = Path(path)

    def write(handle) -> None:
        if transform is None:
            wb.save(handle)
            return
        buffer = io.BytesIO()
        wb.save(buffer)
        handle.write(transform(buffer.getvalue()))

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, write)
    except OSError as exc:
        raise WorkbookWriteError(f"Workbook '{path}' tidak dapat ditulis: {exc.strerror or exc}") from exc
