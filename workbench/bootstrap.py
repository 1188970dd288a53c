"""First run: a fresh database gets the controlled glossary and the sample corpus, so the
workbench is never empty. Each is loaded once and recorded in `meta`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlite_utils import Database

from workbench.config import GAZETTEER_FILE, glossary_dir


SYSTEM_ANNOTATOR = "workbench"


def repo_glossary_dir() -> Path:
    return glossary_dir()


def _meta(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _set_meta(db: Database, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])


def sample_files() -> list[Path]:
    folder = resources.files("workbench") / "data" / "sample"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def load_sample(db: Database) -> int:
    """Load the sample corpus into a database that has no documents yet."""
    from workbench.corpus.importer import document_from_text
    from workbench.store.documents import save_document
    loaded = 0
    with db.atomic():
        if _meta(db, "sample_loaded") or db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]:
            _set_meta(db, "sample_loaded", "skipped")
            return 0
        for path in sample_files():
            text = path.read_text(encoding="utf-8")
            save_document(db, document_from_text(text, f"sample:{path.name}", f"sample/{path.name}"))
            loaded += 1
        _set_meta(db, "sample_loaded", "yes")
    return loaded


def load_glossary(db: Database) -> int:
    """Load glossary/ into a database that has never had it."""
    from workbench.terms import exchange
    if _meta(db, "glossary_loaded"):
        return 0
    folder = repo_glossary_dir()
    loaded = 0
    with db.atomic():
        for path in sorted(folder.glob("*.tsv")) if folder.is_dir() else []:
            if path.name == GAZETTEER_FILE:      # places, not terms: claims.places reads it
                continue
            loaded += exchange.import_file(db, path, SYSTEM_ANNOTATOR).count
        _set_meta(db, "glossary_loaded", "yes")
    return loaded


def first_run(db: Database, sample: bool = True) -> None:
    load_glossary(db)
    if sample and not _meta(db, "sample_loaded"):
        load_sample(db)
