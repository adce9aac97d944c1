"""Build hook: the wheel also carries the letter templates and the workbook's ``macros`` package.

``templates/*.docx`` (built by ``templates/build_templates.py``) become package data of
``ppid_dokumentasi`` (``ppid_dokumentasi/templates/``: ``letters.DEFAULT_TEMPLATES`` finds them
there in an installed package, in ``templates/`` in a source checkout), and ``macros/`` becomes the
top-level import package ``macros`` (the buttons' Subs run ``import macros``). Both folders stay
at the repository root, where the team edits them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithWorkbookFiles(build_py):
    def run(self):
        super().run()
        templates = Path(self.build_lib, "ppid_dokumentasi", "templates")
        templates.mkdir(parents=True, exist_ok=True)
        for docx in sorted((ROOT / "templates").glob("*.docx")):
            shutil.copy2(docx, templates / docx.name)
        macros = Path(self.build_lib, "macros")
        macros.mkdir(parents=True, exist_ok=True)
        for module in sorted((ROOT / "macros").glob("*.py")):
            shutil.copy2(module, macros / module.name)


setup(cmdclass={"build_py": BuildWithWorkbookFiles})
