"""The LibreOffice side of :mod:`.office_pdf`: a small helper process that keeps ONE headless
soffice listening on a private pipe and converts documents to PDF through UNO, request after request.

Run by file path with a Python that has LibreOffice's ``uno`` module (python3-uno, or the Python
that ships with LibreOffice), never imported by the package: it uses only the standard library and
``uno``. Protocol: one JSON object per line on stdin, one answer per line on stdout.

* at start: ``{"ready": true, "pid": <soffice pid>, "profile": <its profile folder>}`` (or
  ``{"error": ...}`` and exit); every answer carries ``pid`` and ``profile``;
* ``{"convert": [paths], "out": folder}`` -> ``{"pdfs": [paths], "pid": <soffice pid>}`` or
  ``{"error": text, "pid": ...}``; a soffice that died (or a broken bridge) is started again once;
* ``{"pid": true}`` -> ``{"pid": <soffice pid>}``;
* end of stdin (the server stopped, or died): soffice is terminated, its profile removed, exit.

Usage: python3 uno_convert.py SOFFICE
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # noqa: F401  (LibreOffice's bridge; this file runs only where it imports)
from com.sun.star.beans import PropertyValue

FILTERS = {".docx": "writer_pdf_Export", ".doc": "writer_pdf_Export", ".odt": "writer_pdf_Export",
           ".xlsx": "calc_pdf_Export", ".xlsm": "calc_pdf_Export", ".ods": "calc_pdf_Export"}
START_SECONDS = 60


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


class Office:
    def __init__(self, soffice: str) -> None:
        self.soffice = soffice
        self.process = None
        self.desktop = None
        self.profile = None

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None and self.desktop is not None

    def start(self) -> None:
        self.stop()
        self.profile = tempfile.mkdtemp(prefix="ppid-lo-uno-")
        pipe = f"ppid_lo_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.process = subprocess.Popen(
            [self.soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={Path(self.profile).as_uri()}", f"--accept=pipe,name={pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: soffice.bin goes with it
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("LibreOffice tidak dapat dijalankan")
                time.sleep(0.2)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)

    def stop(self) -> None:
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass
        self.desktop = None
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except (OSError, AttributeError):
                    self.process.kill()
                self.process.wait()
            self.process = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    def convert(self, source: Path, out_dir: Path) -> Path:
        target = out_dir / (source.stem + ".pdf")
        doc = self.desktop.loadComponentFromURL(source.resolve().as_uri(), "_blank", 0,
                                                (_prop("Hidden", True), _prop("ReadOnly", True)))
        if doc is None:
            raise ValueError(f"'{source.name}' tidak dapat dibuka oleh LibreOffice")
        try:
            filter_name = FILTERS.get(source.suffix.lower(), "writer_pdf_Export")
            doc.storeToURL(target.resolve().as_uri(), (_prop("FilterName", filter_name),))
        finally:
            doc.close(True)
        return target


def answer(data: dict) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def main() -> int:
    office = Office(sys.argv[1])
    try:
        office.start()
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        answer({"error": str(exc)})
        return 1
    answer({"ready": True, "pid": office.pid, "profile": office.profile})
    try:
        for line in sys.stdin:
            request = json.loads(line)
            if "convert" not in request:
                answer({"pid": office.pid, "profile": office.profile})
                continue
            out_dir = Path(request["out"])
            pdfs = []
            try:
                for source in map(Path, request["convert"]):
                    for attempt in (1, 2):
                        if not office.alive():
                            office.start()  # died since the last request: one new soffice
                        try:
                            pdfs.append(str(office.convert(source, out_dir)))
                            break
                        except ValueError:
                            raise
                        except Exception:
                            if attempt == 2:
                                raise
                            office.stop()  # a broken bridge: start again once
                answer({"pdfs": pdfs, "pid": office.pid, "profile": office.profile})
            except Exception as exc:  # noqa: BLE001 - reported to the parent
                answer({"error": f"{type(exc).__name__}: {exc}", "pid": office.pid, "profile": office.profile})
    finally:
        office.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
