"""A validation problem: where it is (sheet, Excel row, column label), what (code), and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    sheet: str | None
    row: int | None  # Excel row number (1-based), None for file-level problems
    column: str | None  # header label, None for file- or row-level problems
    code: str  # stable, machine-readable
    message: str  # Indonesian, shown to the user
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def location(self) -> str:
        """Indonesian location text, e.g. "Register baris 7, kolom 'Dasar Pengecualian'"."""
        parts = [self.sheet or "Berkas"]
        if self.row is not None:
            parts.append(f"baris {self.row}")
        text = " ".join(parts)
        if self.column:
            text += f", kolom '{self.column}'"
        return text
