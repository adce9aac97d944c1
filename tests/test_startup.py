"""Start-up stays small: building the ``ppid`` parser imports no command implementation, and the
holiday calendar comes from the packaged table, not the ``holidays`` library (300 modules)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from ppid_dokumentasi import workdays

HEAVY = ("openpyxl", "docxtpl", "docx", "bagit", "holidays", "pydantic", "xlwings", "python_calamine", "babel",
         "num2words", "filelock", "jinja2", "rich", "ppid_dokumentasi.letters", "ppid_dokumentasi.archive",
         "ppid_dokumentasi.importer", "ppid_dokumentasi.workflow", "ppid_dokumentasi.legal")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, env=os.environ, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_command_implementation():
    modules = _modules_after("import contextlib, io\nfrom ppid_dokumentasi.cli import main\n"
                             "with contextlib.redirect_stdout(io.StringIO()):\n"
                             "    try:\n        main(['--help'])\n    except SystemExit:\n        pass")
    assert "ppid_dokumentasi.cli_letters" in modules  # the whole tree was built
    assert _heavy(modules) == []


def test_surat_help_still_lists_the_kinds(capsys):
    from ppid_dokumentasi.cli import build_parser
    from ppid_dokumentasi.letters import KINDS

    parser = build_parser()
    try:
        parser.parse_args(["surat", "--help"])
    except SystemExit:
        pass
    text = " ".join(capsys.readouterr().out.split())
    assert all(key in text.replace("- ", "-") for key in KINDS) and KINDS["keputusan"].label in text
    assert parser.parse_args(["surat", "x.xlsx", "--jenis", "keputusan"]).jenis == "keputusan"


def test_working_days_need_not_import_the_holidays_library():
    modules = _modules_after("import datetime as dt\nfrom ppid_dokumentasi.workdays import add_working_days\n"
                             "add_working_days(dt.date(2026, 3, 18), 10)")
    assert not any(m == "holidays" or m.startswith("holidays.") for m in modules)


def test_the_holiday_table_matches_the_library_for_indonesia():
    from holidays.countries.indonesia import Indonesia

    for year in (2024, 2026, 2031):
        assert workdays._holidays(year) == frozenset(Indonesia(years=year)), year
    assert dt.date(2026, 3, 21) in workdays._holidays(2026)  # Idul Fitri
    assert workdays._holidays(2099) == frozenset(Indonesia(years=2099))  # outside the table: the library


def test_validasi_builds_no_pydantic_schema(sample_xlsx):
    """Validation works on columns: no row model is made, so no model schema is built at start-up."""
    code = ("import contextlib, io\nfrom pydantic import BaseModel\nfrom ppid_dokumentasi.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['validasi', {str(sample_xlsx)!r}]) == 0\n"
            "def walk(c):\n    for s in c.__subclasses__():\n        yield s\n        yield from walk(s)\n"
            "built = [c.__name__ for c in walk(BaseModel) if c.__module__.startswith('ppid') and c.__pydantic_complete__]\n"
            "assert built == [], built")
    modules = _modules_after(code)
    assert "ppid_dokumentasi.rules" in modules
    assert not any(m.startswith(("holidays", "openpyxl", "ppid_dokumentasi.letters")) for m in modules)


def test_pasal17_grounds_are_checked_when_read():
    from ppid_dokumentasi.errors import DataFileError
    from ppid_dokumentasi.legal import Ground, grounds

    assert grounds()["a"].maks_tahun_tetap == 30 and len(grounds()["a"].angka) == 5
    assert grounds()["h"].citation == "Pasal 17 huruf h"
    good = {"ringkas": "x", "bunyi": "z", "angka_wajib": False, "tidak_permanen": True, "dasar_jangka_waktu": "y"}
    assert Ground.from_data("b", good).angka == ()
    for bad in ({**good, "angka_wajib": "ya"}, {**good, "angka": "1"}, {**good, "maks_tahun_tetap": "30"},
                {**good, "lain": 1}, {k: v for k, v in good.items() if k != "ringkas"}):
        try:
            Ground.from_data("b", bad)
        except DataFileError as exc:
            assert "pasal17.toml: huruf b" in exc.message
        else:
            raise AssertionError(bad)
