"""The server's own routes and guards: the authenticated download route, the payload guard in
front of the custom scripts, and Indonesian messages for xlwings Server's refusals.

* ``GET /ppid/unduh/<kantor>/<workbook>/<...>``: a file of the user's own office tree (a folder,
  e.g. an archive version, comes as .zip). Another office's path is refused (403), a path leaving
  the tree (``..``, a symlink out) is refused (404).
* :func:`role_refusal`, :func:`denied`: xlwings Server's ``required_roles`` refusal in Indonesian.

The payload guard in front of every request body is :mod:`.guard`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from xlwings_server import dependencies as dep

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
    return JSONResponse({"detail": denied(found["name"], found["roles"])}, status_code=403)


def denied(name: str, roles: str) -> str:
    return (f"Akses ditolak: {name} tidak memegang peran yang berwenang untuk tindakan ini "
            f"(yang berwenang: {roles}).")
