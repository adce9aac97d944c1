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
    if any(g.startswith("Pasal 17 huruf j") for g in result.grounds):
        _huruf_j(result.laws, values, body)
    for finding in result.findings:
        body.append(f"Peraturan: {finding.message}")
        findings.append(Finding("Dasar Pengecualian", finding.code, finding.message))


def statute_name(law: str) -> str | None:
    """'UU 43/2009' -> 'Undang-Undang Nomor 43 Tahun 2009' (also Perppu); None for lower regulations."""
    kind, _, rest = law.partition(" ")
    number, _, year = rest.partition("/")
    if kind == "UU" and number and year:
        return f"Undang-Undang Nomor {number} Tahun {year}"
    if kind == "Perppu" and number and year:
        return f"Perppu Nomor {number} Tahun {year}"
    return None


def _huruf_j(laws: list[str], values: dict, body: list[str]) -> None:
    """Huruf j needs another Undang-Undang: propose one the source names; a PP/Perpres is not one."""
    others = [law for law in laws if law != "UU 14/2008" and not law.startswith("UUD")]
    statutes = [name for law in others if (name := statute_name(law))]
    lower = [law for law in others if statute_name(law) is None]
    if len(statutes) == 1:
        values["uu_lain"] = statutes[0]
        body.append(f"Huruf j: Undang-Undang Lain diisi '{statutes[0]}' (disebut sumber)")
    elif statutes:
        body.append(f"Huruf j: sumber menyebut beberapa undang-undang ({'; '.join(statutes)}); pilih satu untuk "
                    "kolom 'Undang-Undang Lain' [PERIKSA]")
    if lower:
        body.append(f"Huruf j: {', '.join(lower)} bukan undang-undang; huruf j memerlukan Undang-Undang atau Perppu "
                    "(UU 14/2008 Pasal 17 huruf j) [PERIKSA]")
