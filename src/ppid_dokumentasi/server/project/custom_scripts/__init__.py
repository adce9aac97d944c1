"""xlwings Server imports ``custom_scripts`` from its project directory: the PPID buttons."""
from ppid_dokumentasi.server.scripts import (arsipkan, buat_surat, dasbor, ekspor, kembalikan,  # noqa: F401
                                             majukan, setujui, validasi)
