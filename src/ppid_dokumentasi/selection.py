"""Which Register rows an action works on: the rows marked in ``Pilih``, else the selected rows.

One rule for every runtime (desktop Excel, xlwings Lite/Server, the CLI's ``--pilihan``): an
officer marks rows in the ``Pilih`` column (any mark: ``✓``, ``x``, ``1``…; empty, ``0``,
``tidak`` or ``FALSE`` is no mark). When rows are marked, the action takes exactly those rows,
wherever the selection is (in Office.js a click on a sheet button moves the selection to the
button cell). When nothing is marked, a runtime that keeps the selection (desktop Excel) uses the
selected data rows. Marks are cleared after the action succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from .errors import PpidError
from .register import REGISTER_SHEET, cell_text

MARK_LABEL = "Pilih"
# The code of the refusal when nothing is marked and the selection holds no Register data row (in
# Office.js a click on a sheet button puts the selection on the button cell): an action that has a
# whole-register default (Arsipkan: a snapshot of the whole register, as the CLI without --id) takes
# it; the others refuse with the message.
NO_DATA_ROW_SELECTED = "pilihan-bukan-baris-data"
_NO_MARK = {"", "0", "tidak", "false", "no", "-"}


def is_marked(value: Any) -> bool:
    if value is False:
        return False
    return cell_text(value).casefold() not in _NO_MARK


def marked_rows(labels: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]]) -> list[int]:
    """Excel rows whose ``Pilih`` cell holds a mark (raw cells in header order)."""
    if MARK_LABEL not in labels:
        return []
    index = list(labels).index(MARK_LABEL)
    return [r for r, cells in rows if index < len(cells) and is_marked(cells[index])]


@dataclass(frozen=True)
class Target:
    rows: list[int]
    marked: bool  # True: the rows came from Pilih marks (clear them after success)


def target_rows(labels: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]],
                selected: Callable[[], list[int]] | None) -> Target:
    """The rows to act on: the marked rows, else ``selected()`` (a runtime with a selection);
    refuses in Indonesian when there is neither."""
    marked = marked_rows(labels, rows)
    if marked:
        return Target(marked, True)
    if selected is None:
        raise PpidError(f"Tidak ada baris yang ditandai di kolom '{MARK_LABEL}' sheet {REGISTER_SHEET}: "
                        "tandai baris (✓ atau x) lalu ulangi.", sheet=REGISTER_SHEET, column=MARK_LABEL,
                        code="pilih-kosong")
    return Target(selected(), False)

