"""Workbook macros (xlwings). Thin entry points over the ppid_dokumentasi core.

Modules: ``common`` (shared helpers, read its docstring first), ``workflow`` (validasi, majukan,
kembalikan, setujui), ``surat`` (buat_surat), ``arsip`` (arsipkan), ``impor`` (impor) and ``publikasi``
(ekspor, dasbor), ``pembukaan`` (buka).

Desktop Excel (classic xlwings add-in, ``RunPython``)::

    RunPython "import macros; macros.jalankan(""majukan"")"

``macros`` is a top-level import package: an installed wheel carries it (setup.py), a source
checkout has it at the repository root. ``ppid pasang`` writes the folder that holds it into the
workbook's ``xlwings.conf`` sheet (``PYTHONPATH``), with the interpreter.
"""

from __future__ import annotations

import importlib

MODULES = ("workflow", "surat", "arsip", "impor", "publikasi", "pembukaan")


def load_all() -> dict:
    """Import every macro module; returns name -> plain macro function."""
    from .common import MACROS

    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return MACROS


def jalankan(name: str, book=None) -> None:
    """Run a macro by name (desktop RunPython: ``book`` omitted -> ``xw.Book.caller()``)."""
    macros = load_all()
    if name not in macros:
        raise KeyError(f"makro '{name}' tidak dikenal; yang ada: {', '.join(sorted(macros))}")
    macros[name](book)
