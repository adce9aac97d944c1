"""The 'Arsipkan' button (SOP step 7): archive the selected Register items as a new BagIt version.

Thin: the book session and :func:`ppid_dokumentasi.app.archiving.archive`, the function
``ppid arsip simpan`` calls too. In xlwings Lite and Server the workbook file is not on disk: the
canonical JSON of the sheets is archived (dates as the file reader gives them), and the file only
when the book has a full path that exists (desktop Excel: the last saved file). The archive root is
Pengaturan ``folder_arsip``; when the book is not on disk it must be a full path (on the machine
running Python), and so must ``folder_surat`` for letters to be included.
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi.app.actors import acting_user
from ppid_dokumentasi.app.archiving import archive


@macro("arsipkan")
def arsipkan(book: xw.Book = None) -> None:
    """Arsipkan butir Register yang dipilih sebagai versi arsip baru (langkah 7) dan catat di Riwayat."""
    with open_session(book) as session:
        result = archive(session, acting_user(session.data.settings))
    session.report("\n".join([result.summary(), *result.recovered, *result.warnings]))
