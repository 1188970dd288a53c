"""The shape every dialog shares: a modal form that returns its value with one key.

Ctrl+S saves (dismissing with the value `result()` builds, or staying open with the error
when the value is not valid), Escape cancels (dismissing with None).
"""

from __future__ import annotations

from typing import Generic, Iterable, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from workbench.errors import WorkbenchError
from workbench.tui.widgets.rtl_preview import RtlPreview

T = TypeVar("T")


class FormScreen(ModalScreen[T], Generic[T]):
    """A modal dialog with a save key and a cancel key."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def input_rows(self, fields: Iterable[tuple[str, str, str]], initial: dict,
                   prefix: str) -> ComposeResult:
        """A labelled text input per (name, label, hint), filled from `initial`, with the id
        `<prefix>-<name>`."""
        for name, label, hint in fields:
            with Horizontal(classes="field"):
                yield Label(label, classes="field-label")
                yield Input(value=str(initial.get(name) or ""), placeholder=hint,
                            id=f"{prefix}-{name}")
            # Arabic typed into the input, shaped and in reading order (reorder mode)
            yield RtlPreview(f"#{prefix}-{name}", getattr(self, "mode", "reorder"),
                             id=f"{prefix}-{name}-preview", classes="field-preview")

    def input_values(self, fields: Iterable[tuple[str, str, str]], prefix: str) -> dict:
        """What the inputs of input_rows hold, stripped."""
        return {name: self.query_one(f"#{prefix}-{name}", Input).value.strip()
                for name, _, _ in fields}

    def result(self) -> T:
        """The dialog's value; raise WorkbenchError with one line when the input is not valid."""
        raise NotImplementedError

    def action_save(self) -> None:
        """Ctrl+S is a priority binding: it runs as soon as the key arrives, while keys typed
        before it may still wait in the focused widget's queue. Saving from that queue (after
        them) keeps every keystroke typed before the save."""
        focused = self.focused
        if focused is not None:
            focused.call_later(self._save)
        else:
            self._save()

    def _save(self) -> None:
        if not self.is_attached or self.app.screen is not self:
            return                                  # cancelled (or saved) in the meantime
        try:
            value = self.result()
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        errors = self.query(".form-error")
        if errors:
            errors.first(Static).update(message)
        self.notify(message, severity="error")
