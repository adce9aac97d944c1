"""Import published DIP/DIK tables into the Register (``ppid impor``, macro ``impor``).

Three stages, each plain Python:

1. :func:`plan_source` reads one source (:mod:`sources`), maps its columns to import targets
   (guessed from ``data/impor.toml``, overridden by a mapping file), sorts its rows into records,
   group headings, spacers and repeated header rows, and turns each record into register values
   plus the lines of its ``Catatan Impor``. Nothing is written; a malformed source raises
   :class:`ImportSourceError` here, before any workbook is touched.
2. :func:`prepare` takes the plans and what the register already holds (a
   :class:`~ppid_dokumentasi.workbook.WorkbookData`): it drops records imported before (same fingerprint),
   issues new ``ID Informasi`` values (never one used in Register, Riwayat or Daftar Surat),
   validates the register as it will be, and returns the rows to append with their
   ``Hasil Validasi``, the audit events, and the problems.
3. ``app.importing`` does 1-2 in a workbook session, the same for ``ppid impor`` (a file, or a
   new controlled workbook) and the ⇩ Impor button (the open book).

Nothing is lost: each source cell's text is written unchanged to its register column or, when
the importer normalises it or it maps nowhere, into ``Catatan Impor`` together with the file and
row it came from. A value that cannot be read with certainty is left empty with a note there.

Modules: :mod:`.vocabulary` (data/impor.toml), :mod:`.mapping` (``--pemetaan``), :mod:`.model`
(plan dataclasses), :mod:`.recognise` (columns and file classification), :mod:`.plan` (rows into
records), :mod:`.interpret` (one row into values and notes), :mod:`.basis` (legal basis),
:mod:`.prepare` (against a register), :mod:`.run` (the result), :mod:`.report` (texts).
"""

from .interpret import fingerprint
from .mapping import Mapping
from .model import ColumnMap, Finding, Record, Skipped, SourcePlan
from .plan import plan_source, plan_sources
from .prepare import Duplicate, NewItem, Prepared, existing_fingerprints, id_allocator, prepare, used_ids
from .recognise import map_columns
from .report import group_problems, import_report, plan_lines, trial_text
from .run import ImportResult
from .vocabulary import EXEMPT, FIRST_STEP, START_STATUS, Target, Vocabulary, classify_text, norm, vocabulary

__all__ = [
    "EXEMPT", "FIRST_STEP", "START_STATUS", "ColumnMap", "Duplicate", "Finding", "ImportResult", "Mapping",
    "NewItem", "Prepared", "Record", "Skipped", "SourcePlan", "Target", "Vocabulary", "classify_text",
    "existing_fingerprints", "fingerprint", "group_problems", "id_allocator", "import_report", "map_columns",
    "norm", "plan_lines", "plan_source", "plan_sources", "prepare", "trial_text", "used_ids", "vocabulary",
]
