"""The user's config file (annotator name, right-to-left mode): small TOML, read and written here."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from workbench.errors import InvalidValue


def config_path() -> Path:
    explicit = os.environ.get("WORKBENCH_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "workbench" / "config.toml"


def load() -> dict:
    path = config_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise InvalidValue(f"{path}: not a valid config file ({exc})") from None


def save(values: dict) -> Path:
    """Merge `values` into the config file (flat string keys only)."""
    path = config_path()
    merged = {**load(), **values}
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for key, value in sorted(merged.items()):
        escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'{key} = "{escaped}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def resolve_annotator(option: str | None) -> str | None:
    """--annotator, then WORKBENCH_ANNOTATOR, then the config file's `annotator`."""
    for value in (option, os.environ.get("WORKBENCH_ANNOTATOR"), load().get("annotator")):
        if value and str(value).strip():
            return str(value).strip()
    return None
