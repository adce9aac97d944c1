"""The server's own routes and guards: the authenticated download route, the payload guard in
front of the custom scripts, and Indonesian messages for xlwings Server's refusals.

* ``GET /ppid/unduh/<kantor>/<workbook>/<...>``: a file of the user's own office tree (a folder,
  e.g. an archive version, comes as .zip). Another office's path is refused (403), a path leaving
  the tree (``..``, a symlink out) is refused (404).
* :class:`PayloadGuard`: a ``custom-scripts-call`` body is bounded before it is read (the reading
  limits of data/batas_baca.toml), must be the Office.js payload's shape with a Register sheet, and
  otherwise gets a 4xx ``{"detail": "<Indonesian message>"}``; xlwings never sees it.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from xlwings_server import dependencies as dep

from ..package_guard import default_limits
from ..register import REGISTER_SHEET
from ..safe_names import safe_component
from .config import storage_root
from .scripts import DOWNLOAD_PREFIX

router = APIRouter()


@router.get(DOWNLOAD_PREFIX + "/{kantor}/{rest:path}")
async def unduh(kantor: str, rest: str, current_user: dep.User):
    mine = safe_component((getattr(current_user, "kantor", None) or "").strip(), "_kantor")
    if kantor != mine:
        raise HTTPException(status_code=403, detail=f"Berkas kantor '{kantor}' tidak dapat diunduh oleh pengguna "
                                                    f"kantor '{mine}'.")
    office = (storage_root() / mine).resolve()
    target = (office / rest).resolve()
    if not target.is_relative_to(office) or target == office or not target.exists():
        raise HTTPException(status_code=404, detail="Berkas tidak ditemukan.")
    if target.is_file():
        return FileResponse(target, filename=target.name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.resolve().is_relative_to(office):
                archive.write(path, Path(target.name) / path.relative_to(target))
    buffer.seek(0)
    return StreamingResponse(buffer, media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{target.name}.zip"'})


# -- xlwings Server's refusals, in Indonesian ------------------------------------------------------
_DENIED = re.compile(r"Access Denied\. (?P<name>.*) is missing the following roles: (?P<roles>.*)$", re.S)


def role_refusal(message: str) -> JSONResponse | None:
    """xlwings' ``required_roles`` refusal (an XlwingsError) as a 403 with an Indonesian message."""
    found = _DENIED.match(message)
    if not found:
        return None
    return JSONResponse({"detail": f"Akses ditolak: {found['name']} tidak memegang peran yang berwenang untuk "
                                   f"tindakan ini (yang berwenang: {found['roles']})."}, status_code=403)


# -- the payload guard ----------------------------------------------------------------------------
class PayloadError(Exception):
    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _is_cell(value) -> bool:
    if value is None or isinstance(value, (str, bool, int)):
        return True
    return isinstance(value, float) and math.isfinite(value)


def check_payload(body: bytes) -> None:
    """Refuse (:class:`PayloadError`) anything but a bounded Office.js payload with a Register sheet."""
    limits = default_limits()
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise PayloadError("Data workbook yang dikirim bukan JSON yang sah.", 400) from None
    if not isinstance(data, dict) or not isinstance(data.get("book"), dict) or not isinstance(data.get("sheets"), list):
        raise PayloadError("Data workbook tidak berbentuk seperti kiriman add-in Excel (book, sheets).")
    book = data["book"]
    if not isinstance(book.get("name"), str) or not isinstance(book.get("selection", ""), (str, type(None))):
        raise PayloadError("Data workbook tanpa nama buku atau dengan pilihan sel yang tidak sah.")
    if not isinstance(book.get("active_sheet_index", 0), int) or not isinstance(data.get("names", []), list):
        raise PayloadError("Data workbook dengan indeks sheet atau daftar nama yang tidak sah.")
    cells, names = 0, []
    for sheet in data["sheets"]:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str) \
                or not isinstance(sheet.get("values"), list):
            raise PayloadError("Setiap sheet dalam data workbook harus memiliki nama dan nilai (values).")
        name, rows = sheet["name"], sheet["values"]
        names.append(name)
        if len(rows) > limits.baris:
            raise PayloadError(f"Sheet '{name}' memiliki {len(rows)} baris; batasnya {limits.baris}.", 413)
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, list):
                raise PayloadError(f"Sheet '{name}' baris {number}: nilai harus berupa daftar sel.")
            if len(row) > limits.kolom:
                raise PayloadError(f"Sheet '{name}' baris {number}: {len(row)} kolom; batasnya {limits.kolom}.", 413)
            cells += len(row)
            for column, value in enumerate(row, start=1):
                if not _is_cell(value):
                    raise PayloadError(f"Sheet '{name}' baris {number} kolom {column}: nilai sel tidak sah.")
                if isinstance(value, str) and len(value) > limits.panjang_sel:
                    raise PayloadError(f"Sheet '{name}' baris {number} kolom {column}: teks {len(value)} karakter; "
                                       f"batasnya {limits.panjang_sel} (batas Excel).", 413)
                if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 15:
                    raise PayloadError(f"Sheet '{name}' baris {number} kolom {column}: angka terlalu besar.")
        if cells > limits.sel:
            raise PayloadError(f"Data workbook memuat lebih dari {limits.sel} sel.", 413)
    if REGISTER_SHEET not in names:
        raise PayloadError(f"Sheet '{REGISTER_SHEET}' tidak ada dalam data workbook: jalankan tombol dari workbook "
                           "register PPID.")


class PayloadGuard:
    """ASGI middleware in front of xlwings Server's ``custom-scripts-call``."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or "/xlwings/custom-scripts-call/" not in scope["path"]:
            await self.app(scope, receive, send)
            return
        limit = default_limits().ukuran_berkas
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, f"Data workbook lebih besar dari batas {limit} byte.", 413)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, receive, send, f"Data workbook lebih besar dari batas {limit} byte.", 413)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            check_payload(body)
        except PayloadError as exc:
            await self._refuse(scope, receive, send, exc.message, exc.status)
            return
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(scope, receive, send, message: str, status: int) -> None:
        await JSONResponse({"detail": message}, status_code=status)(scope, receive, send)
