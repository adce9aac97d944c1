"""An installable package: build the wheel, install it (not editable) in a new virtual environment
and run the whole sample job, letters included, plus the macro package and a macro workbook."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ppid_dokumentasi.layout import BUTTONS

ROOT = Path(__file__).resolve().parents[1]


def _run(args, cwd, timeout=600):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_runs_every_command(tmp_path):
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], cwd=tmp_path)
    (wheel,) = dist.glob("ppid_dokumentasi-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"macros/__init__.py", "macros/workflow.py", "ppid_dokumentasi/templates/keputusan_penetapan.docx",
            "ppid_dokumentasi/data/sop.toml"} <= set(names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)  # no system site-packages
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path, timeout=900)

    work = tmp_path / "kerja"  # outside the repository: nothing can come from the source tree
    work.mkdir()
    done = _run([str(bin_dir / "ppid"), "contoh", "hasil"], cwd=work)
    assert "Selesai." in done.stdout
    letters = sorted(p.name for p in (work / "hasil" / "surat").glob("*.docx"))
    assert len(letters) >= 4 and any(n.startswith("keputusan_") for n in letters), letters
    assert (work / "hasil" / "arsip" / "v0001" / "bagit.txt").is_file()

    probe = ("import macros, ppid_dokumentasi.letters as l, ppid_dokumentasi as p; "
             "print(sorted(macros.load_all())); print(l.DEFAULT_TEMPLATES); print(p.__file__)")
    out = _run([str(bin_dir / "python"), "-c", probe], cwd=work).stdout.splitlines()
    assert out[0] == str(sorted(BUTTONS))  # every button's macro, from the installed package
    assert "site-packages" in out[1] and "site-packages" in out[2]
    _run([str(bin_dir / "ppid"), "buat", "R.xlsm"], cwd=work)
    done = _run([str(bin_dir / "ppid"), "pasang", "R.xlsm"], cwd=work)
    assert "site-packages" in done.stdout and str(bin_dir) in done.stdout
