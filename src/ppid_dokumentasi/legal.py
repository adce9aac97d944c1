"""UU 14/2008 Pasal 17 grounds as data, and the canonical citation ``Pasal 17 huruf h angka 2``.

A register cell may hold several grounds separated by ``;``. Parsing is tolerant of case and
spacing; anything else is reported, never guessed (the importer has its own, looser normaliser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .datafiles import packaged
from .errors import DataFileError

GROUND_LETTERS = "abcdefghij"


@dataclass(frozen=True)
class Ground:
    """One ground of Pasal 17 as ``data/pasal17.toml`` gives it (a plain dataclass: validating and
    every ``ppid`` command read it, and a pydantic model would cost its schema build at start-up)."""

    huruf: str
    ringkas: str  # our short label, never printed as the statute's words
    bunyi: str  # the statute's words (primary-texts.md)
    angka_wajib: bool
    tidak_permanen: bool
    dasar_jangka_waktu: str
    maks_tahun_tetap: int | None = None
    penetap: str = ""  # "peraturan" (huruf b) or "pimpinan" (huruf c-f): who fixes the period
    tinjau: bool = False  # period set by other legislation: review when no end date (g, i, j)
    angka: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        return f"Pasal 17 huruf {self.huruf}"

    @classmethod
    def from_data(cls, huruf: str, data: dict) -> "Ground":
        kinds = {"ringkas": str, "bunyi": str, "angka_wajib": bool, "tidak_permanen": bool, "dasar_jangka_waktu": str}
        for key, kind in kinds.items():
            if not isinstance(data.get(key), kind):
                raise DataFileError(f"pasal17.toml: huruf {huruf}: '{key}' harus {kind.__name__}.")
        maks = data.get("maks_tahun_tetap")
        angka = data.get("angka", [])
        if maks is not None and (not isinstance(maks, int) or isinstance(maks, bool)):
            raise DataFileError(f"pasal17.toml: huruf {huruf}: 'maks_tahun_tetap' harus bilangan bulat.")
        if not isinstance(angka, list) or not all(isinstance(a, str) for a in angka):
            raise DataFileError(f"pasal17.toml: huruf {huruf}: 'angka' harus daftar teks.")
        penetap, tinjau = data.get("penetap", ""), data.get("tinjau", False)
        if penetap not in ("", "peraturan", "pimpinan") or not isinstance(tinjau, bool):
            raise DataFileError(f"pasal17.toml: huruf {huruf}: 'penetap' harus peraturan/pimpinan, 'tinjau' true/false.")
        unknown = set(data) - set(kinds) - {"maks_tahun_tetap", "angka", "penetap", "tinjau"}
        if unknown:
            raise DataFileError(f"pasal17.toml: huruf {huruf}: kunci tidak dikenal {sorted(unknown)}.")
        return cls(huruf, data["ringkas"], data["bunyi"], data["angka_wajib"], data["tidak_permanen"],
                   data["dasar_jangka_waktu"], maks, penetap, tinjau, tuple(angka))


@cache
def grounds() -> dict[str, Ground]:
    data = packaged("pasal17.toml")["huruf"]
    return {letter: Ground.from_data(letter, data[letter]) for letter in GROUND_LETTERS}


@dataclass(frozen=True, slots=True)
class Citation:
    huruf: str
    angka: int | None = None

    def __str__(self) -> str:
        text = f"Pasal 17 huruf {self.huruf}"
        return f"{text} angka {self.angka}" if self.angka is not None else text

    @property
    def ground(self) -> Ground:
        return grounds()[self.huruf]


_CITATION = re.compile(r"^pasal\s+17\s+huruf\s+([a-j])(?:\s+angka\s+(\d{1,2}))?$", re.IGNORECASE)


class CitationError(ValueError):
    """One part of a Dasar Pengecualian cell is not a valid Pasal 17 citation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_citations(text: str) -> list[Citation]:
    """Parse ``"Pasal 17 huruf h angka 2; Pasal 17 huruf j"``; raise CitationError on the first bad part."""
    return list(_parse_citations(text))


@lru_cache(maxsize=4096)  # registers repeat the same few grounds on thousands of rows
def _parse_citations(text: str) -> tuple[Citation, ...]:
    citations = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _CITATION.match(" ".join(part.split()))
        if not match:
            raise CitationError(
                "dasar-format",
                f"'{part}' bukan rujukan Pasal 17 UU 14/2008 yang dikenali; tulis seperti "
                "'Pasal 17 huruf h angka 2' (beberapa dasar dipisah titik koma).",
            )
        letter = match.group(1).lower()
        number = int(match.group(2)) if match.group(2) else None
        ground = grounds()[letter]
        if number is None and ground.angka_wajib:
            raise CitationError(
                "dasar-angka-wajib",
                f"'{part}': Pasal 17 huruf {letter} UU 14/2008 harus menyebut angka "
                f"(1 sampai {len(ground.angka)}), mis. 'Pasal 17 huruf {letter} angka 1'.",
            )
        if number is not None and not 1 <= number <= len(ground.angka):
            if ground.angka:
                hint = f"hanya memiliki angka 1 sampai {len(ground.angka)}"
            else:
                hint = "tidak memiliki angka"
            raise CitationError(
                "dasar-angka-tidak-ada",
                f"'{part}': Pasal 17 huruf {letter} UU 14/2008 {hint}.",
            )
        citations.append(Citation(letter, number))
    return tuple(citations)


def period_basis(citations: list[Citation]) -> str:
    """The period of an exemption without an end date, as printed in letters and the DIK: ``sesuai``
    each distinct ground's ``dasar_jangka_waktu`` (pasal17.toml), e.g. ``sesuai PP 61/2010 Pasal 8 ayat
    (2)``; "" without a ground."""
    return "; ".join(dict.fromkeys(f"sesuai {c.ground.dasar_jangka_waktu}" for c in citations))


def all_citations() -> list[str]:
    """Every canonical citation, for the drop-down list on Referensi."""
    result = []
    for letter, ground in grounds().items():
        if ground.angka:
            result += [f"Pasal 17 huruf {letter} angka {i}" for i in range(1, len(ground.angka) + 1)]
            if not ground.angka_wajib:
                result.append(f"Pasal 17 huruf {letter}")
        else:
            result.append(f"Pasal 17 huruf {letter}")
    return result


# -- Pasal 17 huruf j: "berdasarkan Undang-Undang" (legal-notes.md §8 item 5) ------------------
_STATUTE = re.compile(
    r"^(?:undang[\s-]*undang|uu|peraturan\s+pemerintah\s+pengganti\s+undang[\s-]*undang|perppu)"
    r"(?:\s+republik\s+indonesia)?\s+(?:nomor|no\.?)\s*\d+\s+tahun\s+\d{4}\b", re.IGNORECASE)
_LOWER = re.compile(
    r"^(peraturan\s+pemerintah|pp|peraturan\s+presiden|perpres|peraturan\s+menteri|permen\w*|"
    r"peraturan\s+daerah|perda|peraturan\s+gubernur|pergub|peraturan\s+bupati|perbup|peraturan\s+wali\s*kota|"
    r"perwal|peraturan\s+komisi\s+informasi|perki|peraturan\s+\w+|keputusan|kepgub|kepmen\w*|instruksi|"
    r"surat\s+edaran)\b", re.IGNORECASE)


def other_law_problems(text: str) -> list[tuple[str, str]]:
    """(code, Indonesian message) for each part of an 'Undang-Undang Lain' cell that is not an
    Undang-Undang or Perppu written 'Undang-Undang Nomor N Tahun YYYY [tentang ...] [Pasal n]'."""
    problems = []
    for part in (" ".join(p.split()) for p in text.split(";")):
        if not part or _STATUTE.match(part):
            continue
        lower = _LOWER.match(part)
        if lower:
            problems.append(("uu-lain-bukan-uu", (
                f"'{part}' bukan Undang-Undang: Pasal 17 huruf j UU 14/2008 hanya berlaku untuk informasi yang "
                f"tidak boleh diungkapkan berdasarkan Undang-Undang (atau Perppu); '{lower.group(1)}' adalah "
                "peraturan di bawah Undang-Undang.")))
        else:
            problems.append(("uu-lain-format", (
                f"'{part}' tidak dikenali sebagai Undang-Undang (Pasal 17 huruf j UU 14/2008); tulis "
                "'Undang-Undang Nomor N Tahun YYYY' (atau 'Perppu Nomor N Tahun YYYY'), boleh ditambah "
                "'tentang ...' dan 'Pasal n'.")))
    return problems
