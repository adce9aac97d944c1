"""A real xlwings Server process on 127.0.0.1 (``ppid server``, two workers): one item taken from
SOP step 1 to 7 and archived entirely through what the Office.js add-in posts when an officer
clicks a sheet button (tests/xlwings_payload.py ``button_click_payload``: the selection on the
button's cell, the item's row marked in ``Pilih``), each response's actions applied back to the
workbook (the marks are cleared); then 20 concurrent ``arsipkan`` requests leave 20 more gapless,
signed versions that verify.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from server_support import OFFICE, make_register, make_users  # sets the licence key
from xlwings_payload import apply_actions, button_click_payload, sheet_shapes  # noqa: E402

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.archive_check import scan  # noqa: E402
from ppid_dokumentasi.archive_sign import PUBLIC_KEY_SETTING, create_key  # noqa: E402
from ppid_dokumentasi.layout import RIWAYAT  # noqa: E402
from ppid_dokumentasi.selection import MARK_LABEL, is_marked  # noqa: E402

ITEM = "PKR-2025-012"  # at step 1
CONCURRENT = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(base, storage, *args, **extra_env):
    """``ppid server`` as an admin starts it: none of the XLWINGS_* settings the in-process tests put
    into os.environ."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(PPID_SERVER_PENYIMPANAN=str(storage), XLWINGS_LICENSE_KEY="noncommercial", PPID_SERVER_PDF="tidak")
    env.update(extra_env)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "ppid_dokumentasi", "server", "--port", str(port), *args],
                               env=env, cwd=base, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(url + "/xlwings/custom-scripts-meta", timeout=5).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            raise AssertionError("server did not start")
        time.sleep(0.3)


def _stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
    process, url = _start(base, storage, "--workers", "2", PPID_KUNCI_DIR=str(keys))
    try:
        yield url, tokens, path, storage, signer, sheet_shapes(path)
    finally:
        _stop(process)


def _mark(path, item, mark="✓"):
    """The officer ticks the item's Pilih cell (or clears it: ``mark=None``)."""
    with WorkbookEditor(path) as editor:
        editor.set_cells(editor.data.register.find(item)[0], {MARK_LABEL: mark})


def _press(url, token, name, path, shapes, *, apply=True):
    """Click the sheet button ``name`` as the add-in does; returns the alerts."""
    body, headers = button_click_payload(path, name, shapes)
    done = httpx.post(f"{url}/xlwings/custom-scripts-call/{name}", json=body,
                      headers={**headers, "Authorization": token}, timeout=300)
    assert done.status_code == 200, (name, done.text)
    actions = done.json()["actions"]
    if apply:
        return apply_actions(path, actions)
    return [(a["args"][1], a["args"][0]) for a in actions if a["func"] == "alert"]


def test_one_item_step_1_to_7_then_20_concurrent_archives(live):
    url, tokens, path, storage, signer, shapes = live
    steps = [("majukan", "petugas"), ("majukan", "ppid"), ("majukan", "petugas"), ("majukan", "petugas"),
             ("majukan", "petugas"), ("buat_surat", "petugas"), ("setujui", "ppid"), ("majukan", "ppid"),
             ("majukan", "arsip"), ("arsipkan", "arsip")]
    messages = {}
    for name, who in steps:
        _mark(path, ITEM)
        messages[name] = _press(url, tokens[who], name, path, shapes)[-1][1]
        data = read_workbook(path)
        index = data.register.column_index(MARK_LABEL)
        assert not any(is_marked(cells[index]) for _, cells in data.register.rows if index < len(cells)), name
    data = read_workbook(path)
    row = data.register.items([data.register.find(ITEM)[0]], data.lists)[0]
    assert (row.langkah, row.status) == (7, "Selesai")
    events = [r for r in read_all_sheets(path)[RIWAYAT][1:] if ITEM in r]
    assert len(events) == 10 and {"Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)",
                                  "Nama Arsiparis (contoh)"} <= {v for r in events for v in r}
    letter = next(line for line in messages["buat_surat"].splitlines() if line.startswith("/ppid/unduh/"))
    assert httpx.get(url + letter, headers={"Authorization": tokens["petugas"]}).content[:2] == b"PK"
    assert httpx.get(url + letter, headers={"Authorization": tokens["petugas_lain"]}).status_code == 403

    _mark(path, ITEM)  # the Arsip officer marks the finished item, then 20 clicks arrive at once
    with ThreadPoolExecutor(CONCURRENT) as pool:
        list(pool.map(lambda _: _press(url, tokens["arsip"], "arsipkan", path, shapes, apply=False), range(CONCURRENT)))
    root = storage / OFFICE / "register" / "arsip"
    state = scan(root, deep=True, trusted={signer.public})
    assert state.ok, [f.text() for f in state.fatal]
    versions = [entry["versi"] for entry in state.entries]
    assert versions == [f"v{n:04d}" for n in range(1, CONCURRENT + 2)]
    assert all(entry.get("tanda_tangan") and entry.get("kunci") == signer.public for entry in state.entries)


# button: (role that may not press it, role that may; None: pressed in the step 1 to 7 test above)
BUTTONS = {"validasi": ("tamu", "petugas"), "majukan": ("tamu", None), "kembalikan": ("petugas", "ppid"),
           "setujui": ("arsip", None), "buat_surat": ("tamu", None), "arsipkan": ("petugas", None),
           "impor": ("arsip", "petugas"), "ekspor": ("tamu", "ppid"), "dasbor": ("tamu", "petugas"),
           "buka": ("petugas", "ppid")}
SOURCE = Path(__file__).parent / "data" / "real-registers" / "dik_karanganyar_disdagnakerkopukm.csv"


def test_every_button_refused_for_a_role_without_it_then_allowed(live):
    url, tokens, path, storage, _, shapes = live
    _mark(path, ITEM, None)  # left marked by the concurrent archives (their answers were not applied)
    _mark(path, "PKR-2025-002")  # at step 6 (kembalikan)
    for name, (refused, allowed) in BUTTONS.items():
        if name == "buka":
            _mark(path, "PKR-2025-010")  # huruf j, its period ending: the PPID's penetapan pembukaan
        if name == "impor":  # the published list reaches the server first (the task pane's upload form)
            up = httpx.post(f"{url}/ppid/unggah/{path.name}/{SOURCE.name}", content=SOURCE.read_bytes(),
                            headers={"Authorization": tokens["petugas"]}, timeout=60)
            assert up.status_code == 201, up.text
        body, headers = button_click_payload(path, name, shapes)
        before, files = path.read_bytes(), sorted(storage.rglob("*"))
        for token in (tokens[refused], None, "ppid_tidak-dikenal"):
            no = httpx.post(f"{url}/xlwings/custom-scripts-call/{name}", json=body, timeout=60,
                            headers={**headers, **({"Authorization": token} if token else {})})
            assert no.status_code == (403 if token == tokens[refused] else 401), (name, no.text)
            assert "actions" not in no.json() and no.json()["detail"].startswith(("Akses ditolak", "Token"))
        assert path.read_bytes() == before and sorted(storage.rglob("*")) == files  # nothing changed
        if allowed:
            alerts = _press(url, tokens[allowed], name, path, shapes, apply=name != "dasbor")  # a chart: not applied
            assert alerts and "Galat" not in alerts[-1][1], (name, alerts)
    data = read_workbook(path)
    row = data.register.items([data.register.find("PKR-2025-002")[0]], data.lists)[0]
    assert (row.langkah, row.status) == (5, "Dikembalikan")
    assert data.register.find("PKR-2025-010")[1]["Nomor Penetapan Pembukaan"]


def _ended(pid: int, seconds: float = 15) -> bool:
    """The process is gone (or a zombie waiting to be reaped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except (OSError, IndexError):
            return True
        time.sleep(0.1)
    return False


def _descendants(pid: int) -> dict[int, str]:
    """{pid: command name} of every process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    names = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
            children.setdefault(int(rest[1]), []).append(int(entry.name))
            names[int(entry.name)] = name
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = names[child]
            todo.append(child)
    return found


def test_default_single_worker_server_authenticates_serves_the_task_pane_and_keeps_one_libreoffice(tmp_path):
    """``ppid server`` with its defaults (one worker, in the CLI's own process): xlwings Server
    is configured (project directory, the users-file provider) before it is first imported; two PDF
    letter requests are converted by the same soffice, which ends with the server."""
    from ppid_dokumentasi.adapters.office_pdf import uno_python

    storage = tmp_path / "penyimpanan"
    tokens = make_users(storage / "pengguna.toml")
    path = make_register(tmp_path / "register.xlsx")
    process, url = _start(tmp_path, storage, PPID_SERVER_PDF="ya")
    try:
        meta = httpx.get(url + "/xlwings/custom-scripts-meta").json()
        assert {m["name"] for m in meta} >= {"impor", "majukan"}  # this project's scripts
        no = httpx.post(url + "/xlwings/custom-scripts-call/validasi", json={})
        assert no.status_code == 401 and "Token" in no.json()["detail"]
        refused = httpx.post(url + "/xlwings/custom-scripts-call/validasi", json={},
                             headers={"Authorization": tokens["tamu"]})
        assert refused.status_code == 403 and "Akses ditolak: Tamu" in refused.json()["detail"]
        page = httpx.get(url + "/taskpane").text
        assert 'id="ppid-token"' in page and "Simpan token" in page

        offices, shapes = [], sheet_shapes(path)
        for _ in range(2):
            _mark(path, "PKR-2025-002")
            alerts = _press(url, tokens["petugas"], "buat_surat", path, shapes)
            assert "- PDF: " in alerts[-1][1], alerts
            offices.append({p for p, name in _descendants(process.pid).items() if "soffice" in name or
                            "oosplash" in name})
        if uno_python() is not None:  # the UNO path (.ci/run installs python3-uno): one soffice, reused
            assert offices[0] and offices[0] == offices[1], offices
    finally:
        _stop(process)
    assert all(_ended(pid) for pid in offices[0] | offices[1]), offices  # shut down with the server
