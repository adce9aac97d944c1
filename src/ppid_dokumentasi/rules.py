"""Content rules of the Register (legal-notes.md §7 items 1–4 and 10; contract.md).

Every rule is a small function ``rule(row, ctx) -> iterable of Problem``. :func:`check_rows` runs
the required-field checks column by column, then calls each row rule only on rows it can apply to
(cheap tests on the row first: a 100,000-row register validates in about the time it takes to
read it), then the register-wide rules, and returns every problem (nothing stops at the first). Values marked unconfirmed in legal-notes.md come from
:class:`~ppid_dokumentasi.settings.Settings`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import compress
from operator import attrgetter, not_
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from . import consequence_test as uji
from . import messages as msg
from .legal import Citation, CitationError, other_law_problems, parse_citations
from .problems import Problem, Severity
from .safe_names import CODE as UNSAFE_ID_CODE, unsafe_message, unsafe_name_reason
from .register import COLUMN_BY_KEY, REGISTER_SHEET, cell_text
from .settings import Settings
from . import expiry

if TYPE_CHECKING:
    from .register_row import RegisterRow

EXEMPT = "Dikecualikan"
SOFTFILE_FROM_STEP = 5
SOFTFILE_STEPS = frozenset(range(SOFTFILE_FROM_STEP, 8))
NUMBER_PATTERN = re.compile(r"^(\d{3}(?:\.\d+)*)/(\d+)/([A-Za-z0-9][A-Za-z0-9.\-]*)/(\d{4})$")
ARCHIVE_CODE_PATTERN = re.compile(r"^\d{3}(?:\.\d+)*$")
# UU 14/2008 Pasal 18 ayat (1) huruf a-f: kinds of information that cannot be exempted, by title
# keyword -> (huruf, the statute's words for that kind; primary-texts.md). Huruf g (Pasal 11 ayat (2))
# has no keyword.
PASAL18_AYAT1_WORDS = {
    "a": "putusan badan peradilan",
    "b": "ketetapan, keputusan, peraturan, surat edaran, ataupun bentuk kebijakan lain, baik yang tidak berlaku "
         "mengikat maupun mengikat ke dalam ataupun ke luar serta pertimbangan lembaga penegak hukum",
    "c": "surat perintah penghentian penyidikan atau penuntutan",
    "d": "rencana pengeluaran tahunan lembaga penegak hukum",
    "e": "laporan keuangan tahunan lembaga penegak hukum",
    "f": "laporan hasil pengembalian uang hasil korupsi",
}
PASAL18_KEYWORDS = {
    "putusan": "a",
    "ketetapan": "b",
    "keputusan": "b",
    "peraturan": "b",
    "surat edaran": "b",
    "pertimbangan lembaga penegak hukum": "b",
    "penghentian penyidikan": "c",
    "penghentian penuntutan": "c",
    "rencana pengeluaran tahunan": "d",
    "laporan keuangan tahunan": "e",
    "pengembalian uang hasil korupsi": "f",
}

PASAL18_PATTERN = re.compile(r"\b(" + "|".join(sorted(PASAL18_KEYWORDS, key=len, reverse=True)) + r")\b")

REQUIRED_ALWAYS = ("id_informasi", "judul", "petugas", "langkah")
REQUIRED_DIP = ("ringkasan", "pejabat_penguasa", "penanggung_jawab", "waktu_pembuatan")
# The other DIP elements, required for public items (legal-notes.md §8 item 8): place of making,
# form, and the storage period (retention).
REQUIRED_DIP_PUBLIC = ("tempat_pembuatan", "bentuk", "retensi_aktif", "retensi_inaktif")
# Elements of the consequence-test record that only the test rule reports (the ground, the
# summary, the conclusion's value and the end date have rules of their own with more detail).
_REPORTED_ELSEWHERE = frozenset({"dasar_pengecualian", "ringkasan", "berakhir"})
REQUIRED_EXEMPT = tuple(k for k in uji.RECORD_KEYS if k not in _REPORTED_ELSEWHERE)

REQUIRED_CODES = {
    "id_informasi": "id-wajib",
    "judul": "judul-wajib",
    "petugas": "petugas-wajib",
    "langkah": "langkah-wajib",
    "ringkasan": "ringkasan-wajib",
    "pejabat_penguasa": "pejabat-wajib",
    "penanggung_jawab": "penanggung-jawab-wajib",
    "waktu_pembuatan": "waktu-pembuatan-wajib",
    "klasifikasi": "klasifikasi-wajib",
    "tempat_pembuatan": "tempat-pembuatan-wajib",
    "bentuk": "bentuk-wajib",
    "retensi_aktif": "retensi-aktif-wajib",
    "retensi_inaktif": "retensi-inaktif-wajib",
    "konsekuensi": "konsekuensi-wajib",
    "pertimbangan": "pertimbangan-wajib",
    "kesimpulan_uji": "kesimpulan-uji-wajib",
    "waktu_uji": "waktu-uji-wajib",
    "peserta_uji": "peserta-uji-wajib",
    "tanggal_uji": "tanggal-uji-wajib",
    **{e.key: e.code for e in uji.ELEMENTS if e.key not in _REPORTED_ELSEWHERE},
}


@dataclass(frozen=True)
class Grounds:
    """What one 'Dasar Pengecualian' text means, worked out once per distinct text."""

    citations: tuple[Citation, ...] = ()
    error: CitationError | None = None
    # (citation, maximum years, where the maximum comes from) for grounds a–f that have one.
    caps: tuple[tuple[Citation, int, str], ...] = ()
    letters: frozenset[str] = frozenset()
    not_permanent: tuple[Citation, ...] = ()


@dataclass(eq=False)
class RuleContext:
    settings: Settings
    today: dt.date
    sheet: str = REGISTER_SHEET
    _grounds: dict[str, Grounds] = field(default_factory=dict)

    def grounds(self, text: str) -> Grounds:
        """The parsed grounds of a cell (cached: registers repeat the same few texts)."""
        found = self._grounds.get(text)
        if found is None:
            try:
                citations = tuple(parse_citations(text))
            except CitationError as exc:
                found = Grounds(error=exc)
            else:
                found = Grounds(citations, None, tuple(filter(None, map(self._cap, citations))),
                                frozenset(c.huruf for c in citations),
                                tuple(c for c in citations if c.ground.tidak_permanen))
            self._grounds[text] = found
        return found

    def _cap(self, citation: Citation) -> tuple[Citation, int, str] | None:
        ground = citation.ground
        if not ground.tidak_permanen:
            return None
        limits = [x for x in (self.settings.max_years(citation.huruf), ground.maks_tahun_tetap) if x is not None]
        if not limits:
            return None
        years = min(limits)
        source = ground.dasar_jangka_waktu if ground.maks_tahun_tetap == years else (
            f"Pengaturan maks_tahun_huruf_{citation.huruf}")
        return citation, years, source

    @cached_property
    def legacy_codes(self) -> set[str]:
        return set(self.settings.codes("kode_klasifikasi_lama"))

    @cached_property
    def number_patterns(self) -> tuple[str, ...]:
        """Regexes of the letter kinds' own number patterns (Pengaturan pola_nomor_<jenis>)."""
        from .errors import LetterError
        from .numbering import scheme

        unit = self.settings.text("kode_unit")
        found = []
        for key in sorted(k for k in self.settings.values if k.startswith("pola_nomor_")):
            try:
                found.append(scheme(self.settings, key.removeprefix("pola_nomor_")).regex(unit).pattern)
            except LetterError:
                continue  # a bad pattern is reported when a letter is made
        return tuple(found)

    def problem(self, row: RegisterRow, key: str | None, code: str, message: str,
                severity: Severity = Severity.ERROR) -> Problem:
        label = COLUMN_BY_KEY[key].label if key else None
        return Problem(self.sheet, row.excel_row, label, code, message, severity)


def _complete(values: list) -> bool:
    """True when no value is empty or white space only (over distinct values, at C speed)."""
    try:
        return all(map(str.strip, values))  # one pass; False at the first empty or blank text
    except TypeError:  # not all text: None is missing, dates and numbers are filled
        return None not in values and not any(v.__class__ is str and not v.strip() for v in values)


def _is_empty(value) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _missing_cells(rows: list[RegisterRow], ctx: RuleContext, keys: Iterable[str], template: str,
                   columns: dict[str, Sequence] | None) -> Iterator[Problem]:
    """A problem for every empty cell of ``keys``, checked column by column (C speed when complete)."""
    for key in keys:
        values = columns[key] if columns else list(map(attrgetter(key), rows))
        if _complete(values):
            continue  # the usual case
        label = COLUMN_BY_KEY[key].label
        for row, value in zip(rows, values):
            if _is_empty(value):
                yield ctx.problem(row, key, REQUIRED_CODES[key], template.format(label=label))


def required_fields(rows: list[RegisterRow], ctx: RuleContext,
                    columns: dict[str, Sequence] | None = None) -> Iterator[Problem]:
    """Fields every item needs (contract.md; the DIP elements of Perki 1/2021)."""
    yield from _missing_cells(rows, ctx, REQUIRED_ALWAYS, msg.REQUIRED, columns)
    yield from _missing_cells(rows, ctx, REQUIRED_DIP, msg.REQUIRED_DIP, columns)
    yield from _missing_cells(rows, ctx, ("klasifikasi",), msg.REQUIRED, columns)


def exemption_ground(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """Pasal 17 ground with sub-point; huruf i needs the memo flag, huruf j the other law."""
    if not row.is_exempt:
        if row.dasar_pengecualian and row.klasifikasi and not expiry.is_opened(row):
            yield ctx.problem(row, "dasar_pengecualian", "dasar-tanpa-pengecualian",
                              msg.GROUND_WITHOUT_EXEMPTION.format(klasifikasi=row.klasifikasi))
        return
    if not row.dasar_pengecualian:
        yield ctx.problem(row, "dasar_pengecualian", "dasar-wajib", msg.GROUND_REQUIRED)
        return
    grounds = ctx.grounds(row.dasar_pengecualian)
    if grounds.error:
        yield ctx.problem(row, "dasar_pengecualian", grounds.error.code, grounds.error.message)
        return
    letters = grounds.letters
    if "j" in letters and not row.uu_lain:
        yield ctx.problem(row, "uu_lain", "uu-lain-wajib", msg.OTHER_LAW_REQUIRED)
    if "j" in letters and row.uu_lain:
        for code, message in other_law_problems(cell_text(row.uu_lain)):
            yield ctx.problem(row, "uu_lain", code, message)
    if "j" not in letters and row.uu_lain:
        yield ctx.problem(row, "uu_lain", "uu-lain-tanpa-huruf-j", msg.OTHER_LAW_WITHOUT_J)
    if "i" in letters and row.memorandum != "Ya":
        label = COLUMN_BY_KEY["memorandum"].label
        yield ctx.problem(row, "memorandum", "memorandum-wajib", msg.MEMO_REQUIRED.format(label=label))
    if letters & {"g", "h"} and row.pasal18_ayat2 in ("Persetujuan Tertulis", "Jabatan Publik"):
        keadaan = "persetujuan tertulis" if row.pasal18_ayat2 == "Persetujuan Tertulis" else (
            "kaitan dengan jabatan publik")
        yield ctx.problem(row, "pasal18_ayat2", "pasal18-ayat2", msg.PASAL18_AYAT2.format(keadaan=keadaan),
                          Severity.WARNING)


def not_exemptible(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """UU 14/2008 Pasal 18 ayat (1): an error when the officer answered 'Ya'; a hard warning from
    the title's keywords, since a title alone cannot prove the kind."""
    if not row.is_exempt:
        return
    if row.pasal18_ayat1 == "Ya":
        yield ctx.problem(row, "pasal18_ayat1", "pasal18-ayat1", msg.PASAL18_AYAT1)
    match = PASAL18_PATTERN.search(row.judul.casefold())
    if match:
        huruf = PASAL18_KEYWORDS[match.group(1)]
        yield ctx.problem(row, "judul", "pasal18-tidak-dikecualikan",
                          msg.PASAL18.format(kata=match.group(1), huruf=huruf, bunyi=PASAL18_AYAT1_WORDS[huruf]),
                          Severity.WARNING)


def consequence_test(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """UU 14/2008 Pasal 19; Perki 1/2021 Pasal 49: the test record is complete before exempting."""
    if not row.is_exempt:
        return
    yield from _missing_test_fields([row], ctx)
    yield from consequence_conclusion(row, ctx)


def _missing_test_fields(rows: list, ctx: RuleContext,
                         columns: dict[str, list] | None = None) -> Iterator[Problem]:
    """The gaps of each exempt row's test record (:func:`consequence_test.gaps`, the one definition)."""
    for row in rows:
        for gap in uji.gaps(row):
            element = gap.element
            if element.key in _REPORTED_ELSEWHERE or (element.key == "kesimpulan_uji" and gap.reason):
                continue
            label = COLUMN_BY_KEY[element.key].label
            if gap.reason:
                yield ctx.problem(row, element.key, element.key.replace("_", "-") + "-tidak-sah",
                                  msg.TEST_ELEMENT_INVALID.format(label=label, alasan=gap.reason,
                                                                  dasar=element.dasar))
            else:
                yield ctx.problem(row, element.key, element.code, msg.REQUIRED_EXEMPT.format(
                    label=label, unsur=element.what, dasar=element.dasar))


def consequence_conclusion(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """The test's conclusion and the security class must agree with exempting."""
    if row.kesimpulan_uji == "Dibuka":
        yield ctx.problem(row, "kesimpulan_uji", "kesimpulan-dibuka", msg.CONCLUSION_OPEN)
    if row.keamanan == "Biasa":
        yield ctx.problem(row, "keamanan", "keamanan-biasa", msg.SECURITY_BIASA)
    elif not row.keamanan:
        yield ctx.problem(row, "keamanan", "keamanan-wajib", msg.SECURITY_REQUIRED)


def dates(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    fmt = dt.date.isoformat
    if row.tanggal_uji and row.tanggal_uji > ctx.today:
        yield ctx.problem(row, "tanggal_uji", "tanggal-uji-masa-depan",
                          msg.TEST_DATE_FUTURE.format(tanggal=fmt(row.tanggal_uji), hari_ini=fmt(ctx.today)))
    if row.waktu_pembuatan and row.waktu_pembuatan > ctx.today:
        yield ctx.problem(row, "waktu_pembuatan", "waktu-pembuatan-masa-depan",
                          msg.MADE_FUTURE.format(tanggal=fmt(row.waktu_pembuatan), hari_ini=fmt(ctx.today)))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def exemption_period(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """UU 14/2008 Pasal 20 and PP 61/2010 Pasal 5–11: end date present, after the test, capped."""
    if not row.is_exempt:
        if row.berakhir and row.klasifikasi and not expiry.is_opened(row):
            yield ctx.problem(row, "berakhir", "berakhir-tanpa-pengecualian",
                              msg.END_WITHOUT_EXEMPTION.format(klasifikasi=row.klasifikasi))
        elif expiry.opened_early(row, ctx.today):  # PP 61/2010 Pasal 11 ayat (1); Pasal 10 ayat (2)
            yield ctx.problem(row, "klasifikasi", "dibuka-sebelum-berakhir", msg.OPENED_EARLY.format(
                klasifikasi=row.klasifikasi, berakhir=row.berakhir.isoformat()))
        return
    if not row.dasar_pengecualian:
        return
    grounds = ctx.grounds(row.dasar_pengecualian)
    citations, not_permanent = grounds.citations, grounds.not_permanent
    if not citations:
        return
    if _is_empty(row.penetap_jangka_waktu):
        for citation in citations:
            if citation.ground.penetap:
                template = msg.PERIOD_SETTER_REGULATION if citation.ground.penetap == "peraturan" else (
                    msg.PERIOD_SETTER_LEADER)
                yield ctx.problem(row, "penetap_jangka_waktu", "penetap-jangka-waktu-wajib", template.format(
                    dasar=citation, pasal=citation.ground.dasar_jangka_waktu))
                break
    if row.berakhir is None:
        if not_permanent:
            yield ctx.problem(row, "berakhir", "berakhir-wajib",
                              msg.END_REQUIRED.format(dasar=not_permanent[0]))
        else:
            for citation in citations:
                if citation.ground.tinjau:
                    yield ctx.problem(row, "berakhir", "berakhir-tinjau", msg.END_REVIEW.format(
                        dasar=citation, dasar_jangka_waktu=citation.ground.dasar_jangka_waktu), Severity.WARNING)
                    break
        return
    if row.tanggal_uji and row.berakhir <= row.tanggal_uji:
        yield ctx.problem(row, "berakhir", "berakhir-sebelum-uji", msg.END_BEFORE_TEST.format(
            berakhir=row.berakhir.isoformat(), tanggal_uji=row.tanggal_uji.isoformat()))
        return
    start = row.tanggal_uji or row.waktu_pembuatan
    for citation, years, source in grounds.caps if start else ():
        limit = _add_years(start, years)
        if row.berakhir > limit:
            yield ctx.problem(row, "berakhir", "berakhir-melebihi-maksimum", msg.END_TOO_LATE.format(
                berakhir=row.berakhir.isoformat(), tahun=years, dasar=citation,
                tanggal_uji=start.isoformat(), batas=limit.isoformat(), sumber=source))
            return
    yield from expiry_rule(row, ctx)


def expiry_rule(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """PP 61/2010 Pasal 11: warn before the opening deadline (end - 30 working days), err after it."""
    found = expiry.assess(row, ctx.today, ctx.settings)
    if found is None or found.state in (expiry.State.AMAN, expiry.State.DIBUKA):
        return
    values = dict(berakhir=found.berakhir.isoformat(), batas=found.batas.isoformat(),
                  hari=found.hari_kerja_ke_batas, lewat=-found.hari_kerja_ke_batas)
    if found.state is expiry.State.SEGERA:
        yield ctx.problem(row, "berakhir", "pembukaan-segera", msg.OPENING_SOON.format(**values), Severity.WARNING)
    elif found.state is expiry.State.LEWAT_BATAS:
        yield ctx.problem(row, "berakhir", "batas-pembukaan-lewat", msg.OPENING_LATE.format(**values))
    else:
        yield ctx.problem(row, "berakhir", "berakhir-lewat", msg.END_PASSED.format(**values))


APPROVAL_KEYS = ("persetujuan_oleh", "persetujuan_nomor", "persetujuan_tanggal")


def approval(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """PP 61/2010 Pasal 3 ayat (2): the pimpinan's approval, when recorded, names who, number and date,
    and comes after the consequence test it approves (Pasal 3 ayat (1))."""
    filled = [k for k in APPROVAL_KEYS if not _is_empty(getattr(row, k))]
    if not filled:
        return
    for key in APPROVAL_KEYS:
        if key not in filled:
            yield ctx.problem(row, key, "persetujuan-tidak-lengkap", msg.APPROVAL_INCOMPLETE.format(
                label=COLUMN_BY_KEY[key].label))
    day = row.persetujuan_tanggal
    if day and row.tanggal_uji and day < row.tanggal_uji:
        yield ctx.problem(row, "persetujuan_tanggal", "persetujuan-sebelum-uji", msg.APPROVAL_BEFORE_TEST.format(
            tanggal=day.isoformat(), uji=row.tanggal_uji.isoformat()))


def softfile(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    if row.langkah is not None and row.langkah >= SOFTFILE_FROM_STEP and not row.lokasi_softfile:
        yield ctx.problem(row, "lokasi_softfile", "softfile-wajib", msg.SOFTFILE_REQUIRED)


def letter_number(row: RegisterRow, ctx: RuleContext) -> Iterator[Problem]:
    """Nomor Surat as <kode klasifikasi>/<nomor urut>/<kode unit>/<tahun>; dotted archive codes."""
    if row.nomor_surat:
        for code, message, severity in _number_findings(row.nomor_surat, frozenset(ctx.legacy_codes),
                                                        ctx.number_patterns):
            yield ctx.problem(row, "nomor_surat", code, message, severity)
    if row.kode_klasifikasi_arsip and not ARCHIVE_CODE_PATTERN.match(row.kode_klasifikasi_arsip):
        yield ctx.problem(row, "kode_klasifikasi_arsip", "kode-klasifikasi-format",
                          msg.ARCHIVE_CODE_FORMAT.format(kode=row.kode_klasifikasi_arsip))


LEADING_CODE = re.compile(r"^(\d{3}(?:\.\d+)*)/")


@lru_cache(maxsize=4096)
def _number_findings(text: str, legacy: frozenset[str], patterns: tuple[str, ...] = ()
                     ) -> tuple[tuple[str, str, Severity], ...]:
    findings = []
    for number in (n.strip() for n in text.split(";") if n.strip()):
        if not NUMBER_PATTERN.match(number) and not any(re.fullmatch(p, number) for p in patterns):
            findings.append(("nomor-surat-format", msg.NUMBER_FORMAT.format(nomor=number), Severity.ERROR))
            continue
        code = LEADING_CODE.match(number)
        if code and (code.group(1).split(".")[0] in legacy or code.group(1) in legacy):
            findings.append(("kode-klasifikasi-lama", msg.NUMBER_LEGACY.format(nomor=number, kode=code.group(1)),
                             Severity.WARNING))
    return tuple(findings)


def unique_ids(rows: list[RegisterRow], ctx: RuleContext, ids: Sequence | None = None) -> Iterator[Problem]:
    ids = ids if ids is not None else list(map(attrgetter("id_informasi"), rows))
    if set(map(type, ids)) <= {str}:
        keys = list(map(str.casefold, map(str.strip, ids)))
        if len(set(keys)) == len(keys):
            return  # the usual case: all different, checked at C speed
    first_seen: dict[str, int] = {}
    for row in rows:
        key = cell_text(row.id_informasi).casefold()
        if not key:
            continue
        if key in first_seen:
            yield ctx.problem(row, "id_informasi", "id-ganda",
                              msg.DUPLICATE_ID.format(id=row.id_informasi, first=first_seen[key]))
        else:
            first_seen[key] = row.excel_row


def safe_ids(rows: list[RegisterRow], ctx: RuleContext, ids: Sequence | None = None) -> Iterator[Problem]:
    """An ID names archive folders and letter files: no '..', separators or reserved names."""
    ids = ids if ids is not None else list(map(attrgetter("id_informasi"), rows))
    texts = [cell_text(i) for i in ids]
    if not any(map(unsafe_name_reason, filter(None, texts))):
        return
    for row, text in zip(rows, texts):
        reason = unsafe_name_reason(text) if text else None
        if reason:
            yield ctx.problem(row, "id_informasi", UNSAFE_ID_CODE, unsafe_message(text, reason))


def check_rows(rows: list[RegisterRow], settings: Settings, today: dt.date,
               sheet: str = REGISTER_SHEET, columns: dict[str, Sequence] | None = None) -> list[Problem]:
    """Every content problem of the register, in row order then rule order.

    Each rule runs only on the rows it can apply to, chosen column by column first.
    ``columns`` (field key -> values in row order), when the caller has them, spares gathering
    the columns again.
    """
    ctx = RuleContext(settings, today, sheet)

    def column(key: str) -> Sequence:
        return columns[key] if columns else list(map(attrgetter(key), rows))

    problems: list[Problem] = list(required_fields(rows, ctx, columns))
    extend = problems.extend
    klasifikasi = column("klasifikasi")
    is_exempt = list(map(EXEMPT.__eq__, klasifikasi))
    exempt = list(compress(rows, is_exempt))
    extend(_missing_test_fields(exempt, ctx))
    not_exempt = list(map(not_, is_exempt))
    public = list(compress(rows, not_exempt))
    extend(_missing_cells(public, ctx, REQUIRED_DIP_PUBLIC, msg.REQUIRED_DIP, {
        key: list(compress(column(key), not_exempt)) for key in REQUIRED_DIP_PUBLIC}))
    for row in exempt:
        extend(exemption_ground(row, ctx))
        extend(not_exemptible(row, ctx))
        if row.kesimpulan_uji == "Dibuka" or row.keamanan in ("Biasa", ""):
            extend(consequence_conclusion(row, ctx))
        extend(exemption_period(row, ctx))
    ground_texts, ends = column("dasar_pengecualian"), column("berakhir")
    if any(compress(ground_texts, not_exempt)) or any(compress(ends, not_exempt)):
        for row, k, ground, end in zip(rows, klasifikasi, ground_texts, ends):
            if k != EXEMPT and (ground or end):
                extend(exemption_ground(row, ctx))
                extend(exemption_period(row, ctx))
    test_dates, made = column("tanggal_uji"), column("waktu_pembuatan")
    if max(filter(None, test_dates), default=today) > today or max(filter(None, made), default=today) > today:
        for row, tested, created in zip(rows, test_dates, made):
            if (tested and tested > today) or (created and created > today):
                extend(dates(row, ctx))
    steps, locations = column("langkah"), column("lokasi_softfile")
    needs_softfile = list(map(SOFTFILE_STEPS.__contains__, steps))
    if not all(compress(locations, needs_softfile)):
        for row, step, location in zip(rows, steps, locations):
            if step is not None and step >= SOFTFILE_FROM_STEP and not location:
                extend(softfile(row, ctx))
    approvals = [column(k) for k in APPROVAL_KEYS]
    if any(any(values) for values in approvals):
        for row, *values in zip(rows, *approvals):
            if any(values):
                extend(approval(row, ctx))
    numbers, codes = column("nomor_surat"), column("kode_klasifikasi_arsip")
    legacy = frozenset(ctx.legacy_codes)
    bad_numbers = {n for n in set(numbers) if n and _number_findings(n, legacy, ctx.number_patterns)}
    bad_codes = {c for c in set(codes) if c and not ARCHIVE_CODE_PATTERN.match(c)}
    if bad_numbers or bad_codes:  # checked once per distinct value, then only the rows that have them
        for row, number, code in zip(rows, numbers, codes):
            if number in bad_numbers or code in bad_codes:
                extend(letter_number(row, ctx))
    extend(unique_ids(rows, ctx, column("id_informasi")))
    extend(safe_ids(rows, ctx, column("id_informasi")))
    problems.sort(key=lambda p: p.row or 0)  # stable: within a row, rule order is kept
    return problems
