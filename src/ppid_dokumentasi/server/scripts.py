"""The sheet buttons as xlwings Server custom scripts: thin, like ``macros/``, but the actor is the
authenticated user (``app.actors.authenticated_actor``), ``required_roles`` come from the SOP
(:mod:`.roles`), and files go to the office's tree in the server's storage (``app.folders.office_tree``)
with download links in the message.

A deliberate refusal (:class:`PpidError`) is a 4xx whose ``detail`` the add-in shows; nothing of a
refused run reaches the workbook (the response carries no actions).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import xlwings as xw
from fastapi import HTTPException
from xlwings.server import script as server_script  # the server's @script, whatever xlwings was imported as
from xlwings_server.config import settings as xlwings_settings
from xlwings_server.models import CurrentUser

from ..adapters.book_session import BookSession
from ..app.actors import authenticated_actor
from ..app.archiving import archive
from ..app.folders import office_tree
from ..app.letters_job import make_letters
from ..app.validate import validate
from ..app.workflow_actions import act
from ..audit import now_wib
from ..batch import gc_paused
from ..errors import GENERIC_MESSAGE, ActorRefused, PpidError
from ..layout import button_ref
from ..settings import User
from ..workflow import KEMBALIKAN, MAJU, SETUJUI
from .config import letters_pdf, storage_root
from .roles import action_roles

log = logging.getLogger("ppid_dokumentasi.server")
DOWNLOAD_PREFIX = "/ppid/unduh"
UPLOAD_PREFIX = "/ppid/unggah"
LETTERS_DIR, ARCHIVE_DIR, PUBLICATION_DIR, IMPORT_DIR = "surat", "arsip", "publikasi", "impor"
Work = Callable[[BookSession, User, "CurrentUser", Path], str]


def download_link(path: Path) -> str:
    """The authenticated download route of a file (or folder, as .zip) under the storage root."""
    rel = path.resolve().relative_to(storage_root().resolve())
    base = (xlwings_settings.hostname or "").rstrip("/") + xlwings_settings.app_path
    return base + DOWNLOAD_PREFIX + "/" + "/".join(quote(part) for part in rel.parts)


def _tree(user: CurrentUser, book: xw.Book) -> Path:
    return office_tree(storage_root(), user.kantor or "", book.name)


def run(action: str, book: xw.Book, user: CurrentUser, work: Work) -> xw.Book:
    try:
        with gc_paused(), BookSession(book) as session:
            actor = authenticated_actor(user.name or "", user.roles, roles=action_roles()[action],
                                        settings=session.data.settings)
            message = work(session, actor, user, _tree(user, book))
        session.report(message)
    except PpidError as exc:
        raise HTTPException(status_code=403 if isinstance(exc, ActorRefused) else 422, detail=exc.message) from None
    except HTTPException:
        raise
    except Exception:
        log.exception("galat tak terduga pada skrip server %s", action)
        raise HTTPException(status_code=500, detail=GENERIC_MESSAGE) from None
    return book


def _validasi(session, actor, user, tree) -> str:
    return validate(session).message()


def _workflow(aksi: str) -> Work:
    return lambda session, actor, user, tree: act(session, aksi, actor).message()


def _buat_surat(session, actor, user, tree) -> str:
    from ..adapters.docx_letters import render

    result = make_letters(session, actor, tanggal=now_wib().date(), render=render, out_dir=tree / LETTERS_DIR,
                          pdf=letters_pdf(), convert=_pdf)
    return _letters_report(result)


def _letters_report(result) -> str:
    """The letters (and PDFs) a button wrote, each with its download link, then the warnings."""
    paths = [p for batch in result.batches for p in batch.paths] + list(result.pdfs)
    return "\n".join([result.message(), "Unduh:", *(download_link(p) for p in paths), *result.warnings])


def _pdf(paths: list[Path]) -> list[Path]:
    """PDFs through this worker's LibreOffice kept running. A failed conversion is a warning in the
    message, never a refusal: the letters are numbered and written by then, the .docx stay."""
    from .. import letters
    from ..adapters.office_pdf import shared

    try:
        return shared().convert(paths)
    except letters.PdfUnavailable:
        raise
    except letters.LetterError as exc:
        raise letters.PdfUnavailable(exc.message) from None


def _buka(session, actor, user, tree) -> str:
    from ..adapters.docx_letters import render
    from ..app.opening import open_information

    result = open_information(session, None, None, None, tanggal=now_wib().date(), render=render,
                              out_dir=tree / LETTERS_DIR, actor=actor)
    return _letters_report(result)


def _arsipkan(session, actor, user, tree) -> str:
    result = archive(session, actor, root=tree / ARCHIVE_DIR, letters_root=tree / LETTERS_DIR)
    return "\n".join([result.summary(), f"Unduh (.zip): {download_link(result.path)}", *result.recovered,
                      *result.warnings])


def _ekspor(session, actor, user, tree) -> str:
    from ..adapters.openpyxl_tables import table_xlsx
    from ..app.publishing import export_public

    out_dir, result = export_public(session.data, None, as_of=now_wib().date(), table_writer=table_xlsx,
                                    out_dir=tree / PUBLICATION_DIR)
    return f"Ekspor selesai.\n{result.summary()}\nUnduh (.zip): {download_link(out_dir)}"


def _dasbor(session, actor, user, tree) -> str:
    from ..adapters.xlwings_dasbor import write_dasbor_book
    from ..app.dashboard_job import refresh_dashboard, summary

    board = refresh_dashboard(session.data, now_wib().date(),
                              lambda grid, spec: write_dasbor_book(session.book, grid, spec))
    return summary(board)


def uploaded_sources(setting: str, folder: Path) -> list[Path]:
    """The import sources of the ⇩ Impor button on the server: the files the office uploaded
    (``POST /ppid/unggah/<workbook>/<file>``) into its tree's ``impor`` folder. Pengaturan
    ``berkas_impor`` chooses among them by file name (a path written there for a desktop counts by
    its last part only: the server never reads outside the office's tree); empty: every uploaded file."""
    from ..app.importing import SOURCES_KEY
    from ..errors import ImportSourceError

    wanted = [Path(part.strip().strip('"').replace("\\", "/")).name for part in setting.split(";") if part.strip()]
    uploaded = sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")) \
        if folder.is_dir() else []
    how = "unggah berkasnya lewat panel tugas PPID (Unggah berkas impor), lalu klik ⇩ Impor lagi"
    if not wanted:
        if not uploaded:
            raise ImportSourceError(f"Belum ada berkas DIP/DIK yang diunggah untuk workbook ini: {how}.")
        return uploaded
    by_name = {p.name: p for p in uploaded}
    missing = [name for name in wanted if name not in by_name]
    if missing:
        raise ImportSourceError(f"Berkas {', '.join(repr(m) for m in missing)} (Pengaturan '{SOURCES_KEY}') belum "
                                f"diunggah untuk workbook ini: {how}.", sheet="Pengaturan", column="Nilai")
    return [by_name[name] for name in wanted]


def _impor(session, actor, user, tree) -> str:
    from ..app.importing import SOURCES_KEY, import_sources, short_report

    sources = uploaded_sources(session.data.settings.text(SOURCES_KEY), tree / IMPORT_DIR)
    result = import_sources(session, actor, sources, register=Path(session.name), propose_when_unsure=True)
    return short_report(result)


def _script(action: str, work: Work):
    def script(book: xw.Book, current_user: CurrentUser) -> xw.Book:
        return run(action, book, current_user, work)

    script.__name__ = script.__qualname__ = action
    return server_script(name=action, button=button_ref(action), required_roles=list(action_roles()[action]))(script)


validasi = _script("validasi", _validasi)
majukan = _script("majukan", _workflow(MAJU))
kembalikan = _script("kembalikan", _workflow(KEMBALIKAN))
setujui = _script("setujui", _workflow(SETUJUI))
buat_surat = _script("buat_surat", _buat_surat)
arsipkan = _script("arsipkan", _arsipkan)
impor = _script("impor", _impor)
ekspor = _script("ekspor", _ekspor)
dasbor = _script("dasbor", _dasbor)
buka = _script("buka", _buka)

SCRIPTS = ("validasi", "majukan", "kembalikan", "setujui", "buat_surat", "arsipkan", "impor", "ekspor", "dasbor",
           "buka")
