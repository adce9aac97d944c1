"""Where unexpected errors go: a log file with the full traceback (never shown raw to users).

The file is ``$PPID_LOG`` when set, else ``~/.cache/ppid-dokumentasi/ppid.log``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


def log_path() -> Path:
    env = os.environ.get("PPID_LOG")
    return Path(env) if env else Path.home() / ".cache" / "ppid-dokumentasi" / "ppid.log"


def configure_logging() -> Path:
    path = log_path()
    root = logging.getLogger("ppid_dokumentasi")
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path
