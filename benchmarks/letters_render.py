"""Render N letters (default 500) through ppid_dokumentasi.letters and with bare docxtpl.

    python benchmarks/letters_render.py [N]

Both sides render the same template (Lembar Uji Konsekuensi) to an in-memory .docx, in the same
run, alternating in blocks so machine noise hits both alike. "letters" = build the pydantic context
from a Register row and Pengaturan + sandboxed, autoescaping, strict render; "bare" = docxtpl's
default Environment with a plain dict built once. Prints times and the ratio (target <= 1.3);
never asserts.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from pathlib import Path

from docxtpl import DocxTemplate

from ppid_dokumentasi import letters
from ppid_dokumentasi.adapters import docx_letters
from ppid_dokumentasi.register import RegisterRow
from ppid_dokumentasi.sample import SAMPLE
from ppid_dokumentasi.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BLOCK = 25


def main(count: int) -> None:
    kind = letters.KINDS["uji-konsekuensi"]
    template = TEMPLATES / kind.template
    settings = Settings.defaults()
    row = RegisterRow(**next(r for r in SAMPLE if r["id_informasi"] == "PKR-2025-008"))
    day = dt.date(2026, 11, 25)
    plain = letters.template_data(letters.build_context(kind, [row], settings, "000.5.10/1/X/2026", day))
    plain = {k: (v if not isinstance(v, letters.Kosong) else "") for k, v in plain.items()}
    plain["item"] = {k: (v if not isinstance(v, letters.Kosong) else "") for k, v in plain["item"].items()}
    plain["daftar"] = [plain["item"]]

    def ours(i: int) -> None:
        context = letters.build_context(kind, [row], settings, f"000.5.10/{i}/X/2026", day)
        docx_letters.render(kind, context, TEMPLATES)

    def bare(i: int) -> None:
        document = DocxTemplate(str(template))
        document.render(dict(plain, nomor=f"000.5.10/{i}/X/2026"))
        document.save(io.BytesIO())

    ours(0), bare(0)  # warm-up (imports, caches)
    totals = {"letters": 0.0, "bare": 0.0}
    done = 0
    while done < count:
        block = min(BLOCK, count - done)
        for name, func in (("letters", ours), ("bare", bare)):
            start = time.perf_counter()
            for i in range(done, done + block):
                func(i)
            totals[name] += time.perf_counter() - start
        done += block
    ratio = totals["letters"] / totals["bare"]
    print(f"{count} letters ({kind.template})")
    print(f"  ppid letters (context + sandbox): {totals['letters']:.2f} s  ({totals['letters'] / count * 1000:.1f} ms/letter)")
    print(f"  bare docxtpl                    : {totals['bare']:.2f} s  ({totals['bare'] / count * 1000:.1f} ms/letter)")
    print(f"  ratio {ratio:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
