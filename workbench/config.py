"""The user's config file (annotator name, right-to-left mode): small TOML, read and written here."""

from __future__ import annotations

import os
import tomllib
import unicodedata
from pathlib import Path

from workbench.errors import InvalidValue

MAX_NAME = 100


def config_path() -> Path:
    explicit = os.environ.get("WORKBENCH_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "workbench" / "config.toml"


def load() -> dict:
    path = config_path()
    try:
        if not path.is_file():
            return {}
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidValue(f"{path}: not a valid config file ({exc}); fix or delete it") from None


def save(values: dict) -> Path:
    """Merge `values` into the config file, written by a TOML library so it always loads back."""
    import tomli_w
    path = config_path()
    merged = {**load(), **values}
    text = tomli_w.dumps(merged)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InvalidValue(f"{path}: cannot write the config file ({exc.strerror})") from None
    return path


def check_annotator(name: str, where: str = "annotator") -> str:
    """An annotator's name as it is stored in history: one printable line of text."""
    cleaned = str(name).strip()
    if not cleaned:
        raise InvalidValue(f"{where}: the name is empty")
    if len(cleaned) > MAX_NAME:
        raise InvalidValue(f"{where}: the name is longer than {MAX_NAME} characters")
    for char in cleaned:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise InvalidValue(f"{where}: {cleaned.encode('unicode_escape').decode('ascii')!s} "
                               f"holds a control or unassigned character ({ascii(char)})")
    return cleaned


def resolve_annotator(option: str | None) -> str | None:
    """--annotator, then WORKBENCH_ANNOTATOR, then the config file's `annotator`."""
    sources = (("--annotator", option), ("WORKBENCH_ANNOTATOR", os.environ.get("WORKBENCH_ANNOTATOR")),
               (f"{config_path()}: annotator", load().get("annotator")))
    for where, value in sources:
        if value is not None and str(value).strip():
            return check_annotator(str(value), where)
    return None
