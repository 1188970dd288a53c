"""Installed translation models: listing them and installing a package file.

Packages are Argos Translate packages, found and installed through argostranslate's own
package layer so the workbench and argos agree on what is installed. Everything a package file
could do wrong (not a zip, truncated, paths escaping the packages folder, the wrong language
pair) is checked before anything is written (package_file.py), and the package is unpacked
beside the packages folder, checked again, and renamed into place, so a failed install leaves
the installed packages as they were. Fetching from the index is package_index.py.

ARGOS_PACKAGES_DIR and ARGOS_PACKAGE_INDEX are read when used, not at import, so they can
change within one process (tests do).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.errors import ModelError
from workbench.mt.package_file import FROM_CODE, TO_CODE, check_package_file, check_unpacked

ALLOW_TEST_MODEL_ENV = "WORKBENCH_ALLOW_TEST_MODEL"
INSTALL_HINT = ("`workbench models install ar en` (online) or "
                "`workbench models install FILE.argosmodel` (offline)")


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

def argos_setting(key: str, default=None):
    """A setting as argos resolves it (its environment variables, then its defaults)."""
    from argostranslate import settings
    return settings.get_setting(key, default)


def packages_dir() -> Path:
    """The folder argos installs packages into (ARGOS_PACKAGES_DIR, else argos' default)."""
    explicit = os.environ.get("ARGOS_PACKAGES_DIR")
    if explicit:
        return Path(explicit)
    from argostranslate import settings
    return Path(argos_setting("ARGOS_PACKAGES_DIR", settings.data_dir / "packages"))


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


# --- installing -------------------------------------------------------------------------------

def _staging_prefix(folder: Path) -> str:
    return f".{folder.name}-install-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _restore_missing(backup: Path, target: Path) -> None:
    if backup.is_dir() and not backup.is_symlink() and not os.path.lexists(target):
        backup.rename(target)


def clean_stale_staging(folder: Path) -> None:
    """Undo what a killed install left behind: its staging folder beside the packages folder,
    holding the new package and, if it died between the two renames, the old one (`.previous`),
    which is put back when its place is empty. Stagings of a live install are left alone.
    A `.previous` inside the packages folder (what 0.2 left when a package's entries began with
    `./`) is emptied back into it too."""
    prefix = _staging_prefix(folder)
    if folder.parent.is_dir():
        for staging in folder.parent.iterdir():
            if (not staging.name.startswith(prefix) or staging.is_symlink()
                    or not staging.is_dir()):
                continue
            pid = staging.name[len(prefix):].split("-", 1)[0]
            if pid.isdigit() and (int(pid) == os.getpid() or _alive(int(pid))):
                continue
            others = [p.name for p in staging.iterdir() if p.name != ".previous"]
            if len(others) == 1:
                _restore_missing(staging / ".previous", folder / others[0])
            shutil.rmtree(staging, ignore_errors=True)
    remnant = folder / ".previous"
    if remnant.is_dir() and not remnant.is_symlink():
        for old in remnant.iterdir():
            _restore_missing(old, folder / old.name)
        shutil.rmtree(remnant, ignore_errors=True)


def install_file(path: Path, folder: Path | None = None) -> InstalledModel:
    """Install a .argosmodel file through argos' install path, atomically.

    The archive is checked first; argos unpacks it into a staging folder beside the packages
    folder, where the unpacked package is checked again; the package folder is then renamed
    into place (replacing an older copy of the same package only once the new one is complete).
    Whatever is refused, the packages folder is left exactly as it was.
    """
    folder = folder or packages_dir()
    try:
        clean_stale_staging(folder)
    except OSError as exc:
        raise ModelError(f"{folder.parent}: cannot clean up an interrupted install "
                         f"({exc.strerror})") from None
    checked = check_package_file(Path(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(folder)}{os.getpid()}-",
                                        dir=folder.parent))
    except OSError as exc:
        raise ModelError(f"{folder}: cannot write to the packages folder ({exc.strerror})") from None
    try:
        from argostranslate import package
        with _argos_installing_into(staging):
            try:
                package.install_from_path(checked.path)
            except Exception as exc:  # argos raises bare Exceptions
                raise ModelError(f"{path}: argos could not install it ({exc})") from None
        unpacked = check_unpacked(staging, checked)
        target = folder / checked.top
        previous = staging / ".previous"  # beside the new package: see clean_stale_staging
        if os.path.lexists(target):
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
