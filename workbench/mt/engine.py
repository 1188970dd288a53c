"""The small interface every translation engine offers, and the one way to get the default engine.

The rest of the workbench (translation runs, the memory, the UI) only sees this interface, so
an engine is swappable and tests can wrap one. An engine is identified by (name, model,
model_version): the translation memory never asks the same identity twice for the same text.
An engine may also offer `submit(texts, num_hypotheses) -> wait`, starting the work in the
background; translation runs use it to prepare the next batch while they save the last.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class Hypotheses(list):
    """The n-best translations of one input, best first.

    `pieces` > 1 says the input was longer than the model's limit and was translated in
    that many pieces, whose translations were joined. `alignments`, when the engine gives
    them, say which source words each hypothesis's words came from (missing-term repair).
    """

    pieces: int = 1
    alignments: list | None = None   # per hypothesis: its word alignment (mt.align) or None

    def __init__(self, values=(), pieces: int = 1, alignments: list | None = None):
        super().__init__(values)
        self.pieces = pieces
        self.alignments = alignments


@runtime_checkable
class Engine(Protocol):
    name: str            # the engine family, e.g. "argos"
    model: str           # the model package's name
    model_version: str   # the package's version
    settings: dict       # what shaped the output (beam size, device, ...), stored as provenance
    batch_size: int      # how many inputs to hand to translate_batch at once
    hypotheses: int      # how many hypotheses to ask for (glossary enforcement chooses)

    def translate_batch(self, texts: list[str], num_hypotheses: int = 1) -> list[Hypotheses]:
        """Translate each text; return its `num_hypotheses` best translations, best first."""
        ...


def default_engine() -> Engine:
    """The engine the workbench translates with: the installed Arabic→English Argos model.

    Raises ModelError (one line with the exact install commands) when none is installed.
    """
    from workbench.mt.argos import load_engine
    return load_engine()
