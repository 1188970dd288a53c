"""Tagging a new claim on a span of the current segment: who claims what (claimant, role,
the cue: the reporting verb), of which type, where and when, its verification status, and
the figures its span carries (read from the span as it moves); or, given `initial` (a saved
claim's fields, or a suggestion's), correcting one. Ctrl+S saves; the claims store checks
the values (one clear line if not)."""

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
          ("cue", "Cue", "the reporting verb as written (قال, أعلنت, said)"),
          ("place", "Place", "where it happened"),
          ("date", "Date", "YYYY, YYYY-MM or YYYY-MM-DD"))
STATUSES = ("unverified", "corroborated", "disputed", "false")   # claims.model.STATUSES

Figures = Callable[[int, int, str], list[str]]


def cue_span(raw: str, cue: str, start: int, end: int,
             saved: tuple[int | None, int | None] = (None, None)) -> tuple[int | None, int | None]:
    """Where the cue is in the segment: where it was saved if it is still there, else the
    occurrence nearest the claim's span; InvalidValue when the segment does not hold it."""
    if not cue:
        return None, None
    if saved[0] is not None and raw[saved[0]:saved[1]] == cue:
        return saved
    found = [i for i in range(len(raw)) if raw.startswith(cue, i)]
    if not found:
        raise InvalidValue(f"cue «{cue}»: not in this segment (type the reporting verb as "
                           "written)")
    at = min(found, key=lambda i: 0 if start <= i < end else min(abs(i - start), abs(i - end)))
    return at, at + len(cue)


class ClaimFormScreen(FormScreen[dict]):
    """Returns the claim's fields (segment_id, start, end, content, claim_type, ...).

    With `initial` the form opens on a saved claim's values; its span stays exactly as saved
    (even when it does not fall on word boundaries) unless the span is moved. Fields go two
    to a row, so the form fits a 45-line terminal."""

    DEFAULT_CSS = """
    ClaimFormScreen .claim-pair { height: auto; }
    ClaimFormScreen .claim-half { width: 1fr; height: auto; }
    """

    def __init__(self, info: SegmentInfo, claim_types: list[tuple[str, str]],
                 mode: str = "reorder", claim_type: str | None = None,
                 start: int | None = None, end: int | None = None,
                 validate: Callable[[dict], object] | None = None,
                 initial: dict | None = None, figures: Figures | None = None,
                 statuses: tuple[str, ...] = STATUSES, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validate = validate
        self.figures = figures
        self.statuses = statuses
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
            with Horizontal(classes="claim-pair"):     # two fields a row: the form fits
                with Horizontal(classes="field claim-half"):
                    yield Label("Type", classes="field-label")
                    yield Select([(label, name) for name, label in self.claim_types],
                                 value=self.claim_type, allow_blank=False, id="claim-type")
                with Horizontal(classes="field claim-half"):
                    yield Label("Figures", classes="field-label")
                    yield Static(id="claim-figures", classes="field-value")
            for left, right in ((FIELDS[0], FIELDS[1]), (FIELDS[2], None), (FIELDS[3], FIELDS[4])):
                with Horizontal(classes="claim-pair"):
                    with Vertical(classes="claim-half"):
                        yield from self.input_rows([left], self.initial, "claim")
                    with Vertical(classes="claim-half"):
                        if right is not None:
                            yield from self.input_rows([right], self.initial, "claim")
                        else:
                            yield from self._status_row()
            yield Static("", classes="form-error")
            yield Static("ctrl+s save · escape cancel", classes="dialog-keys")

    def _status_row(self) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label("Status", classes="field-label")
            status = self.initial.get("status") or self.statuses[0]
            yield Select([(name, name) for name in self.statuses], allow_blank=False,
                         value=status if status in self.statuses else self.statuses[0],
                         id="claim-status")

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
        if self.initial.get("id") is not None and not self.span_moved \
                and self.start is not None and self.end is not None:
            return self.start, self.end
        return self.query_one(SpanPicker).span

    def _show_span(self, text: str) -> None:
        self.query_one("#claim-span", Static).update(render.inline(text, self.mode, 100))
        self._show_figures()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "claim-type":
            self._show_figures()

    def _show_figures(self) -> None:
        """The figures the claim will carry: those read from its span (for its type)."""
        if self.figures is None or not self.is_mounted:
            return
        start, end = self._span()
        found = self.figures(start, end, str(self.query_one("#claim-type", Select).value)) \
            if end > start else []
        self.query_one("#claim-figures", Static).update(
            render.inline(" · ".join(found), self.mode, 100) if found else "none in the span")

    def result(self) -> dict:
        start, end = self._span()
        if end <= start:
            raise InvalidValue("the claim's span is empty: pick words of the segment")
        values = {"segment_id": self.info.id, "start": start, "end": end,
                  "content": self.info.raw[start:end],
                  "claim_type": str(self.query_one("#claim-type", Select).value)}
        values.update(self.input_values(FIELDS, "claim"))
        values["status"] = str(self.query_one("#claim-status", Select).value)
        values["cue_start"], values["cue_end"] = cue_span(
            self.info.raw, values["cue"], start, end,
            (self.initial.get("cue_start"), self.initial.get("cue_end")))
        if self.validate is not None:
            self.validate(values)     # the store's checks, so the form stays open on an error
        return values
