"""Sheet I/O adapters: the only code that knows cell addresses and file formats.

``calamine_reader`` reads (fast, read-only); ``openpyxl_builder`` builds a new workbook;
``openpyxl_editor`` changes an existing one atomically. The core speaks in register rows.
"""
