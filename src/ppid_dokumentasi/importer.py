"""Import published DIP/DIK tables into the Register (``ppid impor``, macro ``impor``).

Three stages, each plain Python:

1. :func:`plan_source` reads one source (:mod:`sources`), maps its columns to import targets
   (guessed from ``data/impor.toml``, overridden by a mapping file), sorts its rows into records,
   group headings, spacers and repeated header rows, and turns each record into register values
   plus the lines of its ``Catatan Impor``. Nothing is written; a malformed source raises
   :class:`ImportSourceError` here, before any workbook is touched.
2. :func:`prepare` takes the plans and what the register already holds (a
   :class:`~.adapters.grids.WorkbookData`): it drops records imported before (same fingerprint),
   issues new ``ID Informasi`` values (never one used in Register, Riwayat or Daftar Surat),
   validates the register as it will be, and returns the rows to append with their
   ``Hasil Validasi``, the audit events, and the problems.
3. :func:`import_into_register` does 1-2 against a workbook file with the openpyxl editor (lock,
   one atomic save) or builds a new controlled workbook; the macro does the same through xlwings.

Nothing is lost: each source cell's text is written unchanged to its register column or, when
the importer normalises it or it maps nowhere, into ``Catatan Impor`` together with the file and
row it came from. A value that cannot be read with certainty is left empty with a note there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from .citations import EMPTY, normalise_basis
from .datafiles import packaged, read_toml
from .errors import DataFileError, ImportSourceError, NotARegisterError
from .problems import Problem, Severity
from .register import COLUMN_BY_LABEL, COLUMNS, REGISTER_SHEET, Kind, cell_text, parse_date
from .sources import SourceTable, read_source

EXEMPT = "Dikecualikan"
FIRST_STEP = 1
START_STATUS = "Dalam Proses"
FINGERPRINT = re.compile(r"Sidik impor: ([0-9a-f]{16})")
# Register columns an import never fills from a source (the tool owns them).
PROTECTED_LABELS = ("ID Informasi", "Langkah", "Status", "Catatan Impor", "Hasil Validasi")


# -- Vocabulary (data/impor.toml) --------------------------------------------------------------
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


# -- Mapping file (--pemetaan) -----------------------------------------------------------------
@dataclass
class Mapping:
    """An explicit mapping: ``[kolom] "Judul sumber" = "Sasaran"`` ("" = keep in Catatan Impor)."""

    columns: dict[str, str] = field(default_factory=dict)  # normalised source header -> target name
    klasifikasi: str | None = None
    lembar: str | None = None
    baris_judul: int | None = None
    path: Path | None = None

    @classmethod
    def load(cls, path: str | Path) -> "Mapping":
        path = Path(path)
        if not path.exists():
            raise ImportSourceError(f"Berkas pemetaan '{path}' tidak ditemukan.")
        try:
            data = read_toml(path)
        except DataFileError as exc:
            raise ImportSourceError(f"Berkas pemetaan '{path.name}' bukan TOML yang sah: {exc.message}") from exc
        vocab = vocabulary()
        known = {"kolom", "klasifikasi", "lembar", "baris_judul"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ImportSourceError(f"Berkas pemetaan '{path.name}': kunci tidak dikenal: {', '.join(unknown)} "
                                    f"(yang dikenal: {', '.join(sorted(known))}).")
        columns = {}
        for header, target in (data.get("kolom") or {}).items():
            if not isinstance(target, str) or (target and vocab.target(target) is None):
                raise ImportSourceError(
                    f"Berkas pemetaan '{path.name}': sasaran '{target}' untuk kolom '{header}' tidak dikenal. "
                    f"Pilihan: {', '.join(vocab.choices())}, atau \"\" (simpan di Catatan Impor).")
            columns[norm(header)] = target
        klasifikasi = data.get("klasifikasi")
        lists = packaged("referensi.toml")["daftar"]["Klasifikasi"]
        if klasifikasi is not None and klasifikasi not in lists:
            raise ImportSourceError(f"Berkas pemetaan '{path.name}': klasifikasi '{klasifikasi}' tidak dikenal "
                                    f"(pilihan: {', '.join(lists)}).")
        baris = data.get("baris_judul")
        if baris is not None and (not isinstance(baris, int) or baris < 1):
            raise ImportSourceError(f"Berkas pemetaan '{path.name}': baris_judul harus bilangan bulat 1 atau lebih.")
        return cls(columns, klasifikasi, data.get("lembar"), baris, path)


# -- Plans -------------------------------------------------------------------------------------
@dataclass
class ColumnMap:
    index: int
    header: str
    target: Target | None
    how: str  # "tebakan" | "pemetaan" | "isi kolom" | "tidak dipetakan" | "ganda"


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


def plan_sources(paths: Iterable[str | Path], mapping: Mapping | None = None) -> list[SourcePlan]:
    """Read and plan every source; the first malformed one raises (nothing is written)."""
    plans = [plan_source(p, mapping) for p in paths]
    if not plans:
        raise ImportSourceError("Tidak ada berkas sumber untuk diimpor.")
    return plans


def plan_source(path: str | Path, mapping: Mapping | None = None) -> SourcePlan:
    vocab = vocabulary()
    table = read_source(path, sheet=mapping.lembar if mapping else None,
                        header_row=mapping.baris_judul if mapping else None,
                        header_search=int(vocab.raw.get("baris_judul_maks", 20)))
    columns = map_columns(table, mapping)
    classification, reason = _file_classification(table, columns, mapping)
    plan = SourcePlan(table, columns, [], [], classification, reason)
    if mapping is not None:
        present = {norm(h) for h in table.header}
        for header in mapping.columns:
            if header not in present:
                plan.warnings.append(f"Pemetaan menyebut kolom '{header}' yang tidak ada di '{table.name}'.")
    for number, cells in table.skipped_above or []:
        plan.skipped.append(Skipped(number, "judul tabel", " ".join(c for c in cells if c.strip())))
    _plan_rows(plan)
    return plan


def map_columns(table: SourceTable, mapping: Mapping | None = None) -> list[ColumnMap]:
    vocab = vocabulary()
    used: set[str] = set()
    result: list[ColumnMap] = []
    for index, header in enumerate(table.header):
        key = norm(header)
        if mapping is not None and key in mapping.columns:
            name = mapping.columns[key]
            target = vocab.target(name) if name else None
            if target is not None and target.kunci in used:
                raise ImportSourceError(f"Berkas pemetaan '{mapping.path.name if mapping.path else ''}': sasaran "
                                        f"'{target.nama}' dipakai lebih dari satu kolom di '{table.name}'.")
            if target is not None:
                used.add(target.kunci)
            result.append(ColumnMap(index, header, target, "pemetaan" if target else "tidak dipetakan"))
            continue
        result.append(ColumnMap(index, header, None, "tidak dipetakan"))
    for column in result:
        if column.how != "tidak dipetakan" or (mapping and norm(column.header) in mapping.columns):
            continue
        key = norm(column.header)
        exact = vocab.target(column.header) if key in {norm(c.label) for c in COLUMNS} else None
        candidates = ([exact] if exact else []) + [t for t in vocab.targets if t.matches(key)]
        for target in candidates:
            if target.kunci in used:
                column.how = "ganda"
                continue
            column.target, column.how = target, "tebakan"
            used.add(target.kunci)
            break
    _sniff_legal_basis(table, result, used)
    return result


def _sniff_legal_basis(table: SourceTable, columns: list[ColumnMap], used: set[str]) -> None:
    """A DIP-template column full of legal citations holds the legal basis (Bakamla's DIK)."""
    if "dasar_hukum" in used:
        return
    raw = vocabulary().raw
    patterns = [re.compile(p) for p in raw.get("pola_rujukan_hukum", [])]
    threshold = float(raw.get("dasar_tersamar_ambang", 0.6))
    for column in columns:
        if column.how != "tebakan" or column.target is None or column.target.kolom is None:
            continue
        if column.target.kunci in ("judul", "ringkasan"):
            continue
        texts = [norm(cells[column.index]) for _, cells in table.rows if cells[column.index].strip()]
        if not texts:
            continue
        legal = sum(1 for t in texts if any(p.search(t) for p in patterns))
        if legal / len(texts) >= threshold:
            used.discard(column.target.kunci)
            column.target = next(t for t in vocabulary().targets if t.kunci == "dasar_hukum")
            column.how = "isi kolom"
            used.add("dasar_hukum")
            return


def _word_match(text: str, words_sets: list[list[str]]) -> bool:
    return any(all(re.search(rf"\b{re.escape(norm(w))}\b", text) for w in words) for words in words_sets)


def classify_text(text: str) -> str | None:
    """The classification named by a file name or heading (impor.toml [[klasifikasi]]), or None."""
    normalised = norm(text.replace("_", " ").replace("-", " "))
    for entry in vocabulary().raw.get("klasifikasi", []):
        if _word_match(normalised, entry["kata"]):
            return entry["nilai"]
    return None


def _file_classification(table: SourceTable, columns: list[ColumnMap],
                         mapping: Mapping | None) -> tuple[str | None, str]:
    if mapping is not None and mapping.klasifikasi:
        return mapping.klasifikasi, f"berkas pemetaan '{mapping.path.name if mapping.path else ''}'"
    by_name = classify_text(table.path.stem)
    if by_name == EXEMPT:
        return EXEMPT, f"nama berkas '{table.name}'"
    dik_targets = set(vocabulary().raw.get("sasaran_dik", []))
    dik_columns = [c.header for c in columns if c.target is not None and c.target.kunci in dik_targets]
    if dik_columns:
        return EXEMPT, f"kolom khas DIK '{dik_columns[0]}'"
    if by_name:
        return by_name, f"nama berkas '{table.name}'"
    return None, ""


def _heading_level(text: str) -> int:
    for entry in vocabulary().raw.get("judul_bagian", []):
        if re.search(entry["pola"], text):
            return int(entry["tingkat"])
    return 1


def _blank(text: str) -> bool:
    return not text.replace("\u00a0", " ").strip()


def _plan_rows(plan: SourcePlan) -> None:
    table = plan.table
    width = len(table.header)
    min_width = int(vocabulary().raw.get("kolom_minimum_judul_bagian", 4))
    header_norm = [norm(h) for h in table.header]
    sections: list[tuple[int, str]] = []
    pending_heading: Skipped | None = None
    for number, cells in table.rows:
        if all(_blank(c) for c in cells):
            plan.skipped.append(Skipped(number, "baris kosong"))
            continue
        if [norm(c) for c in cells] == header_norm:
            plan.skipped.append(Skipped(number, "judul kolom berulang"))
            continue
        filled = [i for i, c in enumerate(cells) if not _blank(c)]
        if width >= min_width and len(filled) <= 2 and max(filled) <= 1:
            text = " ".join(cells[i].strip() for i in filled)
            level = _heading_level(cells[filled[0]])
            sections = [(lv, t) for lv, t in sections if lv < level] + [(level, text)]
            pending_heading = Skipped(number, "judul bagian", text)
            plan.skipped.append(pending_heading)
            continue
        pending_heading = None
        plan.records.append(_record(plan, number, cells, [t for _, t in sections]))
    if pending_heading is not None:
        plan.warnings.append(f"Baris {pending_heading.row} ('{pending_heading.text}') dianggap judul bagian tetapi "
                             "tidak diikuti item; periksa apakah sebenarnya item yang belum lengkap.")


# -- One record --------------------------------------------------------------------------------
def _single(text: str) -> str:
    """A multi-line cell whose lines all say the same thing, as one line (else the text as is)."""
    lines = {" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()} - {""}
    return lines.pop() if len(lines) == 1 else text


def fingerprint(section: list[str], cells: list[str]) -> str:
    payload = json.dumps([[norm(s) for s in section], [" ".join(c.split()) for c in cells]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _record(plan: SourcePlan, number: int, cells: list[str], section: list[str]) -> Record:
    raw = vocabulary().raw
    table = plan.table
    values: dict[str, Any] = {}
    notes: list[str] = []
    findings: list[Finding] = []
    origin = f"Asal: {table.name}" + (f" (sheet '{table.sheet}')" if table.sheet else "") + f", baris {number}"
    marks: dict[str, list[tuple[str, str, str]]] = {"hard": [], "soft": []}
    mark_cells: list[tuple[str, str]] = []
    body: list[str] = []
    for column in plan.columns:
        text = cells[column.index]
        if _blank(text):
            continue
        header = column.header.strip() or f"Kolom {column.index + 1}"
        target = column.target
        if target is None:
            body.append(f"Tidak dipetakan - {header}: {text}")
            continue
        kind = target.jenis
        if kind == "nomor":
            origin += f", {header} {text}"
        elif kind == "teks":
            if target.key in values:
                values[target.key] += "\n" + text
            else:
                values[target.key] = text
        elif kind == "akibat":
            patterns = raw.get("akibat_bukan_akibat", [])
            if any(re.search(p, norm(text)) for p in patterns):
                body.append(f"{header} (asli): {text}\n  -> tidak diisikan ke 'Konsekuensi Jika Dibuka': isinya syarat "
                            "pembukaan, bukan akibat bila dibuka [PERIKSA]")
                findings.append(Finding("Konsekuensi Jika Dibuka", "impor-akibat-bukan-akibat",
                                        f"Kolom sumber '{header}' berisi syarat pembukaan ('{_short(text)}'), bukan akibat "
                                        "bila informasi dibuka; tulis konsekuensinya dari uji konsekuensi."))
            else:
                values[target.key] = text
        elif kind == "dasar":
            _basis(header, text, values, body, findings)
        elif kind == "tempat_waktu":
            _place_time(header, text, values, body, findings)
        elif kind == "tanggal":
            _date(header, text, target, values, body, findings)
        elif kind == "tanda_format":
            mark_cells.append((header, text))
            marks[target.bentuk or "soft"].append((header, text, target.nama))
        elif kind == "bentuk":
            _form_text(header, text, values, body, findings)
        elif kind == "retensi":
            _retention(header, text, values, body, findings)
        elif kind == "jangka_waktu":
            _period(header, text, values, body, findings)
        elif kind == "klasifikasi":
            found = vocabulary().raw.get("nilai_klasifikasi", {}).get(norm(_single(text)))
            if found:
                values["klasifikasi"] = found
                body.append(f"{header} (asli): {text} -> Klasifikasi: {found}")
            else:
                body.append(f"{header} (asli): {text} -> tidak dikenali sebagai klasifikasi [PERIKSA]")
        else:  # pragma: no cover - guarded by impor.toml loading
            body.append(f"{header}: {text}")
    if mark_cells:
        _form_marks(mark_cells, marks, values, body, findings)
    if not values.get("judul") and values.get("ringkasan"):
        values["judul"] = values["ringkasan"]
        body.append("Judul Informasi disalin dari Ringkasan Isi Informasi (sumber tidak memiliki kolom judul); "
                    "persingkat bila perlu")
    _classify(plan, section, values, body, findings)
    values.setdefault("langkah", FIRST_STEP)
    values.setdefault("status", START_STATUS)
    print_fp = fingerprint(section, cells)
    notes = [origin] + ([f"Bagian: {' > '.join(section)}"] if section else []) + body + [f"Sidik impor: {print_fp}"]
    return Record(table.name, number, values, notes, findings, print_fp)


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.replace("\u00a0", " ").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _basis(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
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


def _place_time(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    one = _single(text)
    place, _, when = one.rpartition(",")
    if not place:
        place, when = "", one
    line = f"{header} (asli): {text}\n  -> "
    parts = []
    if place.strip():
        values["tempat_pembuatan"] = place.strip()
        parts.append(f"Tempat Pembuatan: {place.strip()}")
    parsed = _try_date(when)
    if parsed is not None:
        values["waktu_pembuatan"] = parsed
        parts.append(f"Waktu Pembuatan: {parsed.isoformat()}")
    else:
        parts.append(f"Waktu Pembuatan dikosongkan: '{when.strip()}' bukan tanggal lengkap [PERIKSA]")
        findings.append(Finding("Waktu Pembuatan", "impor-waktu",
                                f"Sumber hanya menyebut '{_short(when.strip())}' sebagai waktu pembuatan; isi tanggalnya."))
    body.append(line + "; ".join(parts))


def _try_date(text: str) -> dt.date | None:
    try:
        return parse_date(" ".join(text.replace("\u00a0", " ").split()))
    except ValueError:
        return None


def _date(header: str, text: str, target: Target, values: dict, body: list[str], findings: list[Finding]) -> None:
    parsed = _try_date(_single(text))
    label = target.kolom or target.nama
    if parsed is not None:
        values[target.key] = parsed
        body.append(f"{header} (asli): {text} -> {label}: {parsed.isoformat()}")
        return
    body.append(f"{header} (asli): {text}\n  -> {label} dikosongkan: bukan tanggal lengkap [PERIKSA]")
    findings.append(Finding(label, "impor-waktu", f"Sumber menulis '{_short(text)}' untuk '{label}', bukan tanggal "
                            "lengkap; isi tanggalnya."))


def _form_from_words(text: str) -> str | None:
    words = set(norm(text).split())
    table = vocabulary().raw.get("bentuk", {})
    hard = bool(words & set(table.get("hard", [])))
    soft = bool(words & set(table.get("soft", [])))
    if hard and soft:
        return "Softfile dan Hardcopy"
    return "Hardcopy" if hard else "Softfile" if soft else None


def _form_text(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    form = _form_from_words(text)
    if form:
        values["bentuk"] = form
        body.append(f"{header} (asli): {text} -> Bentuk Informasi: {form}")
    else:
        body.append(f"{header} (asli): {text} -> Bentuk Informasi tidak dikenali [PERIKSA]")
        findings.append(Finding("Bentuk Informasi", "impor-bentuk", f"Bentuk '{_short(text)}' tidak dikenali; pilih "
                                "Softfile, Hardcopy atau Softfile dan Hardcopy."))


def _mark(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def _form_marks(cells: list[tuple[str, str]], marks: dict, values: dict, body: list[str],
                findings: list[Finding]) -> None:
    raw = vocabulary().raw
    yes = {_mark(x) for x in raw.get("tanda_ada", [])}
    no = {_mark(x) for x in raw.get("tanda_tidak", [])}
    unknown = [f"{h}: {t}" for h, t in cells if _mark(t) not in yes | no]
    hard = any(_mark(t) in yes for _, t, _ in marks["hard"])
    soft = any(_mark(t) in yes for _, t, _ in marks["soft"])
    original = "; ".join(f"{h} = {t}" for h, t in cells)
    if unknown:
        body.append(f"Format (asli): {original}\n  -> Bentuk Informasi tidak diisi: tanda tidak dikenali [PERIKSA]")
        findings.append(Finding("Bentuk Informasi", "impor-bentuk", "Tanda format tidak dikenali ("
                                + "; ".join(unknown) + "); pilih Bentuk Informasi."))
        return
    form = "Softfile dan Hardcopy" if hard and soft else "Hardcopy" if hard else "Softfile" if soft else None
    if form and "bentuk" not in values:
        values["bentuk"] = form
    body.append(f"Format (asli): {original} -> Bentuk Informasi: {form or '-'}")


def _retention(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    value = norm(_single(text))
    for entry in vocabulary().raw.get("retensi", []):
        match = re.search(entry["pola"], value)
        if not match:
            continue
        if "ambigu" in entry:
            body.append(f"{header} (asli): {text}\n  -> retensi dikosongkan: {entry['ambigu']} [PERIKSA]")
            findings.append(Finding("Retensi Aktif (Tahun)", "impor-retensi",
                                    f"Retensi sumber '{_short(text)}': {entry['ambigu']}."))
            return
        parts = []
        if entry.get("aktif") == "angka":
            values["retensi_aktif"] = int(match.group(1))
            parts.append(f"Retensi Aktif (Tahun): {match.group(1)}")
        if entry.get("keterangan"):
            values["keterangan_retensi"] = entry["keterangan"]
            parts.append(f"Keterangan Retensi: {entry['keterangan']}")
        body.append(f"{header} (asli): {text} -> {'; '.join(parts)} ({entry.get('catatan', '')})")
        return
    body.append(f"{header} (asli): {text}\n  -> retensi tidak dikenali, dikosongkan [PERIKSA]")
    findings.append(Finding("Retensi Aktif (Tahun)", "impor-retensi",
                            f"Retensi sumber '{_short(text)}' tidak dikenali; isi menurut JRA."))


def _period(header: str, text: str, values: dict, body: list[str], findings: list[Finding]) -> None:
    parsed = _try_date(_single(text))
    if parsed is not None:
        values["berakhir"] = parsed
        body.append(f"{header} (asli): {text} -> Pengecualian Berakhir: {parsed.isoformat()}")
        return
    value = norm(_single(text))
    note = "tidak dikenali"
    for entry in vocabulary().raw.get("jangka_waktu", []):
        if re.search(entry["pola"], value):
            note = entry["catatan"]
            break
    body.append(f"{header} (asli): {text}\n  -> Pengecualian Berakhir dikosongkan: {note} [PERIKSA]")
    findings.append(Finding("Pengecualian Berakhir", "impor-jangka-waktu",
                            f"Jangka waktu sumber '{_short(text)}': {note}."))


def _classify(plan: SourcePlan, section: list[str], values: dict, body: list[str], findings: list[Finding]) -> None:
    if values.get("klasifikasi"):
        return
    value, reason = plan.classification, plan.classification_reason
    if value != EXEMPT:
        for heading in reversed(section):
            found = classify_text(heading)
            if found:
                value, reason = found, f"bagian '{heading}'"
                break
    if value:
        values["klasifikasi"] = value
        body.append(f"Klasifikasi: {value} (dari {reason})")
    else:
        body.append("Klasifikasi dikosongkan: tidak dapat ditentukan dari nama berkas atau judul bagian [PERIKSA]")
        findings.append(Finding("Klasifikasi", "impor-klasifikasi",
                                "Klasifikasi tidak dapat ditentukan dari berkas atau bagiannya; pilih Berkala, Serta "
                                "Merta atau Setiap Saat (UU 14/2008 Pasal 9-11) atau Dikecualikan."))


# -- Against a register ------------------------------------------------------------------------
@dataclass
class NewItem:
    record: Record
    id_informasi: str
    excel_row: int
    cells: dict[str, Any]  # by Register label, as written


@dataclass
class Duplicate:
    record: Record
    where: str  # Indonesian: where the same record already is


@dataclass
class Prepared:
    items: list[NewItem]
    duplicates: list[Duplicate]
    problems: list[Problem]  # validation + import findings, every row of the register
    events: list  # audit.Event, one per new item

    def rows(self) -> list[dict[str, Any]]:
        return [item.cells for item in self.items]


def used_ids(data) -> set[str]:
    ids = set()
    register = data.register
    if "ID Informasi" in register.labels:
        index = register.labels.index("ID Informasi")
        ids |= {cell_text(v[index]) for _, v in register.rows if index < len(v)}
    ids |= {cell_text(r[2]) for r in data.riwayat if len(r) > 2}
    ids |= {cell_text(r[5]) for r in data.letters if len(r) > 5}
    return {i for i in ids if i}


def id_allocator(used: set[str]):
    raw = vocabulary().raw
    prefix, digits = raw.get("awalan_id", "IMP"), int(raw.get("digit_id", 4))
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$", re.IGNORECASE)
    highest = max((int(m.group(1)) for i in used if (m := pattern.match(i))), default=0)

    def next_id() -> str:
        nonlocal highest
        while True:
            highest += 1
            candidate = f"{prefix}-{highest:0{digits}d}"
            if candidate not in used:
                used.add(candidate)
                return candidate
    return next_id


def existing_fingerprints(data) -> dict[str, tuple[int, str]]:
    """Fingerprint -> (Excel row, ID) of records imported before."""
    register = data.register
    if "Catatan Impor" not in register.labels:
        return {}
    note = register.labels.index("Catatan Impor")
    ident = register.labels.index("ID Informasi") if "ID Informasi" in register.labels else None
    found = {}
    for excel_row, values in register.rows:
        text = cell_text(values[note]) if note < len(values) else ""
        for match in FINGERPRINT.finditer(text):
            found.setdefault(match.group(1), (excel_row, cell_text(values[ident]) if ident is not None else ""))
    return found


def prepare(plans: list[SourcePlan], data, *, petugas: str = "", today: dt.date | None = None,
            first_row: int | None = None) -> Prepared:
    """Rows to append to the register in ``data`` (a WorkbookData), validated as the register will be."""
    from .audit import Event
    from .layout import REGISTER_FIRST_DATA_ROW
    from .validation import summarise, validate_rows

    register = data.register
    seen = existing_fingerprints(data)
    next_id = id_allocator(used_ids(data))
    if first_row is None:
        last = register.rows[-1][0] if register.rows else register.header_row
        first_row = max(last + 1, REGISTER_FIRST_DATA_ROW)
    items: list[NewItem] = []
    duplicates: list[Duplicate] = []
    for plan in plans:
        this_file: dict[str, NewItem] = {}
        for record in plan.records:
            if record.fingerprint in seen:
                row, ident = seen[record.fingerprint]
                duplicates.append(Duplicate(record, f"sudah ada di register baris {row} ({ident})"))
                continue
            ident = next_id()
            excel_row = first_row + len(items)
            cells = {COLUMNS_BY_KEY[k].label: v for k, v in record.values.items()}
            cells["ID Informasi"] = ident
            if petugas and not cells.get("Petugas"):
                cells["Petugas"] = petugas
            cells["Catatan Impor"] = "\n".join(record.notes)
            item = NewItem(record, ident, excel_row, cells)
            items.append(item)
            this_file[record.fingerprint] = item
        for fp, item in this_file.items():
            seen.setdefault(fp, (item.excel_row, item.id_informasi))
    labels = register.labels
    new_rows = [(item.excel_row, [item.cells.get(label) for label in labels]) for item in items]
    _, problems = validate_rows(labels, list(register.rows) + new_rows, data.lists, data.settings, today)
    for item in items:
        for finding in item.record.findings:
            problems.append(Problem(REGISTER_SHEET, item.excel_row, finding.label, finding.code, finding.message,
                                    Severity.WARNING))
    problems.sort(key=lambda p: p.row or 0)
    results = summarise([p for p in problems if p.row in {i.excel_row for i in items}])
    for item in items:
        if "Hasil Validasi" in labels:
            item.cells["Hasil Validasi"] = results.get(item.excel_row, "OK")
    events = [Event(item.id_informasi, None, FIRST_STEP, "Impor", "Petugas", petugas or "ppid impor",
                    f"Diimpor dari {item.record.source} baris {item.record.row}") for item in items]
    return Prepared(items, duplicates, problems, events)


COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}


# -- Files -------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    register: Path
    created: bool
    plans: list[SourcePlan]
    prepared: Prepared | None  # None for a trial run (--coba) without a register


def import_into_register(sources: Iterable[str | Path], register: str | Path, *, mapping: Mapping | None = None,
                         petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """Import every source into ``register`` (created when missing). All or nothing."""
    import os

    from .adapters.openpyxl_builder import build_workbook
    from .adapters.openpyxl_editor import WorkbookEditor, lock_for, lock_path

    plans = plan_sources(sources, mapping)  # raises before anything is written
    register = Path(register)
    if register.exists():
        with WorkbookEditor(register) as editor:
            prepared = _apply(editor, plans, petugas, today)
        return ImportResult(register, False, plans, prepared)
    if register.suffix.lower() != ".xlsx":
        raise ImportSourceError(f"Register baru '{register.name}' harus berakhiran .xlsx.")
    with lock_for(register):
        temporary = register.with_name(f".{register.stem}-impor-baru.xlsx")
        try:
            build_workbook(temporary, [])
            with WorkbookEditor(temporary) as editor:
                prepared = _apply(editor, plans, petugas, today)
                editor.changed = True
            os.replace(temporary, register)
        finally:
            temporary.unlink(missing_ok=True)
            lock_path(temporary).unlink(missing_ok=True)
    return ImportResult(register, True, plans, prepared)


def _apply(editor, plans: list[SourcePlan], petugas: str | None, today: dt.date | None) -> Prepared:
    data = editor.data
    fatal = [p for p in data.structure_problems if p.is_error]
    if fatal:
        raise NotARegisterError(f"Register '{editor.path.name}' tidak dapat diisi: {fatal[0].message}",
                                sheet=fatal[0].sheet, code=fatal[0].code)
    name = petugas if petugas is not None else data.settings.text("pengguna_aktif")
    prepared = prepare(plans, data, petugas=name, today=today, first_row=editor.next_register_row())
    if prepared.items:
        written = editor.append_register(prepared.rows())
        assert written == [item.excel_row for item in prepared.items]
        editor.append_events(prepared.events)
    return prepared


def trial(sources: Iterable[str | Path], register: str | Path | None = None, *, mapping: Mapping | None = None,
          petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """``--coba``: plan (and, with an existing register, prepare) without writing anything."""
    plans = plan_sources(sources, mapping)
    if register is None or not Path(register).exists():
        return ImportResult(Path(register) if register else Path("-"), True, plans, None)
    from .adapters.calamine_reader import read_workbook

    data = read_workbook(register)
    name = petugas if petugas is not None else data.settings.text("pengguna_aktif")
    return ImportResult(Path(register), False, plans, prepare(plans, data, petugas=name, today=today))


# -- Reports (Indonesian) ----------------------------------------------------------------------
SKIP_TEXT = {
    "judul bagian": "judul bagian",
    "baris kosong": "baris kosong/pemisah",
    "judul kolom berulang": "judul kolom berulang",
    "judul tabel": "judul tabel di atas judul kolom",
}


def _rows_text(numbers: list[int]) -> str:
    """'2, 5, 7-9' from row numbers."""
    parts: list[str] = []
    numbers = sorted(numbers)
    start = prev = None
    for n in numbers + [None]:
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(parts)


def plan_lines(plan: SourcePlan) -> list[str]:
    """What was recognised in one source: columns, classification, skipped rows."""
    table = plan.table
    where = f" (sheet '{table.sheet}', judul kolom di baris {table.header_row})" if table.sheet else ""
    lines = [f"Berkas {table.name}{where}: {len(plan.records)} item, {len(plan.skipped)} baris dilewati."]
    lines.append("  Pemetaan kolom:")
    for column in plan.columns:
        header = column.header.strip() or f"Kolom {column.index + 1}"
        if column.target is None:
            how = " (sudah dipakai kolom lain)" if column.how == "ganda" else ""
            lines.append(f"    - '{header}' -> Catatan Impor{how}")
        else:
            how = {"tebakan": "tebakan", "pemetaan": "berkas pemetaan",
                   "isi kolom": "isinya berupa rujukan peraturan"}.get(column.how, column.how)
            lines.append(f"    - '{header}' -> {column.target.nama} ({how})")
    if plan.classification:
        lines.append(f"  Klasifikasi: {plan.classification} (dari {plan.classification_reason}).")
    else:
        lines.append("  Klasifikasi: ditentukan per bagian (judul bagian) bila dikenali, selain itu dikosongkan.")
    for skipped in plan.skipped:
        text = f": '{_short(skipped.text, 70)}'" if skipped.text else ""
        lines.append(f"  Dilewati baris {skipped.row} ({SKIP_TEXT.get(skipped.kind, skipped.kind)}){text}")
    lines += [f"  Perhatian: {w}" for w in plan.warnings]
    return lines


def trial_text(result: ImportResult, rows: int = 5) -> str:
    """``--coba``: the mapping and the first rows of each source, nothing written."""
    lines = ["UJI COBA (--coba): tidak ada yang ditulis."]
    ids = {}
    if result.prepared is not None:
        ids = {(i.record.source, i.record.row): i for i in result.prepared.items}
    for plan in result.plans:
        lines += plan_lines(plan)
        for record in plan.records[:rows]:
            item = ids.get((record.source, record.row))
            ident = item.id_informasi if item else "(ID baru)"
            values = record.values
            lines.append(f"  Baris {record.row} -> {ident}: '{_short(record.title, 60)}' | Klasifikasi: "
                         f"{values.get('klasifikasi') or '-'} | Dasar: {values.get('dasar_pengecualian') or '-'}")
        if len(plan.records) > rows:
            lines.append(f"  ... dan {len(plan.records) - rows} item lain.")
    if result.prepared is not None:
        lines += _duplicate_lines(result.prepared)
        lines.append(f"Bila dijalankan tanpa --coba: {len(result.prepared.items)} item baru ditambahkan ke "
                     f"{result.register.name}.")
    return "\n".join(lines)


def _duplicate_lines(prepared: Prepared) -> list[str]:
    if not prepared.duplicates:
        return []
    lines = [f"Sudah pernah diimpor (tidak diimpor lagi): {len(prepared.duplicates)} baris"]
    for dup in prepared.duplicates:
        lines.append(f"  - {dup.record.source} baris {dup.record.row} '{_short(dup.record.title, 50)}': {dup.where}")
    return lines


def group_problems(problems: list[Problem]) -> list[tuple[str, list[Problem]]]:
    """Problems in the report's legal groups (impor.toml [[kelompok]]), then 'Lainnya'."""
    groups = [(g["judul"], set(g["kode"])) for g in vocabulary().raw.get("kelompok", [])]
    result: list[tuple[str, list[Problem]]] = [(title, []) for title, _ in groups]
    other: list[Problem] = []
    for problem in problems:
        for index, (_, codes) in enumerate(groups):
            if problem.code in codes:
                result[index][1].append(problem)
                break
        else:
            other.append(problem)
    result.append(("Lainnya", other))
    return [(title, items) for title, items in result if items]


def _row_summary(problems: list[Problem]) -> str:
    """One line per item: empty required columns together, other problems with their message."""
    from .rules import REQUIRED_CODES

    plain = set(REQUIRED_CODES.values()) | {"keamanan-wajib"}
    missing = [p.column for p in problems if p.code in plain and p.column]
    parts = [f"belum diisi: {', '.join(missing)}"] if missing else []
    for problem in problems:
        if problem.code in plain and problem.column:
            continue
        kind = "" if problem.is_error else "peringatan: "
        column = f"[{problem.column}] " if problem.column else ""
        parts.append(f"{kind}{column}{problem.message}")
    return " | ".join(parts)


def import_report(result: ImportResult) -> str:
    """What was imported, what was skipped, and what the office must fix, grouped by the law."""
    prepared = result.prepared
    assert prepared is not None
    made = " (register baru)" if result.created else ""
    lines = [f"Impor ke {result.register}{made}:"]
    by_source: dict[str, list[NewItem]] = {}
    for item in prepared.items:
        by_source.setdefault(item.record.source, []).append(item)
    for plan in result.plans:
        items = by_source.get(plan.table.name, [])
        text = f"- {plan.table.name}: {len(items)} item diimpor"
        if items:
            text += (f" (register baris {_rows_text([i.excel_row for i in items])}; ID {items[0].id_informasi} s.d. "
                     f"{items[-1].id_informasi})")
        lines.append(text + ".")
        for skipped in plan.skipped:
            label = f": '{_short(skipped.text, 70)}'" if skipped.text else ""
            lines.append(f"    dilewati baris {skipped.row} ({SKIP_TEXT.get(skipped.kind, skipped.kind)}){label}")
        lines += [f"    perhatian: {w}" for w in plan.warnings]
    lines += _duplicate_lines(prepared)
    lines.append(f"Jumlah: {len(prepared.items)} item baru, semuanya di Langkah {FIRST_STEP}; teks asli tiap sel "
                 "tersimpan di kolomnya atau di 'Catatan Impor'.")
    new_rows = {i.excel_row: i for i in prepared.items}
    mine = [p for p in prepared.problems if p.row in new_rows]
    others = [p for p in prepared.problems if p.row not in new_rows]
    if mine:
        rows_with = len({p.row for p in mine})
        lines.append("")
        lines.append(f"YANG PERLU DIPERBAIKI: {rows_with} dari {len(prepared.items)} item hasil impor "
                     f"({sum(p.is_error for p in mine)} galat, {sum(not p.is_error for p in mine)} peringatan). "
                     "Rinciannya juga ada di kolom 'Hasil Validasi'.")
        for number, (title, problems) in enumerate(group_problems(mine), start=1):
            affected = sorted({p.row for p in problems})
            lines.append(f"{number}. {title}: {len(affected)} item")
            for row in affected:
                item = new_rows[row]
                lines.append(f"   - baris {row} {item.id_informasi} '{_short(item.record.title, 40)}': "
                             + _row_summary([p for p in problems if p.row == row]))
    if others:
        errors = sum(p.is_error for p in others)
        lines.append(f"Baris lain di register: {errors} galat, {len(others) - errors} peringatan "
                     "(lihat 'ppid validasi').")
    if prepared.items and mine:
        lines.append("Impor selesai; register masih memuat masalah yang perlu diperbaiki petugas (lihat di atas).")
    elif prepared.items:
        lines.append("Impor selesai; tidak ada masalah pada item hasil impor.")
    else:
        lines.append("Tidak ada item baru; register tidak diubah.")
    return "\n".join(lines)
