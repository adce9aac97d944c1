"""The ASGI app ``ppid server`` runs: xlwings Server (its FastAPI app, add-in, manifest, auth) with
this project's custom scripts, users file provider, download route and payload guard.

``uvicorn ppid_dokumentasi.server.asgi:app`` (several workers in production, README).
"""

from __future__ import annotations

from .config import configure_environment

configure_environment()

from fastapi.responses import JSONResponse  # noqa: E402
from xlwings import XlwingsError  # noqa: E402
from xlwings_server import main as _xlwings_main  # noqa: E402

from ..errors import GENERIC_MESSAGE  # noqa: E402
from .guard import PayloadGuard  # noqa: E402
from .web import role_refusal  # noqa: E402

fastapi_app = _xlwings_main.app


@fastapi_app.exception_handler(XlwingsError)
async def _xlwings_error(request, exc):
    return role_refusal(str(exc)) or JSONResponse({"detail": str(exc)}, status_code=400)


@fastapi_app.exception_handler(Exception)
async def _unexpected(request, exc):
    _xlwings_main.logger.exception("galat tak terduga", exc_info=exc)
    return JSONResponse({"detail": GENERIC_MESSAGE}, status_code=500)


app = PayloadGuard(_xlwings_main.main_app)
