"""The detail pane: the selected segment's terms (with their notes), QA problems, claims
(saved and suggested) and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui import render
from workbench.tui.passage import LoadedGlossary, SegmentInfo


@dataclass
class Detail:
    """Everything the pane shows for one segment."""

    info: SegmentInfo
    claims: list[dict] = field(default_factory=list)
    suggestions: list[Any] | None = None      # None: not computed (yet, or not available)
    suggestions_note: str = ""
    history: list[dict] = field(default_factory=list)
    claims_note: str = ""
    also_published: list[dict] = field(default_factory=list)   # corpus.neardup.reprints_of


class ClaimList(OptionList):
    """Saved claims then suggested ones; the claim keys act on the highlighted entry."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[tuple[str, Any]] = []   # ("claim", row) or ("suggestion", candidate)
        self.display = False

    def set_entries(self, entries: list[tuple[str, Any]], prompts: list[Text]) -> None:
        if not entries and not self.entries:
            return                   # nothing before, nothing now: spare a layout
        keep = self.highlighted
        self.entries = entries
        self.clear_options()
        self.add_options([Option(p) for p in prompts])
        self.display = bool(entries)
        if entries:
            self.highlighted = min(keep or 0, len(entries) - 1)

    @property
    def selected_entry(self) -> tuple[str, Any] | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.entries):
            return None
        return self.entries[self.highlighted]

    def select_claim(self, claim_id: int) -> bool:
        """Highlight the saved claim `claim_id`, if it is listed."""
        for n, (kind, item) in enumerate(self.entries):
            if kind == "claim" and item["id"] == claim_id:
                self.highlighted = n
                return True
        return False

    def select_kind(self, kind: str) -> tuple[str, Any] | None:
        """The highlighted entry if it is of `kind`, else the first entry of that kind."""
        entry = self.selected_entry
        if entry and entry[0] == kind:
            return entry
        for n, candidate in enumerate(self.entries):
            if candidate[0] == kind:
                self.highlighted = n
                return candidate
        return None


class DetailPane(VerticalScroll):
    """Terms, problems, claims and history of the selected segment."""

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.detail: Detail | None = None
        self._shown: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="detail-top")        # the segment, its QA problems, the claims' title
        yield ClaimList(id="claims")
        yield Static(id="detail-bottom")     # its terms and its history

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    def show(self, detail: Detail | None, glossary: LoadedGlossary | None, glossary_note: str = "") -> None:
        self.detail = detail
        if detail is None:
            self._update("#detail-top", Text("No segment selected.", style="dim"))
            self._update("#detail-bottom", Text())
            self.claim_list.set_entries([], [])
            return
        info = detail.info
        top = self._head(info)
        top.append_text(self._problems(info))
        top.append_text(self._claims_head(detail))
        self._update("#detail-top", top)
        entries, prompts = self._claim_entries(detail)
        self.claim_list.set_entries(entries, prompts)
        bottom = self._terms(info, glossary, glossary_note)
        bottom.append_text(self._history(detail.history))
        self._update("#detail-bottom", bottom)

    def _update(self, selector: str, text: Text) -> None:
        """Replace a section only when it changed: an update costs a layout of the screen."""
        widget = self.query_one(selector, Static)
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            widget.update(text)

    # --- sections ----------------------------------------------------------------------

    def _head(self, info: SegmentInfo) -> Text:
        out = Text()
        out.append(f"Segment {info.position + 1}", style="bold")
        out.append(f" · {'Arabic' if info.is_arabic else 'English'} · {len(info.raw):,} characters"
                   f" · id {info.id}", style="dim")
        out.append("\n")
        out.append_text(render.origin_label(info))
        for n, doc in enumerate(self.detail.also_published if self.detail else []):
            out.append("\nalso published by " if n == 0 else ", ", style="magenta")
            out.append(render.inline(doc["outlet"] or "unknown outlet", self.mode, 40))
            out.append(f" (#{doc['id']}{', first' if doc['original'] else ''})", style="dim")
        if info.origin == "postedit" and info.mt_text:
            out.append("  (machine translation kept underneath)", style="dim")
        return out

    def _terms(self, info: SegmentInfo, glossary: LoadedGlossary | None, note: str) -> Text:
        out = Text()
        out.append("\nTERMS", style="bold underline")
        if glossary is None:
            out.append(f"\n{note or 'glossary not loaded'}", style="dim italic")
            return out
        if not info.marks and not info.en_marks:
            out.append("\nno glossary term in this segment", style="dim")
        seen = set()
        for mark in info.marks or info.en_marks:
            if mark.term_id in seen:
                continue
            seen.add(mark.term_id)
            term = glossary.term(mark.term_id)
            out.append("\n")
            if info.is_arabic:
                out.append(render.inline(info.raw[mark.start:mark.end], self.mode, 40),
                           style=render.STATE_STYLES[mark.state])
                out.append(" → ")
            out.append(getattr(term, "approved_en", mark.term_id) or mark.term_id, style="bold")
            if info.is_arabic:
                out.append(f"  {render.STATE_LABELS[mark.state]}", style="dim")
            if term is not None:
                facts = [getattr(term, "category", ""), getattr(term, "status", "")]
                vocabulary = getattr(term, "vocabulary", "")
                if vocabulary:
                    facts.append(f"word of {vocabulary}")
                out.append(f"  [{' · '.join(f for f in facts if f)}]", style="cyan")
                if getattr(term, "note", ""):
                    out.append(f"\n   {render.inline(term.note, self.mode, 600)}", style="italic")
        return out

    def _problems(self, info: SegmentInfo) -> Text:
        out = Text()
        for problem in info.problems:
            out.append("\n⚠ ", style="bold yellow")
            out.append(problem_text(problem, self.mode))
        if any(p.replacement is not None for p in info.problems):
            out.append("\n  g applies the glossary fix · e edits the English", style="dim")
        elif info.problems:
            out.append("\n  e edits the English", style="dim")
        return out

    def _claims_head(self, detail: Detail) -> Text:
        out = Text("\nCLAIMS", style="bold underline")
        if detail.claims_note:
            out.append(f"\n{detail.claims_note}", style="dim italic")
            return out
        if not detail.claims and not detail.suggestions:
            out.append("\nno claim tagged", style="dim")
        if detail.suggestions_note:
            out.append(f"\n{detail.suggestions_note}", style="dim italic")
        out.append("\n c tag · a accept · x reject · s status · E edit · i incident · "
                   "I incidents", style="dim")
        return out

    def _claim_entries(self, detail: Detail) -> tuple[list, list[Text]]:
        entries, prompts = [], []
        for claim in detail.claims:
            entries.append(("claim", claim))
            prompts.append(claim_text(claim, self.mode))
        for suggestion in detail.suggestions or []:
            entries.append(("suggestion", suggestion))
            prompts.append(suggestion_text(suggestion, self.mode))
        return entries, prompts

    def _history(self, history: list[dict]) -> Text:
        out = Text("\nHISTORY", style="bold underline")
        if not history:
            out.append("\nno change recorded", style="dim")
        for row in history:
            out.append(f"\n{row['at'][:16].replace('T', ' ')} ", style="dim")
            out.append(row["annotator"], style="bold")
            what = {"translations": "post-edit", "claims": f"claim {row['row_id']}"}.get(
                row["table_name"], row["table_name"])
            out.append(f" {row['action']} {what}")
        return out


def problem_text(problem: Any, mode: str = "reorder") -> Text:
    out = Text()
    if problem.kind == "forbidden":
        out.append(f"forbidden \"{problem.found}\"", style="bold red")
        out.append(f" → \"{problem.replacement or problem.approved}\"")
        if problem.replacement is None:
            out.append(" (no automatic fix)", style="dim")
    else:
        out.append(f"missing \"{problem.approved}\"", style="bold yellow")
        if problem.surface_ar:
            out.append(f" for {render.inline(problem.surface_ar, mode)}", style="dim")
    if problem.advisory:
        out.append(" · draft term: advisory", style="dim italic")
    return out


def claim_text(claim: dict, mode: str) -> Text:
    out = Text()
    out.append(f"#{claim['id']} ", style="bold")
    out.append(f"[{claim['claim_type']}] ", style="cyan")
    out.append(render.inline(claim.get("content") or "", mode, 50))
    if claim.get("claimant"):
        out.append(f" — {render.inline(claim['claimant'], mode, 30)}", style="italic")
    status = claim.get("status") or ""
    out.append(f"  {status}", style=STATUS_STYLES.get(status, "dim"))
    if claim.get("incident_id") is not None:
        title = claim.get("incident_title") or f"incident {claim['incident_id']}"
        out.append(f"  ◇ {render.inline(title, mode, 30)}", style="magenta")
    return out


def suggestion_text(suggestion: Any, mode: str) -> Text:
    claim = suggestion.claim
    out = Text()
    out.append("suggested ", style="bold magenta")
    out.append(f"[{claim.claim_type}] ", style="cyan")
    out.append(render.inline(claim.content or "", mode, 50))
    if claim.claimant:
        out.append(f" — {render.inline(claim.claimant, mode, 30)}", style="italic")
    figures = claim.figures()
    if figures:
        out.append(f"  {', '.join(render.inline(f, mode, 20) for f in figures)}", style="yellow")
    return out


STATUS_STYLES = render.STATUS_STYLES
