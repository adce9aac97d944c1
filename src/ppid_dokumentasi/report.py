"""Batch validation reports: readable Indonesian text, or the contract's JSON."""

from __future__ import annotations

import json

from .batch import FileReport


def to_json(reports: list[FileReport]) -> str:
    return json.dumps({"files": [r.to_json() for r in reports]}, ensure_ascii=False, indent=2)


def to_text(reports: list[FileReport]) -> str:
    lines: list[str] = []
    for report in reports:
        errors = sum(p.is_error for p in report.problems)
        warnings = len(report.problems) - errors
        if not report.readable:
            status = "TIDAK DAPAT DIBACA"
        elif report.valid:
            status = "VALID"
        else:
            status = "TIDAK VALID"
        lines.append(f"{report.path}: {status} ({report.rows} baris, {errors} galat, {warnings} peringatan)")
        for p in report.problems:
            kind = "galat" if p.is_error else "peringatan"
            lines.append(f"  - {p.location()}: [{kind} {p.code}] {p.message}")
    valid = sum(r.valid for r in reports)
    lines.append(f"Ringkasan: {valid} dari {len(reports)} berkas valid.")
    return "\n".join(lines)
