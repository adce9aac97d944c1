"""The guard in front of every request that carries a body (ASGI middleware around xlwings Server).

In this order, before a byte of the body is read:

1. **Who is it.** The request is authenticated with xlwings Server's own provider selection
   (``Authorization``/``Auth-Provider`` headers, ``XLWINGS_AUTH_PROVIDERS``: the users file, Entra
   ID). A missing or unknown token is refused (401), so nobody without a token makes the server read
   up to the size limit.
2. **May they press this button.** A ``custom-scripts-call`` of a PPID button (or an upload for
   ⇩ Impor) by a user holding none of its roles (:func:`.roles.action_roles`, the same list as the
   script's ``required_roles``) is refused (403).
3. **How big.** The body is bounded while it is read (a declared ``Content-Length`` over the limit
   is refused at once): the reading limit ``ukuran_berkas`` of data/batas_baca.toml (413). An upload
   is streamed to disk by its route under the same bound (:mod:`.web`).
4. **What shape.** A ``custom-scripts-call`` body must be the Office.js payload's shape with a
   Register sheet and cells within the reading limits (:func:`check_payload`; 400/413/422).

Every refusal is ``{"detail": "<Indonesian message>"}`` (the add-in shows ``detail``) and changes
nothing: xlwings and our scripts never see the request. A body within the bounds is replayed to
xlwings Server unchanged.
"""

from __future__ import annotations

import json
import logging
import math

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers

from ..package_guard import default_limits
from ..register import REGISTER_SHEET
from .roles import action_roles
from .scripts import UPLOAD_PREFIX

log = logging.getLogger("ppid_dokumentasi.server")
SCRIPT_CALL = "/xlwings/custom-scripts-call/"
BODY_METHODS = {"POST", "PUT", "PATCH"}


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


async def authenticate(headers: Headers):
    """The user of a request, by xlwings Server's own provider selection; raises its HTTPException
    (401 for a missing or unknown token)."""
    from xlwings_server.dependencies import authenticate as xlwings_authenticate

    return await xlwings_authenticate(token_string=headers.get("authorization", ""),
                                      auth_provider=headers.get("auth-provider"))


def script_name(path: str) -> str | None:
    return path.split(SCRIPT_CALL, 1)[1].strip("/") if SCRIPT_CALL in path else None


def action_of(path: str) -> str | None:
    """The button a request belongs to: a script call, or an upload for ⇩ Impor."""
    if UPLOAD_PREFIX + "/" in path:
        return "impor"
    return script_name(path)


class PayloadGuard:
    """ASGI middleware: authenticate, check the button's roles, bound and check the body."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        try:
            await self._admit(scope)
        except PayloadError as exc:
            await _refuse(scope, receive, send, exc.message, exc.status)
            return
        if UPLOAD_PREFIX + "/" in scope["path"]:  # streamed to disk by the route, which bounds it itself
            await self.app(scope, receive, send)
            return
        limit = default_limits().ukuran_berkas
        too_big = f"Data yang dikirim lebih besar dari batas {limit} byte; tidak ada yang diubah."
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(scope, receive, send, too_big, 413)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(scope, receive, send, too_big, 413)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if script_name(scope["path"]) is not None:
            try:
                check_payload(body)
            except PayloadError as exc:
                await _refuse(scope, receive, send, exc.message, exc.status)
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
    async def _admit(scope) -> None:
        """Steps 1 and 2, from the headers alone."""
        from .web import denied

        try:
            user = await authenticate(Headers(scope=scope))
        except HTTPException as exc:
            raise PayloadError(_indonesian(exc), exc.status_code) from None
        roles = action_roles().get(action_of(scope["path"]) or "")
        if roles and not await user.has_required_roles(list(roles)):
            raise PayloadError(denied(user.name or "", ", ".join(roles)), 403)


def _indonesian(exc: HTTPException) -> str:
    """Our provider's refusal as it is; xlwings Server's own (English) ones in Indonesian."""
    detail = str(exc.detail)
    if detail.startswith("Token tidak dikenal"):
        return detail
    log.info("autentikasi ditolak: %s", detail)
    if exc.status_code == 400:
        return ("Penyedia autentikasi tidak dikenal atau tidak disebut (header Auth-Provider): muat ulang add-in "
                "lalu coba lagi.")
    if exc.status_code == 401:
        return "Autentikasi gagal: masuk lagi (token dari admin PPID atau akun kantor), lalu coba lagi."
    return f"Akses ditolak ({exc.status_code})."


async def _refuse(scope, receive, send, message: str, status: int) -> None:
    await JSONResponse({"detail": message}, status_code=status)(scope, receive, send)
