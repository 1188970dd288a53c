"""A segment laid out as terminal lines: Arabic beside English, terms coloured by QA state.

Pure layout (rich Text, no Textual): the passage view caches these lines per segment and
width, and the tests read them directly. Arabic goes through `rtl.visual_lines`, so it is
wrapped first and reordered line by line, and the term highlights land on the right letters.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.text import Text

from workbench.tui.passage import (APPROVED, FORBIDDEN, GLOSS, MATCH, MISSING, MT, PENDING,
                                   POSTEDIT, SegmentInfo, TermMark)

GUTTER = 6
SEPARATOR = " │ "
LONG_SEGMENT = 2000   # characters: past this the segment is flagged as long

STATE_STYLES = {
    APPROVED: "bold green underline",
    MISSING: "bold black on yellow",
    FORBIDDEN: "bold white on red",
    PENDING: "bold cyan underline",
}
STATE_LABELS = {
    APPROVED: "rendered as approved",
    MISSING: "approved rendering missing",
    FORBIDDEN: "forbidden rendering used",
    PENDING: "no English yet",
}
STATUS_STYLES = {"unverified": "dim", "corroborated": "bold green", "disputed": "bold yellow",
                 "false": "bold red"}      # a claim's verification status
ORIGIN_LABELS = {
    POSTEDIT: ("✎ post-edit", "bold green"),
    MATCH: ("⇄ 100% match", "bold yellow"),
    MT: ("⚙ machine translation", "cyan"),
    GLOSS: ("≈ glossary gloss, NOT a translation", "bold magenta"),
}


def columns(width: int) -> tuple[int, int]:
    """Widths of the source and English columns for a block `width` cells wide."""
    inner = max(2, width - GUTTER - len(SEPARATOR))
    left = inner // 2
    return left, inner - left


def _highlights(marks: list[TermMark]) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, STATE_STYLES[m.state]) for m in marks]


def _column(text: str, width: int, marks: list[TermMark], mode: str,
            base: str | None = None) -> list[Text]:
    from workbench.tui import rtl      # arabic-reshaper loads on first use, not at start
    lines = rtl.visual_lines(text, width, _highlights(marks), mode=mode, base=base,
                             keep_harakat=keep_harakat())
    return [rtl.to_rich_text([line]) for line in lines] or [Text("")]


def rtl_base(text: str) -> str:
    """The direction of a text shown on its own (see `rtl.excerpt_direction`)."""
    from workbench.tui import rtl
    return rtl.excerpt_direction(text)


def _placeholder(message: str, width: int) -> list[Text]:
    return [Text(message[:width], style="dim italic")]


def _pad(text: Text, width: int) -> Text:
    used = cell_len(text.plain)
    if used > width:
        text.truncate(width)
    elif used < width:
        text.append(" " * (width - used))
    return text


def origin_label(info: SegmentInfo) -> Text:
    if not info.is_arabic:
        return Text("English source", style="dim")
    if info.origin is None:
        return Text("· not translated", style="dim")
    label, style = ORIGIN_LABELS[info.origin]
    if info.origin == POSTEDIT and info.postedit_by:
        label += f" by {info.postedit_by}"
    elif info.origin == MATCH:
        label += (f": {info.postedit_by}'s post-edit of segment id {info.match_from} "
                  "(M accepts it as yours)")
    mt = info.source.mt if info.source is not None else None
    if info.origin == MT and mt is not None and mt.repairs:   # where the model was overruled
        put = ", ".join(r["replacement"].strip() for r in mt.repairs)
        return Text.assemble((label, style), (f" · repaired: {put}", "bold yellow"))
    return Text(label, style=style)


def qa_summary(info: SegmentInfo) -> Text:
    """The segment's QA state at a glance."""
    out = Text()
    if info.problems:
        kinds = {}
        for p in info.problems:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        parts = [f"{n} {STATE_LABELS.get(k, k)}" for k, n in sorted(kinds.items())]
        out.append("⚠ " + "; ".join(parts), style="bold yellow")
    elif info.marks and info.translated:
        out.append(f"✓ {len(info.marks)} term(s) as approved", style="green")
    elif info.marks:
        out.append(f"{len(info.marks)} glossary term(s)", style="cyan")
    return out


def status_line(info: SegmentInfo) -> Text:
    parts = [origin_label(info), qa_summary(info)]
    if info.claims:
        parts.append(Text(f"◆ {info.claims} claim(s)", style="bold blue"))
    if len(info.raw) > LONG_SEGMENT:
        parts.append(Text(f"long segment: {len(info.raw):,} characters (pgup/pgdn scroll it)",
                          style="bold"))
    return Text(" · ").join(p for p in parts if p.plain)


def block(info: SegmentInfo, width: int, mode: str = "reorder") -> list[Text]:
    """The segment's lines, each exactly `width` cells: gutter, source, separator, English."""
    left, right = columns(width)
    if info.is_arabic:
        # an Arabic segment that opens with a Latin word or a URL is still read right to left
        source = _column(info.raw, left, info.marks, mode, rtl_base(info.raw))
        if info.english is not None:
            english = _column(info.english, right, info.en_marks if info.origin != GLOSS else [],
                              mode)
            if info.origin == GLOSS:
                for line in english:
                    line.stylize("italic magenta")
        else:
            english = _placeholder("not translated yet", right)
    else:
        source = _column(info.raw, left, info.en_marks, mode, rtl_base(info.raw))
        english = _placeholder("English source: nothing to translate", right)
    lines = []
    for n in range(max(len(source), len(english))):
        gutter = Text(f"{info.position + 1:>{GUTTER - 2}}  " if n == 0 else " " * GUTTER,
                      style="dim")
        row = Text()
        row.append_text(gutter)
        row.append_text(_pad(source[n] if n < len(source) else Text(""), left))
        row.append(SEPARATOR, style="dim")
        row.append_text(_pad(english[n] if n < len(english) else Text(""), right))
        lines.append(row)
    status = Text(" " * GUTTER)
    status.append_text(status_line(info))
    lines.append(_pad(status, width))
    lines.append(Text(" " * width))
    return lines


# Harakat in reorder mode: kept as marks on their letter (terminals draw combining marks), or
# dropped for a terminal that draws them badly. The app sets it once from the config
# (`harakat`, or `workbench --no-harakat`); every layout below reads it.
_harakat = {"keep": True}


def set_harakat(keep: bool) -> None:
    _harakat["keep"] = bool(keep)


def keep_harakat() -> bool:
    return _harakat["keep"]


def fit(text: str, width: int, lines: int = 1, mode: str = "reorder", align: bool = False) -> str:
    """The one layout of a short text for any widget (titles, list rows, outlets, cards, form
    previews): whitespace collapsed, wrapped to `width` cells FIRST and then each line put in
    visual order (so an Arabic headline starts on the first line), at most `lines` lines, cut
    after a whole word with an ellipsis. `align` right-aligns right-to-left lines in `width`
    (list rows); else the lines carry no padding (titles, inline pieces)."""
    return _fit(" ".join(text.split()), max(1, int(width)), max(1, int(lines)), mode, align,
                keep_harakat())


@lru_cache(maxsize=16384)
def _fit(text: str, width: int, lines: int, mode: str, align: bool, harakat: bool) -> str:
    if not text:
        return ""
    from workbench.tui import rtl      # arabic-reshaper loads on first use, not at start
    out = []
    for line in rtl.fit_lines(text, width, lines, mode, keep_harakat=harakat):
        out.append(line.text if (align and line.rtl and mode == "reorder") else line.text.strip())
    return "\n".join(out)


def fit_text(text: str, width: int, lines: int | None = None, mode: str = "reorder",
             highlights=()) -> list[Text]:
    """`fit` for a multi-line cell that carries highlights (logical offsets of `text`, kept
    as is: the whitespace is not collapsed): one rich Text per line, right-to-left lines
    right-aligned in `width`."""
    from workbench.tui import rtl
    laid = rtl.fit_lines(text, width, lines, mode, highlights=highlights,
                         keep_harakat=keep_harakat())
    return [rtl.to_rich_text([line]) for line in laid] or [Text("")]


def inline(text: str, mode: str = "reorder", limit: int = 80) -> str:
    """A text on one line of at most `limit` cells (a list row, a label): `fit` on one line."""
    return fit(text, limit, 1, mode)


def wrapped(text: str, width: int, mode: str = "reorder", limit: int = 200, indent: int = 0) -> str:
    """A text that takes several lines of a list, `width` cells wide (less `indent`), about
    `limit` cells in all: `fit` right-aligned, so the beginning of an Arabic title stays on
    the first line (letting the widget wrap an already reordered line would put it on the
    last)."""
    width = max(4, width - indent)
    pad = " " * indent
    lines = max(1, -(-limit // width))
    return "\n".join(pad + line for line in fit(text, width, lines, mode, align=True).split("\n"))
