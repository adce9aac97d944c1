"""An explicit column mapping given by the officer: a file (``--pemetaan MAP.toml``) or the
``Pemetaan Impor`` sheet the trial run wrote into the register (see :mod:`.mapping_sheet`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import packaged, read_toml
from ..errors import DataFileError, ImportSourceError
from .vocabulary import norm, vocabulary


@dataclass
class Mapping:
    """An explicit mapping: ``[kolom] "Judul sumber" = "Sasaran"`` ("" = keep in Catatan Impor)."""

    columns: dict[str, str] = field(default_factory=dict)  # normalised source header -> target name
    klasifikasi: str | None = None
    lembar: str | None = None
    baris_judul: int | None = None
    path: Path | None = None
    by_index: dict[int, str] = field(default_factory=dict)  # 0-based source column -> target ("" = none)
    sheet: str | None = None  # set when the mapping comes from the register's Pemetaan Impor sheet
    headerless: bool = False  # the source has no header row (columns are "Kolom N")
    labels: dict[int, str] = field(default_factory=dict)  # 0-based column -> header the sheet was made for

    def origin(self) -> str:
        """Where the mapping comes from, for messages (Indonesian)."""
        if self.sheet:
            return f"sheet '{self.sheet}'"
        return f"berkas pemetaan '{self.path.name if self.path else ''}'"

    def has(self, header: str, index: int) -> bool:
        """Whether the mapping decides this column (``header`` normalised)."""
        return index in self.by_index or header in self.columns

    def target_for(self, header: str, index: int) -> str:
        return self.by_index[index] if index in self.by_index else self.columns[header]

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
