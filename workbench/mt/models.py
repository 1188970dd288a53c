"""Installed translation models: listing them, installing a package file, fetching from the index.

Packages are Argos Translate packages, found and installed through argostranslate's own
package layer so the workbench and argos agree on what is installed. Everything a package file
could do wrong (not a zip, truncated, paths escaping the packages folder, the wrong language
pair) is checked before anything is written, and the package is unpacked beside the packages
folder and renamed into place, so a failed install leaves the installed packages as they were.

ARGOS_PACKAGES_DIR and ARGOS_PACKAGE_INDEX are read when used, not at import, so they can
change within one process (tests do).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.errors import ModelError

FROM_CODE, TO_CODE = "ar", "en"
ALLOW_TEST_MODEL_ENV = "WORKBENCH_ALLOW_TEST_MODEL"
INSTALL_HINT = ("`workbench models install ar en` (online) or "
                "`workbench models install FILE.argosmodel` (offline)")
INDEX_TIMEOUT_S = 20


@dataclass(frozen=True)
class InstalledModel:
    name: str                # the package's folder name: the model's identity in the memory
    path: Path
    from_code: str | None
    to_code: str | None
    package_version: str
    argos_version: str
    description: str
    test_fixture: bool
    problem: str | None      # why it cannot be used, or None

    @property
    def is_ar_en(self) -> bool:
        return self.from_code == FROM_CODE and self.to_code == TO_CODE

    def as_dict(self) -> dict:
        return {**asdict(self), "path": str(self.path)}


# --- where packages live --------------------------------------------------------------------

def _argos_setting(key: str, default=None):
    from argostranslate import settings
    return settings.get_setting(key, default)


def packages_dir() -> Path:
    """The folder argos installs packages into (ARGOS_PACKAGES_DIR, else argos' default)."""
    explicit = os.environ.get("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit)
    from argostranslate import settings
    return Path(_argos_setting("ARGOS_PACKAGES_DIR", settings.data_dir / "packages"))


def test_model_allowed() -> bool:
    """Test-fixture packages are never used unless a test asks for them explicitly."""
    return os.environ.get(ALLOW_TEST_MODEL_ENV, "").lower() in ("1", "true", "yes")


@contextmanager
def _argos_installing_into(folder: Path):
    """Point argos' install path at `folder` for the duration of one install."""
    from argostranslate import settings
    saved = settings.package_data_dir, settings.package_dirs
    settings.package_data_dir, settings.package_dirs = folder, [folder]
    try:
        yield
    finally:
        settings.package_data_dir, settings.package_dirs = saved


# --- listing ----------------------------------------------------------------------------------

def _read_package(folder: Path) -> InstalledModel:
    from argostranslate.package import Package
    try:
        pkg = Package(folder)
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except Exception as exc:  # argos raises bare Exceptions for broken packages
        return InstalledModel(folder.name, folder, None, None, "", "", "", False,
                              f"broken package ({exc})")
    problem = None
    if not (folder / "model" / "model.bin").is_file():
        problem = "no model/model.bin"
    elif not ((folder / "sentencepiece.model").is_file() or (folder / "bpe.model").is_file()):
        problem = "no sentencepiece.model or bpe.model"
    elif getattr(pkg, "type", "translate") != "translate":
        problem = f"a {pkg.type} package, not a translation model"
    description = str(metadata.get("description") or pkg.get_description() or "").strip()
    return InstalledModel(folder.name, folder, pkg.from_code, pkg.to_code,
                          str(pkg.package_version or ""), str(pkg.argos_version or ""),
                          description.splitlines()[0] if description else "",
                          bool(metadata.get("test_fixture")), problem)


def installed(folder: Path | None = None) -> list[InstalledModel]:
    """Every package installed in the packages folder, usable or not."""
    folder = folder or packages_dir()
    if not folder.is_dir():
        return []
    return [_read_package(d) for d in sorted(folder.iterdir())
            if d.is_dir() and not d.name.startswith(".")]


def _version_key(model: InstalledModel):
    from packaging.version import InvalidVersion, Version
    try:
        return (1, Version(model.package_version), model.name)
    except InvalidVersion:
        return (0, model.package_version, model.name)


def usable_ar_en(folder: Path | None = None) -> list[InstalledModel]:
    """Installed ar→en packages the workbench may translate with, best (newest) first."""
    allow_fixture = test_model_allowed()
    found = [m for m in installed(folder) if m.is_ar_en and m.problem is None
             and (allow_fixture or not m.test_fixture)]
    return sorted(found, key=_version_key, reverse=True)


def missing_message(folder: Path | None = None) -> str:
    """The one line shown wherever MT is needed and no model is installed."""
    folder = folder or packages_dir()
    fixtures = [m.name for m in installed(folder) if m.is_ar_en and m.test_fixture]
    note = (f" ({', '.join(fixtures)} is a test fixture, not used for translation)"
            if fixtures and not test_model_allowed() else "")
    return f"no Arabic→English translation model installed{note}: install one with {INSTALL_HINT}"


# --- checking a package file ------------------------------------------------------------------

@dataclass(frozen=True)
class PackageFile:
    path: Path
    top: str          # the one folder the archive unpacks to
    metadata: dict


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in name.split("/")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def check_package_file(path: Path) -> PackageFile:
    """Everything that can be known about a package file without installing it.

    Raises ModelError naming the file and what is wrong with it.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an Argos package (not a zip archive, or truncated)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            for info in infos:
                if _unsafe_name(info.filename) or _is_symlink(info):
                    raise ModelError(f"{path}: refused, archive entry {info.filename!r} would be "
                                     "written outside the packages folder")
            tops = {info.filename.split("/", 1)[0] for info in infos}
            if len(tops) != 1 or not any("/" in info.filename for info in infos):
                raise ModelError(f"{path}: not an Argos package (expected one top-level folder, "
                                 f"found {len(tops)} entries)")
            top = tops.pop()
            names = {info.filename for info in infos}
            for required in ("metadata.json", "model/model.bin"):
                if f"{top}/{required}" not in names:
                    raise ModelError(f"{path}: not an Argos package (no {required})")
            if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & names:
                raise ModelError(f"{path}: not an Argos package (no sentencepiece.model or bpe.model)")
            bad = archive.testzip()
            if bad is not None:
                raise ModelError(f"{path}: corrupt archive (bad data in {bad})")
            metadata = json.loads(archive.read(f"{top}/metadata.json").decode("utf-8"))
    except ModelError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ModelError(f"{path}: corrupt archive ({exc})") from None
    except (ValueError, UnicodeDecodeError) as exc:
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
    return PackageFile(path, top, metadata)


# --- installing -------------------------------------------------------------------------------

def install_file(path: Path, folder: Path | None = None) -> InstalledModel:
    """Install a .argosmodel file through argos' install path, atomically.

    The archive is checked first; argos unpacks it into a staging folder beside the packages
    folder; the package folder is then renamed into place (replacing an older copy of the same
    package only once the new one is complete).
    """
    checked = check_package_file(Path(path))
    folder = folder or packages_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-install-", dir=folder.parent))
    except OSError as exc:
        raise ModelError(f"{folder}: cannot write to the packages folder ({exc.strerror})") from None
    try:
        from argostranslate import package
        with _argos_installing_into(staging):
            try:
                package.install_from_path(checked.path)
            except Exception as exc:  # argos raises bare Exceptions
                raise ModelError(f"{path}: argos could not install it ({exc})") from None
        unpacked = staging / checked.top
        target = folder / checked.top
        previous = staging / ".previous"
        if target.exists():
            target.rename(previous)
        try:
            unpacked.rename(target)
        except OSError:
            if previous.exists():
                previous.rename(target)
            raise
    except OSError as exc:
        raise ModelError(f"{folder}: cannot install {checked.top} ({exc.strerror})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _read_package(target)


def index_url() -> str:
    """The argospm package index (ARGOS_PACKAGE_INDEX, else argos' default), as a URL to index.json."""
    from argostranslate import settings
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or _argos_setting(
        "ARGOS_PACKAGE_INDEX", settings.package_index)
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _fetch(url: str, what: str, to: Path | None = None) -> bytes | None:
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


def available_ar_en(url: str | None = None) -> list:
    """The index's ar→en translation packages (argos AvailablePackage objects), newest first."""
    from argostranslate.package import AvailablePackage
    from packaging.version import InvalidVersion, Version
    url = url or index_url()
    raw = _fetch(url, "package index")
    try:
        entries = json.loads(raw.decode("utf-8"))
        if not isinstance(entries, list):
            raise ValueError("not a list of packages")
        allow_fixture = test_model_allowed()
        found = [AvailablePackage(e) for e in entries if isinstance(e, dict)
                 and (allow_fixture or not e.get("test_fixture"))]
    except (ValueError, UnicodeDecodeError, AttributeError) as exc:
        raise ModelError(f"package index {url}: not an argospm index ({exc})") from None
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
                _fetch(link, "package download", to=target)
                break
            except ModelError as exc:
                last_error = exc
        else:
            raise last_error
        return install_file(target, folder)
