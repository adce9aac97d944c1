"""The SOP data file: loaded, checked, and faithful to the seed document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ppid_dokumentasi.datafiles import read_toml
from ppid_dokumentasi.errors import DataFileError
from ppid_dokumentasi.sop import default_sop, load_sop

SEED = Path(__file__).parent / "data" / "sop-pendokumentasian-informasi-dikecualikan.txt"


def seed_tata_cara() -> list[str]:
    """The 7 activities of the seed's section 6 'Tata Cara', markdown emphasis removed."""
    text = SEED.read_text(encoding="utf-8")
    section = text.split("6. **Tata Cara**", 1)[1].split("7. Lampiran", 1)[0]
    steps = re.findall(r"^\s+\d\. (.+)$", section, flags=re.MULTILINE)
    return [s.replace("*", "").strip() for s in steps]


def test_packaged_sop_has_seven_steps_verbatim_from_seed():
    sop = default_sop()
    assert [s.nomor for s in sop.langkah] == list(range(1, 8))
    assert [s.kegiatan for s in sop.langkah] == seed_tata_cara()
    assert sop.identitas.kode_dokumen == "555/7/PPIDP.Pemkesra/2022"
    assert sop.identitas.disahkan_nip == "19741004 199402 1 002"
    assert sop.role_codes == ["Petugas", "PPID", "Arsip"]
    assert sop.step(7).pelaksana == ["Arsip"]
    assert all(s.mutu_baku.kelengkapan and s.mutu_baku.waktu and s.mutu_baku.output for s in sop.langkah)


def _write_variant(tmp_path: Path, mutate) -> Path:
    raw = read_toml("sop.toml")
    mutate(raw)
    path = tmp_path / "sop.toml"
    path.write_text(_dump(raw), encoding="utf-8")
    return path


def _dump(data: dict) -> str:
    """Minimal TOML writer for the SOP structure (tests only)."""
    import datetime as dt
    import json

    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return json.dumps(v, ensure_ascii=False)

    lines = []
    for key, table in data.items():
        if isinstance(table, list):
            for item in table:
                lines.append(f"[[{key}]]")
                lines += [f"{k} = {value(v)}" for k, v in item.items()]
        else:
            lines.append(f"[{key}]")
            for k, v in table.items():
                if isinstance(v, list) and v and isinstance(v[0], dict):
                    continue
                lines.append(f"{k} = {value(v)}")
            for k, v in table.items():
                if isinstance(v, list) and v and isinstance(v[0], dict):
                    for item in v:
                        lines.append(f"[[{key}.{k}]]")
                        lines += [f"{kk} = {value(vv)}" for kk, vv in item.items()]
    return "\n".join(lines) + "\n"


def test_round_trip_of_the_test_writer(tmp_path):
    path = _write_variant(tmp_path, lambda raw: None)
    assert load_sop(path) == default_sop()


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda raw: raw["langkah"].pop(), "7 langkah"),
        (lambda raw: raw["langkah"][2].update(nomor=9), "berurutan"),
        (lambda raw: raw["langkah"][0].update(pelaksana=["Satpam"]), "pelaksana tidak dikenal"),
        (lambda raw: raw["langkah"][6].update(pelaksana=["Petugas"]), "tidak melaksanakan langkah"),
        (lambda raw: raw["langkah"][1]["mutu_baku"].pop("waktu"), "waktu"),
    ],
)
def test_inconsistent_sop_is_refused_when_loaded(tmp_path, mutate, expected):
    path = _write_variant(tmp_path, mutate)
    with pytest.raises(DataFileError) as info:
        load_sop(path)
    assert expected in info.value.message
