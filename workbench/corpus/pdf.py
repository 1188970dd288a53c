"""PDF statements as documents: the text layer through pdfminer.six, Arabic repaired.

pdfminer is used rather than pypdf because it reports glyphs in the order they sit on the
line, left to right, whatever the producer did; pypdf reverses Arabic runs on a guess of its
own, which scrambles PDFs whose text layer was already in reading order. Arabic comes out of
PDFs in two broken ways, often both: as presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF:
the shaped glyphs, which neither the glossary nor search know) and in visual order (each
line reversed, as drawn). Both are detected and repaired here (see `pdf_arabic`), so the
stored raw text is the logical-order Arabic with base letters an analyst would have typed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from workbench.corpus import readers
from workbench.corpus.pdf_arabic import repair_lines
from workbench.errors import ImportError_
from workbench.store.documents import NewDocument

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def extract_text(path: Path, data: bytes) -> str:
    """The PDF's text, one paragraph per line and Arabic repaired; refused in one line when
    it is not a PDF, is encrypted, is damaged or has no text layer (a scan)."""
    name = readers.shown(path)
    if b"%PDF-" not in data[:1024]:
        raise ImportError_(f"{name}: not a PDF file (no %PDF header)")
    import logging
    logging.getLogger("pdfminer").setLevel(logging.ERROR)   # its warnings are not our lines
    from pdfminer.high_level import extract_text as pdfminer_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFTextExtractionNotAllowed
    try:
        text = pdfminer_text(io.BytesIO(data), laparams=_layout())
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportError_(f"{name}: encrypted PDF (it needs a password); save a decrypted "
                           "copy to import it") from None
    except PDFTextExtractionNotAllowed:
        raise ImportError_(f"{name}: encrypted PDF that forbids copying its text") from None
    except RecursionError:
        raise ImportError_(f"{name}: damaged PDF (its objects nest without end)") from None
    except Exception as exc:       # pdfminer's parser raises many kinds on damaged files
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        what = "encrypted PDF that cannot be decrypted" if b"/Encrypt" in data else \
            "damaged or unreadable PDF"
        raise ImportError_(f"{name}: {what} ({detail})") from None
    boxes = _boxes(text)
    if not boxes:
        raise ImportError_(f"{name}: PDF has no text layer (a scan or images only); "
                           "run OCR on it first")
    repaired = iter(repair_lines([line for box in boxes for line in box]))
    return "\n".join(" ".join(next(repaired) for _ in box) for box in boxes)


def _boxes(text: str) -> list[list[str]]:
    """pdfminer's text boxes (separated by blank lines), each a list of its lines. A box
    becomes one line of the document once its lines are repaired (each as drawn): a sentence
    the page wrapped is whole again, so segments and glossary matches are not cut at the margin."""
    out = []
    text = _CONTROL_RE.sub("", text)           # unmapped glyphs some producers leave
    for box in re.split(r"\n\s*\n|\f", text):
        lines = [" ".join(line.split()) for line in box.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append(lines)
    return out


def document(path: Path) -> NewDocument:
    from workbench.corpus.importer import document_from_text
    text = extract_text(path, readers.read_bytes(path))
    doc = document_from_text(text, readers.storable_key(path), str(path))
    doc.source_kind = "pdf"
    return doc


def _layout():
    """pdfminer's layout analysis, with one change: glyphs of two fonts on one line (Arabic
    in one, digits and Latin in another) overlap less in height than pdfminer assumes when
    the Arabic font has deep descenders, so less overlap is asked for to keep them one line."""
    from pdfminer.layout import LAParams
    return LAParams(line_overlap=0.25)
