"""The server's own routes and guards: the authenticated download route, the payload guard in
front of the custom scripts, and Indonesian messages for xlwings Server's refusals.

* ``GET /ppid/unduh/<kantor>/<workbook>/<...>``: a file of the user's own office tree (a folder,
  e.g. an archive version, comes as .zip). Another office's path is refused (403), a path leaving
  the tree (``..``, a symlink out) is refused (404).
* ``POST /ppid/unggah/<workbook>/<berkas>``: the published DIP/DIK list (.csv/.xlsx) the ⇩ Impor
  button then imports, streamed into ``<storage>/<kantor>/<workbook>/impor/<berkas>`` under the
  reading limit ``ukuran_berkas``; a user without a role of SOP step 1 is refused (403), a file name
  that is not a safe single name (422), another kind (415), a zip that is not a bounded .xlsx or a
  binary posing as .csv (422). Written to a temporary file beside it and renamed only when it passed:
  a refused upload leaves nothing, an accepted one replaces an earlier upload of the same name.
* :func:`role_refusal`, :func:`denied`: xlwings Server's ``required_roles`` refusal in Indonesian.

The payload guard in front of every request body is :mod:`.guard`.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from xlwings_server import dependencies as dep

from ..app.folders import office_tree
from ..durable import TEMP_SUFFIX, fsync_folder, remove_stale, temporary_path
from ..errors import PpidError
from ..package_guard import check_package, default_limits
from ..safe_names import safe_component, unsafe_name_reason
from ..sources import CSV_SUFFIXES, XLSX_SUFFIXES
from .config import storage_root
from .roles import action_roles
from .scripts import DOWNLOAD_PREFIX, IMPORT_DIR, UPLOAD_PREFIX

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


@router.post(UPLOAD_PREFIX + "/{workbook}/{berkas}", status_code=201)
async def unggah(workbook: str, berkas: str, request: Request, current_user: dep.User):
    roles = action_roles()["impor"]
    if not await current_user.has_required_roles(list(roles)):  # the guard refused already; second line
        raise HTTPException(status_code=403, detail=denied(current_user.name or "", ", ".join(roles)))
    reason = unsafe_name_reason(berkas)
    if reason:
        raise HTTPException(status_code=422, detail=f"Nama berkas '{berkas}' tidak dapat dipakai: {reason}. "
                                                    "Ganti namanya (huruf, angka, - atau _) lalu unggah lagi.")
    suffix = Path(berkas).suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise HTTPException(status_code=415, detail=f"Berkas '{berkas}' bukan .csv atau .xlsx; simpan daftar DIP/DIK "
                                                    "sebagai .xlsx atau .csv UTF-8 lalu unggah lagi.")
    limit = default_limits().ukuran_berkas
    too_big = f"Berkas '{berkas}' lebih besar dari batas {limit} byte; tidak ada yang disimpan."
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(status_code=413, detail=too_big)
    kantor = (getattr(current_user, "kantor", None) or "").strip()
    folder = office_tree(storage_root(), kantor, workbook) / IMPORT_DIR
    target = folder / berkas
    folder.mkdir(parents=True, exist_ok=True)
    if target.resolve().parent != folder.resolve():  # e.g. a symlink planted where the file goes
        raise HTTPException(status_code=422, detail=f"Berkas '{berkas}' tidak dapat disimpan di folder impor.")
    remove_stale(target)  # our temporaries of an upload whose worker died
    temporary = temporary_path(target, ".xlsx" if suffix in XLSX_SUFFIXES else TEMP_SUFFIX)
    size = 0
    try:
        with open(temporary, "xb") as handle:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise HTTPException(status_code=413, detail=too_big)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        _check_kind(temporary, berkas, suffix, size)
        os.replace(temporary, target)
        fsync_folder(folder)
    finally:
        temporary.unlink(missing_ok=True)
    return {"berkas": berkas, "ukuran": size,
            "pesan": f"Berkas '{berkas}' ({size} byte) tersimpan untuk impor. Isi Pengaturan 'berkas_impor' "
                     f"dengan '{berkas}' (atau kosongkan untuk semua berkas yang diunggah), lalu klik ⇩ Impor."}


def _check_kind(path: Path, berkas: str, suffix: str, size: int) -> None:
    """The content fits the name: a bounded .xlsx package, or text (no NUL bytes) for a .csv."""
    if size == 0:
        raise HTTPException(status_code=422, detail=f"Berkas '{berkas}' kosong; tidak ada yang disimpan.")
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    if suffix in XLSX_SUFFIXES:
        try:
            if not head.startswith(b"PK\x03\x04"):
                raise PpidError("bukan workbook .xlsx (bukan arsip zip)")
            check_package(path)
        except PpidError as exc:
            reason = exc.message.replace(f"Berkas '{path}' ditolak: ", "").replace(str(path), berkas).rstrip(". ")
            raise HTTPException(status_code=422, detail=f"Berkas '{berkas}' ditolak: {reason}. Tidak ada yang "
                                                        "disimpan; simpan ulang dari Excel sebagai .xlsx lalu unggah "
                                                        "lagi.") from None
    elif b"\x00" in head:
        raise HTTPException(status_code=422, detail=f"Berkas '{berkas}' bukan teks .csv (berisi data biner); simpan "
                                                    "daftar sebagai .csv UTF-8 atau .xlsx lalu unggah lagi.")


# -- xlwings Server's refusals, in Indonesian ------------------------------------------------------
_DENIED = re.compile(r"Access Denied\. (?P<name>.*) is missing the following roles: (?P<roles>.*)$", re.S)


def role_refusal(message: str) -> JSONResponse | None:
    """xlwings' ``required_roles`` refusal (an XlwingsError) as a 403 with an Indonesian message."""
    found = _DENIED.match(message)
    if not found:
        return None
    return JSONResponse({"detail": denied(found["name"], found["roles"])}, status_code=403)


def denied(name: str, roles: str) -> str:
    return (f"Akses ditolak: {name} tidak memegang peran yang berwenang untuk tindakan ini "
            f"(yang berwenang: {roles}).")
