"""Normalise the free-text legal basis of published DIK tables to ``Pasal 17 huruf h angka 2``.

Published lists cite UU 14/2008 in many ways (``Pasal 17, huruf I``, ``UU Nomor 14 Tahun 2008 ...
huruf h angka 4`` without "Pasal 17", ``Pasal 17 huruf h angka 5 Undang-Undang Nomor 14 ...``)
and mix in other regulations (``Pasal 44 ayat (1) huruf h UU 43/2009``). :func:`normalise_basis`
reads the text as a stream of tokens (regulation, Pasal, ayat, huruf/angka) and keeps only the
huruf that belong to Pasal 17 of UU 14/2008:

* a huruf belongs to the nearest Pasal before it, unless a regulation is named in between;
* a huruf with no Pasal before it, right after a mention of UU 14/2008, is Pasal 17 (the law's
  only list of grounds);
* a Pasal 17 belongs to the regulation written right after it, else to the one before it, else
  (no regulation at all) to UU 14/2008.

The result is ``ok`` (every ground complete), ``kurang`` (a ground named without the sub-point
the law requires: written as found, validation then asks for the angka), or ``ambigu`` (no
ground can be read, or a sub-point that does not exist: nothing is written, a person decides).
Regulations listed in ``data/impor.toml`` are checked too: repealed, non-existent, mis-titled,
or cited with an article they do not have.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .datafiles import packaged
from .legal import grounds

OK, INCOMPLETE, AMBIGUOUS, EMPTY = "ok", "kurang", "ambigu", "kosong"
KIP = ("UU", 14, 2008)

_LAW_UUD = re.compile(
    r"\b(?:uud|undang[\s-]*undang\s+dasar)(?:\s+negara)?(?:\s+(?:republik\s+indonesia|ri))?"
    r"\s*(?:tahun\s*)?(\d{4})\b", re.IGNORECASE)
_LAW = re.compile(
    r"\b(perppu|peraturan\s+pemerintah\s+pengganti\s+undang[\s-]*undang|uu|undang[\s-]*undang|pp|"
    r"peraturan\s+pemerintah|perpres|peraturan\s+presiden)\b\.?"
    r"\s*(?:(?:nomor|no)\b\.?\s*)?(\d{1,4})\s*(?:(?:tahun|taahun|thn|th)\b\.?\s*|/\s*)(\d{4})\b",
    re.IGNORECASE)
_PASAL = re.compile(r"\bpasal\s+(\d+)", re.IGNORECASE)
_AYAT = re.compile(r"\bayat\s*\(?\s*(\d+)\s*\)?", re.IGNORECASE)
_HURUF = re.compile(
    r"\bhuruf\s+([a-j])\b((?:\s*(?:,|dan|serta|&)\s*[a-j]\b)*)"
    r"(?:\s*,?\s*angka\s+(\d+)((?:\s*,?\s*(?:dan|serta|&)?\s*(?:angka\s+)?\d{1,2}\b(?!\s*[/.]\d))*))?", re.IGNORECASE)
_MORE_LETTERS = re.compile(r"[a-j]\b", re.IGNORECASE)
_TITLE = re.compile(r"^\s*,?\s*tentang\s+(.{0,80})", re.IGNORECASE | re.DOTALL)
_ADJACENT_GAP = re.compile(r"^[\s,;:()]*$")
_KINDS = {
    "uu": "UU", "undang undang": "UU", "undang-undang": "UU",
    "pp": "PP", "peraturan pemerintah": "PP",
    "perpres": "Perpres", "peraturan presiden": "Perpres",
    "perppu": "Perppu", "peraturan pemerintah pengganti undang undang": "Perppu",
    "peraturan pemerintah pengganti undang-undang": "Perppu",
}


def clean(text: str) -> str:
    """NFKC, NBSP and other spaces to one space, stripped."""
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(text.replace("\u00a0", " ").split())


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem with a regulation cited in the source (code is stable, message Indonesian)."""

    code: str
    message: str


@dataclass
class BasisResult:
    text: str
    status: str
    grounds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)  # every regulation recognised, e.g. "UU 43/2009"

    @property
    def canonical(self) -> str | None:
        """The Dasar Pengecualian value to write, or None when a person must decide."""
        return "; ".join(self.grounds) if self.status in (OK, INCOMPLETE) else None

    @property
    def has_other_law(self) -> bool:
        return any(law != "UU 14/2008" for law in self.laws if not law.startswith("UUD"))


@dataclass
class _Token:
    kind: str  # law | pasal | ayat | huruf
    start: int
    end: int
    law: tuple | None = None
    number: int | None = None
    letters: tuple[str, ...] = ()
    angka: int | None = None
    more_angka: tuple[int, ...] = ()  # "angka 1, angka 3, dan angka 5": the angka after the first
    pasal: "_Token | None" = None  # huruf -> the Pasal it belongs to
    attached_law: tuple | None = None  # pasal -> its regulation
    inferred: bool = False  # a Pasal 17 read from "UU 14/2008 ... huruf x" without the word Pasal


@cache
def regulations() -> dict[tuple, dict]:
    table = {}
    for entry in packaged("impor.toml").get("regulasi", []):
        table[(entry["jenis"], entry.get("nomor"), entry["tahun"])] = entry
    return table


def law_name(law: tuple) -> str:
    kind, number, year = law
    return f"UUD {year}" if kind == "UUD" else f"{kind} {number}/{year}"


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    taken: list[tuple[int, int]] = []
    for m in _LAW_UUD.finditer(text):
        tokens.append(_Token("law", m.start(), m.end(), law=("UUD", None, int(m.group(1)))))
        taken.append(m.span())
    for m in _LAW.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        kind = _KINDS[re.sub(r"[\s-]+", " ", m.group(1).lower())]
        tokens.append(_Token("law", m.start(), m.end(), law=(kind, int(m.group(2)), int(m.group(3)))))
    for m in _PASAL.finditer(text):
        tokens.append(_Token("pasal", m.start(), m.end(), number=int(m.group(1))))
    for m in _AYAT.finditer(text):
        tokens.append(_Token("ayat", m.start(), m.end(), number=int(m.group(1))))
    for m in _HURUF.finditer(text):
        letters = [m.group(1).lower()] + [x.lower() for x in _MORE_LETTERS.findall(m.group(2) or "")]
        angka = int(m.group(3)) if m.group(3) else None
        more = tuple(int(x) for x in re.findall(r"\d+", m.group(4) or ""))
        tokens.append(_Token("huruf", m.start(), m.end(), letters=tuple(letters), angka=angka, more_angka=more))
    tokens.sort(key=lambda t: t.start)
    return tokens


def _attach(text: str, tokens: list[_Token]) -> None:
    """Give each huruf its Pasal and each Pasal its regulation (rules in the module docstring)."""
    last_pasal: _Token | None = None
    last_law: _Token | None = None
    for index, token in enumerate(tokens):
        if token.kind == "law":
            last_law = token
            last_pasal = None  # a huruf after a regulation no longer belongs to an earlier Pasal
        elif token.kind == "pasal":
            last_pasal = token
            token.attached_law = _following_law(text, tokens, index) or (last_law.law if last_law else None)
        elif token.kind == "huruf":
            if last_pasal is not None:
                token.pasal = last_pasal
            elif last_law is not None and last_law.law == KIP:
                token.pasal = _Token("pasal", token.start, token.start, number=17, attached_law=KIP, inferred=True)


def _following_law(text: str, tokens: list[_Token], index: int) -> tuple | None:
    """The regulation written right after a Pasal's ayat/huruf chain ("Pasal 17 huruf h UU 14/2008")."""
    end = tokens[index].end
    for token in tokens[index + 1:]:
        if token.kind in ("ayat", "huruf"):
            if not _ADJACENT_GAP.match(text[end:token.start]):
                return None
            end = token.end
            continue
        if token.kind == "law" and _ADJACENT_GAP.match(text[end:token.start]):
            return token.law
        return None
    return None


def _check_regulations(text: str, tokens: list[_Token]) -> list[Finding]:
    findings: list[Finding] = []
    table = regulations()
    for token in tokens:
        if token.kind != "law":
            continue
        entry = table.get(token.law)
        if entry is None:
            continue
        name = law_name(token.law)
        status = entry.get("status", "berlaku")
        cited = clean(text[token.start:token.end])
        if status == "dicabut":
            findings.append(Finding("impor-regulasi-dicabut", f"'{cited}' sudah dicabut: {entry['catatan']}."))
        elif status == "tidak_ada":
            findings.append(Finding("impor-regulasi-tidak-ada", f"'{cited}': {entry['catatan']}."))
        elif status == "judul":
            title = _TITLE.match(text[token.end:])
            if title and not any(k in clean(title.group(1)).casefold() for k in entry.get("judul_kata", [])):
                findings.append(Finding("impor-regulasi-judul", f"'{cited} tentang {_title_text(title.group(1))}': "
                                        f"{entry['catatan']}."))
        maximum = entry.get("pasal_maks")
        if maximum:
            for pasal in (t for t in tokens if t.kind == "pasal" and t.attached_law == token.law):
                if pasal.number and pasal.number > maximum:
                    findings.append(Finding("impor-pasal-tidak-ada", f"Pasal {pasal.number} {name} tidak ada: "
                                            f"{entry['catatan']}."))
    return findings


def _title_text(raw: str) -> str:
    return re.split(r"\s+\d+\.\s|[;,\n]", clean(raw))[0].strip()


def normalise_basis(text: str | None) -> BasisResult:
    """Read the Pasal 17 grounds in a legal-basis cell (see the module docstring)."""
    raw = text or ""
    flat = clean(raw)
    if not flat:
        return BasisResult(raw, EMPTY)
    tokens = _tokens(flat)
    _attach(flat, tokens)
    result = BasisResult(raw, OK)
    for token in tokens:
        if token.kind == "law":
            name = law_name(token.law)
            if name not in result.laws:
                result.laws.append(name)
    result.findings = _check_regulations(flat, tokens)
    found: list[tuple[str, int | None]] = []
    bare_pasal17 = False
    pasal17_elsewhere: list[str] = []
    for token in tokens:
        if token.kind == "pasal" and token.number == 17:
            law = token.attached_law
            if law not in (None, KIP):
                pasal17_elsewhere.append(law_name(law))
            elif not any(t.kind == "huruf" and t.pasal is token for t in tokens):
                bare_pasal17 = True
        if token.kind != "huruf" or token.pasal is None or token.pasal.number != 17:
            continue
        if token.pasal.attached_law not in (None, KIP):
            continue
        if token.pasal.inferred:
            result.notes.append(f"'{clean(flat[token.start:token.end])}' tanpa kata 'Pasal 17' dibaca sebagai "
                                "Pasal 17 UU 14/2008")
        for position, letter in enumerate(token.letters):
            last = position == len(token.letters) - 1
            for angka in ((token.angka, *token.more_angka) if last else (None,)):
                if (letter, angka) not in found:
                    found.append((letter, angka))
    for name in pasal17_elsewhere:
        result.notes.append(f"'Pasal 17' yang disebut milik {name}, bukan UU 14/2008")
    if not found:
        result.status = AMBIGUOUS
        if bare_pasal17:
            result.notes.append("menyebut Pasal 17 UU 14/2008 tanpa huruf; pilih huruf a sampai j (dan angkanya)")
        elif KIP in [t.law for t in tokens if t.kind == "law"]:
            result.notes.append("menyebut UU 14/2008 tanpa pasal dan huruf pengecualian")
        else:
            result.notes.append("tidak menyebut Pasal 17 UU 14/2008")
        return result
    if bare_pasal17:
        result.notes.append("juga menyebut 'Pasal 17' tanpa huruf (diabaikan)")
    table = grounds()
    for letter, angka in found:
        ground = table[letter]
        if angka is not None and not 1 <= angka <= len(ground.angka):
            result.status = AMBIGUOUS
            result.notes.append(f"Pasal 17 huruf {letter} tidak memiliki angka {angka}")
            continue
        if angka is None and ground.angka_wajib:
            if result.status == OK:
                result.status = INCOMPLETE
            result.notes.append(f"Pasal 17 huruf {letter} tanpa angka: pilih angka 1 sampai {len(ground.angka)}")
        citation = f"Pasal 17 huruf {letter}" + (f" angka {angka}" if angka is not None else "")
        result.grounds.append(citation)
    if result.status == AMBIGUOUS:
        result.grounds = []
    return result
