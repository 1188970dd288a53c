"""The feature packages the UI consumes (glossary, translation, claims), found lazily.

Each may be missing from a build (the UI then shows "not available" for what depends on it)
or broken (it fails to import): the UI then says so in one line and keeps working, instead
of the whole app failing. Nothing here imports a feature at module import: starting the UI
pulls in no heavy library, and every accessor is called from the worker or handler that
needs it.
"""

from __future__ import annotations

from types import ModuleType

from workbench.errors import WorkbenchError
from workbench.optional import import_optional

GLOSSARY = "workbench.terms.glossary"
QA = "workbench.terms.qa"
TERM_STORE = "workbench.terms.store"
MEMORY = "workbench.mt.memory"
TRANSLATE = "workbench.mt.translate"
ENGINE = "workbench.mt.engine"
CLAIM_STORE = "workbench.claims.store"
CLAIM_SUGGEST = "workbench.claims.suggest"


class FeatureError(WorkbenchError):
    """A feature module that exists but cannot be imported."""


def get(name: str) -> ModuleType | None:
    """The feature module, or None when this build does not have it; FeatureError when it
    is there but fails to load."""
    try:
        return import_optional(name)
    except (ImportError, SyntaxError) as exc:
        raise FeatureError(f"{name} cannot be loaded ({exc})") from None


def find(name: str, what: str) -> tuple[ModuleType | None, str]:
    """(module, "") or (None, the one line to show instead)."""
    try:
        module = get(name)
    except FeatureError as exc:
        return None, str(exc)
    return module, "" if module is not None else missing_message(what)


def missing_message(what: str) -> str:
    return f"{what} is not available in this build of the workbench"
