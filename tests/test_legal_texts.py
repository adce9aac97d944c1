"""pasal17.toml quotes UU 14/2008 Pasal 17 verbatim: every huruf and angka equals primary-texts.md.

tests/data/primary-texts.md is a copy of the project's reference file of statutes' words (public:
UU 28/2014 Pasal 42).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ppid_dokumentasi.legal import GROUND_LETTERS, grounds

PRIMARY = Path(__file__).parent / "data" / "primary-texts.md"


def _strip(text: str) -> str:
    text = text.strip()
    for suffix in ("; dan/atau", ";", "."):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def statute() -> dict[str, tuple[str, list[str]]]:
    """{huruf: (words, [angka words])} read from the Pasal 17 section of primary-texts.md."""
    text = PRIMARY.read_text(encoding="utf-8")
    block = text[text.index("**Pasal 17**"): text.index("**Pasal 18**")]
    result: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in block.splitlines()[1:]:
        if m := re.match(r"^([a-j])\. (.*)$", line):
            current = m[1]
            result[current] = (_strip(m[2]), [])
        elif m := re.match(r"^ (\d)\. (.*)$", line):
            result[current][1].append(_strip(m[2]))
    return result


STATUTE = statute()


@pytest.mark.parametrize("huruf", list(GROUND_LETTERS))
def test_every_huruf_and_angka_is_the_statute_word_for_word(huruf):
    words, angka = STATUTE[huruf]
    ground = grounds()[huruf]
    assert ground.bunyi == words
    assert list(ground.angka) == angka
    assert len(ground.angka) == len(angka)


def test_the_copy_names_all_ten_grounds():
    assert list(STATUTE) == list(GROUND_LETTERS)
    assert len(STATUTE["c"][1]) == 7 and "kerjasama militer" in STATUTE["c"][1][4]
