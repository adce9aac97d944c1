"""xlwings Server's custom authentication provider ``ppid`` (XLWINGS_AUTH_PROVIDERS=["ppid"])."""
from ppid_dokumentasi.server.identity import validate_token  # noqa: F401
