"""Word (.docx) statements as documents, through python-docx: paragraphs and table rows in
the order they stand in the document. A .docx is a zip of XML parts; a renamed zip or a
damaged file is refused in one line naming it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from workbench.corpus import readers
from workbench.errors import ImportError_
from workbench.store.documents import NewDocument

CELL_SEPARATOR = " | "
MAX_UNPACKED = 256 * 1024 * 1024     # a zip bomb named .docx is refused before it is opened


def extract_text(path: Path, data: bytes) -> str:
    """The document's paragraphs and table rows, one per line."""
    name = readers.shown(path)
    if not data.startswith(b"PK"):
        raise ImportError_(f"{name}: not a Word .docx file (not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportError_(f"{name}: damaged .docx (its zip package cannot be read: "
                           f"{' '.join(str(exc).split())[:100]})") from None
    if unpacked > MAX_UNPACKED:
        raise ImportError_(f"{name}: .docx unpacks to {unpacked // (1024 * 1024)} MB "
                           f"(the limit is {MAX_UNPACKED // (1024 * 1024)} MB)")
    if "word/document.xml" not in names:
        raise ImportError_(f"{name}: a zip file but not a Word document (no word/document.xml); "
                           "is it a renamed archive?")
    import docx
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_lines(document))
    except Exception as exc:        # python-docx and lxml raise many kinds on damaged parts
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise ImportError_(f"{name}: damaged .docx ({detail})") from None
    text = "\n".join(line for line in lines if line)
    if not text.strip():
        raise ImportError_(f"{name}: Word document with no text")
    return text


def _lines(document):
    from docx.table import Table
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:       # a merged cell is listed once per grid column
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                yield CELL_SEPARATOR.join(cells)
        else:
            yield " ".join(block.text.split())


def document(path: Path) -> NewDocument:
    from workbench.corpus.importer import document_from_text
    text = extract_text(path, readers.read_bytes(path))
    doc = document_from_text(text, readers.storable_key(path), str(path))
    doc.source_kind = "docx"
    return doc
