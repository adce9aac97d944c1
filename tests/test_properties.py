"""Property tests (hypothesis): validation and the audit chain hold for any input."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ppid_dokumentasi.audit import Event, chain_events, verify_chain
from ppid_dokumentasi.layout import reference_lists
from ppid_dokumentasi.legal import all_citations, parse_citations
from ppid_dokumentasi.register import LABELS, parse_date
from ppid_dokumentasi.settings import Settings
from ppid_dokumentasi.validation import check_values, validate_rows

LISTS = {k: [str(v) for v in vs] for k, vs in reference_lists().items()}
TODAY = dt.date(2026, 11, 25)

# What a sheet reader can hand over for one cell.
cells = st.one_of(
    st.none(), st.just(""), st.text(max_size=30), st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-10, 10**6), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from([v for values in LISTS.values() for v in values]),
)
rows = st.lists(st.lists(cells, min_size=len(LABELS), max_size=len(LABELS)), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(rows)
def test_validation_never_crashes_and_every_problem_is_located(grid):
    numbered = [(5 + i, values) for i, values in enumerate(grid)]
    values, problems = check_values(list(LABELS), numbered, LISTS, Settings.defaults(), TODAY)
    assert len(values) == len(grid)
    for problem in problems:
        assert problem.sheet == "Register"
        assert problem.row in {r for r, _ in numbered}
        assert problem.column is None or problem.column in LABELS
        assert problem.message and problem.code
    # The bulk path and the model path agree.
    _, again = validate_rows(list(LABELS), numbered, LISTS, Settings.defaults(), TODAY)
    assert [(p.row, p.column, p.code) for p in again] == [(p.row, p.column, p.code) for p in problems]


@given(st.lists(st.sampled_from(all_citations()), min_size=1, max_size=3))
def test_every_canonical_citation_parses_back_to_itself(citations):
    text = "; ".join(citations)
    assert [str(c) for c in parse_citations(text)] == citations


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_date_text_forms_parse_to_the_same_day(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


events = st.builds(
    Event, id_informasi=st.text(min_size=1, max_size=12), dari_langkah=st.integers(1, 7),
    ke_langkah=st.integers(1, 7), aksi=st.sampled_from(["maju", "setujui", "kembalikan"]),
    peran=st.sampled_from(["Petugas", "PPID", "Arsip"]), nama=st.text(min_size=1, max_size=20),
    catatan=st.text(max_size=20), waktu=st.just(dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(events, min_size=1, max_size=6), st.data())
def test_changing_any_audit_cell_is_detected_at_its_row(chain_of, data):
    rows = chain_events([], chain_of)
    assert verify_chain(rows) == []
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.integers(1, 10))
    tampered = [list(r) for r in rows]
    tampered[index][column] = str(tampered[index][column]) + "x"
    problems = verify_chain(tampered)
    assert problems and problems[0].row == 2 + index  # Excel row of the changed event
