"""A real xlwings Server process on 127.0.0.1 (``ppid server``, two workers): one item taken from
SOP step 1 to 7 and archived entirely through payloads shaped like the Office.js client's, each
response's actions applied back to the workbook; then 20 concurrent ``arsipkan`` requests leave 20
more gapless, signed versions that verify.

The selection is on the item's data row (the ``Pilih`` column for marking rows has not landed yet).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from server_support import OFFICE, make_register, make_users  # sets the licence key
from xlwings_payload import apply_actions, payload  # noqa: E402

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.archive_check import scan  # noqa: E402
from ppid_dokumentasi.archive_sign import PUBLIC_KEY_SETTING, create_key  # noqa: E402
from ppid_dokumentasi.layout import RIWAYAT  # noqa: E402

ITEM = "PKR-2025-012"  # at step 1
CONCURRENT = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    base = tmp_path_factory.mktemp("server-proses")
    storage, keys = base / "penyimpanan", base / "kunci"
    tokens = make_users(storage / "pengguna.toml")
    (base / "kantor").mkdir()
    path = make_register(base / "kantor" / "register.xlsx")
    signer = create_key(keys)
    with WorkbookEditor(path) as editor:
        editor.set_setting(PUBLIC_KEY_SETTING, signer.public)
        editor.set_cells(editor.data.register.find(ITEM)[0], {"Lokasi Softfile": f"softfile/{ITEM}.pdf"})
    port = _free_port()
    env = dict(os.environ, PPID_SERVER_PENYIMPANAN=str(storage), PPID_KUNCI_DIR=str(keys),
               XLWINGS_LICENSE_KEY="noncommercial")
    process = subprocess.Popen([sys.executable, "-m", "ppid_dokumentasi", "server", "--port", str(port),
                                "--workers", "2"], env=env, cwd=base, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/xlwings/custom-scripts-meta", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.3)
        yield url, tokens, path, storage, signer
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _press(url, token, name, path, *, apply=True):
    row = read_workbook(path).register.find(ITEM)[0]
    done = httpx.post(f"{url}/xlwings/custom-scripts-call/{name}", json=payload(path, selection=f"B{row}"),
                      headers={"Authorization": token}, timeout=300)
    assert done.status_code == 200, (name, done.text)
    alerts = apply_actions(path, done.json()["actions"]) if apply else []
    return alerts


def test_one_item_step_1_to_7_then_20_concurrent_archives(live):
    url, tokens, path, storage, signer = live
    steps = [("majukan", "petugas"), ("majukan", "ppid"), ("majukan", "petugas"), ("majukan", "petugas"),
             ("majukan", "petugas"), ("buat_surat", "petugas"), ("setujui", "ppid"), ("majukan", "ppid"),
             ("majukan", "arsip"), ("arsipkan", "arsip")]
    messages = {}
    for name, who in steps:
        messages[name] = _press(url, tokens[who], name, path)[-1][1]
    data = read_workbook(path)
    row = data.register.items([data.register.find(ITEM)[0]], data.lists)[0]
    assert (row.langkah, row.status) == (7, "Selesai")
    events = [r for r in read_all_sheets(path)[RIWAYAT][1:] if ITEM in r]
    assert len(events) == 10 and {"Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)",
                                  "Nama Arsiparis (contoh)"} <= {v for r in events for v in r}
    letter = next(line for line in messages["buat_surat"].splitlines() if line.startswith("/ppid/unduh/"))
    assert httpx.get(url + letter, headers={"Authorization": tokens["petugas"]}).content[:2] == b"PK"
    assert httpx.get(url + letter, headers={"Authorization": tokens["petugas_lain"]}).status_code == 403

    with ThreadPoolExecutor(CONCURRENT) as pool:
        list(pool.map(lambda _: _press(url, tokens["arsip"], "arsipkan", path, apply=False), range(CONCURRENT)))
    root = storage / OFFICE / "register" / "arsip"
    state = scan(root, deep=True, trusted={signer.public})
    assert state.ok, [f.text() for f in state.fatal]
    versions = [entry["versi"] for entry in state.entries]
    assert versions == [f"v{n:04d}" for n in range(1, CONCURRENT + 2)]
    assert all(entry.get("tanda_tangan") and entry.get("kunci") == signer.public for entry in state.entries)
