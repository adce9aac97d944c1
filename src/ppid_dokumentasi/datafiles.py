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
            text = packaged_text(name_or_path)
    except OSError as exc:
        raise DataFileError(f"Berkas data '{name_or_path}' tidak dapat dibaca: {exc}") from exc
    return parse_toml(text, str(name_or_path))


@cache
def packaged_text(name: str) -> str:
    """The text of a packaged data file (cached; raises OSError when absent)."""
    return resources.files("ppid_dokumentasi").joinpath("data", name).read_text(encoding="utf-8")


def parse_toml(text: str, name: str) -> dict:
    """Parse TOML text taken from the data file ``name`` (its errors name the file)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"Berkas data '{name}' tidak dapat dibaca: {exc}") from exc


@cache
def packaged(name: str) -> dict:
    """Cached packaged data file (read-only use)."""
    return read_toml(name)
