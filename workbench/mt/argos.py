"""The CTranslate2 engine: an installed ar→en model (an Argos package, OPUS-MT or NLLB) and its
SentencePiece models, driven directly. What differs between families (files, language tokens,
`</s>`) is decided in mt.families; everything here is the same for all of them.

We use argos' package layer to find the package but not `argostranslate.translate`, which
imports stanza, spacy and torch (seconds and hundreds of MB) and splits sentences its own way;
segmentation is the workbench's. Settings come from argos' own names (ARGOS_DEVICE_TYPE,
ARGOS_BEAM_SIZE, ...), so a machine already configured for argos behaves the same here.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from workbench.errors import InvalidValue, ModelError
from workbench.mt import align
from workbench.mt.engine import Hypotheses
from workbench.mt.families import conventions
from workbench.mt.models import InstalledModel

LENGTH_PENALTY = 0.2          # what argos passes to CTranslate2
_CLAUSE_BREAK = re.compile(r"(?<=[،؛,;:])\s+")


@dataclass(frozen=True)
class EngineSettings:
    device: str = "cpu"
    compute_type: str = "auto"
    inter_threads: int = 1
    intra_threads: int = 0     # 0: CTranslate2 picks
    batch_size: int = 32
    beam_size: int = 4
    hypotheses: int = 4        # the n-best list glossary enforcement chooses from
    max_input_tokens: int = 150  # longer inputs are translated in pieces

    @classmethod
    def from_env(cls) -> "EngineSettings":
        """Argos' settings (environment, then its settings.json), plus the workbench's own."""
        import os

        from argostranslate import settings as argos

        def number(key: str, default: int, minimum: int) -> int:
            raw = os.environ.get(key, argos.get_setting(key, None))
            if raw is None or str(raw).strip() == "":
                return default
            try:
                value = int(str(raw).strip())
            except ValueError:
                value = minimum - 1
            if value < minimum:
                raise InvalidValue(f"{key}={raw}: expected a whole number ≥ {minimum}")
            return value

        device = str(argos.get_setting("ARGOS_DEVICE_TYPE", "cpu") or "cpu").strip().lower()
        if device not in ("cpu", "cuda", "auto"):
            raise InvalidValue(f"ARGOS_DEVICE_TYPE={device}: expected cpu or cuda")
        return cls(
            device=device,
            compute_type=str(argos.get_setting("ARGOS_COMPUTE_TYPE", "auto") or "auto"),
            inter_threads=number("ARGOS_INTER_THREADS", cls.inter_threads, 1),
            intra_threads=number("ARGOS_INTRA_THREADS", cls.intra_threads, 0),
            batch_size=number("ARGOS_BATCH_SIZE", cls.batch_size, 1),
            beam_size=number("ARGOS_BEAM_SIZE", cls.beam_size, 1),
            hypotheses=number("WORKBENCH_MT_HYPOTHESES", cls.hypotheses, 1),
            max_input_tokens=number("WORKBENCH_MT_MAX_TOKENS", cls.max_input_tokens, 8),
        )

    def with_options(self, device: str | None = None, compute_type: str | None = None,
                     inter_threads: int | None = None,
                     intra_threads: int | None = None) -> "EngineSettings":
        """These settings with the command line's options over them (None: keep)."""
        from dataclasses import replace
        changes = {k: v for k, v in (("device", device), ("compute_type", compute_type),
                                     ("inter_threads", inter_threads),
                                     ("intra_threads", intra_threads)) if v is not None}
        if "device" in changes and changes["device"] not in ("cpu", "cuda", "auto"):
            raise InvalidValue(f"--device {device}: expected cpu, cuda or auto")
        return replace(self, **changes)

    def provenance(self) -> dict:
        """The settings that shape the output (threads and batch size do not)."""
        keep = ("device", "compute_type", "beam_size", "hypotheses", "max_input_tokens")
        return {**{k: v for k, v in asdict(self).items() if k in keep},
                "length_penalty": LENGTH_PENALTY}


class _SentencePiece:
    """Arabic pieces from the source model, English text from the target model (one model for
    both, except Marian's source.spm and target.spm)."""

    def __init__(self, source: Path, target: Path):
        import sentencepiece
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(source))
        self.target = (self.sp if target == source
                       else sentencepiece.SentencePieceProcessor(model_file=str(target)))

    def encode(self, texts: list[str]) -> list[list[str]]:
        return self.sp.encode(texts, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return self.target.decode_pieces(pieces)


class _ArgosTokenizer:
    """Packages tokenized with BPE: argos' own tokenizer (rare for current packages)."""

    def __init__(self, package_path: Path):
        from argostranslate.package import Package
        self.tok = Package(package_path).tokenizer

    def encode(self, texts: list[str]) -> list[list[str]]:
        return [self.tok.encode(t) for t in texts]

    def decode(self, pieces: list[str]) -> str:
        return self.tok.decode(pieces)


class ArgosEngine:
    """Translate batches with an installed model of any family; the model loads on first use."""

    def __init__(self, package: InstalledModel, settings: EngineSettings | None = None):
        self.package = package
        self.name = getattr(package, "family", "argos")   # in the memory's identity
        self.model = package.name
        self.model_version = package.package_version or "0"
        self.config = settings or EngineSettings.from_env()
        self.settings = self.config.provenance()
        self.batch_size = self.config.batch_size
        self.hypotheses = self.config.hypotheses
        self.target_prefix = ""
        self.conventions = None    # mt.families.Conventions, once loaded
        self.attention = True      # word alignments for missing-term repair (mt.align)
        self._translator = None
        self._tokenizer = None
        self._lock = threading.Lock()

    # -- loading ---------------------------------------------------------------------------
    def _load(self):
        with self._lock:
            if self._translator is not None:
                return
            import ctranslate2
            path = self.package.path
            device = self.config.device
            if device == "auto":
                device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
            elif device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
                raise ModelError("device cuda (--device or ARGOS_DEVICE_TYPE): CTranslate2 sees "
                                 "no CUDA device; use --device cpu")
            compute = self.config.compute_type
            supported = set(ctranslate2.get_supported_compute_types(device))
            if compute not in ("auto", "default") and compute not in supported:
                raise ModelError(f"compute type {compute} (--compute-type or ARGOS_COMPUTE_TYPE):"
                                 f" not supported on {device}; supported: "
                                 + ", ".join(sorted(supported | {"auto"})))
            try:
                conv = conventions(self.name, path)
                self.target_prefix = conv.target_prefix
                self._tokenizer = (_SentencePiece(conv.source_spm, conv.target_spm)
                                   if conv.source_spm is not None else _ArgosTokenizer(path))
                self.conventions = conv
                self._translator = ctranslate2.Translator(
                    str(conv.model_dir), device=device, compute_type=self.config.compute_type,
                    inter_threads=self.config.inter_threads,
                    intra_threads=self.config.intra_threads)
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelError(f"{path}: the model cannot be loaded ({exc}); reinstall it with "
                                 "`workbench models install ...`") from None

    @property
    def translator(self):
        if self._translator is None:
            self._load()
        return self._translator

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            self._load()
        return self._tokenizer

    # -- long inputs -----------------------------------------------------------------------
    def split(self, text: str, pieces: list[str] | None = None) -> list[list[str]]:
        """Token lists of at most `max_input_tokens` each that together cover `text`.

        Cut at sentence ends first (the workbench's segmentation), then at clause punctuation,
        then between words: a model translates sentence-sized input far better than fragments.
        """
        limit = self.config.max_input_tokens
        pieces = pieces if pieces is not None else self.tokenizer.encode([text])[0]
        if len(pieces) <= limit:
            return [pieces]
        from workbench.arabic import sentences
        out: list[list[str]] = []
        for sentence in sentences(text) or [text]:
            for clause in _CLAUSE_BREAK.split(sentence):
                self._split_words(clause, limit, out)
        return [p for p in out if p]

    def _split_words(self, text: str, limit: int, out: list[list[str]]) -> None:
        encoded = self.tokenizer.encode([text])[0]
        if len(encoded) <= limit:
            out.append(encoded)
            return
        current: list[str] = []
        for tokens in self.tokenizer.encode(text.split()):
            if current and len(current) + len(tokens) > limit:
                out.append(current)
                current = []
            while len(tokens) > limit:  # one "word" longer than the limit: cut it too
                out.append(tokens[:limit])
                tokens = tokens[limit:]
            current.extend(tokens)
        if current:
            out.append(current)

    # -- translating ---------------------------------------------------------------------
    def _decode(self, result, source: list[str]) -> Hypotheses:
        """The hypotheses' texts, each with its word alignment to `source` (see mt.align)."""
        texts, alignments = [], []
        attention = getattr(result, "attention", None) or [None] * len(result.hypotheses)
        starts = align.word_starts(source) if source else []
        skip = len(self.conventions.source_prefix) if self.conventions else 0
        for tokens, weights in zip(result.hypotheses, attention):
            if skip and weights:               # columns of the language token: not a word
                weights = [row[skip:] for row in weights]
            if self.target_prefix and tokens[:1] == [self.target_prefix]:
                tokens, weights = tokens[1:], weights[1:] if weights else weights
            value = self.tokenizer.decode(tokens)
            if self.target_prefix and value.startswith(self.target_prefix):
                value = value[len(self.target_prefix):]
            value = value.strip()
            texts.append(value)
            alignments.append(align.from_attention(source, tokens, weights, len(starts),
                                                   len(value.split()), starts)
                              if weights and source else None)
        return Hypotheses(texts, alignments=alignments)

    def submit(self, texts: list[str], num_hypotheses: int = 1) -> Callable[[], list[Hypotheses]]:
        """Start translating `texts` in CTranslate2's own threads; returns the function that
        waits for the result. A translation run prepares the next batch this way while it
        enforces and saves the previous one."""
        if not texts:
            return list
        encoded = self.tokenizer.encode(texts)
        limit = self.config.max_input_tokens
        flat: list[list[str]] = []
        spans: list[tuple[int, int]] = []
        for text, pieces in zip(texts, encoded):
            chunks = [pieces] if len(pieces) <= limit else self.split(text, pieces)
            spans.append((len(flat), len(chunks)))
            flat.extend(chunks)
        prefix = [[self.target_prefix]] * len(flat) if self.target_prefix else None
        translator = self.translator
        tokens = [self.conventions.source(p) for p in flat] if self.conventions else flat
        pending = translator.translate_batch(
            tokens, target_prefix=prefix, replace_unknowns=True,
            max_batch_size=self.config.batch_size,
            beam_size=max(num_hypotheses, self.config.beam_size),
            num_hypotheses=num_hypotheses, length_penalty=LENGTH_PENALTY, asynchronous=True,
            return_attention=self.attention)

        def wait() -> list[Hypotheses]:
            translated = [self._decode(p.result(), source) for p, source in zip(pending, flat)]
            out = []
            for text, (start, count) in zip(texts, spans):
                if count == 1:
                    hyps = translated[start]
                    source = flat[start]
                    if not source or len(align.word_starts(source)) != len(text.split()):
                        hyps.alignments = [None] * len(hyps)   # pieces and text disagree
                    out.append(hyps)
                    continue
                out.append(_joined(translated[start:start + count], flat[start:start + count],
                                   count, len(text.split())))
            return out
        return wait

    def translate_batch(self, texts: list[str], num_hypotheses: int = 1) -> list[Hypotheses]:
        return self.submit(texts, num_hypotheses)()

    def input_lengths(self, texts: list[str]) -> list[int]:
        """Each text's length in model tokens: translation runs batch similar lengths."""
        return [len(pieces) for pieces in self.tokenizer.encode(texts)] if texts else []


def _joined(parts: list[Hypotheses], sources: list[list[str]], count: int,
            source_words: int) -> Hypotheses:
    """The hypotheses of an input translated in pieces: the i-th of each piece joined, with
    their alignments joined (source words counted from the input's start) when every piece
    has one and the pieces cover the input's words."""
    n = min(len(p) for p in parts)
    offsets, total = [], 0
    for source in sources:
        offsets.append(total)
        total += len(align.word_starts(source))
    alignments = []
    for i in range(n):
        pieces = [p.alignments[i] if p.alignments else None for p in parts]
        if total != source_words or any(a is None for a in pieces):
            alignments.append(None)
            continue
        alignments.append([cell for a, off in zip(pieces, offsets) for cell in align.shift(a, off)])
    return Hypotheses([" ".join(p[i] for p in parts) for i in range(n)], pieces=count,
                      alignments=alignments)


def load_engine(settings: EngineSettings | None = None, name: str | None = None) -> ArgosEngine:
    """The newest installed, usable ar→en package as an engine (the one named `name`, when
    given), or ModelError saying how to install one. Test-fixture packages are skipped unless
    WORKBENCH_ALLOW_TEST_MODEL=1."""
    from workbench.mt import models
    candidates = models.usable_ar_en()
    if not candidates:
        raise ModelError(models.missing_message())
    if name is not None:
        chosen = [m for m in candidates if m.name == name]
        if not chosen:
            raise ModelError(f"--model {name}: no such usable ar→en model; installed: "
                             + ", ".join(m.name for m in candidates))
        return ArgosEngine(chosen[0], settings)
    remembered = [m for m in candidates if m.name == remembered_model()]
    return ArgosEngine((remembered or candidates)[0], settings)


MODEL_KEY = "mt_model"     # in the config file: the model `translate --model` chose last


def remembered_model() -> str | None:
    """The model last chosen with `--model` (the newest installed one is used without it)."""
    from workbench import config
    value = config.load().get(MODEL_KEY)
    return value if isinstance(value, str) and value else None


def remember_model(name: str) -> None:
    from workbench import config
    config.save({MODEL_KEY: name})
