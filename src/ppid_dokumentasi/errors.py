"""One error hierarchy for the whole tool.

A :class:`PpidError` is deliberate: its ``message`` is Indonesian and is shown to the user as-is
(CLI, macros). Anything else that escapes is unexpected: adapters log it with its traceback and
show :data:`GENERIC_MESSAGE`.
"""

from __future__ import annotations

GENERIC_MESSAGE = (
    "Terjadi kesalahan tak terduga. Rincian teknis dicatat di log; "
    "hubungi pengelola aplikasi. Berkas Anda tidak diubah."
)


class PpidError(Exception):
    """A deliberate, user-facing error. ``exit_code`` is what the CLI returns for it."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column
        self.code = code

    def __str__(self) -> str:
        return self.message


class DataFileError(PpidError):
    """A packaged or office data file (SOP, lists, settings) is inconsistent."""

    exit_code = 2


class UsageError(PpidError):
    """Bad command-line usage."""

    exit_code = 2


class NotARegisterError(PpidError):
    """The file cannot be read as a controlled register (not a zip, encrypted, wrong sheets...)."""

    exit_code = 2


class WorkbookWriteError(PpidError):
    """A workbook could not be written; the original is left as it was."""

    exit_code = 2


class ValidationFailed(PpidError):
    """Validation found problems; ``problems`` holds every one of them."""

    def __init__(self, message: str, problems: list) -> None:
        super().__init__(message)
        self.problems = problems


class WorkflowRefused(PpidError):
    """A workflow action is not allowed (role, step, guard)."""


class ActorRefused(PpidError):
    """Who acts is not a registered user holding the role the action needs (app/actors.py)."""


class FolderError(PpidError):
    """A folder setting cannot be resolved (relative, but the workbook is not on disk; or empty)."""


class ItemNotFound(PpidError):
    """An ID Informasi named by the user is not in the Register."""


class LetterError(PpidError):
    """A letter could not be produced."""


class ArchiveError(PpidError):
    """An archive operation failed or an archive is not intact."""


class ImportSourceError(PpidError):
    """A source list (DIP/DIK) cannot be imported."""

    exit_code = 2


class PublicationError(PpidError):
    """The DIP/DIK export, the dashboard or the monev evidence pack could not be produced."""


class WorkbookInUse(PpidError):
    """The workbook is open in Excel or LibreOffice (their owner file lies beside it): nothing is written."""


class CellValueRefused(PpidError):
    """A value cannot be stored in a cell as it is (e.g. longer than a cell holds); nothing is written."""
