"""xlwings Server's user model, replaced: roles as *one of*, and the user's office."""
from ppid_dokumentasi.server.identity import PpidUser as User  # noqa: F401
