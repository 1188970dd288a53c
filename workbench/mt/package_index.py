"""The argospm package index: `workbench models install ar en` when online.

argos' AvailablePackage trusts the types of every field of an index entry, so each entry is
checked first and a malformed index is refused in one line naming the entry.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from workbench.errors import ModelError
from workbench.mt.models import (FROM_CODE, TO_CODE, InstalledModel, argos_setting, install_file,
                                 test_model_allowed)

INDEX_TIMEOUT_S = 20


def index_url() -> str:
    """The argospm package index (ARGOS_PACKAGE_INDEX, else argos' default), as a URL to index.json."""
    from argostranslate import settings
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or argos_setting(
        "ARGOS_PACKAGE_INDEX", settings.package_index)
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def fetch(url: str, what: str, to: Path | None = None) -> bytes | None:
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, headers={"User-Agent": "workbench (ArgosTranslate)"})
    try:
        with urllib.request.urlopen(request, timeout=INDEX_TIMEOUT_S) as response:
            if to is None:
                return response.read()
            with to.open("wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
            return None
    except urllib.error.HTTPError as exc:
        reason = f"HTTP {exc.code}"
    except urllib.error.URLError as exc:
        reason = str(exc.reason)
    except (OSError, ValueError) as exc:
        reason = str(exc) or type(exc).__name__
    raise ModelError(f"{what} {url} is unreachable ({reason}); offline, install a package file "
                     "with `workbench models install FILE.argosmodel`")


_INDEX_TEXT_FIELDS = ("code", "type", "from_code", "from_name", "to_code", "to_name",
                      "package_version", "argos_version", "target_prefix")
_INDEX_LIST_FIELDS = ("links", "languages", "from_codes", "to_codes", "dependencies",
                      "source_languages", "target_languages")


def _json_kind(value) -> str:
    for kind, name in ((bool, "true/false"), (str, "text"), ((int, float), "a number"),
                       (list, "a list"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return "null"


def _index_entry_problem(entry) -> str | None:
    """What in one index entry argos' AvailablePackage would choke on (it trusts the types)."""
    if not isinstance(entry, dict):
        return f"is {_json_kind(entry)}, not an object"
    for key in _INDEX_TEXT_FIELDS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return f'"{key}" is {_json_kind(entry[key])}, expected text'
    for key in _INDEX_LIST_FIELDS:
        if key in entry and not isinstance(entry[key], list):
            return f'"{key}" is {_json_kind(entry[key])}, expected a list'
    if not all(isinstance(link, str) for link in entry.get("links", [])):
        return '"links" holds something other than text'
    return None


def parse_index(raw: bytes, url: str) -> list[dict]:
    """The entries of an argospm index, each checked for the types argos relies on."""
    try:
        entries = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise ModelError(f"package index {url}: not an argospm index ({reason})") from None
    if not isinstance(entries, list):
        raise ModelError(f"package index {url}: not an argospm index (it is "
                         f"{_json_kind(entries)}, not a list of packages)")
    for number, entry in enumerate(entries, 1):
        problem = _index_entry_problem(entry)
        if problem:
            raise ModelError(f"package index {url}: entry {number} {problem}")
    return entries


def available_ar_en(url: str | None = None) -> list:
    """The index's ar→en translation packages (argos AvailablePackage objects), newest first."""
    from argostranslate.package import AvailablePackage
    from packaging.version import InvalidVersion, Version
    url = url or index_url()
    allow_fixture = test_model_allowed()
    try:
        found = [AvailablePackage(e) for e in parse_index(fetch(url, "package index"), url)
                 if allow_fixture or not e.get("test_fixture")]
    except RecursionError:  # argos deep-copies "languages"
        raise ModelError(f"package index {url}: not an argospm index (nested too deeply)") from None
    found = [p for p in found if p.from_code == FROM_CODE and p.to_code == TO_CODE
             and p.type == "translate" and p.links]

    def key(p):
        try:
            return (1, Version(str(p.package_version)))
        except InvalidVersion:
            return (0, str(p.package_version))
    return sorted(found, key=key, reverse=True)


def install_pair(from_code: str, to_code: str, folder: Path | None = None) -> InstalledModel:
    """`models install ar en`: fetch the newest ar→en package listed in the argospm index."""
    if (from_code, to_code) != (FROM_CODE, TO_CODE):
        raise ModelError(f"{from_code} {to_code}: the workbench translates {FROM_CODE} → {TO_CODE} "
                         f"only; run `workbench models install {FROM_CODE} {TO_CODE}`")
    from argostranslate.package import argospm_package_name
    url = index_url()
    packages = available_ar_en(url)
    if not packages:
        raise ModelError(f"package index {url} lists no {FROM_CODE}→{TO_CODE} translation package")
    chosen = packages[0]
    with tempfile.TemporaryDirectory(prefix="workbench-download-") as tmp:
        target = Path(tmp) / f"{argospm_package_name(chosen)}.argosmodel"
        last_error = None
        for link in chosen.links:
            try:
                fetch(link, "package download", to=target)
                break
            except ModelError as exc:
                last_error = exc
        else:
            raise last_error
        return install_file(target, folder)
