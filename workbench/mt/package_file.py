"""A package file checked before it is installed, and again once unpacked.

The archive checks reason about entry names (what argos' extractall will write); the check of
the unpacked folder looks at what is actually on disk before it is swapped into the packages
folder. Either raises ModelError naming the package file and what is wrong with it.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import ModelError

FROM_CODE, TO_CODE = "ar", "en"


@dataclass(frozen=True)
class PackageFile:
    path: Path
    top: str          # the one folder the archive unpacks to
    metadata: dict


METADATA_MAX_BYTES = 1 << 20
TOKENIZERS = ("sentencepiece.model", "bpe.model")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def _entry_path(info: zipfile.ZipInfo) -> str:
    """Where an archive entry unpacks to: `./` and empty components dropped, as zipfile's
    extractall drops them, so the checks below see what argos will write. Anything else odd
    raises ValueError saying what is wrong with the entry."""
    name = info.filename
    if "\\" in name:
        raise ValueError("has a backslash in its path")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in name.split("/"):
        raise ValueError("would be written outside the packages folder")
    if _is_symlink(info):
        raise ValueError("is a symbolic link")
    path = "/".join(part for part in name.split("/") if part not in ("", "."))
    if not path and not info.is_dir():
        raise ValueError("has an empty name")
    return path


def _entry_paths(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Each entry by the path it unpacks to; two entries unpacking to one path are refused,
    since which one wins would depend on the order of extraction."""
    paths: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        try:
            entry = _entry_path(info)
        except ValueError as exc:
            raise ModelError(f"{path}: refused, archive entry {info.filename!r} {exc}") from None
        if entry in paths:
            raise ModelError(f"{path}: refused, archive entries {paths[entry].filename!r} and "
                             f"{info.filename!r} unpack to the same path")
        if entry:
            paths[entry] = info
    return paths


def _check_layout(path: Path, files: set[str]) -> str:
    """The one package folder a set of unpacked paths holds, with the files argos needs."""
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) != 1 or not any("/" in name for name in files):
        found = (f"{len(tops)} top-level entries" if len(tops) != 1
                 else "files at the top level, no folder")
        raise ModelError(f"{path}: not an Argos package (expected one top-level folder, "
                         f"found {found})")
    top = tops.pop()
    if top.startswith("."):
        raise ModelError(f"{path}: not an Argos package (hidden top-level folder {top!r})")
    for required in ("metadata.json", "model/model.bin"):
        if f"{top}/{required}" not in files:
            raise ModelError(f"{path}: not an Argos package (no {required})")
    if not {f"{top}/{name}" for name in TOKENIZERS} & files:
        raise ModelError(f"{path}: not an Argos package (no sentencepiece.model or bpe.model)")
    return top


def _check_metadata(path: Path, raw: bytes) -> dict:
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ModelError(f"{path}: metadata.json is not valid JSON ({exc})") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{path}: metadata.json is not a JSON object")
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (FROM_CODE, TO_CODE):
        raise ModelError(f"{path}: a package for {pair[0]}→{pair[1]}; the workbench needs "
                         f"{FROM_CODE}→{TO_CODE}")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise ModelError(f"{path}: a {kind} package, not a translation model")
    return metadata


def check_package_file(path: Path) -> PackageFile:
    """Everything that can be known about a package file without installing it.

    Raises ModelError naming the file and what is wrong with it.
    """
    path = Path(path)
    if not path.exists():
        raise ModelError(f"{path}: no such file")
    if not path.is_file():  # a folder, or a FIFO that would block the zip check
        raise ModelError(f"{path}: not a regular file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (not a zip archive, or truncated)")
    try:
        with zipfile.ZipFile(path) as archive:
            paths = _entry_paths(path, archive.infolist())
            files = {name for name, info in paths.items() if not info.is_dir()}
            top = _check_layout(path, files)
            bad = archive.testzip()
            if bad is not None:
                raise ModelError(f"{path}: corrupt archive (bad data in {bad})")
            meta_info = paths[f"{top}/metadata.json"]
            if meta_info.file_size > METADATA_MAX_BYTES:
                raise ModelError(f"{path}: metadata.json is {meta_info.file_size} bytes, too "
                                 "large for package metadata")
            raw = archive.read(meta_info)
    except ModelError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError) as exc:
        raise ModelError(f"{path}: corrupt archive ({exc})") from None
    return PackageFile(path, top, _check_metadata(path, raw))


def check_unpacked(staging: Path, checked: PackageFile) -> Path:
    """The package folder argos unpacked into `staging`, checked again as it lies on disk:
    the archive checks reason about names, this is what would actually be swapped in."""
    path = checked.path
    found = sorted(p.name for p in staging.iterdir())
    package = staging / checked.top
    if found != [checked.top] or package.is_symlink() or not package.is_dir():
        raise ModelError(f"{path}: refused, it unpacked to {found}, not one package folder "
                         f"{checked.top!r}")
    files = set()
    for root, dirs, names in os.walk(package):
        for name in dirs + names:
            full = Path(root, name)
            if full.is_symlink():
                raise ModelError(f"{path}: refused, it unpacked a symbolic link "
                                 f"{full.relative_to(staging)}")
            if full.is_file():
                files.add(str(full.relative_to(staging)))
    _check_layout(path, files)
    _check_metadata(path, (package / "metadata.json").read_bytes())
    return package
