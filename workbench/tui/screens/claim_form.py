"""Tagging a new claim on a span of the current segment: who claims what, of which type,
where and when; or, given `initial` (a saved claim's fields), correcting one. Ctrl+S saves;
the claims store checks the values (one clear line if not)."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static

from workbench.errors import InvalidValue
from workbench.tui import render
from workbench.tui.passage import SegmentInfo
from workbench.tui.screens.form import FormScreen
from workbench.tui.widgets.span_picker import SpanPicker

FIELDS = (("claimant", "Claimant", "who asserts it (person or body)"),
          ("claimant_role", "Role", "e.g. spokesperson"),
          ("place", "Place", "where it happened"),
          ("date", "Date", "YYYY, YYYY-MM or YYYY-MM-DD"))


class ClaimFormScreen(FormScreen[dict]):
    """Returns the claim's fields (segment_id, start, end, content, claim_type, ...).

    With `initial` the form opens on a saved claim's values; its span stays exactly as saved
    (even when it does not fall on word boundaries) unless the span is moved."""

    def __init__(self, info: SegmentInfo, claim_types: list[tuple[str, str]],
                 mode: str = "reorder", claim_type: str | None = None,
                 start: int | None = None, end: int | None = None,
                 validate: Callable[[dict], object] | None = None,
                 initial: dict | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validate = validate
        self.info = info
        self.initial = initial or {}
        self.claim_types = list(claim_types or [("other", "other")])
        self.mode = mode
        claim_type = claim_type or self.initial.get("claim_type")
        names = [name for name, _ in self.claim_types]
        if claim_type and claim_type not in names and self.initial:
            self.claim_types.append((claim_type, claim_type))   # keep a saved type shown
            names.append(claim_type)
        self.claim_type = claim_type if claim_type in names else names[0]
        self.start = start if start is not None else self.initial.get("start")
        self.end = end if end is not None else self.initial.get("end")
        self.span_moved = False

    @property
    def title_text(self) -> str:
        if self.initial.get("id") is not None:
            return f"Edit claim #{self.initial['id']} in segment {self.info.position + 1}"
        return f"Tag a claim in segment {self.info.position + 1}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="claim-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static("←/→ move along the words, shift+←/→ extend the claim's span, or click",
                         classes="dialog-help")
            yield SpanPicker(self.info.raw, self.mode, self.start, self.end, id="claim-picker")
            with Horizontal(classes="field"):
                yield Label("Claim", classes="field-label")
                yield Static(id="claim-span", classes="field-value")
            with Horizontal(classes="field"):
                yield Label("Type", classes="field-label")
                yield Select([(label, name) for name, label in self.claim_types],
                             value=self.claim_type, allow_blank=False, id="claim-type")
            yield from self.input_rows(FIELDS, self.initial, "claim")
            yield Static("", classes="form-error")
            yield Static("ctrl+s save · escape cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        picker = self.query_one(SpanPicker)
        start, end = self._span()
        self._show_span(self.info.raw[start:end])
        picker.focus()

    def on_span_picker_changed(self, event: SpanPicker.Changed) -> None:
        self.span_moved = True
        self._show_span(self.info.raw[event.start:event.end])

    def _span(self) -> tuple[int, int]:
        """The span chosen: the saved one of a claim being edited until the picker moves."""
        if self.initial and not self.span_moved and self.start is not None \
                and self.end is not None:
            return self.start, self.end
        return self.query_one(SpanPicker).span

    def _show_span(self, text: str) -> None:
        self.query_one("#claim-span", Static).update(render.inline(text, self.mode, 100))

    def result(self) -> dict:
        start, end = self._span()
        if end <= start:
            raise InvalidValue("the claim's span is empty: pick words of the segment")
        values = {"segment_id": self.info.id, "start": start, "end": end,
                  "content": self.info.raw[start:end],
                  "claim_type": str(self.query_one("#claim-type", Select).value)}
        values.update(self.input_values(FIELDS, "claim"))
        if self.validate is not None:
            self.validate(values)     # the store's checks, so the form stays open on an error
        return values
