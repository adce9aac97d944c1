"""The letters' .docx side: rendering a :class:`~ppid_dokumentasi.letters.LetterContext` into a template
with docxtpl, reading a produced letter's text back, and listing what a template uses that the
context does not define. The core (:mod:`ppid_dokumentasi.letters`) builds the context, numbers and
records; it is handed :func:`render` and never imports a .docx library.
"""

from __future__ import annotations

import io
import re
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import LetterError
from ..letters import (
    LOGO_KEY, Butir, LetterContext, LetterKind, MissingValue, NESTED_MODELS, jinja_env, template_data, template_path,
)

log = logging.getLogger("ppid_dokumentasi.letters")


@lru_cache(maxsize=32)
def _template_bytes(path: str, mtime_ns: int, size: int) -> bytes:
    return Path(path).read_bytes()


_UNDEFINED = (re.compile(r"'([^']+)' is undefined"), re.compile(r"has no attribute '([^']+)'"))


LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
LOGO_MAX_BYTES = 5 * 1024 * 1024


def _logo(document, path_text: str):
    """The lambang daerah as an inline image (2 cm high), or '' when Pengaturan logo_kop is empty."""
    if not path_text:
        return ""
    from docx.shared import Cm
    from docxtpl import InlineImage

    path = Path(path_text)
    if path.suffix.lower() not in LOGO_SUFFIXES or not path.is_file() or path.stat().st_size > LOGO_MAX_BYTES:
        raise LetterError(f"Pengaturan '{LOGO_KEY}' berisi '{path_text}': harus berkas gambar .png/.jpg (paling besar "
                          "5 MB) yang ada; perbaiki lalu buat surat lagi.", sheet="Pengaturan", column="Nilai")
    return InlineImage(document, str(path), height=Cm(2.0))


def render(kind: LetterKind, context: LetterContext, folder: Path) -> bytes:
    """The letter as .docx bytes; every template or data problem is a LetterError."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError, TemplateError

    path = template_path(kind, folder)
    stat = path.stat()
    ids = ", ".join(b.id_informasi for b in context.daftar) or "-"
    where = f"{kind.label} (templat '{kind.template}', ID Informasi {ids})"
    try:
        document = DocxTemplate(io.BytesIO(_template_bytes(str(path), stat.st_mtime_ns, stat.st_size)))
        data = template_data(context)
        data["logo"] = _logo(document, context.logo)
        document.render(data, jinja_env=jinja_env())
        buffer = io.BytesIO()
        document.save(buffer)
    except MissingValue as exc:
        marker = exc.marker
        about = f" untuk ID Informasi {marker.item}" if marker.item else ""
        raise LetterError(
            f"{kind.label} tidak dibuat: templat '{kind.template}' mencetak '{marker.variable}' ({marker.source}), "
            f"tetapi nilainya kosong{about}. Isi nilainya lalu buat surat lagi; tidak ada yang diubah.",
            column=marker.source) from None
    except UndefinedError as exc:
        name = next((m[1] for p in _UNDEFINED if (m := p.search(str(exc)))), str(exc))
        raise LetterError(
            f"{where} tidak dibuat: templat memakai variabel '{name}' yang tidak dikenal. Variabel yang boleh "
            "dipakai tercantum di docs/letters.md; tidak ada yang diubah.") from None
    except TemplateSyntaxError as exc:
        raise LetterError(f"{where} tidak dibuat: tag templat rusak ({exc.message}). Perbaiki templat di Word; "
                          "tidak ada yang diubah.") from None
    except SecurityError as exc:
        raise LetterError(f"{where} tidak dibuat: templat memakai perintah yang tidak diizinkan ({exc}).") from None
    except TemplateError as exc:
        raise LetterError(f"{where} tidak dibuat: galat templat ({exc}).") from None
    except (KeyError, ValueError, OSError) as exc:
        if isinstance(exc, ValueError) and "docx" not in str(exc).lower() and "zip" not in str(exc).lower():
            raise
        log.warning("templat %s tidak terbaca: %r", path, exc)
        raise LetterError(f"Templat '{path}' bukan berkas .docx yang sah ({type(exc).__name__}).") from None
    return buffer.getvalue()


def extract_text(source: Path | bytes) -> str:
    """The text of a .docx in body order: paragraphs as lines, table rows as ``a | b | c``."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    lines: list[str] = []

    def walk(parent, container) -> None:
        for child in container.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, parent).text)
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    seen: list[Any] = []
                    cells = []
                    for cell in row.cells:
                        if any(cell._tc is tc for tc in seen):
                            continue
                        seen.append(cell._tc)
                        cells.append(" / ".join(p.text for p in cell.paragraphs).strip(" /"))
                    lines.append(" | ".join(cells))

    walk(document, document.element.body)
    return "\n".join(line.rstrip() for line in lines)


def template_problems(path: Path) -> list[str]:
    """Variables a template uses that :class:`LetterContext` does not define (empty = fine).

    Checks top-level names (``{{ nomorx }}``), attributes of the nested models (``{{ item.hobi }}``,
    ``{{ kop.fax }}``) and of loop variables over ``daftar`` (``{% for it in daftar %}{{ it.x }}``).
    """
    from docx import Document
    from docxtpl import DocxTemplate
    from jinja2 import nodes

    helper = DocxTemplate(str(path))
    document = Document(str(path))
    source = helper.patch_xml(helper.xml_to_string(document.element.body))
    tree = jinja_env().parse(source)
    fields = set(LetterContext.model_fields)
    known_names = fields | {"loop"}
    aliases: dict[str, type[BaseModel] | None] = {}
    locals_: set[str] = set()
    for loop in tree.find_all(nodes.For):
        targets = [loop.target] if isinstance(loop.target, nodes.Name) else list(loop.target.find_all(nodes.Name))
        for target in targets:
            locals_.add(target.name)
            if isinstance(loop.iter, nodes.Name) and loop.iter.name == "daftar":
                aliases[target.name] = Butir
            else:
                aliases.setdefault(target.name, None)
    for assign in tree.find_all(nodes.Assign):
        target = assign.target
        locals_.update(n.name for n in ([target] if isinstance(target, nodes.Name) else target.find_all(nodes.Name)))
    problems: list[str] = []
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known_names and name.name not in locals_:
            problems.append(f"variabel '{name.name}' tidak dikenal")
    for node in tree.find_all(nodes.Getattr):
        if not isinstance(node.node, nodes.Name):
            continue
        owner = node.node.name
        model = NESTED_MODELS.get(owner) if owner in fields and owner != "daftar" else aliases.get(owner)
        if owner == "loop" or (model is None and owner not in fields):
            continue
        if model is None or node.attr not in model.model_fields:
            problems.append(f"variabel '{owner}.{node.attr}' tidak dikenal")
    return sorted(set(problems))
