"""Buka Informasi: the PPID's penetapan opening exempted information whose period ends (PP 61/2010
Pasal 11), one flow for ``ppid buka`` and the 🔓 button.

Who acts (:mod:`.actors`, the roles of the SOP's ``[[tindakan]] buka``), where the letter goes and
which templates (:mod:`.folders`), then :func:`opening.open_items` renders and numbers the penetapan
and records it in the session (the items stay Dikecualikan until their end date). Only then is the workbook committed and
the .docx written. A refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import letters, opening
from ..settings import User
from .actors import acting_user
from . import folders
from .letters_job import LettersResult
from .session import WorkbookSession, chosen_ids


def open_information(session: WorkbookSession, nama: str | None, peran: str | None, kelas: str | None, *,
                     tanggal: dt.date, render: letters.Renderer, out_dir: str | Path | None = None,
                     option: str | None = None, actor: User | None = None) -> LettersResult:
    """``kelas`` None: Pengaturan ``klasifikasi_pembukaan`` (the button). ``actor``: the user already
    established (xlwings Server: the authenticated user); otherwise ``nama``/``peran`` as ``acting_user``."""
    data = session.data
    settings = data.settings
    if actor is None:
        actor = acting_user(settings, nama, peran, roles=opening.action().peran, option=option)
    target = folders.letters_folder(settings, session.path, out_dir)
    templates = folders.templates_folder(settings, session.path, letters.DEFAULT_TEMPLATES)
    chosen = kelas or settings.text(opening.CLASS_KEY)
    batch = opening.open_items(session, chosen_ids(session) or [], chosen, tanggal, actor.peran, actor.nama,
                               templates, render=render)
    session.commit()
    letters.write_letters(batch, target)
    return LettersResult(target, [batch])
