"""Model families: how each kind of CTranslate2 model wants its text, in one table.

Every family is a CTranslate2 translation model with SentencePiece; they differ only in where
the files lie and in the tokens around the pieces, which is what this module decides for the
engine (mt.argos), so enforcement, repair and re-enforcement work the same for each:

- argos: an Argos Translate package (model/ + sentencepiece.model, metadata.json may name a
  target prefix); pieces in, no `</s>` (CTranslate2 argos packages do not expect one).
- marian: OPUS-MT converted with `ct2-opus-mt-converter` or `ct2-transformers-converter`:
  source.spm for Arabic, target.spm for English, one vocabulary; the pieces end with `</s>`,
  which the Marian converter's `add_source_eos` makes CTranslate2 add itself (we add it only
  when the config does not say so); no target prefix.
- nllb: NLLB-200 converted with `ct2-transformers-converter`: one SentencePiece model; the
  source is `arb_Arab` + pieces + `</s>`, the target is forced to start with `eng_Latn`,
  which is taken off the output again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FAMILIES = ("argos", "marian", "nllb")
MARKER = "workbench-model.json"     # an installed marian/nllb model's record (models.py)
NLLB_SOURCE, NLLB_TARGET = "arb_Arab", "eng_Latn"
NLLB_SPM = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model")
ARGOS_TOKENIZERS = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class Conventions:
    family: str
    model_dir: Path                   # the CTranslate2 model: model.bin, config.json
    source_spm: Path | None           # None: an Argos package tokenized with BPE (bpe.model)
    target_spm: Path | None
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ()
    target_prefix: str = ""           # forced first target token, taken off the output

    def source(self, pieces: list[str]) -> list[str]:
        """The tokens the model is given for these SentencePiece pieces."""
        if not self.source_prefix and not self.source_suffix:
            return pieces
        return [*self.source_prefix, *pieces, *self.source_suffix]


def ct2_config(model_dir: Path) -> dict:
    """A CTranslate2 model's config.json ({} when absent or not an object)."""
    try:
        value = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _eos_suffix(model_dir: Path) -> tuple[str, ...]:
    config = ct2_config(model_dir)
    if config.get("add_source_eos"):
        return ()                     # CTranslate2 appends it
    return (str(config.get("eos_token") or "</s>"),)


def nllb_spm(path: Path) -> Path | None:
    """An NLLB folder's one SentencePiece model."""
    return next((path / n for n in NLLB_SPM if (path / n).is_file()), None)


def conventions(family: str, path: Path) -> Conventions:
    """What the engine needs to drive the model installed at `path`."""
    if family == "marian":
        return Conventions("marian", path, path / "source.spm", path / "target.spm",
                           source_suffix=_eos_suffix(path))
    if family == "nllb":
        spm = nllb_spm(path)
        return Conventions("nllb", path, spm, spm, source_prefix=(NLLB_SOURCE,),
                           source_suffix=_eos_suffix(path), target_prefix=NLLB_TARGET)
    if family == "argos":
        try:
            meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        spm = path / "sentencepiece.model"
        spm_or_none = spm if spm.is_file() else None
        prefix = meta.get("target_prefix") if isinstance(meta, dict) else None
        return Conventions("argos", path / "model", spm_or_none, spm_or_none,
                           target_prefix=str(prefix or ""))
    raise ValueError(f"unknown model family {family!r}; expected one of {', '.join(FAMILIES)}")
