"""xlwings Server in process (FastAPI TestClient): each button with a role that may press it and
one that may not (required_roles from the SOP, refused before any code runs), tokens, bad
payloads (4xx with an Indonesian message, never 500), and a letter's download link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from server_support import OFFICE, make_register, make_users  # sets the licence key
from xlwings_payload import payload  # noqa: E402

from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402

STORE: dict = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from fastapi.testclient import TestClient

    root = tmp_path_factory.mktemp("server") / "penyimpanan"
    old = {key: os.environ.get(key) for key in ("PPID_SERVER_PENYIMPANAN", "PPID_SERVER_PDF")}
    os.environ["PPID_SERVER_PENYIMPANAN"] = str(root)
    os.environ["PPID_SERVER_PDF"] = "tidak"  # .docx only, except in the PDF test
    tokens = make_users(root / "pengguna.toml")
    path = make_register(tmp_path_factory.mktemp("kantor") / "register.xlsx")
    from ppid_dokumentasi.server import asgi

    with TestClient(asgi.app) as client:
        yield client, tokens, path, root
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _call(client, name, body, token=None):
    headers = {"Authorization": token} if token is not None else {}
    return client.post(f"/xlwings/custom-scripts-call/{name}", json=body, headers=headers)


def _on(path, item):
    return payload(path, selection=f"B{read_workbook(path).register.find(item)[0]}")


# button: (item selected, who may press it, who may not)
ACTIONS = {
    "validasi": ("PKR-2025-001", "petugas", "tamu"),
    "majukan": ("PKR-2025-012", "petugas", "tamu"),
    "kembalikan": ("PKR-2025-002", "ppid", "petugas"),
    "setujui": ("PKR-2025-002", "ppid", "arsip"),
    "buat_surat": ("PKR-2025-002", "petugas", "tamu"),
    "arsipkan": ("PKR-2025-007", "arsip", "petugas"),
    "ekspor": ("PKR-2025-001", "ppid", "tamu"),
    "dasbor": ("PKR-2025-001", "petugas", "tamu"),
    "buka": ("PKR-2025-010", "ppid", "petugas"),  # huruf j, period ending: the PPID's penetapan pembukaan
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_button_allowed_and_refused_by_role(server, name):
    client, tokens, path, root = server
    item, allowed, refused = ACTIONS[name]
    body = _on(path, item)
    before = sorted(p for p in root.rglob("*"))
    no = _call(client, name, body, tokens[refused])
    assert no.status_code == 403, no.text
    assert "actions" not in no.json() and "Akses ditolak" in no.json()["detail"]
    assert sorted(p for p in root.rglob("*")) == before  # refused before any code ran: no file either
    yes = _call(client, name, body, tokens[allowed])
    assert yes.status_code == 200, yes.text
    actions = yes.json()["actions"]
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert alerts and "Galat" not in alerts[-1], actions
    assert len(actions) > 1 or name == "ekspor", actions  # it wrote, then reported (ekspor writes files only)


def test_actor_is_the_authenticated_user_not_the_cell(server):
    client, tokens, path, _ = server
    body = _on(path, "PKR-2025-012")
    for sheet in body["sheets"]:  # the workbook claims someone else acts
        if sheet["name"] == "Pengaturan":
            for row in sheet["values"]:
                if row and row[0] == "pengguna_aktif":
                    row[1] = "Nama Pejabat PPID (contoh)"
    done = _call(client, "majukan", body, tokens["petugas"])
    assert done.status_code == 200, done.text
    written = [v for a in done.json()["actions"] if a["func"] == "setValues" for row in a["values"] for v in row]
    assert "Nama Kasubag Tata Usaha (contoh)" in written and "Nama Pejabat PPID (contoh)" not in written


@pytest.mark.parametrize("token", [None, "", "ppid_salah", "Bearer " + "x" * 500])
def test_missing_or_unknown_token_refused(server, token):
    client, _, path, _ = server
    done = _call(client, "validasi", _on(path, "PKR-2025-001"), token)
    assert done.status_code == 401 and "Token" in done.json()["detail"]


def _register_cell(body, value):
    sheet = next(s for s in body["sheets"] if s["name"] == "Register")
    sheet["values"][-1][2] = value
    return body


def _huge_text(body):
    return _register_cell(body, "x" * 40_000)


def _huge_number(body):
    return _register_cell(body, 10 ** 30)


def _no_register(body):
    body["sheets"] = [s for s in body["sheets"] if s["name"] != "Register"]
    return body


BAD = {
    "bukan objek": lambda body: [1, 2, 3],
    "sheets bukan daftar": lambda body: {**body, "sheets": "Register"},
    "baris bukan daftar": lambda body: {**body, "sheets": [{"name": "Register", "values": ["a"]}]},
    "tanpa Register": _no_register,
    "teks raksasa": _huge_text,
    "angka raksasa": _huge_number,
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_payload_is_a_clear_4xx(server, kind):
    client, tokens, path, root = server
    body = BAD[kind](_on(path, "PKR-2025-012"))
    done = _call(client, "majukan", body, tokens["petugas"])
    assert 400 <= done.status_code < 500, done.text
    assert "actions" not in done.json() and ("Data workbook" in done.json()["detail"] or "Sheet" in done.json()["detail"])
    raw = client.post("/xlwings/custom-scripts-call/majukan", content=b'{"book": ', headers={"Authorization":
                                                                                                tokens["petugas"]})
    assert raw.status_code == 400 and "JSON" in raw.json()["detail"]


def test_letter_downloaded_by_its_office_only(server):
    client, tokens, path, root = server
    done = _call(client, "buat_surat", _on(path, "PKR-2025-002"), tokens["petugas"])
    assert done.status_code == 200, done.text
    message = [a["args"][0] for a in done.json()["actions"] if a["func"] == "alert"][-1]
    links = [line for line in message.splitlines() if line.startswith("/ppid/unduh/")]
    assert links and str(root) not in message.split("Unduh:")[1]
    got = client.get(links[0], headers={"Authorization": tokens["petugas"]})
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert (root / OFFICE / "register" / "surat").is_dir()  # the office's tree, not the server's cwd
    assert client.get(links[0], headers={"Authorization": tokens["petugas_lain"]}).status_code == 403
    assert client.get(links[0]).status_code == 401
    office = links[0].split("/")[3]
    for sneaky in (f"/ppid/unduh/{office}/%2e%2e/pengguna.toml", f"/ppid/unduh/{office}/..%2Fpengguna.toml"):
        assert client.get(sneaky, headers={"Authorization": tokens["petugas"]}).status_code in (403, 404)


def test_admin_adds_a_user_token_shown_once_hash_stored(tmp_path, ppid):
    users = tmp_path / "pengguna.toml"
    env = {"PPID_SERVER_PENGGUNA": str(users)}
    done = ppid("server", "pengguna", "tambah", "Siti", "--peran", "PPID", "--kantor", OFFICE, env=env)
    assert done.returncode == 0, done.stderr
    token = done.stdout.split("hash-nya): ")[1].strip()
    from ppid_dokumentasi.server.users import find_user, token_hash

    text = users.read_text(encoding="utf-8")
    assert token not in text and token_hash(token) in text and oct(users.stat().st_mode)[-3:] == "600"
    assert find_user(users, "Bearer " + token).peran == ("PPID",)
    again = ppid("server", "pengguna", "tambah", "Budi", "--peran", "Tamu", "--kantor", OFFICE, env=env)
    assert again.returncode == 2 and "Peran Tamu tidak dikenal" in again.stderr


def _asgi(app, path, headers, *, body_read):
    """Drive the ASGI app directly; ``body_read`` records whether the body was asked for."""
    import asyncio

    sent = []

    async def receive():
        body_read.append(True)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()], "scheme": "http",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000), "root_path": "", "http_version": "1.1"}
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    import json

    return status, json.loads(b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"))


@pytest.mark.parametrize("who, status", [(None, 401), ("ppid_salah", 401), ("tamu", 403), ("petugas", 413)])
def test_token_and_role_checked_before_the_body_is_read(server, who, status):
    from ppid_dokumentasi.server import asgi

    _, tokens, _, _ = server
    headers = {"Content-Length": str(600 * 1024 * 1024), "Content-Type": "application/json"}
    if who:
        headers["Authorization"] = tokens.get(who, who)
    read: list = []
    got, body = _asgi(asgi.app, "/xlwings/custom-scripts-call/majukan", headers, body_read=read)
    assert (got, read) == (status, []), body  # refused from the headers alone: not a byte read
    assert {401: "Token", 403: "Akses ditolak", 413: "lebih besar dari batas"}[status] in body["detail"]


def test_oversized_body_unauthenticated_401_authenticated_413(server, monkeypatch):
    client, tokens, path, root = server
    body = _on(path, "PKR-2025-012")
    monkeypatch.setenv("PPID_BATAS_UKURAN_BERKAS", "4096")
    before = sorted(root.rglob("*"))
    assert _call(client, "majukan", body).status_code == 401
    big = _call(client, "majukan", body, tokens["petugas"])
    assert big.status_code == 413 and "tidak ada yang diubah" in big.json()["detail"]
    assert sorted(root.rglob("*")) == before


REAL = Path(__file__).parent / "data" / "real-registers"


def test_impor_uploads_the_list_then_imports_it_allowed_and_refused(server, monkeypatch):
    client, tokens, path, root = server
    source = REAL / "dik_karanganyar_disdagnakerkopukm.csv"
    url = f"/ppid/unggah/{path.name}/{source.name}"

    def up(token, content=source.read_bytes(), to=url):
        return client.post(to, content=content, headers={"Authorization": tokens.get(token, token)} if token else {})

    before = sorted(p for p in root.rglob("*") if p.is_file())
    assert up("arsip").status_code == 403 and "Akses ditolak" in up("arsip").json()["detail"]  # not a step-1 role
    assert up(None).status_code == 401 and up("ppid_salah").status_code == 401
    refused = {f"/ppid/unggah/{path.name}/daftar.exe": (b"MZ", 415), f"/ppid/unggah/{path.name}/daftar.csv": (b"a\0b", 422),
               f"/ppid/unggah/{path.name}/daftar.xlsx": (b"bukan zip", 422), f"/ppid/unggah/{path.name}/kosong.csv": (b"", 422),
               f"/ppid/unggah/{path.name}/.tersembunyi.csv": (b"a", 422), f"/ppid/unggah/{path.name}/CON.csv": (b"a", 422)}
    for to, (content, status) in refused.items():
        got = up("petugas", content, to)
        assert got.status_code == status and "erkas" in got.json()["detail"], (to, got.text)
    for sneaky in (f"/ppid/unggah/{path.name}/..%2F..%2Fpengguna.toml", f"/ppid/unggah/..%2F..%2F/{source.name}"):
        assert up("petugas", b"x", sneaky).status_code in (404, 415, 422)
    monkeypatch.setenv("PPID_BATAS_UKURAN_BERKAS", "100")
    big = up("petugas")
    assert big.status_code == 413 and "tidak ada yang disimpan" in big.json()["detail"]
    monkeypatch.delenv("PPID_BATAS_UKURAN_BERKAS")
    assert sorted(p for p in root.rglob("*") if p.is_file()) == before  # no file of a refused upload, no temporary

    body = _on(path, "PKR-2025-001")
    none_yet = _call(client, "impor", body, tokens["petugas"])
    assert none_yet.status_code == 422 and "diunggah" in none_yet.json()["detail"]
    stale = root / OFFICE / "register" / "impor" / f".~ppid-{source.name}-999999999-0123abcd.tmp"
    stale.write_bytes(b"sisa unggahan yang terputus")  # a worker killed mid-upload left it
    done = up("petugas")
    assert done.status_code == 201, done.text
    assert not stale.exists()  # our temporary of a dead process, removed by the next upload
    assert (root / OFFICE / "register" / "impor" / source.name).read_bytes() == source.read_bytes()
    assert _call(client, "impor", body, tokens["arsip"]).status_code == 403
    yes = _call(client, "impor", body, tokens["petugas"])
    assert yes.status_code == 200, yes.text
    alerts = [a["args"][0] for a in yes.json()["actions"] if a["func"] == "alert"]
    written = [v for a in yes.json()["actions"] if a["func"] == "setValues" for row in a["values"] for v in row]
    assert "5 item diimpor" in alerts[-1] and "Nama Kasubag Tata Usaha (contoh)" in written


def test_task_pane_serves_the_token_and_upload_forms(server):
    client, _, _, _ = server
    page = client.get("/taskpane")
    assert page.status_code == 200
    html = page.text
    for part in ('id="ppid-token"', "Simpan token", "Hapus token", "Token akses", 'id="ppid-upload-form"',
                 "Unggah berkas impor", "/static/js/main.js", "/static/js/auth.js"):
        assert part in html, part
    script = client.get("/static/js/main.js").text
    assert 'localStorage.setItem(TOKEN_KEY' in script and '"ppidToken"' in script and "/ppid/unggah/" in script
    assert 'localStorage.getItem("ppidToken")' in client.get("/static/js/auth.js").text  # what every button sends


def test_pdf_letters_share_one_libreoffice_across_requests_restarted_when_it_died(server, monkeypatch, tmp_path):
    """Issue 16 item 4 on the server: the PDFs of two requests come from the same soffice (kept
    running through UNO, adapters/office_pdf.py), a killed soffice is started again, closing ends it."""
    import signal

    from ppid_dokumentasi.adapters.office_pdf import UNO, shared, uno_python

    if uno_python() is None:  # .ci/run installs python3-uno; without it the per-call fallback is used
        pytest.skip("python3-uno tidak terpasang")
    client, tokens, path, root = server
    monkeypatch.setenv("PPID_SERVER_PDF", "ya")
    converter = shared()
    assert converter.mode == UNO

    def letter_pdf():
        done = _call(client, "buat_surat", _on(path, "PKR-2025-002"), tokens["petugas"])
        assert done.status_code == 200, done.text
        message = [a["args"][0] for a in done.json()["actions"] if a["func"] == "alert"][-1]
        pdf = next(line for line in message.splitlines() if line.startswith("/ppid/unduh/") and line.endswith(".pdf"))
        got = client.get(pdf, headers={"Authorization": tokens["petugas"]})
        assert got.status_code == 200 and got.content[:5] == b"%PDF-"
        return converter.pid()

    first = letter_pdf()
    assert first and letter_pdf() == first  # the second request reused it
    os.killpg(first, signal.SIGKILL)
    third = letter_pdf()
    assert third and third != first  # started again
    from concurrent.futures import ThreadPoolExecutor

    letters_dir = next(root.rglob("surat"))
    docs = sorted(letters_dir.glob("*.docx"))[:2]
    with ThreadPoolExecutor(2) as pool:  # two workers' threads at once: one after the other, same soffice
        pdfs = list(pool.map(lambda doc: converter.convert([doc], tmp_path), docs))
    assert [p[0].read_bytes()[:5] for p in pdfs] == [b"%PDF-"] * 2 and converter.pid() == third
    profile = Path(converter._profile)
    os.kill(converter._helper.pid, signal.SIGKILL)  # the helper itself dies: its soffice must not stay behind
    assert converter.convert(docs[:1], tmp_path) and converter.pid() not in (None, third)
    assert _ended(third) and not profile.exists()  # ended with the helper, its profile removed
    fourth = converter.pid()
    converter.close()
    assert converter.pid() is None and _ended(fourth)  # closing ends it


def _ended(pid: int, seconds: float = 10) -> bool:
    """The process is gone or a zombie waiting for init to reap it (Linux /proc)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


def test_without_uno_the_converter_falls_back_to_one_run_per_call(monkeypatch, tmp_path):
    from ppid_dokumentasi import letters
    from ppid_dokumentasi.adapters import office_pdf

    calls = []
    monkeypatch.setattr(office_pdf, "uno_python", lambda: None)
    monkeypatch.setattr(letters, "convert_to_pdf", lambda paths, out_dir=None: calls.append(paths) or [])
    converter = office_pdf.OfficeConverter()
    assert converter.mode == office_pdf.PER_CALL
    converter.convert([tmp_path / "a.docx", tmp_path / "b.docx"])
    assert calls == [[tmp_path / "a.docx", tmp_path / "b.docx"]] and converter.pid() is None
