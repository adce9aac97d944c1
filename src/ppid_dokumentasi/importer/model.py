"""The plan of one source: its columns, its records, what was skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..sources import SourceTable
from .vocabulary import Target


@dataclass
class ColumnMap:
    index: int
    header: str
    target: Target | None
    how: str  # "tebakan" | "pemetaan" | "isi kolom" | "tidak dipetakan" | "ganda"
    confidence: float = 0.0  # 0..1: how sure the recognition is (1 for an explicit mapping)
    reason: str = ""  # Indonesian: the evidence ("judul kolom dan isi (90% cocok)")
    note: str = ""  # Indonesian: evidence that was not obeyed
    fixed: bool = False  # set by an explicit mapping
    profile: Any = None  # recognise.Profile: the content evidence

    @property
    def label(self) -> str:
        """The header as shown to the officer (a column without a header is 'Kolom N')."""
        return self.header.strip() or f"Kolom {self.index + 1}"


@dataclass
class Skipped:
    row: int
    kind: str  # "judul bagian" | "baris kosong" | "judul kolom berulang" | "judul tabel" | "duplikat"
    text: str = ""


@dataclass
class Finding:
    label: str | None  # Register column it concerns
    code: str
    message: str


@dataclass
class Record:
    source: str  # file name
    row: int  # row number in the source
    values: dict[str, Any]  # Register key -> value
    notes: list[str]  # lines of Catatan Impor (origin first, fingerprint last)
    findings: list[Finding]
    fingerprint: str

    @property
    def title(self) -> str:
        return str(self.values.get("judul") or self.values.get("ringkasan") or "")


@dataclass
class SourcePlan:
    table: SourceTable
    columns: list[ColumnMap]
    records: list[Record]
    skipped: list[Skipped]
    classification: str | None  # file-level classification, when recognised
    classification_reason: str = ""
    warnings: list[str] = field(default_factory=list)
