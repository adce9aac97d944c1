"""The application layer: each use case written once, against :class:`session.WorkbookSession`.

The CLI (``cli*.py``) and the workbook's macros (``macros/``) only open a session (a file through
``adapters.file_session``, an open book through ``adapters.book_session``), call one function of a
module here and report its result. One module per use case (``validate``, ``workflow_actions``,
``letters_job``, ``archiving``, ``importing``) plus the two rules every use case shares:
``actors`` (who acts) and ``folders`` (where files go).

Layers (enforced by tests/test_layers.py): this package imports the core and nothing of
``adapters``, the CLI, ``macros``, xlwings, openpyxl, python-calamine or python-docx; the adapters
implement the session port and whatever else a use case is handed (a letter renderer, a sheet
reader).
"""
