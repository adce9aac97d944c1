"""Buat Surat: number, record and write the SOP's letters for the chosen items of one workbook.

One flow for ``ppid surat`` and the ✉ button: who acts (:mod:`.actors`, any SOP role), where the
letters go and which templates (:mod:`.folders`), which kind (the one asked for, else Pengaturan
``jenis_surat``: ``otomatis`` picks per item by its step), then :func:`letters.compose` renders
every letter and records the numbers (Daftar Surat, Nomor Surat, Riwayat) in the session. Only when
all of that succeeded is the workbook committed and are the .docx files written (and PDFs made).
A LetterError changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import letters
from ..settings import User
from . import folders
from .session import WorkbookSession, chosen_ids, chosen_items


@dataclass
class LettersResult:
    out_dir: Path
    batches: list[letters.LetterBatch]
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def message(self) -> str:
        lines = [f"- {letter.kind.label} nomor {letter.number}: {path.name}"
                 for batch in self.batches for letter, path in zip(batch.letters, batch.paths)]
        lines += [f"- PDF: {pdf.name}" for pdf in self.pdfs]
        count = sum(len(b.letters) for b in self.batches)
        return f"{count} surat dibuat di folder {self.out_dir}:\n" + "\n".join(lines)


def make_letters(session: WorkbookSession, actor: User, jenis: str | None = None, *, tanggal: dt.date,
                 render: letters.Renderer, out_dir: str | Path | None = None, pdf: bool = False,
                 convert: Callable[[list[Path]], list[Path]] | None = None) -> LettersResult:
    """``jenis`` None: Pengaturan ``jenis_surat`` over the chosen rows. ``out_dir``: the CLI override.
    ``render``: the .docx renderer (``adapters.docx_letters.render``). ``convert``: the PDF converter
    (default :func:`letters.convert_to_pdf`, one LibreOffice run for all letters of the command; the
    server passes its LibreOffice kept running, ``adapters.office_pdf``)."""
    data = session.data
    settings = data.settings
    target = folders.letters_folder(settings, session.path, out_dir)
    templates = folders.templates_folder(settings, session.path, letters.DEFAULT_TEMPLATES)
    if jenis:
        plan: dict[str, list[str] | None] = {letters.kind_of(jenis).key: chosen_ids(session)}
    else:
        plan = dict(letters.plan_kinds(chosen_items(session), settings.text(letters.KIND_KEY)))
    batches = [letters.compose(session, kind, ids, tanggal, actor.nama, actor.peran, templates, render=render)
               for kind, ids in plan.items()]
    session.commit()  # numbers are recorded before any file exists: a number is never issued twice
    result = LettersResult(target, batches)
    for batch in batches:
        letters.write_letters(batch, target)
    if pdf:
        try:
            result.pdfs = (convert or letters.convert_to_pdf)([p for b in batches for p in b.paths])
        except letters.PdfUnavailable as exc:
            result.warnings.append(exc.message)
    return result
