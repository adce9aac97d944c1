"""The legal basis of a source cell: Pasal 17 grounds (via :mod:`..citations`) and regulation findings."""

from __future__ import annotations

from ..citations import EMPTY, normalise_basis
from .model import Finding


def read_basis(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    result = normalise_basis(text)
    if result.status == EMPTY:
        return
    line = f"{header} (asli): {text}\n  -> "
    if result.canonical:
        values["dasar_pengecualian"] = result.canonical
        line += f"Dasar Pengecualian: {result.canonical}"
    else:
        line += "Dasar Pengecualian dikosongkan [PERIKSA]"
        findings.append(Finding("Dasar Pengecualian", "impor-dasar-ambigu",
                                f"Dasar hukum sumber tidak dapat dibaca sebagai Pasal 17 UU 14/2008 ("
                                f"{'; '.join(result.notes)}); tentukan dasarnya dari uji konsekuensi."))
    if result.notes:
        line += " (" + "; ".join(result.notes) + ")"
    body.append(line)
    others = [law for law in result.laws if law != "UU 14/2008"]
    if any(g.startswith("Pasal 17 huruf j") for g in result.grounds) and others:
        body.append(f"Huruf j: isi kolom 'Undang-Undang Lain' (sumber menyebut: {', '.join(others)})")
    for finding in result.findings:
        body.append(f"Peraturan: {finding.message}")
        findings.append(Finding("Dasar Pengecualian", finding.code, finding.message))
