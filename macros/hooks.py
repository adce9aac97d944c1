"""Placeholders for the 'Buat Surat' and 'Arsipkan' buttons until their features are installed.

The letters feature defines the real ``buat_surat`` in ``macros/surat.py`` and the archive feature
the real ``arsipkan`` in ``macros/arsip.py``, both with ``@macro(...)`` from macros.common; a real
macro registered after these stubs replaces them in ``macros.MACROS`` / ``macros.jalankan``.
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro
from ppid_dokumentasi.errors import PpidError


@macro("buat_surat", stub=True)
def buat_surat(book: xw.Book = None) -> None:
    """Buat surat untuk baris terpilih (diisi fitur surat)."""
    raise PpidError("Fitur 'Buat Surat' belum terpasang pada instalasi ini.")


@macro("arsipkan", stub=True)
def arsipkan(book: xw.Book = None) -> None:
    """Arsipkan baris terpilih (diisi fitur arsip)."""
    raise PpidError("Fitur 'Arsipkan' belum terpasang pada instalasi ini.")
