"""The one rule for who acts (app/actors.py): a registered user holding the role the action needs."""

from __future__ import annotations

import pytest

from ppid_dokumentasi.app.actors import acting_user, first_step_roles
from ppid_dokumentasi.errors import ActorRefused
from ppid_dokumentasi.settings import Settings, User

USERS = [User("Ani", "Petugas"), User("Budi", "PPID", "1980"), User("Budi", "Arsip", "1980")]


def settings(users=USERS, active: str = "") -> Settings:
    return Settings.from_sheet({"pengguna_aktif": active}, list(users))


def test_name_given_or_active_user_and_the_role_from_the_table():
    assert acting_user(settings(), "ani") == User("Ani", "Petugas")
    assert acting_user(settings(active="Budi"), None, "Arsip") == User("Budi", "Arsip", "1980")
    assert acting_user(settings(active="Budi")).peran == "PPID"  # first registered role
    assert acting_user(settings(), "Budi", roles=["Arsip"]).peran == "Arsip"  # the role the action needs


@pytest.mark.parametrize("users, nama, peran, roles, code", [
    (USERS, None, None, None, "nama-wajib"),
    (USERS, "Tamu", None, None, "pengguna-tidak-terdaftar"),
    (USERS, "Ani", "PPID", None, "peran-tidak-cocok"),
    (USERS, "Ani", "Bupati", None, "peran-tidak-dikenal"),
    (USERS, "Budi", None, first_step_roles(), "peran-tidak-berwenang"),
    ([], "Ani", None, None, "pengguna-kosong"),
    ([User("Cici", "Tamu")], "Cici", None, None, "peran-tidak-dikenal"),
])
def test_refusals_name_what_is_wrong(users, nama, peran, roles, code):
    with pytest.raises(ActorRefused) as refused:
        acting_user(settings(users), nama, peran, roles=roles, option="--nama")
    assert refused.value.code == code and refused.value.message
