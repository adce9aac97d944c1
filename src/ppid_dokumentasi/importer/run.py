"""The result of an import or a trial run (the use case itself is ``app/importing.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import SourcePlan
from .prepare import Prepared


@dataclass
class ImportResult:
    register: Path
    created: bool
    plans: list[SourcePlan]
    prepared: Prepared | None  # None for a trial run (--coba) without a register, or a proposal
    from_sheet: tuple[str, ...] = ()  # source files planned with the Pemetaan Impor sheet
    sheet_written: bool = False  # the proposed mapping was written to Pemetaan Impor
    proposed: bool = False  # the button wrote a proposal to check instead of importing
