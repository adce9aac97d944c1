"""Who acts: THE one rule, for every action from every entry point.

The actor is a user registered in the Pengguna table of ``Pengaturan`` and holding the role the
action needs. The name comes from the entry point (CLI ``--nama``/``--oleh``/``--petugas``) or, when
none is given (always for the workbook's buttons), from Pengaturan ``pengguna_aktif``. The role is
the one given (it must be one the user holds) or else the user's registered role. Whether that role
may take this step is the workflow's and the archive's SOP rule, checked by them; this module only
decides who the actor is and that they may act at all:

* workflow actions: any SOP role (the transition then names the roles of the step);
* letters and whole-register snapshots: any SOP role;
* import: the roles of the step new items start at (SOP step 1).

Only xlwings Server with authentication proves who the user is; on the desktop and in Lite the
workbook says so (README, docs/workflow.md). In server mode the entry point calls
:func:`authenticated_actor` instead: the actor is the authenticated identity, never a cell.
"""

from __future__ import annotations

from typing import Iterable

from ..errors import ActorRefused
from ..layout import PENGATURAN
from ..settings import Settings, User
from ..sop import Sop, default_sop

ACTIVE_USER_KEY = "pengguna_aktif"


def acting_user(settings: Settings, nama: str | None = None, peran: str | None = None, *,
                roles: Iterable[str] | None = None, option: str | None = None, sop: Sop | None = None) -> User:
    """The registered user who acts, or :class:`ActorRefused` naming what is wrong.

    ``option`` is the CLI option that names the actor (for the message); None for the buttons.
    ``roles``: the roles the action needs (None: any role of the SOP).
    """
    sop = sop or default_sop()
    known = sop.role_codes
    needed = [r for r in (roles if roles is not None else known)]
    nama = (nama or "").strip() or settings.text(ACTIVE_USER_KEY)
    if not nama:
        how = f"pakai {option} atau isi" if option else "isi"
        raise ActorRefused(f"Nama pelaku belum diisi: {how} '{ACTIVE_USER_KEY}' di sheet {PENGATURAN} (kolom Nilai) "
                           "dengan nama dari tabel Pengguna.", sheet=PENGATURAN, column="Nilai", code="nama-wajib")
    peran = (peran or "").strip()
    if peran and peran not in known:
        raise ActorRefused(f"Peran '{peran}' tidak dikenal; peran SOP: {', '.join(known)}.",
                           code="peran-tidak-dikenal")
    if not settings.users:
        raise ActorRefused(f"Tabel Pengguna di sheet {PENGATURAN} kosong: daftarkan dulu nama dan peran setiap "
                           "pelaku.", sheet=PENGATURAN, column="Nama Pengguna", code="pengguna-kosong")
    wanted = nama.casefold()
    entries = [u for u in settings.users if u.nama.strip().casefold() == wanted]
    if not entries:
        registered = ", ".join(u.nama for u in settings.users)
        raise ActorRefused(f"'{nama}' tidak terdaftar di tabel Pengguna (sheet {PENGATURAN}). Pengguna terdaftar: "
                           f"{registered}.", sheet=PENGATURAN, column="Nama Pengguna", code="pengguna-tidak-terdaftar")
    held = [u.peran.strip() for u in entries]
    if peran:
        if peran not in held:
            raise ActorRefused(f"'{entries[0].nama}' terdaftar dengan peran '{'/'.join(held)}', bukan '{peran}' "
                               f"(tabel Pengguna sheet {PENGATURAN}).", sheet=PENGATURAN, column="Peran",
                               code="peran-tidak-cocok")
        user = entries[held.index(peran)]
    else:
        user = next((u for u in entries if u.peran.strip() in needed), entries[0])
    role = user.peran.strip()
    if role not in known:
        raise ActorRefused(f"'{user.nama}' memiliki peran yang tidak dikenal di tabel Pengguna ('{role}'); pilih "
                           f"salah satu: {', '.join(known)}.", sheet=PENGATURAN, column="Peran",
                           code="peran-tidak-dikenal")
    if role not in needed:
        raise ActorRefused(f"'{user.nama}' berperan {role}; tindakan ini dilakukan oleh {', '.join(needed)} "
                           f"(tabel Pengguna sheet {PENGATURAN}).", sheet=PENGATURAN, column="Peran",
                           code="peran-tidak-berwenang")
    return User(user.nama.strip(), role, user.nip)


def first_step_roles(sop: Sop | None = None) -> tuple[str, ...]:
    """Who may put new items into the register: the pelaksana of SOP step 1."""
    return tuple((sop or default_sop()).step(1).pelaksana)


def authenticated_actor(nama: str, held: Iterable[str], *, roles: Iterable[str] | None = None,
                        settings: Settings | None = None, sop: Sop | None = None) -> User:
    """Server mode: the authenticated user acts (``pengguna_aktif`` is never read).

    ``held``: the roles the server's identity provider gives the user; the first one the action
    needs is taken. The NIP comes from the Pengguna table when it lists the same name and role.
    """
    sop = sop or default_sop()
    known = sop.role_codes
    needed = list(roles if roles is not None else known)
    nama = (nama or "").strip()
    mine = [r.strip() for r in held if r.strip() in known]
    if not nama:
        raise ActorRefused("Pengguna yang masuk tidak memiliki nama.", code="nama-wajib")
    role = next((r for r in mine if r in needed), None)
    if role is None:
        raise ActorRefused(f"'{nama}' berperan {', '.join(mine) or '(tanpa peran SOP)'}; tindakan ini dilakukan oleh "
                           f"{', '.join(needed)}.", code="peran-tidak-berwenang")
    nip = None
    for user in (settings.users if settings else []):
        if user.nama.strip().casefold() == nama.casefold() and user.peran.strip() == role:
            nip = user.nip
            break
    return User(nama, role, nip)
