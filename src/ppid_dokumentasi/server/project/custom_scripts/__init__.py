"""xlwings Server imports ``custom_scripts`` from its project directory: the PPID buttons."""
from ppid_dokumentasi.server.scripts import (arsipkan, buat_surat, dasbor, ekspor, impor,  # noqa: F401
                                             kembalikan, majukan, setujui, validasi)
