"""xlwings Server includes ``routers.custom.router``: the authenticated download route."""
from ppid_dokumentasi.server.web import router  # noqa: F401
