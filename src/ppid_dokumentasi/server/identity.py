"""The server's user model and the custom authentication provider ``ppid`` (the users file).

:class:`PpidUser` replaces xlwings Server's ``User`` for every provider (``project/models/user.py``):

* ``required_roles`` means *one of* these roles (xlwings Server's default asks for all of them;
  a button such as Majukan is pressed by Petugas, PPID or Arsip depending on the step);
* ``kantor``: the office whose folder tree the user works in and downloads from (users file;
  with Entra ID the tenant's domain, or the ``kantor`` claim when the app registration issues one).
"""

from __future__ import annotations

from fastapi import HTTPException, status
from xlwings_server.models.user import User as _XlwingsUser

from .config import users_file
from .users import find_user


class PpidUser(_XlwingsUser):
    kantor: str | None = None

    def model_post_init(self, context) -> None:  # after xlwings' populate_from_claims
        if not self.kantor:
            self.kantor = (self.claims or {}).get("kantor") or self.domain or (self.claims or {}).get("tid")

    async def has_required_roles(self, required_roles: list[str] | None = None) -> bool:
        return not required_roles or bool(set(required_roles) & set(self.roles))


async def validate_token(token_string: str) -> PpidUser:
    """xlwings Server's custom-provider hook (``XLWINGS_AUTH_PROVIDERS=["ppid"]``); never cached,
    so a user the admin removes from the file is refused at once."""
    user = find_user(users_file(), token_string or "")
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                            detail="Token tidak dikenal atau tidak ada: masuk dengan token dari admin PPID "
                                   "(ppid server pengguna tambah).")
    return PpidUser(id=f"{user.kantor}/{user.nama}", name=user.nama, roles=list(user.peran), kantor=user.kantor)
