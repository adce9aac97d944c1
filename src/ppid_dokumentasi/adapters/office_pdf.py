"""PDF through ONE LibreOffice kept running: reused across requests (xlwings Server) and across the
letters of a command, instead of a new soffice per conversion (about 2.7 s each).

:class:`OfficeConverter` drives a helper process (:mod:`.uno_convert`, run with a Python that has
LibreOffice's ``uno`` module) that keeps one headless soffice listening on a private pipe:

* started lazily, on the first conversion;
* restarted when it died (the helper starts soffice again; a dead helper is started again);
* one conversion at a time (a lock: LibreOffice converts serially anyway), so threads of one
  server worker share it safely; each server worker process has its own;
* shut down at exit (``atexit``), and when its parent dies without running it (the helper sees the
  end of its input, terminates soffice and removes its profile).

Without a Python that can ``import uno`` (``PPID_UNO_PYTHON``, this interpreter, the Python that
ships with LibreOffice, ``/usr/bin/python3``), :meth:`OfficeConverter.convert` falls back to
:func:`letters.convert_to_pdf`: one soffice run per call, all files of the call in that one run
(``mode`` says which path is taken).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path

from .. import letters

log = logging.getLogger("ppid_dokumentasi.office_pdf")
HELPER = Path(__file__).with_name("uno_convert.py")
UNO_PYTHON_ENV = "PPID_UNO_PYTHON"
START_TIMEOUT = 90
UNO, PER_CALL = "uno", "per-panggilan"


@cache
def uno_python() -> str | None:
    """A Python interpreter that can ``import uno``, or None."""
    soffice = letters.soffice_path()
    candidates = [os.environ.get(UNO_PYTHON_ENV), sys.executable]
    if soffice:
        program = Path(os.path.realpath(soffice)).parent
        candidates += [str(program / "python"), str(program / "python.exe")]
    candidates.append(shutil.which("python3") if os.name != "nt" else None)
    candidates.append("/usr/bin/python3")
    for candidate in candidates:
        if not candidate or not (Path(candidate).is_file() or shutil.which(candidate)):
            continue
        try:
            done = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return candidate
    return None


class _HelperGone(Exception):
    pass


class OfficeConverter:
    """One LibreOffice for many conversions (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._helper: subprocess.Popen | None = None
        self._answers: queue.Queue = queue.Queue()
        self.soffice_pid: int | None = None
        self._profile: str | None = None  # the soffice's private profile, removed if the helper cannot

    @property
    def mode(self) -> str:
        return UNO if (letters.soffice_path() and uno_python()) else PER_CALL

    # -- the helper ------------------------------------------------------------------------------
    def _start(self) -> None:
        python, soffice = uno_python(), letters.soffice_path()
        self._helper = subprocess.Popen([python, str(HELPER), soffice], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        encoding="utf-8", bufsize=1)
        self._answers = queue.Queue()
        threading.Thread(target=self._read, args=(self._helper, self._answers), daemon=True,
                         name="ppid-lo-reader").start()
        ready = self._answer(START_TIMEOUT)
        if not ready.get("ready"):
            self._stop_helper()
            raise letters.LetterError("LibreOffice tidak dapat dijalankan untuk membuat PDF; surat .docx tetap "
                                      "tersedia.")
        self.soffice_pid, self._profile = ready.get("pid"), ready.get("profile")

    @staticmethod
    def _read(helper: subprocess.Popen, answers: queue.Queue) -> None:
        for line in helper.stdout:
            try:
                answers.put(json.loads(line))
            except ValueError:
                log.warning("jawaban pembantu LibreOffice tidak terbaca: %r", line)
        answers.put(None)  # end of output: the helper is gone

    def _answer(self, timeout: float) -> dict:
        try:
            answer = self._answers.get(timeout=timeout)
        except queue.Empty:
            self._stop_helper(kill=True)
            raise letters.LetterError("Konversi PDF oleh LibreOffice terlalu lama; surat .docx tetap tersedia.") \
                from None
        if answer is None:
            raise _HelperGone()
        return answer

    def _ask(self, request: dict, timeout: float) -> dict:
        if self._helper is not None and self._helper.poll() is not None:
            self._stop_helper(kill=True)  # the helper died: its soffice goes too
        if self._helper is None:
            self._start()
        try:
            self._helper.stdin.write(json.dumps(request) + "\n")
            self._helper.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _HelperGone() from None
        answer = self._answer(timeout)
        self.soffice_pid = answer.get("pid", self.soffice_pid)
        self._profile = answer.get("profile", self._profile)
        return answer

    def _stop_helper(self, kill: bool = False) -> None:
        helper, self._helper = self._helper, None
        office, self.soffice_pid = self.soffice_pid, None
        profile, self._profile = self._profile, None
        if helper is None:
            return
        try:
            if kill:
                helper.kill()
            else:
                helper.stdin.close()  # the helper terminates soffice and exits
            helper.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            helper.kill()
            helper.wait()
        if kill and office and hasattr(os, "killpg"):  # a killed helper cannot end its soffice: do it here
            try:
                os.killpg(office, signal.SIGKILL)
            except OSError:
                pass
        if kill and profile and Path(profile).name.startswith("ppid-lo-uno-"):
            shutil.rmtree(profile, ignore_errors=True)

    # -- the public part -------------------------------------------------------------------------
    def convert(self, paths: list[Path], out_dir: Path | None = None) -> list[Path]:
        """PDFs of ``paths`` (in ``out_dir``, else beside the first), like :func:`letters.convert_to_pdf`."""
        paths = [Path(p) for p in paths]
        if not paths:
            return []
        if self.mode == PER_CALL:
            return letters.convert_to_pdf(paths, out_dir)
        out_dir = Path(out_dir or paths[0].parent)
        request = {"convert": [str(p.resolve()) for p in paths], "out": str(out_dir.resolve())}
        with self._lock:
            for attempt in (1, 2):
                try:
                    answer = self._ask(request, 120 + 10 * len(paths))
                    break
                except _HelperGone:
                    self._stop_helper(kill=True)
                    if attempt == 2:
                        raise letters.LetterError("LibreOffice berhenti saat membuat PDF; surat .docx tetap "
                                                  "tersedia.") from None
        if answer.get("error"):
            log.warning("konversi PDF gagal: %s", answer["error"])
            raise letters.LetterError("LibreOffice tidak menghasilkan PDF untuk: "
                                      f"{', '.join(p.name for p in paths)}; surat .docx tetap tersedia.")
        pdfs = [Path(p) for p in answer["pdfs"]]
        missing = [p.name for p in pdfs if not p.is_file()]
        if missing:
            raise letters.LetterError(f"LibreOffice tidak menghasilkan PDF untuk: {', '.join(missing)}; surat .docx "
                                      "tetap tersedia.")
        return pdfs

    def pid(self) -> int | None:
        """The running soffice's process id (None before the first conversion or after close)."""
        with self._lock:
            return self.soffice_pid if self._helper is not None and self._helper.poll() is None else None

    def close(self) -> None:
        with self._lock:
            self._stop_helper()


_SHARED: OfficeConverter | None = None
_SHARED_LOCK = threading.Lock()


def shared() -> OfficeConverter:
    """This process's converter (one per server worker), closed at exit."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = OfficeConverter()
            atexit.register(_SHARED.close)
        return _SHARED
