"""Shared helpers for the workbook macros (xlwings entry points behind the Register buttons).

Every macro module (``macros/workflow.py``, ``macros/surat.py``, ``macros/arsip.py``,
``macros/impor.py``) follows the same pattern: open the book session, call ONE function of the
application layer (the same one the CLI calls), show its message::

    import xlwings as xw
    from macros.common import macro, open_session
    from ppid_dokumentasi.app.actors import acting_user
    from ppid_dokumentasi.app.letters_job import make_letters

    @macro("buat_surat")                      # button from layout.BUTTONS, error handling, registry
    def buat_surat(book: xw.Book = None):     # Lite/Server inject the book; desktop: Book.caller()
        with open_session(book) as session:   # one bulk read; writes sent in bulk when the block ends
            result = make_letters(session, acting_user(session.data.settings), tanggal=..., render=...)
        session.report(result.message())      # Indonesian message box

Public API
----------
``macro(name, *, button=True, **script_options)``
    Decorator. Wraps the function so that a :class:`PpidError` becomes an Indonesian alert
    (``mode="critical"``), any other exception is logged with its traceback and shown as
    :data:`errors.GENERIC_MESSAGE`, and in both cases queued remote actions are discarded
    (Lite/Server: nothing of a failed run reaches the workbook). ``book`` may be omitted (desktop
    ``RunPython``): ``xw.Book.caller()`` is used. Then applies ``xw.script(name=..., button=...)``
    with the button reference of :data:`layout.BUTTONS` (``"[Tombol_<name>]Register!<cell>"``).
    The module attribute is what xlwings makes of it (an async wrapper in Lite/Server, the function
    itself on desktop); :func:`plain` always returns the synchronous, error-handled function.
    Macros are registered in :data:`MACROS` by name.
``plain(func) -> callable``                the error-handled ``f(book=None)`` behind a decorated macro
``open_session(book) -> BookSession``      the workbook-session port over the book (``adapters/book_session.py``)
``button_ref(name) -> str``                 ``"[Tombol_validasi]Register!B2"`` (``layout.button_ref``, one definition)
``MACROS: dict[str, callable]``             name -> plain function (for ``macros.jalankan``)

Identity: on desktop and in xlwings Lite the acting user is whatever the workbook says
(``pengguna_aktif``); anyone who can edit the workbook can change it. Only xlwings Server with
authentication enforces identity (``required_roles``), see docs/workflow.md.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import xlwings as xw

from ppid_dokumentasi.adapters.book_session import BookSession
from ppid_dokumentasi.batch import gc_paused
from ppid_dokumentasi.errors import GENERIC_MESSAGE, PpidError
from ppid_dokumentasi.layout import button_ref  # noqa: F401 (re-exported: macros.common.button_ref)
from ppid_dokumentasi.logsetup import configure_logging

log = logging.getLogger("ppid_dokumentasi.macros")

TITLE = "PPID Dokumentasi"
MACROS: dict[str, Callable[..., None]] = {}


def _discard_pending(book: Any) -> None:
    """Drop queued remote actions (Lite/Server) so a failed run changes nothing."""
    try:
        queued = book.impl.json()  # remote engine only
    except Exception:
        return
    if isinstance(queued, dict):
        queued["actions"] = []


def _alert(book: Any, message: str, mode: str) -> None:
    try:
        book.app.alert(message, title=TITLE, mode=mode)
    except Exception:  # e.g. no UI: the message is still in the log
        log.warning("pesan tidak dapat ditampilkan: %s", message)


def macro(name: str, *, button: bool = True, **script_options: Any):
    """Make ``func(book)`` a workbook macro: error handling, desktop fallback, xw.script, registry."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(book: xw.Book = None) -> None:
            configure_logging()
            if book is None:
                book = xw.Book.caller()
            try:
                with gc_paused():  # as ``ppid validasi`` does: a register is many small acyclic objects
                    func(book)
            except PpidError as exc:
                _discard_pending(book)
                _alert(book, exc.message, "critical")
            except Exception:
                log.exception("galat tak terduga pada makro %s", name)
                _discard_pending(book)
                _alert(book, GENERIC_MESSAGE, "critical")

        # Copy identity by hand (not functools.wraps): unwrapping must stop at ``guarded``.
        guarded.__name__ = guarded.__qualname__ = func.__name__
        guarded.__module__ = func.__module__
        guarded.__doc__ = func.__doc__
        guarded.__ppid_impl__ = func  # the unguarded body, for tests
        guarded.__ppid_macro__ = name
        MACROS[name] = guarded
        options = dict(script_options)
        options.setdefault("name", name)
        if button and button_ref(name):
            options.setdefault("button", button_ref(name))
        return xw.script(**options)(guarded)

    return decorate


def plain(func: Callable[..., Any]) -> Callable[..., None]:
    """The synchronous ``f(book=None)`` behind a decorated macro (whatever xw.script made of it)."""
    while not hasattr(func, "__ppid_macro__") and hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    if not hasattr(func, "__ppid_macro__"):
        raise TypeError(f"{func!r} bukan makro PPID")
    return func


def open_session(book: Any) -> BookSession:
    """The workbook-session port over the book: one bulk read; writes sent in bulk at the end."""
    return BookSession(book)
