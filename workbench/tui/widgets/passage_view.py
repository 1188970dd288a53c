"""The passage view: a document's segments as blocks of Arabic beside English.

It draws only the blocks that are on screen (Textual's line API), reading segments from the
`Passage` a window at a time, so a 100,000-segment document scrolls as lightly as a short one.
Its scroll position is a segment and a line inside it, not a pixel offset over the whole
document; the border shows where the cursor is instead of a scrollbar.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from workbench.tui import render
from workbench.tui.passage import Passage, SegmentInfo

SELECTED = Style(bgcolor="grey19")
MARKER = Style(color="black", bgcolor="bright_yellow", bold=True)
BLOCK_CACHE = 150


class PassageView(Widget, can_focus=True):
    """Segments of one document; the cursor is the selected segment."""

    class CursorMoved(Message):
        """The selected segment changed (or was re-read)."""

        def __init__(self, view: "PassageView", info: SegmentInfo | None) -> None:
            super().__init__()
            self.view = view
            self.info = info

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.passage: Passage | None = None
        self.message = Text("")
        self.cursor = 0
        self.top = 0          # first segment on screen
        self.top_skip = 0     # lines of that segment scrolled off the top
        self._blocks: OrderedDict[tuple, list[Strip]] = OrderedDict()
        self._frame: list[tuple[Strip, int | None]] | None = None
        self._frame_size: Size | None = None    # the size the frame was drawn for

    # --- what is shown -----------------------------------------------------------------

    def show(self, passage: Passage | None, position: int = 0) -> None:
        self.passage = passage
        self.top = self.top_skip = 0
        self.cursor = 0
        self._frame = None
        if passage is not None and passage.count:
            self.move_to(position, announce=True)
        else:
            self._update_title()
            self.refresh()
            self.post_message(self.CursorMoved(self, None))

    def show_message(self, message: str | Text) -> None:
        """Replace the passage by a message (empty database, no document chosen, ...)."""
        self.passage = None
        self.message = Text(message) if isinstance(message, str) else message
        self._frame = None
        self.border_title = ""
        self.border_subtitle = ""
        self.refresh()
        self.post_message(self.CursorMoved(self, None))

    def reload(self, positions: list[int] | None = None) -> None:
        """Read segments again (after an edit here or a write by another process)."""
        if self.passage is None:
            return
        self.passage.invalidate(positions)
        self._frame = None
        self.refresh()
        self.post_message(self.CursorMoved(self, self.current))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._blocks.clear()
        self._frame = None
        self._update_title()
        self.refresh()

    @property
    def current(self) -> SegmentInfo | None:
        return self.passage.get(self.cursor) if self.passage else None

    # --- moving ------------------------------------------------------------------------

    def move_to(self, position: int, announce: bool = True) -> bool:
        if self.passage is None or not self.passage.count:
            return False
        position = max(0, min(self.passage.count - 1, position))
        moved = position != self.cursor
        self.cursor = position
        self._scroll_to_cursor()
        self._frame = None
        self._update_title()
        self.refresh()
        if moved or announce:
            self.post_message(self.CursorMoved(self, self.current))
        return moved

    def move_by(self, delta: int) -> bool:
        return self.move_to(self.cursor + delta, announce=False)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        if self.passage:
            self.move_to(self.passage.count - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """Scroll a screenful; the cursor follows when it leaves the screen."""
        if self.passage is None:
            return
        self.scroll_lines(direction * max(1, self.size.height - 2))
        frame = self._get_frame()
        shown = [p for _, p in frame if p is not None]
        if shown and not (min(shown) <= self.cursor <= max(shown)):
            self.move_to(shown[0] if direction > 0 else shown[-1])

    def scroll_lines(self, lines: int) -> None:
        """Move the view (not the cursor) by `lines` lines."""
        if self.passage is None or not self.passage.count:
            return
        top, skip = self.top, self.top_skip + lines
        while skip < 0 and top > 0:
            top -= 1
            skip += self._height(top)
        skip = max(0, skip)
        while top < self.passage.count - 1 and skip >= self._height(top):
            skip -= self._height(top)
            top += 1
        self.top, self.top_skip = top, min(skip, max(0, self._height(top) - 1))
        self._frame = None
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.size.height)
        cursor = self.cursor
        if cursor < self.top or (cursor == self.top and self.top_skip):
            self.top, self.top_skip = cursor, 0
            return
        used = -self.top_skip
        for p in range(self.top, cursor + 1):
            used += self._height(p)
            if used > height:
                break
        else:
            return
        # the cursor's block ends below the screen: make it the last block that fits
        top, used = cursor, self._height(cursor)
        while top > 0 and used + self._height(top - 1) <= height:
            top -= 1
            used += self._height(top)
        self.top, self.top_skip = top, 0

    # --- drawing -----------------------------------------------------------------------

    def block(self, position: int) -> list[Strip]:
        """The lines the view draws for the segment at `position` (its block), as shown."""
        info = self.passage.get(position) if self.passage else None
        if info is None:
            return []
        width = max(20, self.size.width)
        key = (info.signature(), width, self.mode, render.keep_harakat())
        strips = self._blocks.get(key)
        if strips is None:
            console = self.app.console
            strips = [Strip(list(line.render(console))).adjust_cell_length(width)
                      for line in render.block(info, width, self.mode)]
            self._blocks[key] = strips
            while len(self._blocks) > BLOCK_CACHE:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(key)
        return strips

    def _height(self, position: int) -> int:
        return len(self.block(position)) or 1

    def _get_frame(self) -> list[tuple[Strip, int | None]]:
        # The frame is drawn for one size: Textual may paint at a new size before the Resize
        # event reaches on_resize, and a frame kept from the old size would show the Arabic
        # column at its old width (cropped, pushing the English out of view).
        if self._frame is not None and self._frame_size == self.size:
            return self._frame
        self._frame_size = self.size
        width, height = self.size.width, self.size.height
        frame: list[tuple[Strip, int | None]] = []
        if self.passage is None or not self.passage.count:
            lines = self.message.wrap(self.app.console, max(10, width - 4)) if self.message else []
            pad = max(0, (height - len(lines)) // 3)
            frame = [(Strip.blank(width), None)] * pad
            for line in lines:
                line.pad_left(2)
                frame.append((Strip(list(line.render(self.app.console))), None))
        else:
            position, skip = self.top, self.top_skip
            while len(frame) < height and position < self.passage.count:
                strips = self.block(position)[skip:]
                skip = 0
                for n, strip in enumerate(strips):
                    if position == self.cursor:
                        strip = strip.apply_style(SELECTED)
                        if n == 0:
                            cut = render.GUTTER - 1
                            strip = Strip.join([strip.crop(0, cut).apply_style(MARKER),
                                                strip.crop(cut, width)])
                    frame.append((strip, position))
                position += 1
        self._frame = frame[:height]
        return self._frame

    def render_line(self, y: int) -> Strip:
        frame = self._get_frame()
        if y < len(frame):
            return frame[y][0].adjust_cell_length(self.size.width)
        return Strip.blank(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def on_resize(self, event: events.Resize) -> None:
        self._frame = None
        if self.passage is not None and self.passage.count:
            self._scroll_to_cursor()
        self._update_title()
        self.refresh()

    def _update_title(self) -> None:
        if self.passage is None:
            self.border_title = ""
            self.border_subtitle = ""
            return
        count = self.passage.count
        self.border_subtitle = (f"segment {self.cursor + 1:,} of {count:,}" if count
                                else "no segments")
        # the title gets the top border's width less its corners and gaps, cut by us at a
        # word (Textual would cut the reordered line at its visual end, which is where an
        # Arabic title's first words are)
        room = self.outer_size.width - 6
        self.border_title = render.fit(self.passage.title, max(8, room), 1, self.mode)

    # --- mouse -------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        frame = self._get_frame()
        y = event.y
        if 0 <= y < len(frame) and frame[y][1] is not None:
            self.move_to(frame[y][1], announce=False)
        self.focus()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def position_at(self, y: int) -> int | None:
        frame = self._get_frame()
        return frame[y][1] if 0 <= y < len(frame) else None
