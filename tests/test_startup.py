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


def test_validasi_imports_no_pydantic(sample_xlsx):
    """Validation works on columns of light rows: the row model (pydantic) is never imported, so a
    command that only validates does not pay for it at start-up."""
    code = ("import contextlib, io\nfrom ppid_dokumentasi.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['validasi', {str(sample_xlsx)!r}]) == 0\n")
    modules = _modules_after(code)
    assert "ppid_dokumentasi.rules" in modules and "ppid_dokumentasi.rules_history" in modules
    assert not any(m.startswith(("pydantic", "holidays", "openpyxl", "fastexcel", "pyarrow", "ppid_dokumentasi.letters",
                                 "ppid_dokumentasi.register_row", "ppid_dokumentasi.cli_")) for m in modules)


def test_register_row_still_resolves_from_register():
    from ppid_dokumentasi import register
    from ppid_dokumentasi.register_row import RegisterRow

    assert register.RegisterRow is RegisterRow
    row = register.RowValues._make([7, *(register._FIELD_DEFAULTS[c.key] for c in register.COLUMNS)]).model()
    assert isinstance(row, RegisterRow) and row.excel_row == 7
    assert row.model_dump() == {**RegisterRow(excel_row=7).model_dump()}  # defaults agree with the model


def test_one_year_of_holidays_is_read_as_the_whole_file_reads_it(monkeypatch):
    from ppid_dokumentasi.datafiles import packaged

    whole = packaged(workdays.HOLIDAYS_FILE)["tahun"]
    assert all(workdays._year_table(int(year)) == days for year, days in whole.items())
    assert workdays._year_table(1990) is None
    # A layout the section reader does not expect (dotted keys at the root) is parsed whole.
    text = '[tahun.2030]\n2030-01-01 = "A"\n\n[tahun.2031]\n2031-01-01 = "B"\n'
    for edited, expected in ((text, {"2031-01-01": "B"}),
                             ('tahun.2031."2031-05-05" = "C"\n' + text.replace("[tahun.2031]\n2031-01-01 = \"B\"\n", ""),
                              {"2031-05-05": "C"})):
        monkeypatch.setattr(workdays, "packaged_text", lambda name, t=edited: t)
        monkeypatch.setattr(workdays, "packaged", lambda name, t=edited: __import__("tomllib").loads(t))
        assert workdays._year_table(2031) == expected


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
