"""The documents list: one line per current document; choosing one opens it in the passage view."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.tui import render

TITLE_LINES = 3     # a longer title is cut after a whole word, with an ellipsis
# Options shown at once: the list holds every document but lays out only a window of them
# around the highlight (OptionList measures every option on each change, which at 10,000
# documents took seconds to open the app and a tenth of a second to open a document).
WINDOW = 200
EDGE = 10           # the window moves when the highlight comes this close to its end


class DocumentList(OptionList):
    """Documents by import order; Enter or a click opens the highlighted one."""

    class Chosen(Message):
        def __init__(self, document: dict) -> None:
            super().__init__()
            self.document = document

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.documents: list[dict] = []
        self.opened: int | None = None
        self.start = 0                        # the index of the first document shown
        self._index: dict[int, int] = {}

    def set_documents(self, documents: list[dict]) -> None:
        """Show `documents`, keeping the highlight on the same document when it is still there."""
        keep = self.highlighted_document
        self.documents = documents
        self._index = {d["id"]: n for n, d in enumerate(documents)}
        self.border_subtitle = f"{len(documents):,} document(s)"
        target = keep["id"] if keep and keep["id"] in self._index else self.opened
        self._show_window(self._index.get(target, 0))

    def _show_window(self, around: int) -> None:
        """Lay out the documents of the window holding index `around`, highlighted."""
        self.start = max(0, min(around - WINDOW // 2, len(self.documents) - WINDOW))
        self.clear_options()
        shown = self.documents[self.start:self.start + WINDOW]
        self.add_options([Option(self._label(d), id=str(d["id"])) for d in shown])
        if shown:
            self.highlighted = around - self.start

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Near either end of the window, move it so the list scrolls on through them all."""
        n = self.start + event.option_index
        shown = min(WINDOW, len(self.documents) - self.start)
        if ((event.option_index < EDGE and self.start > 0)
                or (event.option_index >= shown - EDGE
                    and self.start + shown < len(self.documents))):
            self.call_later(self._show_window, n)

    def _label(self, doc: dict) -> Text:
        title = doc.get("title") or doc.get("doc_key") or f"document {doc['id']}"
        label = Text()
        label.append("● " if doc["id"] == self.opened else "  ", style="bold yellow")
        width = self._text_width()
        label.append(render.fit(title, width, TITLE_LINES, self.mode, align=True))
        facts = f"\n  {doc.get('language') or '?'} · {doc.get('segment_count', 0):,} seg"
        label.append(facts, style="dim")
        room = width - len(facts) - 2
        if doc.get("outlet") and room >= 4:
            label.append(f" · {render.fit(doc['outlet'], room, 1, self.mode)}", style="dim")
        return label

    def _text_width(self) -> int:
        """Columns a label may use: the list's width less the marker, borders and scrollbar."""
        return max(12, (self.size.width or 32) - 6)

    def on_resize(self) -> None:
        if self.documents:
            self.set_documents(self.documents)

    @property
    def highlighted_document(self) -> dict | None:
        if self.highlighted is None or not 0 <= self.start + self.highlighted < len(self.documents):
            return None
        return self.documents[self.start + self.highlighted]

    def index_of(self, document_id: int) -> int | None:
        """The document's index in `documents` (all of them, not only those shown)."""
        return self._index.get(document_id)

    def mark_opened(self, document_id: int) -> None:
        previous, self.opened = self.opened, document_id
        n = self.index_of(document_id)
        if n is not None and not self.start <= n < self.start + self.option_count:
            self._show_window(n)                  # labels made afresh, the mark with them
            return
        for doc_id in (previous, document_id):
            m = self.index_of(doc_id) if doc_id is not None else None
            if m is not None and self.start <= m < self.start + self.option_count:
                self.replace_option_prompt_at_index(m - self.start, self._label(self.documents[m]))
        if n is not None:
            self.highlighted = n - self.start

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        doc = self.documents[self.start + event.option_index]
        self.post_message(self.Chosen(doc))
