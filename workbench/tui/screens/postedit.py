"""Post-editing one segment: the Arabic and the machine translation above, the English
in a text area below; Ctrl+S saves it (with the annotator, into history) at once.

The editor has find (ctrl+f, enter finds the next one) and replace-all (ctrl+r), and says so
with its other keys (F7 selects all) under the text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea
from textual.widgets.text_area import Selection

from workbench.tui import render
from workbench.tui.passage import SegmentInfo
from workbench.tui.screens.form import FormScreen
from workbench.tui.widgets.rtl_preview import RtlPreview

KEYS = ("ctrl+s save · escape cancel · an empty text removes the post-edit\n"
        "F7 select all · ctrl+f find (enter: next) · ctrl+r replace all")


SHORT = 32     # rows: below this the dialog tightens


def replace_all(text: str, find: str, replacement: str) -> tuple[str, int]:
    """`text` with every `find` replaced (exact, case-sensitive), and how many were."""
    if not find:
        return text, 0
    return text.replace(find, replacement), text.count(find)


class PostEditScreen(FormScreen[str]):
    """Returns the new English (an empty text clears the post-edit)."""

    BINDINGS = [
        Binding("ctrl+f", "find", "Find", id="postedit.find"),
        Binding("ctrl+r", "replace", "Replace all", id="postedit.replace"),
    ]

    def __init__(self, info: SegmentInfo, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.info = info
        self.mode = mode

    def compose(self) -> ComposeResult:
        info = self.info
        with Vertical(classes="dialog wide", id="postedit-dialog"):
            yield Label(f"Post-edit segment {info.position + 1}", classes="dialog-title")
            with VerticalScroll(id="postedit-source"):
                yield Static(id="postedit-arabic")
                mt = Text("machine translation: ", style="dim")
                mt.append(info.mt_text or "none yet", style="italic" if info.mt_text else "dim")
                yield Static(mt, id="postedit-mt")
            start = info.english if info.origin in ("postedit", "mt") else ""
            yield TextArea(start or "", id="postedit-text", soft_wrap=True, show_line_numbers=False)
            yield RtlPreview(mode=self.mode, id="postedit-preview")
            with Horizontal(id="postedit-find"):
                yield Input(placeholder="find", id="postedit-find-text", compact=True)
                yield Input(placeholder="replace with", id="postedit-replace-text", compact=True)
            yield Static("", classes="form-error")
            yield Static(KEYS, classes="dialog-keys")

    @property
    def editor(self) -> TextArea:
        return self.query_one("#postedit-text", TextArea)

    def on_mount(self) -> None:
        self.call_after_refresh(self._show_arabic)
        self.query_one("#postedit-find").display = False
        self.editor.focus()

    def _show_arabic(self) -> None:
        widget = self.query_one("#postedit-arabic", Static)
        width = max(20, widget.content_size.width or 60)
        marks = [(m.start, m.end, render.STATE_STYLES[m.state]) for m in self.info.marks]
        lines = render.fit_text(self.info.raw, width, None, self.mode, marks)
        out = Text("\n").join(lines)
        widget.update(out)

    def on_resize(self) -> None:
        # a short terminal: less of the Arabic and a smaller editor, so the keys stay in view
        self.set_class(self.size.height < SHORT, "short")
        self.call_after_refresh(self._show_arabic)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one(RtlPreview).show_text(event.text_area.text)

    # --- find and replace --------------------------------------------------------------

    def action_find(self) -> None:
        self._open_find("#postedit-find-text")

    def action_replace(self) -> None:
        self._open_find("#postedit-replace-text" if self._find_text else "#postedit-find-text")

    def _open_find(self, focus: str) -> None:
        self.query_one("#postedit-find").display = True
        self.query_one(focus, Input).focus()

    @property
    def _find_text(self) -> str:
        return self.query_one("#postedit-find-text", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "postedit-find-text":
            self.find_next()
        else:
            self.replace()

    def find_next(self) -> bool:
        """Select the next occurrence after the cursor (round to the top); False if none."""
        editor, find = self.editor, self._find_text
        if not find:
            return False
        text = editor.text
        after = editor.document.get_index_from_location(editor.selection.end)
        at = text.find(find, after)
        if at < 0:
            at = text.find(find)
        if at < 0:
            self.notify(f"«{find}» is not in the text", severity="warning")
            return False
        location = editor.document.get_location_from_index
        editor.selection = Selection(location(at), location(at + len(find)))
        return True

    def replace(self) -> int:
        """Replace every occurrence of the find text (one undoable edit); how many."""
        editor = self.editor
        new, count = replace_all(editor.text, self._find_text,
                                 self.query_one("#postedit-replace-text", Input).value)
        if count:
            editor.replace(new, (0, 0), editor.document.end)
        self.notify(f"{count} replaced" if count else f"«{self._find_text}» is not in the text",
                    severity="information" if count else "warning")
        return count

    def action_cancel(self) -> None:
        """Escape closes the find bar first, then the dialog."""
        bar = self.query_one("#postedit-find")
        if bar.display:
            bar.display = False
            self.editor.focus()
            return
        super().action_cancel()

    def result(self) -> str:
        return self.editor.text
