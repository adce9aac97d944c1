"""Opening exempted information whose period ends (PP 61/2010 Pasal 11 ayat (1)-(2), Pasal 14 ayat
(1) huruf g): the PPID's penetapan, recorded.

:func:`open_items` runs inside an open, locked workbook session (like :func:`letters.compose`): it
checks the actor against the ``buka`` action of the SOP data (``[[tindakan]]`` in sop.toml: role,
name, basis), renders and numbers the penetapan letter (kind ``penetapan-pembukaan``), records
``Nomor/Tanggal Penetapan Pembukaan`` and appends one Riwayat event ``buka`` per item, whose note names
the public class the PPID chose (:func:`expiry.opening_note`). Any refusal happens before anything is
written.

The penetapan is made before the period ends (at the latest 30 working days before, Pasal 11 ayat
(2)); the item stays Dikecualikan until its end date and is public information from then on
(:func:`expiry.is_public_on`: the DIP lists it from that date with the chosen class). Only a penetapan
dated on or after the end date (the period has already ended) writes the public class into Klasifikasi.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import expiry, letters
from .audit import Event
from .errors import DataFileError, WorkflowRefused  # the actor is checked by app.actors
from .register import COLUMN_BY_KEY, cell_text, parse_date
from .settings import Settings
from .sop import Sop, default_sop

ACTION = "buka"
KIND = "penetapan-pembukaan"
EXEMPT = "Dikecualikan"
CLASS_KEY = "klasifikasi_pembukaan"  # the public class the button uses (the CLI takes --klasifikasi)
WRITTEN = ("klasifikasi", "nomor_pembukaan", "tanggal_pembukaan")


@dataclass(frozen=True)
class Action:
    aksi: str
    nama: str
    peran: tuple[str, ...]
    dasar: str


def _action_of(sop: Sop) -> Action:
    for entry in (sop.model_extra or {}).get("tindakan", []):
        if entry.get("aksi") == ACTION:
            peran = tuple(entry.get("peran", ()))
            unknown = [p for p in peran if p not in sop.role_codes]
            if not peran or unknown:
                raise DataFileError(f"Berkas SOP, tindakan '{ACTION}': peran tidak dikenal {unknown or '(kosong)'}.")
            return Action(ACTION, entry.get("nama", "Buka Informasi"), peran, entry.get("dasar", ""))
    raise DataFileError(f"Berkas SOP tidak memiliki [[tindakan]] '{ACTION}' (pembukaan informasi).")


def action(sop: Sop | None = None) -> Action:
    return _action_of(sop or default_sop())


def public_classes(lists: dict[str, list]) -> list[str]:
    return [str(c) for c in lists.get(COLUMN_BY_KEY["klasifikasi"].label, []) if str(c) != EXEMPT]


def open_items(session, ids: Iterable[str], kelas: str, tanggal: dt.date, peran: str, nama: str,
               templates: Path | None = None, *, render: letters.Renderer) -> letters.LetterBatch:
    """Record the opening of ``ids`` in the open session; returns the rendered penetapan (files are
    written by the caller after saving, :func:`letters.write_letters`)."""
    data = session.data
    settings: Settings = data.settings
    what = action()
    if peran not in what.peran:
        raise WorkflowRefused(f"Peran '{peran}' tidak berwenang menjalankan '{what.nama}'; menurut SOP yang berwenang: "
                              f"{', '.join(what.peran)} ({what.dasar}).", code="peran-tidak-berwenang")
    classes = public_classes(data.lists)
    if kelas not in classes:
        raise WorkflowRefused(f"Klasifikasi '{kelas or '-'}' bukan klasifikasi Informasi Publik; pilih salah satu: "
                              f"{', '.join(classes)}.", code="klasifikasi-pembukaan")
    labels = [COLUMN_BY_KEY[k].label for k in WRITTEN]
    missing = [label for label in labels if label not in data.register.labels]
    if missing:
        raise WorkflowRefused(f"Sheet Register tidak memiliki kolom {', '.join(missing)}; buat workbook dengan templat "
                              "terbaru (ppid buat) dan pindahkan datanya.", sheet="Register", code="kolom-hilang")
    wanted = [i.strip() for i in ids if i and i.strip()]
    if not wanted:
        raise WorkflowRefused("Pilih ID Informasi yang dibuka.", code="id-wajib")
    batch = letters.compose(session, KIND, wanted, tanggal, nama, peran, templates, render=render, action=ACTION,
                            extra={"klasifikasi_baru": kelas})
    end_label = COLUMN_BY_KEY["berakhir"].label
    events = []
    for letter in batch.letters:
        for id_informasi in letter.ids:
            excel_row, cells = data.register.find(id_informasi)
            try:
                end = parse_date(cells.get(end_label))
            except ValueError:  # refused by letters.compose already; kept safe
                end = None
            written = {labels[1]: str(letter.number), labels[2]: tanggal}
            if end is not None and end <= tanggal:  # the period has already ended: public now
                written[labels[0]] = kelas
            session.set_cells(excel_row, written)
            step = cells.get("Langkah")
            step = int(step) if isinstance(step, (int, float)) else None
            events.append(Event(id_informasi, step, step, ACTION, peran, nama.strip(),
                                expiry.opening_note(what.nama, str(letter.number), end, kelas, what.dasar)))
    session.append_events(events)
    return batch
