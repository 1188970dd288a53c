"""An OmegaT project of the corpus (`workbench export omegat DIR`) that carries only human
translations as translations.

OmegaT (checked with 3.6 in console mode) fills a segment from a TMX in `tm/auto/` when
its source matches exactly, and from `tm/enforce/`; every other TMX under `tm/` is a
reference shown in the Fuzzy Matches pane and never inserted by itself (OmegaT 4 also
marks those in `tm/mt/` as machine translation). OmegaT ignores TMX properties, so our
`x-workbench-origin` cannot keep it from using raw MT: the folder does. Hence:

    tm/auto/workbench-postedits.tmx   post-edits (origin postedit): filled in
    tm/matches/workbench-matches.tmx  100% matches (another segment's post-edit): shown
    tm/mt/workbench-mt.tmx            machine translation: shown, never filled in

Segmentation: our segments are sentences, so `source/` holds one segment a line, the
project's text filter (`omegat/filters.xml`) makes each line a segment, and sentence
segmentation is off, so OmegaT's segments are ours and the TMX sources match exactly
(OmegaT's default text filter joins lines up to an empty line into one segment).
Line breaks inside a segment become spaces, in the source files and the TMX alike.

The glossary is `glossary/glossary.txt` in OmegaT's format (terms.omegat_glossary): the
approved rendering as the target, acceptable and forbidden ones in the comment.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from sqlite_utils import Database

from workbench.corpus import formats
from workbench.errors import WorkbenchError
from workbench.exports import PARTS, corpus_records
from workbench.mt.english import MATCH, MT, POSTEDIT
from workbench.store.documents import get_document
from workbench.terms import omegat_glossary
from workbench.terms.store import list_terms

PROJECT_FILE = "omegat.project"
SOURCE_TOKENIZER = "org.omegat.tokenizer.LuceneArabicTokenizer"
TARGET_TOKENIZER = "org.omegat.tokenizer.LuceneEnglishTokenizer"
MEMORIES = ((POSTEDIT, "tm/auto/workbench-postedits.tmx"),
            (MATCH, "tm/matches/workbench-matches.tmx"),
            (MT, "tm/mt/workbench-mt.tmx"))
FOLDERS = ("source", "target", "tm/auto", "tm/matches", "tm/mt", "glossary", "dictionary",
           "omegat")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")

PROJECT_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes>
      <mask>**/.svn/**</mask>
      <mask>**/CVS/**</mask>
      <mask>**/.cvs/**</mask>
      <mask>**/desktop.ini</mask>
      <mask>**/Thumbs.db</mask>
      <mask>**/.DS_Store</mask>
    </source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>ar</source_lang>
    <target_lang>en</target_lang>
    <source_tok>{SOURCE_TOKENIZER}</source_tok>
    <target_tok>{TARGET_TOKENIZER}</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""

# The project's own filter settings: UTF-8 text files, one segment a line.
FILTERS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="true" ignoreFileContext="false">
  <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
    <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}" sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
    <option name="segmentOn" value="BREAKS"/>
  </filter>
</filters>
"""

README = """OmegaT project exported by the Arabic-English workbench (Arabic to English).

source/     the documents' Arabic text, one segment (sentence) a line; each line is one
            OmegaT segment (omegat/filters.xml; sentence segmentation is off)
target/     what OmegaT writes when you create the translated documents
tm/auto/    post-edits (human translations): OmegaT fills them in
tm/matches/ 100% matches, another segment's post-edit of the same text: shown, not filled in
tm/mt/      machine translation: shown as matches, never filled in; check before you use it
glossary/   glossary.txt: the controlled glossary; the target is the approved rendering,
            the comment lists acceptable ones ("also:") and forbidden ones ("not:")
omegat/     OmegaT's own files; your translations are saved in omegat/project_save.tmx

Exporting again into this folder rewrites the files above (not your translations in
omegat/); source files of documents no longer exported stay until you remove them.
"""


class ProjectFolderError(WorkbenchError):
    """The folder given for an OmegaT project cannot take one."""


@dataclass
class Written:
    folder: str
    documents: int = 0
    segments: int = 0
    units: dict[str, int] = field(default_factory=dict)   # origin → TMX units
    terms: int = 0


def check_folder(folder: Path, force: bool = False) -> bool:
    """Whether the folder exists; refuses a file, and a non-empty folder that is not an
    OmegaT project (unless `force`), before anything is written."""
    if not folder.exists():
        parent = folder.absolute().parent
        if not parent.is_dir():
            raise ProjectFolderError(f"{folder}: {parent} does not exist")
        return False
    if not folder.is_dir():
        raise ProjectFolderError(f"{folder}: is a file, not a folder")
    if (folder / PROJECT_FILE).is_file() or force:
        return True
    if any(folder.iterdir()):
        raise ProjectFolderError(f"{folder}: not empty and not an OmegaT project (no "
                                 f"{PROJECT_FILE}); give an empty folder, or --force to "
                                 "write the project into it")
    return True


def arabic_documents(db: Database, document_ids: Iterable[int] = ()) -> list[dict]:
    """The documents to export: those given (each must have Arabic segments), else every
    current document that has any."""
    ids = list(dict.fromkeys(document_ids))
    with_arabic = {r[0] for r in db.execute(
        "SELECT DISTINCT document_id FROM segments WHERE language = 'ar'")}
    if ids:
        documents = [get_document(db, i) for i in ids]       # NotFound for a bad id
        for d in documents:
            if d["id"] not in with_arabic:
                raise ProjectFolderError(f"document {d['id']}: has no Arabic segments to "
                                         "translate")
        return documents
    documents = [dict(r) for r in db.query(
        "SELECT * FROM documents WHERE is_current = 1 ORDER BY id") if r["id"] in with_arabic]
    if not documents:
        raise ProjectFolderError("no document with Arabic segments to export")
    return documents


def one_line(text: str) -> str:
    """A segment as one line of a source file (and the TMX source that must match it)."""
    return _LINE_BREAKS.sub(" ", text).strip()


def file_name(document: dict) -> str:
    """`0003-agency-sdf-halfyear-toll.txt`: the id, then the document's key or title as
    ASCII."""
    key = (document.get("doc_key") or "").rstrip("/").rsplit("/", 1)[-1].split(":")[-1]
    key = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", key)
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_key.lower()).strip("-")[:60].strip("-")
    return f"{document['id']:04d}-{slug}.txt" if slug else f"{document['id']:04d}.txt"


def _records(db: Database, documents: list[dict], origin: str) -> Iterable[dict]:
    for d in documents:
        for record in corpus_records(db, d["id"], (origin,), PARTS["tmx"]):
            text = one_line(record["text"])
            if record["language"] == "ar" and text:
                yield {**record, "text": text}


def _write(path: Path, text: str) -> None:
    """A file written whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _write_tmx(path: Path, records: Iterable[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        count = formats.write_tmx(records, fh)
    os.replace(tmp, path)
    return count


def write_project(db: Database, folder: Path | str, document_ids: Iterable[int] = (),
                  force: bool = False) -> Written:
    """Write the OmegaT project into `folder` (made, or an OmegaT project, or any folder with
    `force`). A new folder is built beside it and renamed into place when complete."""
    folder = Path(folder)
    exists = check_folder(folder, force)
    documents = arabic_documents(db, document_ids)
    target = folder
    if not exists:
        target = folder.absolute().parent / f".{folder.name}.part"
        shutil.rmtree(target, ignore_errors=True)
    try:
        written = _fill(db, target, documents)
        if not exists:
            os.replace(target, folder)
    except BaseException as exc:
        if not exists:
            shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ProjectFolderError(f"{folder}: cannot write ({exc.strerror or exc})") from None
        raise
    written.folder = str(folder)
    return written


def _fill(db: Database, root: Path, documents: list[dict]) -> Written:
    for name in FOLDERS:
        (root / name).mkdir(parents=True, exist_ok=True)
    written = Written(str(root), documents=len(documents))
    for d in documents:
        lines = [one_line(r[0]) for r in db.execute(
            "SELECT raw FROM segments WHERE document_id = ? AND language = 'ar' "
            "ORDER BY position", [d["id"]])]
        lines = [line for line in lines if line]
        written.segments += len(lines)
        _write(root / "source" / file_name(d), "".join(line + "\n" for line in lines))
    for origin, relative in MEMORIES:
        written.units[origin] = _write_tmx(root / relative, _records(db, documents, origin))
    terms = list_terms(db)
    written.terms = sum(t.status != "deprecated" for t in terms)
    _write(root / "glossary" / "glossary.txt", omegat_glossary.dump(terms))
    _write(root / "omegat" / "filters.xml", FILTERS_XML)
    _write(root / "README.txt", README)
    _write(root / PROJECT_FILE, PROJECT_XML)
    return written
