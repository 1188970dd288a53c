"""Adjudicating the conflicts merges found: the open ones listed, the highlighted one's two
values side by side with who wrote each and what it is about (the segment's Arabic drawn in
visual order), and one key to keep ours, keep theirs, or write a new value.

Every resolution goes through `workbench.team.conflicts.resolve` (the one the CLI uses) in a
short transaction on the UI thread's connection: the row(s) get the chosen value, and the
conflict, both sides kept, is recorded in history with the annotator.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import WorkbenchError
from workbench.tui import keys, render
from workbench.tui.commands import ActionsProvider
from workbench.tui.writes import write_as_annotator

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp



def count_fact(db) -> str | None:
    """The status bar's note ("3 open conflicts (C)"), or None when there are none."""
    from workbench.team.conflicts import open_count
    n = open_count(db)
    return f"{n} open conflict{'' if n == 1 else 's'} (C)" if n else None


def value_text(value: Any) -> str:
    """A value as the adjudicator reads and types it: a list as `a | b`, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class ConflictsScreen(Screen[None]):
    """The open conflicts (and, with `a`, the resolved ones), one adjudicated at a time."""

    BINDINGS = keys.CONFLICTS
    KEY_SECTIONS = keys.CONFLICT_SECTIONS
    COMMANDS = {ActionsProvider}
    AUTO_FOCUS = "#conflict-list"

    DEFAULT_CSS = """
    #conflict-count { height: 1; padding: 0 1; }
    #conflict-list { height: auto; min-height: 4; max-height: 40%;
                     border: round $primary-darken-2; }
    #conflict-list:focus { border: round $accent; }
    #conflict-detail { height: 1fr; border: round $primary-darken-1; padding: 0 1; }
    #conflict-context { height: auto; margin-bottom: 1; }
    #conflict-sides { height: auto; }
    .conflict-side { width: 1fr; height: auto; border: round $primary-darken-2; padding: 0 1; }
    #conflict-resolution { height: auto; margin-top: 1; }
    """

    app: "WorkbenchApp"

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.show_resolved = False
        self.conflicts: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Vertical(id="conflict-body"):
            yield Static("", id="conflict-count")
            yield OptionList(id="conflict-list")
            with VerticalScroll(id="conflict-detail"):
                yield Static("", id="conflict-context")
                with Horizontal(id="conflict-sides"):
                    yield Static("", id="conflict-ours", classes="conflict-side")
                    yield Static("", id="conflict-theirs", classes="conflict-side")
                yield Static("", id="conflict-resolution")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#conflict-list", OptionList).border_title = "Conflicts from merges"
        self.reload()

    @property
    def module(self):
        from workbench.team import conflicts
        return conflicts

    # --- the list ----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the conflicts again; stay on the row `keep` (or on the same place)."""
        options = self.query_one("#conflict-list", OptionList)
        was = options.highlighted
        try:
            self.conflicts = self.module.list_conflicts(
                self.app.conns.main, status=None if self.show_resolved else "open")
            still_open = self.module.open_count(self.app.conns.main)
        except (WorkbenchError, sqlite3.Error) as exc:
            self.notify(f"conflicts: {exc}", severity="error")
            self.conflicts, still_open = [], 0
        width = max(30, self.size.width - 6)
        options.clear_options()
        options.add_options([Option(self._label(c, width)) for c in self.conflicts])
        self.query_one("#conflict-count", Static).update(self._count_line(still_open))
        if self.conflicts:
            at = keep if keep is not None else (was or 0)
            options.highlighted = max(0, min(len(self.conflicts) - 1, at))
        self.show(self.current)

    def _count_line(self, still_open: int) -> Text:
        line = Text()
        if still_open:
            line.append(f"{still_open} open conflict{'' if still_open == 1 else 's'}",
                        style="bold yellow")
        else:
            line.append("no open conflicts", style="bold")
        resolved = sum(1 for c in self.conflicts if c.status == "resolved")
        if self.show_resolved:
            line.append(f" · {resolved} resolved shown (a hides them)", style="dim")
        else:
            line.append(" · a shows the resolved ones", style="dim")
        return line

    def _label(self, c, width: int) -> Text:
        out = Text()
        out.append("● " if c.status == "open" else "✓ ",
                   style="bold yellow" if c.status == "open" else "green")
        out.append(render.inline(self.module.describe(c), self.mode, width - 2),
                   style="" if c.status == "open" else "dim")
        return out

    @property
    def current(self):
        highlighted = self.query_one("#conflict-list", OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.conflicts):
            return None
        return self.conflicts[highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(self.current)

    def on_resize(self) -> None:
        self.show(self.current)

    # --- the detail --------------------------------------------------------------------

    def show(self, c) -> None:
        detail = self.query_one("#conflict-detail", VerticalScroll)
        sides = self.query_one("#conflict-sides", Horizontal)
        context = self.query_one("#conflict-context", Static)
        resolution = self.query_one("#conflict-resolution", Static)
        if c is None:
            detail.border_title = "Conflict"
            sides.display = False
            resolution.update("")
            context.update(Text(
                "Nothing to adjudicate. A merge (workbench merge OTHER.db) keeps here every "
                "field two annotators set differently, until someone picks a side."
                if not self.conflicts else "", style="dim"))
            return
        width = max(40, self.size.width - 8)
        detail.border_title = f"Conflict #{c.id}: {c.table}.{c.field}"
        context.update(self._context_text(c, width))
        sides.display = True
        side_width = max(16, width // 2 - 4)
        for which, value, who in (("ours", c.ours, c.ours_by), ("theirs", c.theirs, c.theirs_by)):
            widget = self.query_one(f"#conflict-{which}", Static)
            widget.border_title = f"{which} · {who or '?'}"
            widget.border_subtitle = ("this database" if which == "ours" else
                                      (Path(c.source).name if c.source else "the merged database"))
            text = value_text(value)
            widget.update(Text(render.wrapped(text, side_width, self.mode, 2000))
                          if text else Text("(empty)", style="dim"))
        if c.status == "resolved":
            line = Text(f"resolved by {c.resolved_by} at {c.resolved_at} (",
                        style="green")
            line.append("a new value" if c.resolved_how == "value" else f"kept {c.resolved_how}")
            line.append("): ")
            line.append(render.inline(value_text(c.resolution) or "(empty)", self.mode, 400),
                        style="bold")
            resolution.update(line)
        else:
            resolution.update(Text("o keeps ours · t keeps theirs · v writes a new value",
                                   style="dim"))

    def _context_text(self, c, width: int) -> Text:
        ctx = c.context or {}
        out = Text()
        if c.table == "translations":
            out.append(f"segment {ctx.get('position', 0) + 1} of ", style="dim")
            out.append(render.inline(ctx.get("title") or f"document {ctx.get('document_id')}",
                                     self.mode, width - 20), style="bold")
            out.append("\n")
            if ctx.get("text"):
                out.append(render.wrapped(ctx["text"], width, self.mode, 1200))
                out.append("\n")
            out.append("machine translation: ", style="dim")
            out.append(ctx.get("mt") or "none", style="italic" if ctx.get("mt") else "dim")
        elif c.table == "claims":
            claims = " / ".join(f"claim {ctx[k]['id']} by {ctx[k]['annotator']}"
                                for k in ("ours_claim", "theirs_claim") if k in ctx)
            span = ctx.get("span") or ["?", "?"]
            out.append(f"{claims} on segment {ctx.get('segment_id')} [{span[0]}:{span[1]}]\n",
                       style="bold")
            raw = self._segment_text(ctx.get("segment_id"))
            if raw:
                out.append(render.wrapped(raw, width, self.mode, 1200))
                out.append("\n")
            if ctx.get("content"):
                out.append("claimed: ", style="dim")
                out.append(render.inline(ctx["content"], self.mode, width - 10), style="bold")
        else:
            out.append(render.inline(self.module.describe(c), self.mode, width))
        return out

    def _segment_text(self, segment_id) -> str:
        if segment_id is None:
            return ""
        from workbench.store.documents import get_segment
        try:
            return get_segment(self.app.conns.main, segment_id)["raw"]
        except (WorkbenchError, sqlite3.Error):
            return ""

    # --- adjudicating ------------------------------------------------------------------

    def _open_current(self):
        c = self.current
        if c is None:
            self.notify("no conflict selected" if not self.conflicts else "choose a conflict")
            return None
        if c.status == "resolved":
            self.notify(f"conflict {c.id} is already resolved by {c.resolved_by}")
            return None
        return c

    def _resolve(self, c, **how) -> None:
        """Resolve (asking who is annotating first if nobody is), then show the list again."""
        position = self.query_one("#conflict-list", OptionList).highlighted

        db = self.app.conns.main

        def done(_result) -> None:
            kept = how.get("pick") or "a new value"
            self.notify(f"conflict {c.id} resolved: {kept}")
            self.reload(keep=position)
            self.app.refresh_data(force=True)
        write_as_annotator(self, f"conflict {c.id}",
                           lambda annotator: self.module.resolve(db, c.id, annotator, **how), done)

    def action_pick(self, side: str) -> None:
        c = self._open_current()
        if c is not None:
            self._resolve(c, pick=side)

    def action_new_value(self) -> None:
        c = self._open_current()
        if c is None:
            return
        from workbench.tui.screens.conflict_value import ConflictValueScreen
        sides = Text()
        for which, value, who in (("ours", c.ours, c.ours_by), ("theirs", c.theirs, c.theirs_by)):
            sides.append(f"{which} ({who or '?'}): ", style="dim")
            sides.append(render.inline(value_text(value) or "(empty)", self.mode, 300) + "\n")
        field_is_list = any(isinstance(v, list) or (isinstance(v, str) and v[:1] == "[")
                            for v in (c.ours, c.theirs))
        db = self.app.conns.main

        def written(text: str | None) -> None:
            if text is not None:
                self._resolve(c, value=text)
        self.app.push_screen(ConflictValueScreen(
            f"New value for {c.table}.{c.field} (conflict #{c.id})", sides, value_text(c.ours),
            validate=lambda text: self.module.check_value(db, c, text),
            hint="values separated by ' | '" if field_is_list else ""), written)

    def action_toggle_resolved(self) -> None:
        self.show_resolved = not self.show_resolved
        self.reload(keep=0)

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen
        self.app.push_screen(HelpScreen(keys.CONFLICT_SECTIONS))

    def action_close(self) -> None:
        self.dismiss(None)
