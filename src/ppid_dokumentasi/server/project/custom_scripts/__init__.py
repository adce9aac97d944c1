"""xlwings Server imports ``custom_scripts`` from its project directory: the PPID buttons."""
from ppid_dokumentasi.server.scripts import (arsipkan, buat_surat, buka, dasbor, ekspor,  # noqa: F401
                                             impor, kembalikan, majukan, setujui, validasi)
