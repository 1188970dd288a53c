"""The one way a screen writes: as the annotator (asked for first if nobody is set), in a
short transaction on the UI thread's connection, with failures shown as one-line notices."""

from __future__ import annotations

import sqlite3
from typing import Any, Callable

from workbench.errors import WorkbenchError


def write_as_annotator(screen, what: str, fn: Callable[[str], Any],
                       done: Callable[[Any], None]) -> None:
    """Run `fn(annotator)` in a transaction, then `done(result)`; `what` names it in notices."""
    def run(annotator: str | None) -> None:
        if not annotator:
            screen.notify(f"{what}: not saved, nobody is annotating", severity="warning")
            return
        try:
            with screen.app.conns.main.atomic():
                result = fn(annotator)
        except WorkbenchError as exc:
            screen.notify(f"{what}: {exc}", severity="error")
            return
        except sqlite3.Error as exc:
            from workbench.store.db import explain
            screen.notify(f"{what}: not saved: {explain(exc, screen.app.conns.path)}",
                          severity="error", timeout=10)
            return
        done(result)
    screen.app.with_annotator(run)
