"""The documents list: one line per current document; choosing one opens it in the passage view."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.tui import render


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

    def set_documents(self, documents: list[dict]) -> None:
        """Show `documents`, keeping the highlight on the same document when it is still there."""
        keep = self.highlighted_document
        self.documents = documents
        self.clear_options()
        self.add_options([Option(self._label(d), id=str(d["id"])) for d in documents])
        self.border_subtitle = f"{len(documents):,} document(s)"
        if documents:
            ids = [d["id"] for d in documents]
            target = keep["id"] if keep and keep["id"] in ids else (self.opened or ids[0])
            self.highlighted = ids.index(target) if target in ids else 0

    def _label(self, doc: dict) -> Text:
        title = doc.get("title") or doc.get("doc_key") or f"document {doc['id']}"
        label = Text()
        label.append("● " if doc["id"] == self.opened else "  ", style="bold yellow")
        label.append(render.wrapped(title, self._text_width(), self.mode, 90).lstrip("\n"))
        label.append(f"\n  {doc.get('language') or '?'} · {doc.get('segment_count', 0):,} seg",
                     style="dim")
        if doc.get("outlet"):
            label.append(f" · {render.inline(doc['outlet'], self.mode, 24)}", style="dim")
        return label

    def _text_width(self) -> int:
        """Columns a label may use: the list's width less the marker, borders and scrollbar."""
        return max(12, (self.size.width or 32) - 6)

    def on_resize(self) -> None:
        if self.documents:
            self.set_documents(self.documents)

    @property
    def highlighted_document(self) -> dict | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.documents):
            return None
        return self.documents[self.highlighted]

    def index_of(self, document_id: int) -> int | None:
        for n, doc in enumerate(self.documents):
            if doc["id"] == document_id:
                return n
        return None

    def mark_opened(self, document_id: int) -> None:
        previous, self.opened = self.opened, document_id
        for doc_id in (previous, document_id):
            n = self.index_of(doc_id) if doc_id is not None else None
            if n is not None:
                self.replace_option_prompt_at_index(n, self._label(self.documents[n]))
        n = self.index_of(document_id)
        if n is not None:
            self.highlighted = n

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        doc = self.documents[event.option_index]
        self.post_message(self.Chosen(doc))
