"""ppid-dokumentasi: controlled register for the SOP "Pendokumentasian Informasi yang Dikecualikan".

The core (this package minus ``adapters``) is plain Python: it never imports xlwings or openpyxl.
"""

__version__ = "0.1.0"
