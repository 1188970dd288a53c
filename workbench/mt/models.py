"""Installed translation models: listing them and installing a package file or model folder.

Argos Translate packages are found and installed through argostranslate's own package layer,
so the workbench and argos agree on what is installed. Other CTranslate2 models (OPUS-MT,
NLLB: mt.families) live in a folder of their own beside argos' packages folder, each with a
workbench-model.json saying its family, so argos never meets a folder it cannot read.
Everything a package file could do wrong (not a zip, truncated, paths escaping the packages
folder, the wrong language pair) is checked before anything is written (package_file.py; a
model folder: model_folder.py), and the model is unpacked or copied beside its folder, checked
again, and renamed into place, so a failed install leaves the installed models as they were.
Fetching from the index is package_index.py.

ARGOS_PACKAGES_DIR, WORKBENCH_MODELS_DIR and ARGOS_PACKAGE_INDEX are read when used, not at
import, so they can change within one process (tests do).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.errors import ModelError
from workbench.mt import families
from workbench.mt.package_file import FROM_CODE, TO_CODE, check_package_file, check_unpacked

ALLOW_TEST_MODEL_ENV = "WORKBENCH_ALLOW_TEST_MODEL"
INSTALL_HINT = ("`workbench models install ar en` (online) or "
                "`workbench models install FILE.argosmodel` (offline)")
MODELS_DIR_ENV = "WORKBENCH_MODELS_DIR"


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
    family: str = "argos"    # how the engine drives it (mt.families)

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


def models_dir() -> Path:
    """The folder of installed marian/nllb models (WORKBENCH_MODELS_DIR, else `ct2-models`
    beside argos' packages folder)."""
    explicit = os.environ.get(MODELS_DIR_ENV)
    return Path(explicit) if explicit else packages_dir().parent / "ct2-models"


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

def _read_model(folder: Path) -> InstalledModel:
    """An installed marian/nllb model, from the workbench-model.json its install wrote."""
    try:
        record = json.loads((folder / families.MARKER).read_text(encoding="utf-8"))
        family = record["family"]
        conv = families.conventions(family, folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return InstalledModel(folder.name, folder, None, None, "", "", "", False,
                              f"broken model record ({exc})", "?")
    problem = None
    missing = [p.name for p in (conv.model_dir / "model.bin", conv.source_spm, conv.target_spm)
               if p is None or not p.is_file()]
    if missing:
        problem = "no " + " or ".join(dict.fromkeys(missing))
    return InstalledModel(folder.name, folder, record.get("from_code"), record.get("to_code"),
                          str(record.get("version") or ""), "",
                          str(record.get("description") or "").strip().split("\n")[0],
                          bool(record.get("test_fixture")), problem, family)


def _read_package(folder: Path) -> InstalledModel:
    if (folder / families.MARKER).is_file():
        return _read_model(folder)
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
    """Every model installed in `folder` (default: argos' packages folder and the folder of
    other CTranslate2 models), usable or not."""
    out = []
    for where in ([folder] if folder else [packages_dir(), models_dir()]):
        if where.is_dir():
            out.extend(_read_package(d) for d in sorted(where.iterdir())
                       if d.is_dir() and not d.name.startswith("."))
    return out


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


def _new_staging(folder: Path, kind: str) -> Path:
    """A fresh staging folder beside `folder` (created if missing), named so that
    `clean_stale_staging` finds it if this install is killed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(folder)}{os.getpid()}-",
                                     dir=folder.parent))
    except OSError as exc:
        raise ModelError(f"{folder}: cannot write to the {kind} folder ({exc.strerror})") from None


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
    staging = _new_staging(folder, "packages")
    try:
        from argostranslate import package
        with _argos_installing_into(staging):
            try:
                package.install_from_path(checked.path)
            except Exception as exc:  # argos raises bare Exceptions
                raise ModelError(f"{path}: argos could not install it ({exc})") from None
        unpacked = check_unpacked(staging, checked)
        target = folder / checked.top
        _swap_in(staging, unpacked, target)
    except OSError as exc:
        raise ModelError(f"{folder}: cannot install {checked.top} ({exc.strerror})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _read_package(target)


def _swap_in(staging: Path, new: Path, target: Path) -> None:
    """Rename a checked model from its staging folder into place, replacing an older copy only
    once the new one is complete."""
    previous = staging / ".previous"  # beside the new model: see clean_stale_staging
    if os.path.lexists(target):
        target.rename(previous)
    try:
        new.rename(target)
    except OSError:
        if previous.exists():
            previous.rename(target)
        raise


def _fingerprint(model_bin: Path) -> str:
    """A converted model's version when it names none: its weights' hash, so the translation
    memory never takes one model's output for another's installed under the same name."""
    digest = hashlib.sha256()
    with model_bin.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()[:12]


def install_folder(path: Path, family: str, folder: Path | None = None) -> InstalledModel:
    """Install a folder that CTranslate2's converters made (mt.model_folder says what it
    must hold), the way install_file installs a package: checked, copied into a staging folder
    beside the models folder, checked again there, and renamed into place. Argos packages go
    to argos' packages folder, other families to models_dir(). A refused folder leaves the
    installed models as they were."""
    from workbench.mt.model_folder import check_model_folder
    path = Path(path)
    checked = check_model_folder(path, family)
    folder = folder or (packages_dir() if family == "argos" else models_dir())
    name = path.resolve().name
    if name.startswith(".") or not name:
        raise ModelError(f"{path}: a model folder's name cannot start with a dot")
    try:
        clean_stale_staging(folder)
    except OSError as exc:
        raise ModelError(f"{folder}: cannot write to the models folder ({exc.strerror})") from None
    staging = _new_staging(folder, "models")
    try:
        copy = staging / name
        shutil.copytree(path, copy, symlinks=True)
        try:
            check_model_folder(copy, family)    # what would actually be swapped in
        except ModelError as exc:
            raise ModelError(str(exc).replace(str(copy), str(path), 1)) from None
        if family != "argos":
            conv = families.conventions(family, copy)
            record = {**checked.marker, "family": family, "from_code": FROM_CODE,
                      "to_code": TO_CODE,
                      "version": str(checked.marker.get("version") or "")
                      or _fingerprint(conv.model_dir / "model.bin"),
                      "installed_from": str(path.resolve())}
            (copy / families.MARKER).write_text(json.dumps(record, indent=2, ensure_ascii=False)
                                                + "\n", encoding="utf-8")
        _swap_in(staging, copy, folder / name)
    except (OSError, shutil.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ModelError(f"{folder}: cannot install {name} ({reason})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _read_package(folder / name)
