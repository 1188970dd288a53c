"""The status bar above the key footer: who is annotating, what is loaded, and the progress
of a translation run (with how to cancel it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class StatusBar(Horizontal):
    """One line: state on the left, a translation progress bar on the right while it runs."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; }
    StatusBar #status-text { width: 1fr; height: 1; padding: 0 1; }
    StatusBar #job-label { width: auto; height: 1; padding: 0 1; display: none; }
    StatusBar ProgressBar { width: 40; height: 1; display: none; }
    StatusBar.busy #job-label, StatusBar.busy ProgressBar { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.facts: dict[str, tuple[str, str]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="status-text")
        yield Static(id="job-label")
        yield ProgressBar(total=None, show_eta=False, id="job-progress")

    def set_fact(self, key: str, text: str, style: str = "") -> None:
        """Show `text` for `key` (annotator, glossary, model, refresh...), in insertion order."""
        self.facts[key] = (text, style)
        self._show()

    def clear_fact(self, key: str) -> None:
        if self.facts.pop(key, None) is not None:
            self._show()

    def _show(self) -> None:
        out = Text()
        for n, (value, value_style) in enumerate(self.facts.values()):
            if n:
                out.append(" · ", style="dim")
            out.append(value, style=value_style)
        self.query_one("#status-text", Static).update(out)

    def start_job(self, label: str, total: int | None) -> None:
        self.add_class("busy")
        self.query_one("#job-label", Static).update(label)
        self.query_one(ProgressBar).update(total=total, progress=0)

    def job_progress(self, label: str, done: int, total: int) -> None:
        self.query_one("#job-label", Static).update(label)
        self.query_one(ProgressBar).update(total=total, progress=done)

    def end_job(self) -> None:
        self.remove_class("busy")

    @property
    def busy(self) -> bool:
        return self.has_class("busy")
