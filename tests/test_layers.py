"""The layers, checked on the source (README "Design"): the core never imports an adapter, the
application layer, the CLI, the macros or a file-format/Excel library; the application layer
imports neither adapters nor entry points nor those libraries.

Core = every module of the package except ``adapters/``, ``app/``, the CLI (``cli.py``,
``cli_*.py``, ``__main__.py``), ``demo.py`` (an orchestrator that runs CLI commands) and
``server/`` (the xlwings Server entry point, like the macros).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ppid_dokumentasi"
LIBRARIES = ("xlwings", "openpyxl", "python_calamine", "docx", "docxtpl")
ENTRY_POINTS = ("cli", "demo", "__main__", "macros", "server")


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if rel.parts[0] in ("adapters", "app"):
        return rel.parts[0]
    if rel.parts[0] == "server" or rel.name in ("cli.py", "__main__.py", "demo.py") or rel.name.startswith("cli_"):
        return "entry"
    return "core"


def _imports(path: Path) -> list[str]:
    """Absolute names of every import in a module (relative imports resolved; lazy ones included)."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names += [module] if node.module else [f"{module}.{alias.name}" for alias in node.names]
    return names


def _forbidden(layer: str) -> tuple[str, ...]:
    own = "ppid_dokumentasi."
    entry = tuple(f"{own}{e}" for e in ENTRY_POINTS) + ("macros",)
    if layer == "core":
        return (f"{own}adapters", f"{own}app") + entry + LIBRARIES
    if layer == "app":
        return (f"{own}adapters",) + entry + LIBRARIES
    return ()


MODULES = sorted(PACKAGE.rglob("*.py"))
# Known exceptions, each to move into adapters/ (README "Design"); the test fails once one is gone,
# so the list cannot outlive them.
KNOWN = {
    "sources.py": {"python_calamine"},  # reading .xlsx import sources
}


@pytest.mark.parametrize("path", [p for p in MODULES if _layer(p) in ("core", "app")],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_what_its_layer_may(path):
    forbidden = _forbidden(_layer(path))
    bad = [name for name in _imports(path)
           if any(name == f or name.startswith(f + ".") or (f.endswith("cli") and name.startswith(f + "_"))
                  for f in forbidden)]
    known = KNOWN.get(str(path.relative_to(PACKAGE)), set())
    assert {b.split(".")[0] for b in bad} == known, f"{path.relative_to(PACKAGE)} ({_layer(path)}) imports {bad}"


def test_the_check_sees_the_imports_it_must_refuse():
    """The import reader resolves relative and lazy imports (so the test above cannot pass vacuously)."""
    names = _imports(PACKAGE / "cli_workflow.py")
    assert "ppid_dokumentasi.adapters.file_session" in names and "ppid_dokumentasi.app.actors" in names
    assert _layer(PACKAGE / "workbook.py") == "core" and _layer(PACKAGE / "app" / "actors.py") == "app"
    assert _layer(PACKAGE / "cli_letters.py") == "entry" and _layer(PACKAGE / "adapters" / "xlwings_book.py") == "adapters"
    assert "openpyxl" in _forbidden("core") and "ppid_dokumentasi.adapters" in _forbidden("app")
