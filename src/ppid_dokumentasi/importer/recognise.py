"""Which import target each source column fills, and the classification of the whole file.

Evidence comes from two places, weighed together:

* the **header** (``data/impor.toml`` ``[[sasaran]]``: an exact label is strong, a word match weaker);
* the **content** (:class:`Profile`: what share of the column's cells look like legal citations,
  dates, row numbers, classification words, format marks, retention periods, titles).

A typed target whose cells do not look like it is not obeyed (a "Jenis Klasifikasi Informasi yang
Dikecualikan" column full of titles is not the classification); a column whose cells are mostly
citations is the legal basis whatever its header; a table with no title column gets the most
title-like column as its title. Every column gets a confidence (0..1) and a reason, shown by
``--coba`` and written to the ``Pemetaan Impor`` sheet. An explicit mapping (``--pemetaan`` or the
sheet) always wins and has confidence 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..errors import ImportSourceError
from ..register import COLUMNS, MONTHS_ID, parse_date
from ..sources import SourceTable
from .mapping import Mapping
from .model import ColumnMap
from .numbers import words_to_digits
from .vocabulary import EXEMPT, Target, blank, class_value, classify_text, norm, single, vocabulary

HEADER_EXACT, HEADER_WORDS = 0.9, 0.7
SAMPLE = 300  # non-empty cells per column weighed as content evidence (the first ones)
# Targets whose cells have a recognisable shape; a header guess for one of them needs content that fits.
# (An exemption period or retention may be any condition in words, so those are not vetoed by content.)
TYPED = {"nomor", "dasar", "tanggal", "tempat_waktu", "tanda_format", "klasifikasi"}
TITLE_KEYS = ("judul", "ringkasan")
ENUMERATOR = re.compile(r"^\(?([0-9]{1,4}|[a-z]|[ivxlc]{1,6})(\s*[.)]\s*([0-9]{1,3}|[a-z]))*\s*[.)]?$", re.I)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass
class Profile:
    """Shares (0..1) of a column's non-empty cells that look like each kind of value."""

    filled: int = 0
    legal: float = 0.0
    dates: float = 0.0
    numbers: float = 0.0
    classes: float = 0.0
    marks: float = 0.0
    periods: float = 0.0
    forms: float = 0.0
    titles: float = 0.0
    distinct: float = 0.0  # share of different values (titles differ; unit names repeat)

    @property
    def title_score(self) -> float:
        return self.titles * (0.5 + 0.5 * self.distinct)

    def fit(self, target: Target) -> float | None:
        """How well the content fits a target (None: the target has no recognisable shape)."""
        return {
            "nomor": self.numbers, "dasar": self.legal, "tanggal": self.dates, "tempat_waktu": self.dates,
            "tanda_format": self.marks, "retensi": self.periods, "jangka_waktu": max(self.periods, self.dates),
            "klasifikasi": self.classes, "bentuk": self.forms,
        }.get(target.jenis, self.titles if target.kunci in TITLE_KEYS else None)


def _is_legal(text: str, patterns: list[re.Pattern]) -> bool:
    return any(p.search(text) for p in patterns)


def is_date(text: str) -> bool:
    """A full date, or a year with at most a place, month or 'tahun' ("Jakarta, 2025", "Maret 2024")."""
    flat = " ".join(single(text).split())
    try:
        if parse_date(flat) is not None:
            return True
    except ValueError:
        pass
    if len(flat) > 40 or not _YEAR.search(flat):
        return False
    rest = norm(_YEAR.sub(" ", flat)).split()
    months = set(MONTHS_ID) | {"tahun", "th", "thn", "semester", "triwulan", "bulan", "tanggal", "tgl"}
    return len(rest) <= 1 or (len(rest) <= 3 and ("," in flat or bool(set(rest) & months)))


@cache
def _period_patterns() -> tuple[re.Pattern, ...]:
    raw = vocabulary().raw
    pools = [e["pola"] for e in raw.get("retensi", [])] + [e["pola"] for e in raw.get("jangka_waktu", [])
                                                           if e["pola"] != "."]
    return tuple(re.compile(p) for p in pools)


def _is_period(text: str) -> bool:
    value = words_to_digits(norm(single(text)))
    return any(p.search(value) for p in _period_patterns())


def _mark(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def profile(texts: list[str]) -> Profile:
    """The content evidence for one column (``texts``: its non-empty cells)."""
    texts = [t for t in texts if not blank(t)][:SAMPLE]
    if not texts:
        return Profile()
    raw = vocabulary().raw
    patterns = [re.compile(p) for p in raw.get("pola_rujukan_hukum", [])]
    marks = {_mark(x) for x in raw.get("tanda_ada", []) + raw.get("tanda_tidak", [])} - {""}
    form_words = set(raw.get("bentuk", {}).get("hard", [])) | set(raw.get("bentuk", {}).get("soft", []))
    counts = dict.fromkeys(("legal", "dates", "numbers", "classes", "marks", "periods", "forms", "titles"), 0)
    for text in texts:
        flat = norm(text)
        legal = _is_legal(flat, patterns)
        number = len(text.strip()) <= 10 and bool(ENUMERATOR.match(" ".join(text.split())))
        date = not number and is_date(text)
        mark = _mark(text) in marks
        klass = class_value(text) is not None
        period = _is_period(text)
        form = bool(set(flat.split()) & form_words) and len(flat.split()) <= 6
        words = re.findall(r"[^\W\d_]{2,}", text)
        title = len(words) >= 1 and not (legal or number or date or mark or klass or period) and len(text) <= 600
        for key, flag in (("legal", legal), ("dates", date), ("numbers", number), ("classes", klass),
                          ("marks", mark), ("periods", period), ("forms", form), ("titles", title)):
            counts[key] += flag
    n = len(texts)
    return Profile(n, **{k: v / n for k, v in counts.items()}, distinct=len({norm(t) for t in texts}) / n)


def profiles(table: SourceTable) -> list[Profile]:
    return [profile([cells[i] for _, cells in table.rows]) for i in range(len(table.header))]


def header_candidates(header: str) -> list[tuple[Target, float]]:
    vocab = vocabulary()
    key = norm(header)
    found: list[tuple[Target, float]] = []
    if key in {norm(c.label) for c in COLUMNS}:
        exact = vocab.target(header)
        if exact is not None:
            found.append((exact, HEADER_EXACT))
    for target in vocab.targets:
        if key in target.label:
            found.append((target, HEADER_EXACT))
        elif target.matches(key):
            found.append((target, HEADER_WORDS))
    return found


def map_columns(table: SourceTable, mapping: Mapping | None = None,
                public: bool = False) -> list[ColumnMap]:
    """Recognise every column (``public``: the file's or sheet's name says it is a public list, so a
    "Jangka Waktu" whose cells are periods is the retention, not an exemption period)."""
    vocab = vocabulary()
    raw = vocab.raw
    shapes = profiles(table)
    used: set[str] = set()
    result: list[ColumnMap] = []
    for index, header in enumerate(table.header):
        column = ColumnMap(index, header, None, "tidak dipetakan", profile=shapes[index])
        key = norm(header)
        if mapping is not None and mapping.has(key, index):
            name = mapping.target_for(key, index)
            target = vocab.target(name) if name else None
            if target is not None and target.kunci in used and target.jenis != "dasar":  # bases are read together
                raise ImportSourceError(f"{mapping.origin()}: sasaran '{target.nama}' dipakai lebih dari satu kolom "
                                        f"di '{table.name}'.")
            if target is not None:
                used.add(target.kunci)
            column.target, column.how, column.confidence = target, "pemetaan" if target else "tidak dipetakan", 1.0
            column.reason = mapping.origin()
            column.fixed = True
        result.append(column)
    threshold = float(raw.get("dasar_tersamar_ambang", 0.6))
    minimum_fit = float(raw.get("isi_cocok_minimum", 0.3))
    # 1. Header guesses, vetoed when the content clearly contradicts a typed target.
    for column in result:
        if column.fixed:
            continue
        shape = column.profile
        for target, strength in header_candidates(column.header):
            if target.kunci in used:
                column.how = "ganda"
                continue
            if public and target.kunci == "jangka_waktu" and "retensi" not in used and shape.periods >= minimum_fit:
                target = next(t for t in vocab.targets if t.kunci == "retensi")
                column.note = ("daftar informasi publik: 'jangka waktu' dibaca sebagai retensi, bukan jangka waktu "
                               "pengecualian")
            fit = shape.fit(target)
            typed = target.jenis in TYPED or target.kunci in TITLE_KEYS
            if typed and fit is not None and shape.filled >= 2 and fit < minimum_fit:
                column.note = (f"judul kolom mirip '{target.nama}' tetapi isinya tidak ({round(fit * 100)}% "
                               "sel cocok)")
                continue
            column.target, column.how = target, "tebakan"
            column.confidence = strength if fit is None else round((strength + fit) / 2, 2)
            column.reason = "judul kolom" + (f" dan isi ({round(fit * 100)}% cocok)" if fit is not None else "")
            used.add(target.kunci)
            break
    # 2. A column whose cells are mostly citations is the legal basis, whatever its header.
    basis = next(t for t in vocab.targets if t.kunci == "dasar_hukum")
    holder = next((c for c in result if c.target is not None and c.target.kunci == "dasar_hukum"), None)
    if holder is None or (not holder.fixed and holder.profile.legal < threshold):
        candidates = [c for c in result if not c.fixed and c.profile.legal >= threshold and c is not holder
                      and not (c.target is not None and c.target.kunci in TITLE_KEYS and c.profile.legal < 0.9)]
        if candidates:
            best = max(candidates, key=lambda c: c.profile.legal)
            if holder is not None:
                holder.target, holder.how, holder.confidence = None, "tidak dipetakan", 0.0
                holder.reason = "isinya bukan rujukan peraturan"
            if best.target is not None:
                used.discard(best.target.kunci)
            was = best.target.nama if best.target else None
            best.target, best.how, best.confidence = basis, "isi kolom", round(best.profile.legal, 2)
            best.reason = (f"isinya berupa rujukan peraturan ({round(best.profile.legal * 100)}% sel)"
                           + (f", bukan '{was}' seperti judul kolomnya" if was else ""))
            used.add("dasar_hukum")
    # A second column of citations whose header also names the legal basis ("Pasal" beside "Dasar Hukum")
    # is read together with it.
    holder = next((c for c in result if c.target is not None and c.target.kunci == "dasar_hukum"), None)
    for column in result:
        if holder is None or column.fixed or column.target is not None or column.profile.legal < threshold:
            continue
        if any(t.kunci == "dasar_hukum" for t, _ in header_candidates(column.header)):
            column.target, column.how, column.confidence = basis, "tebakan", round(column.profile.legal * 0.8, 2)
            column.reason = f"rujukan peraturan, dibaca bersama kolom '{holder.label}'"
    # 3. No title column: the most title-like free column holds the titles.
    if not used & set(TITLE_KEYS):
        free = [c for c in result if not c.fixed and (c.target is None or c.target.jenis == "teks")
                and c.profile.titles >= 0.5]
        if free:
            best = max(free, key=lambda c: (round(c.profile.title_score, 1), -c.index))
            if best.target is not None:
                used.discard(best.target.kunci)
            best.target = next(t for t in vocab.targets if t.kunci == "judul")
            best.how, best.confidence = "isi kolom", round(best.profile.titles * 0.8, 2)
            best.reason = f"isinya berupa judul/nama informasi ({round(best.profile.titles * 100)}% sel)"
            used.add("judul")
    # 4. Content alone: a free column of classification words is the classification; without a header
    #    row also numbers, dates and periods.
    _content_only(result, used, public, everything=table.headerless)
    for column in result:
        if column.target is None and column.how == "tidak dipetakan" and not column.reason:
            column.reason = "tidak dikenali: disimpan di Catatan Impor"
    return result


def _content_only(columns: list[ColumnMap], used: set[str], public: bool, everything: bool) -> None:
    vocab = vocabulary()
    by_key = {t.kunci: t for t in vocab.targets}
    rules = [("klasifikasi", "classes")]
    if everything:
        rules += [("nomor", "numbers"), ("waktu_pembuatan", "dates"), ("retensi" if public else "jangka_waktu",
                                                                         "periods")]
    for key, attribute in rules:
        if key in used:
            continue
        free = [c for c in columns if c.target is None and not c.fixed and getattr(c.profile, attribute) >= 0.6]
        if free:
            best = max(free, key=lambda c: getattr(c.profile, attribute))
            share = getattr(best.profile, attribute)
            best.target, best.how, best.confidence = by_key[key], "isi kolom", round(share * 0.8, 2)
            best.reason = f"isinya ({round(share * 100)}% sel) cocok" + (" (tanpa judul kolom)" if everything else "")
            used.add(key)


def _name_evidence(table: SourceTable) -> tuple[str | None, bool, str]:
    """(classification, says public, where) from the file name, then the sheet name."""
    names = [(table.path.stem, f"nama berkas '{table.name}'")]
    if table.sheet and not re.fullmatch(r"(sheet|lembar)\s*\d*", table.sheet.strip(), re.I):
        names.append((table.sheet, f"nama sheet '{table.sheet}'"))
    public_words = vocabulary().raw.get("kata_dip", [])
    for text, where in names:
        found = classify_text(text)
        if found:
            return found, found != EXEMPT, where
        normalised = norm(text.replace("_", " ").replace("-", " "))
        if any(all(re.search(rf"\b{re.escape(norm(w))}\b", normalised) for w in words) for words in public_words):
            return None, True, where
    return None, False, ""


def name_says_public(table: SourceTable, mapping: Mapping | None) -> bool:
    if mapping is not None and mapping.klasifikasi:
        return mapping.klasifikasi != EXEMPT
    return _name_evidence(table)[1]


def file_classification(table: SourceTable, columns: list[ColumnMap],
                        mapping: Mapping | None) -> tuple[str | None, str, list[str]]:
    """The file's classification from the strongest evidence, and the contradictions reported.

    Strength: a mapping's ``klasifikasi`` > the file's or sheet's own name > DIK-only columns
    (legal basis with citations, Dibuka/Ditutup, exemption period). Weaker evidence that says
    otherwise is reported, never obeyed.
    """
    if mapping is not None and mapping.klasifikasi:
        return mapping.klasifikasi, mapping.origin(), []
    value, public, where = _name_evidence(table)
    dik_targets = set(vocabulary().raw.get("sasaran_dik", []))
    dik_columns = [c.header for c in columns if c.target is not None and c.target.kunci in dik_targets
                   and (c.target.kunci != "dasar_hukum" or c.profile.legal >= 0.3 or c.fixed)]
    warnings: list[str] = []
    if value == EXEMPT:
        return EXEMPT, where, warnings
    if public:
        for header in dik_columns:
            warnings.append(f"Kolom '{header}' biasanya milik daftar informasi yang dikecualikan, tetapi {where} "
                            f"menyebut daftar informasi publik{f' ({value})' if value else ''}: klasifikasi "
                            "mengikuti nama itu, bukan kolom ini; periksa bila keliru.")
        return value, where if value else "", warnings
    if dik_columns:
        return EXEMPT, f"kolom khas DIK '{dik_columns[0]}'", warnings
    return None, "", warnings
