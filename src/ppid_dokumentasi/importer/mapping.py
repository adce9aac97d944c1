"""An explicit column mapping given by the officer (``--pemetaan MAP.toml``)."""

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
