"""The user's config file (annotator name, right-to-left mode, harakat, where the UI was in each
database): small TOML, read and written here."""

from __future__ import annotations

import os
import tomllib
import unicodedata
from pathlib import Path

from workbench.errors import InvalidValue

MAX_NAME = 100


def glossary_dir() -> Path:
    """glossary/ (the controlled glossary and the gazetteer, reviewed data beside the package),
    or the folder WORKBENCH_GLOSSARY names."""
    explicit = os.environ.get("WORKBENCH_GLOSSARY")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parent.parent / "glossary"


GAZETTEER_FILE = "gazetteer.tsv"     # in glossary_dir(); read by claims.places, not imported


def config_path() -> Path:
    explicit = os.environ.get("WORKBENCH_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "workbench" / "config.toml"


def load() -> dict:
    path = config_path()
    try:
        if not path.exists():
            return {}
        if not path.is_file():
            raise InvalidValue(f"{path}: not a regular file, not a config file")
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidValue(f"{path}: not a valid config file ({exc}); fix or delete it") from None


def save(values: dict) -> Path:
    """Merge `values` into the config file, written by a TOML library so it always loads back."""
    import tomli_w
    path = config_path()
    merged = {**load(), **values}
    text = tomli_w.dumps(merged)
    target = Path(os.path.realpath(path))       # a symlinked dotfile keeps its link
    if target.exists() and not target.is_file():
        raise InvalidValue(f"{path}: not a regular file; cannot save the config there")
    tmp = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidValue(f"{path}: cannot write the config file ({exc.strerror})") from None
    return path


LAST_POSITIONS = "last_position"   # database path -> {"document": id, "position": n}
KEEP_POSITIONS = 20                # databases remembered


def last_position(db_path: str) -> tuple[int, int] | None:
    """(document id, segment position) the UI last showed for this database, if known."""
    try:
        entry = load().get(LAST_POSITIONS, {}).get(os.path.realpath(db_path))
    except (InvalidValue, AttributeError):
        return None
    if not isinstance(entry, dict):
        return None
    document, position = entry.get("document"), entry.get("position", 0)
    if isinstance(document, int) and isinstance(position, int) and position >= 0:
        return document, position
    return None


def remember_position(db_path: str, document_id: int, position: int) -> None:
    """Keep where the UI is in this database (the most recent KEEP_POSITIONS databases)."""
    key = os.path.realpath(db_path)
    known = load().get(LAST_POSITIONS, {})
    known = {k: v for k, v in known.items() if k != key} if isinstance(known, dict) else {}
    known[key] = {"document": int(document_id), "position": int(position)}
    save({LAST_POSITIONS: dict(list(known.items())[-KEEP_POSITIONS:])})


# Bidi embeddings, overrides and isolates: a name holding one displays as another name
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_annotator(name: object, where: str = "annotator") -> str:
    """An annotator's name as it is stored in history: one line of visible text."""
    if not isinstance(name, str):
        raise InvalidValue(f"{where}: the name must be text, not {type(name).__name__}")
    cleaned = name.strip()
    if not cleaned:
        raise InvalidValue(f"{where}: the name is empty")
    if len(cleaned) > MAX_NAME:
        raise InvalidValue(f"{where}: the name is longer than {MAX_NAME} characters")
    for char in cleaned:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp") or char in BIDI_CONTROLS:
            raise InvalidValue(f"{where}: {ascii(cleaned)} holds a control or unassigned "
                               f"character ({ascii(char)})")
    if not any(unicodedata.category(c)[0] in "LNPS" for c in cleaned):
        raise InvalidValue(f"{where}: {ascii(cleaned)} has no visible character")
    return cleaned


def resolve_annotator(option: str | None) -> str | None:
    """--annotator, then WORKBENCH_ANNOTATOR, then the config file's `annotator`."""
    sources = (("--annotator", option), ("WORKBENCH_ANNOTATOR", os.environ.get("WORKBENCH_ANNOTATOR")),
               (f"{config_path()}: annotator", load().get("annotator")))
    for where, value in sources:
        if value is not None and (not isinstance(value, str) or value.strip()):
            return check_annotator(value, where)
    return None
