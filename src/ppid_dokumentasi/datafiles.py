"""Loading the packaged TOML data files (SOP, Pasal 17, lists, default settings)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import DataFileError


def read_toml(name_or_path: str | Path) -> dict:
    """Read a packaged data file by name (``"sop.toml"``) or any TOML file by path."""
    try:
        if isinstance(name_or_path, Path) or "/" in str(name_or_path) or "\\" in str(name_or_path):
            text = Path(name_or_path).read_text(encoding="utf-8")
        else:
            text = resources.files("ppid_dokumentasi").joinpath("data", name_or_path).read_text(
                encoding="utf-8"
            )
        return tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"Berkas data '{name_or_path}' tidak dapat dibaca: {exc}") from exc


@cache
def packaged(name: str) -> dict:
    """Cached packaged data file (read-only use)."""
    return read_toml(name)
