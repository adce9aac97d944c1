"""The consequence test (uji konsekuensi): the one definition of a complete test record.

Validation (:mod:`rules`), the workflow guard (:mod:`workflow`, ``uji_konsekuensi``) and the letters
(:mod:`letters`) all ask :func:`gaps` whether an exempted item's test is complete, so they cannot
disagree. The elements and their sources (legal-notes.md §8 items 3–4; primary-texts.md):

* UU 14/2008 Pasal 19: the PPID tests the consequence *before* declaring information exempt
  (``Tanggal Uji Konsekuensi``); Pasal 17: the ground (``Dasar Pengecualian``);
* Perki 1/2021 Pasal 49 ayat (1): when the test is done (``Waktu Uji``); ayat (2) huruf a: the
  document that holds the information (``Dokumen Sumber Informasi``); huruf b: the information,
  clearly and specifically (``Ringkasan Isi Informasi``); huruf c: analysis of the Undang-Undang
  used as the basis (``Analisis Undang-Undang``); huruf d: weighing kepatutan, kesusilaan,
  kepentingan umum against the consequence of opening (``Konsekuensi Jika Dibuka``,
  ``Pertimbangan Kepentingan Publik``);
* UU 14/2008 Pasal 2 ayat (4): the conclusion that closing protects the larger interest
  (``Kesimpulan Uji`` = Dikecualikan);
* not in Pasal 49 but the practice of the Lembar Pengujian Konsekuensi (legal-notes.md §8 item 4,
  [P]): it records its own place and is signed by every participant, each with name, NIP and
  jabatan (``Tempat Uji``; ``Peserta Uji`` written ``Nama | NIP | Jabatan``, participants separated
  by ``;`` or a new line); its ``dasar`` says so.

Each element's ``dasar`` is its own source, the one a message about that element cites.
* UU 14/2008 Pasal 20 ayat (1): grounds a–f are not permanent (``Pengecualian Berakhir``).

Plain Python over anything with the Register's attribute names (``RegisterRow``, ``RowValues``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .legal import CitationError, parse_citations
from .register import COLUMN_BY_KEY

EXEMPT = "Dikecualikan"
CONCLUSION_EXEMPT = "Dikecualikan"
PARTICIPANT_SEPARATOR = re.compile(r"[;\n]")
FIELD_SEPARATOR = "|"
NIP_DIGITS = 18


@dataclass(frozen=True, slots=True)
class Element:
    """One element of the test record: the Register field, the problem code, the source."""

    key: str
    code: str
    what: str  # Indonesian: what the element is
    dasar: str  # the article it comes from


ELEMENTS: tuple[Element, ...] = (
    Element("dasar_pengecualian", "dasar-wajib", "dasar pengecualian Pasal 17", "UU 14/2008 Pasal 17"),
    Element("dokumen_sumber", "dokumen-sumber-wajib", "dokumen yang memuat informasi yang dikecualikan",
            "Perki 1/2021 Pasal 49 ayat (2) huruf a"),
    Element("ringkasan", "ringkasan-wajib", "informasi yang dikecualikan secara jelas dan spesifik",
            "Perki 1/2021 Pasal 49 ayat (2) huruf b"),
    Element("analisis_uu", "analisis-uu-wajib", "analisis Undang-Undang yang menjadi dasar pengecualian",
            "Perki 1/2021 Pasal 49 ayat (2) huruf c"),
    Element("konsekuensi", "konsekuensi-wajib", "konsekuensi yang timbul bila informasi dibuka",
            "Perki 1/2021 Pasal 49 ayat (2) huruf d; PP 61/2010 Pasal 1 angka 9"),
    Element("pertimbangan", "pertimbangan-wajib",
            "pertimbangan kepatutan, kesusilaan, kepentingan umum terhadap konsekuensi",
            "Perki 1/2021 Pasal 49 ayat (2) huruf d; UU 14/2008 Pasal 2 ayat (4)"),
    Element("kesimpulan_uji", "kesimpulan-uji-wajib", "kesimpulan uji", "UU 14/2008 Pasal 2 ayat (4)"),
    Element("waktu_uji", "waktu-uji-wajib", "waktu pengujian", "Perki 1/2021 Pasal 49 ayat (1)"),
    Element("tanggal_uji", "tanggal-uji-wajib", "tanggal uji konsekuensi", "UU 14/2008 Pasal 19"),
    Element("tempat_uji", "tempat-uji-wajib", "tempat uji konsekuensi",
            "praktik Lembar Pengujian Konsekuensi, bukan unsur Perki 1/2021 Pasal 49"),
    Element("peserta_uji", "peserta-uji-wajib", "peserta uji (nama, NIP, jabatan)",
            "praktik Lembar Pengujian Konsekuensi yang ditandatangani seluruh peserta, bukan unsur Perki 1/2021 "
            "Pasal 49"),
)
ELEMENT_BY_KEY = {e.key: e for e in ELEMENTS}
END_ELEMENT = Element("berakhir", "berakhir-wajib", "tidak permanen",
                      "UU 14/2008 Pasal 20 ayat (1)")
RECORD_KEYS = tuple(e.key for e in ELEMENTS)


@dataclass(frozen=True, slots=True)
class Participant:
    nama: str
    nip: str
    jabatan: str

    def __str__(self) -> str:
        return f"{self.nama} | {self.nip} | {self.jabatan}"


@dataclass(frozen=True, slots=True)
class Gap:
    """A missing or invalid element of one item's test record."""

    element: Element
    reason: str = ""  # Indonesian detail for an invalid value (empty: the value is missing)

    @property
    def label(self) -> str:
        return COLUMN_BY_KEY[self.element.key].label

    @property
    def text(self) -> str:
        base = f"'{self.label}' ({self.element.what}; {self.element.dasar})"
        return f"{base}: {self.reason}" if self.reason else base


def _empty(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@lru_cache(maxsize=4096)
def parse_participants(text: str) -> tuple[tuple[Participant, ...], tuple[str, ...]]:
    """``"Nama | NIP | Jabatan; ..."`` -> (participants, Indonesian problems)."""
    people: list[Participant] = []
    problems: list[str] = []
    for part in (p.strip() for p in PARTICIPANT_SEPARATOR.split(text or "")):
        if not part:
            continue
        fields = [f.strip() for f in part.split(FIELD_SEPARATOR)]
        if len(fields) != 3 or not all(fields):
            problems.append(f"'{part}' harus ditulis 'Nama | NIP | Jabatan'")
            continue
        nama, nip, jabatan = fields
        digits = nip.replace(" ", "")
        if not (digits.isdigit() and len(digits) == NIP_DIGITS):
            problems.append(f"NIP '{nip}' ({nama}) harus {NIP_DIGITS} angka")
            continue
        people.append(Participant(nama, nip, jabatan))
    return tuple(people), tuple(problems)


def participants(row: Any) -> list[Participant]:
    """The item's valid participants (for the Lembar's signature table)."""
    return list(parse_participants(_text(row.peserta_uji))[0])


def gaps(row: Any) -> list[Gap]:
    """Every missing or invalid element of an exempted item's test record (empty: complete).

    Items that are not Dikecualikan need no test and have no gaps.
    """
    if row.klasifikasi != EXEMPT:
        return []
    found = [Gap(e) for e in ELEMENTS if _empty(getattr(row, e.key))]
    missing = {g.element.key for g in found}
    citations = []
    if "dasar_pengecualian" not in missing:
        try:
            citations = parse_citations(_text(row.dasar_pengecualian))
        except CitationError as exc:
            found.insert(0, Gap(ELEMENT_BY_KEY["dasar_pengecualian"], exc.message))
    if "kesimpulan_uji" not in missing and _text(row.kesimpulan_uji) != CONCLUSION_EXEMPT:
        found.append(Gap(ELEMENT_BY_KEY["kesimpulan_uji"],
                         f"kesimpulannya '{_text(row.kesimpulan_uji)}', bukan '{CONCLUSION_EXEMPT}'"))
    if "peserta_uji" not in missing:
        people, problems = parse_participants(_text(row.peserta_uji))
        if problems:
            found.append(Gap(ELEMENT_BY_KEY["peserta_uji"], "; ".join(problems)))
        elif not people:
            found.append(Gap(ELEMENT_BY_KEY["peserta_uji"]))
    if row.berakhir is None and any(c.ground.tidak_permanen for c in citations):
        found.append(Gap(END_ELEMENT))
    return found


def is_complete(row: Any) -> bool:
    return not gaps(row)


def describe(found: list[Gap]) -> str:
    """The gaps as one Indonesian list, for refusals."""
    return "; ".join(g.text for g in found)
