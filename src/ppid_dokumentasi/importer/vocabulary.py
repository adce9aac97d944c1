"""What the importer recognises, read from ``data/impor.toml``: import targets, classification words,
and the small text helpers every stage shares (:func:`norm`, :func:`blank`, :func:`single`, :func:`short`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..datafiles import packaged
from ..errors import DataFileError
from ..register import COLUMN_BY_LABEL, COLUMNS, Kind


EXEMPT = "Dikecualikan"
FIRST_STEP = 1
START_STATUS = "Dalam Proses"
FINGERPRINT = re.compile(r"Sidik impor: ([0-9a-f]{16})")
# Register columns an import never fills from a source (the tool owns them).
PROTECTED_LABELS = ("ID Informasi", "Langkah", "Status", "Catatan Impor", "Hasil Validasi")


def norm(text: str) -> str:
    """The matching form of a label or value: NFKC, case folded, only letters/digits/':' and spaces."""
    text = unicodedata.normalize("NFKC", text or "").replace("\u00a0", " ").casefold()
    text = re.sub(r"[^\w:]+|_", " ", text)
    text = re.sub(r"\s*:\s*", ": ", text)
    return " ".join(text.split()).strip(": ")


@dataclass(frozen=True)
class Target:
    kunci: str
    nama: str
    jenis: str = "teks"  # teks | nomor | dasar | tempat_waktu | tanggal | tanda_format | bentuk | retensi |
    #                      jangka_waktu | klasifikasi | akibat
    kolom: str | None = None  # Register label filled directly
    label: tuple[str, ...] = ()
    kata: tuple[tuple[str, ...], ...] = ()
    bentuk: str = ""

    @property
    def key(self) -> str:
        """The RegisterRow field this target fills."""
        return COLUMN_BY_LABEL[self.kolom].key if self.kolom else self.kunci

    def matches(self, header: str) -> bool:
        if header in self.label:
            return True
        return any(all(word in header for word in words) for words in self.kata)


@dataclass(frozen=True)
class Vocabulary:
    targets: tuple[Target, ...]
    raw: dict

    def target(self, name: str) -> Target | None:
        """A target by key, display name, or Register label (any text/date column not owned by the tool)."""
        wanted = norm(name)
        for target in self.targets:
            if wanted in (norm(target.kunci), norm(target.nama)):
                return target
        for column in COLUMNS:
            if norm(column.label) == wanted and column.label not in PROTECTED_LABELS:
                if column.kind is Kind.TEXT:
                    return Target(column.key, column.label, "teks", column.label)
                if column.kind is Kind.DATE:
                    return Target(column.key, column.label, "tanggal", column.label)
        return None

    def choices(self) -> list[str]:
        names = [t.nama for t in self.targets]
        names += [c.label for c in COLUMNS if c.kind in (Kind.TEXT, Kind.DATE) and c.label not in PROTECTED_LABELS
                  and c.label not in names]
        return names


@cache
def vocabulary() -> Vocabulary:
    raw = packaged("impor.toml")
    targets = []
    for entry in raw["sasaran"]:
        kolom = entry.get("kolom")
        if kolom is not None and kolom not in COLUMN_BY_LABEL:
            raise DataFileError(f"impor.toml: sasaran '{entry['kunci']}' menunjuk kolom '{kolom}' yang tidak ada.")
        targets.append(Target(
            entry["kunci"], entry["nama"], entry.get("jenis", "teks"), kolom,
            tuple(norm(x) for x in entry.get("label", [])),
            tuple(tuple(norm(w) for w in words) for words in entry.get("kata", [])),
            entry.get("bentuk", ""),
        ))
    return Vocabulary(tuple(targets), raw)



def _word_match(text: str, words_sets: list[list[str]]) -> bool:
    return any(all(re.search(rf"\b{re.escape(norm(w))}\b", text) for w in words) for words in words_sets)


def classify_text(text: str) -> str | None:
    """The classification named by a file name or heading (impor.toml [[klasifikasi]]), or None."""
    normalised = norm(text.replace("_", " ").replace("-", " "))
    for entry in vocabulary().raw.get("klasifikasi", []):
        if _word_match(normalised, entry["kata"]):
            return entry["nilai"]
    return None



def blank(text: str) -> bool:
    return not text.replace("\u00a0", " ").strip()


def single(text: str) -> str:
    """A multi-line cell whose lines all say the same thing, as one line (else the text as is)."""
    lines = {" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()} - {""}
    return lines.pop() if len(lines) == 1 else text




def short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.replace("\u00a0", " ").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def class_value(text: str) -> str | None:
    """The classification a Klasifikasi cell states ("Berkala", "Informasi Serta Merta", "DIK"), or None."""
    value = norm(single(text))
    found = vocabulary().raw.get("nilai_klasifikasi", {}).get(value)
    if found is None and 0 < len(value.split()) <= 5:
        found = classify_text(value)
    return found
