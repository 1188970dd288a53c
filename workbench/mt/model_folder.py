"""A converted model folder checked before it is installed, and again once copied.

`workbench models install DIR --family argos|marian|nllb` takes a folder that CTranslate2's
converters made (plus the family's SentencePiece files). Everything that can be wrong with it
is checked on the files: that it is a CTranslate2 model at all, that it has the files of the
family named (and, when it looks like another family, which one), and that its SentencePiece
models belong to its vocabulary: a tokenizer from another model gives pieces the model has
never seen, which CTranslate2 silently maps to <unk>. Each check raises ModelError naming the
folder and what is wrong.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import ModelError
from workbench.mt import families
from workbench.mt.package_file import FROM_CODE, TO_CODE, _check_metadata

MIN_SHARE = 0.8     # of a SentencePiece model's pieces that must be in the model's vocabulary
MAX_CONFIG_BYTES = 1 << 20
MAX_VOCAB_BYTES = 64 << 20
LABEL = {"argos": "an Argos package", "marian": "a Marian (OPUS-MT) model",
         "nllb": "an NLLB model"}


@dataclass(frozen=True)
class ModelFolder:
    path: Path
    family: str
    marker: dict          # the folder's workbench-model.json, when it has one ({} if not)


def _regular_files(path: Path) -> set[str]:
    """Every file under `path`, relative; refuses links and anything that is not a plain
    file or folder (a FIFO would block the copy)."""
    files = set()
    for root, dirs, names in os.walk(path):
        for name in dirs + names:
            full = Path(root, name)
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode):
                raise ModelError(f"{path}: refused, {full.relative_to(path)} is a symbolic link")
            if stat.S_ISREG(mode):
                files.add(str(full.relative_to(path)))
            elif not stat.S_ISDIR(mode):
                raise ModelError(f"{path}: refused, {full.relative_to(path)} is not a regular "
                                 "file")
    return files


def _read_json(path: Path, file: Path, limit: int):
    if file.stat().st_size > limit:
        raise ModelError(f"{path}: {file.name} is {file.stat().st_size} bytes, too large")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ModelError(f"{path}: {file.name} is not valid JSON ({exc})") from None


def vocabularies(path: Path, model_dir: Path) -> tuple[list[str], list[str]]:
    """A converted model's source and target vocabularies (shared_vocabulary, or one per
    side; .json since CTranslate2 3, .txt before)."""
    def read(stem: str) -> list[str] | None:
        json_file, txt_file = model_dir / f"{stem}.json", model_dir / f"{stem}.txt"
        if json_file.is_file():
            tokens = _read_json(path, json_file, MAX_VOCAB_BYTES)
            if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
                raise ModelError(f"{path}: {json_file.name} is not a list of tokens")
            return tokens
        if txt_file.is_file():
            return txt_file.read_text(encoding="utf-8", errors="replace").splitlines()
        return None
    shared = read("shared_vocabulary")
    source = shared or read("source_vocabulary")
    target = shared or read("target_vocabulary")
    if not source or not target:
        raise ModelError(f"{path}: not a CTranslate2 model (no vocabulary: expected "
                         "shared_vocabulary.json or source_ and target_vocabulary.json)")
    return source, target


def _check_ct2(path: Path, model_dir: Path, family: str) -> None:
    where = "" if model_dir == path else f"{model_dir.relative_to(path)}/"
    for name in ("model.bin", "config.json"):
        if name == "config.json" and family == "argos" and not (model_dir / name).exists():
            return           # packages converted before CTranslate2 2.0 have none
        if not (model_dir / name).is_file():
            raise ModelError(f"{path}: not a CTranslate2 model (no {where}{name}); convert it "
                             "first with CTranslate2's converter for its framework")
        if name == "model.bin" and (model_dir / name).stat().st_size == 0:
            raise ModelError(f"{path}: {where}model.bin is empty")
    if not isinstance(_read_json(path, model_dir / "config.json", MAX_CONFIG_BYTES), dict):
        raise ModelError(f"{path}: not a CTranslate2 model ({where}config.json is not a JSON "
                         "object)")


def _looks_like(path: Path, files: set[str]) -> str | None:
    """The family a folder's files say it is, to suggest when another was named."""
    if "metadata.json" in files and "model/model.bin" in files:
        return "argos"
    if {"source.spm", "target.spm"} <= files:
        return "marian"
    if families.nllb_spm(path) is not None:
        return "nllb"
    return None


def _wrong_family(path: Path, family: str, missing: str, files: set[str]) -> ModelError:
    guess = _looks_like(path, files)
    hint = f"; it looks like {LABEL[guess]}: --family {guess}" if guess and guess != family \
        else ""
    return ModelError(f"{path}: not {LABEL[family]} ({missing}){hint}")


def _check_spm(path: Path, spm_file: Path, vocabulary: list[str], side: str) -> None:
    """Refuse a SentencePiece model whose pieces are not the model's tokens."""
    import sentencepiece
    try:
        sp = sentencepiece.SentencePieceProcessor(model_proto=spm_file.read_bytes())
    except (RuntimeError, OSError, TypeError) as exc:
        raise ModelError(f"{path}: {spm_file.name} is not a SentencePiece model "
                         f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") \
            from None
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())
              if not (sp.is_control(i) or sp.is_unknown(i))]
    known = set(vocabulary)
    found = sum(p in known for p in pieces)
    if not pieces or found < MIN_SHARE * len(pieces):
        share = 100 * found / len(pieces) if pieces else 0
        raise ModelError(f"{path}: {spm_file.name} does not match the model: {share:.0f}% of its "
                         f"{len(pieces)} pieces are in the model's {len(vocabulary)}-token "
                         f"{side} vocabulary (it belongs to another model)")


def check_model_folder(path: Path, family: str) -> ModelFolder:
    """Everything that can be known about a model folder without installing it."""
    path = Path(path)
    if family not in families.FAMILIES:
        raise ModelError(f"--family {family}: expected one of {', '.join(families.FAMILIES)}")
    if not path.exists():
        raise ModelError(f"{path}: no such folder")
    if not path.is_dir():
        raise ModelError(f"{path}: not a folder (install a package file without --family, or "
                         "give the folder the converter wrote)")
    try:
        files = _regular_files(path)
    except OSError as exc:
        raise ModelError(f"{path}: cannot be read ({exc.strerror})") from None
    if family == "argos":
        if "metadata.json" not in files:
            raise _wrong_family(path, family, "no metadata.json", files)
        _check_metadata(path, (path / "metadata.json").read_bytes())
    elif family == "marian" and not {"source.spm", "target.spm"} <= files:
        raise _wrong_family(path, family, "no source.spm and target.spm", files)
    elif family == "nllb" and families.nllb_spm(path) is None:
        raise _wrong_family(path, family, "no sentencepiece.bpe.model", files)
    conv = families.conventions(family, path)
    _check_ct2(path, conv.model_dir, family)
    source, target = vocabularies(path, conv.model_dir)
    if family == "nllb":
        absent = [t for t in (families.NLLB_SOURCE, families.NLLB_TARGET) if t not in source]
        if absent:
            raise _wrong_family(path, family, f"its vocabulary has no {' or '.join(absent)} "
                                "language token", files)
    if family == "argos" and conv.source_spm is None:
        if "bpe.model" not in files:
            raise ModelError(f"{path}: not an Argos package (no sentencepiece.model or bpe.model)")
    else:
        _check_spm(path, conv.source_spm, source, "source")
        if conv.target_spm != conv.source_spm:
            _check_spm(path, conv.target_spm, target, "target")
    marker = {}
    if families.MARKER in files:
        marker = _read_json(path, path / families.MARKER, MAX_CONFIG_BYTES)
        if not isinstance(marker, dict):
            raise ModelError(f"{path}: {families.MARKER} is not a JSON object")
        if marker.get("family", family) != family:
            raise ModelError(f"{path}: {families.MARKER} says family {marker.get('family')}, "
                             f"not {family}")
        if (marker.get("from_code", FROM_CODE), marker.get("to_code", TO_CODE)) \
                != (FROM_CODE, TO_CODE):
            raise ModelError(f"{path}: a model for {marker.get('from_code')}→"
                             f"{marker.get('to_code')}; the workbench needs {FROM_CODE}→{TO_CODE}")
    return ModelFolder(path, family, marker)
