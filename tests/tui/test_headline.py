"""Every view that shows Arabic, with a long Arabic headline: its first words on the first line,
at the right edge (pane title, documents list and outlet, passage, detail pane, search results,
claim form, post-edit, incident cards), and Arabic typed into an input previewed in reading
order. Pilot tests, and snapshots of the passage view at 80×24, 100×30 and 160×45."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input, OptionList, Static

from tests.tui.conftest import SIZE, make_test_app, rows, settle
from workbench.tui import render, rtl
from workbench.tui.widgets.rtl_preview import RtlPreview

HEADLINE = ("قوات سوريا الديمقراطية تعلن القبض على خلية لداعش في ريف دير الزور الشرقي "
            "بعد هجوم على حاجز للأسايش في بلدة ذيبان مساء الأحد")
OUTLET = "شبكة أخبار الفرات المحلية في دير الزور"
BODY = [
    "https://t.me/furat_local قالت قوات سوريا الديمقراطية في بيان يوم 27/8/2025 إن وحداتها "
    "ألقت القبض على ثلاثة عناصر من خلية تابعة لداعش في بلدة ذيبان بريف دير الزور الشرقي.",
    "وأضاف البيان أن الخلية هاجمت حاجزاً للأسايش مساء الأحد، ما أدى إلى إصابة عنصرين بجروح.",
]


def word(text: str) -> str:
    """How a reordering terminal shows Arabic words on their own: shaped, right to left."""
    return rtl.visual_lines(text, 80, keep_harakat=True)[0].text.strip()


FIRST = word("قوات")          # the headline's first word


@pytest.fixture(scope="module")
def headline_template(tmp_path_factory, sample_template) -> Path:
    """The sample database with one more report: a long Arabic headline from an Arabic outlet,
    imported through the importer like any JSONL file."""
    import shutil

    from workbench.corpus.importer import import_file
    from workbench.store.db import open_db
    folder = tmp_path_factory.mktemp("headline")
    path = folder / "headline.db"
    shutil.copy(sample_template, path)
    source = folder / "report.jsonl"
    source.write_text(json.dumps({"title": HEADLINE, "outlet": OUTLET, "date": "2025-08-27",
                                  "text": "\n\n".join(BODY)}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    db = open_db(path)
    result = import_file(db, source)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert result.error is None, result.error
    return path


@pytest.fixture
def headline_db(headline_template, tmp_path) -> Path:
    import shutil
    path = tmp_path / "work.db"
    shutil.copy(headline_template, path)
    return path


def headline_doc(path: Path) -> dict:
    [doc] = rows(path, "SELECT id, segment_count FROM documents WHERE title = ?", [HEADLINE])
    return doc


async def open_headline(app, pilot, width: int = SIZE[0], height: int = SIZE[1]) -> dict:
    await settle(app, pilot)
    doc = headline_doc(Path(app.conns.path))
    app.main.open_document_id(doc["id"], 0)
    await settle(app, pilot)
    return doc


def first_line(text: str) -> str:
    return text.split("\n")[0].rstrip()


pytestmark = pytest.mark.anyio


async def test_search_results_and_the_detail_pane_start_with_the_first_words(headline_db):
    from workbench.claims import store
    from workbench.claims.model import Claim
    from workbench.store.db import open_db
    doc = headline_doc(headline_db)
    [segment] = rows(headline_db, "SELECT id, raw FROM segments WHERE document_id = ? AND "
                                  "position = 2", [doc["id"]])
    db = open_db(headline_db)
    store.add_claim(db, Claim(segment_id=segment["id"], start=0, end=len(segment["raw"]),
                              claim_type="attack", claimant="قوات سوريا الديمقراطية"), "alice")
    db.close()
    app = make_test_app(headline_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_headline(app, pilot)
        await pilot.press("j", "j")
        await settle(app, pilot)
        claims = app.main.detail.claim_list
        [prompt] = [str(claims.get_option_at_index(n).prompt) for n in range(claims.option_count)
                    if str(claims.get_option_at_index(n).prompt).startswith("#")]
        claimed = render.fit(segment["raw"], 50)
        assert claimed in prompt and claimed.endswith(word("وأضاف"))
        await pilot.press("slash")
        await pilot.press(*"ذيبان", "enter")
        for _ in range(50):
            await pilot.pause(0.05)
            results = app.screen.query_one(OptionList)
            if results.option_count:
                break
        labels = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        mine = [label for label in labels if word("ذيبان") in label and FIRST in label]
        assert mine, labels


async def test_arabic_typed_into_an_input_is_previewed_in_reading_order(headline_db):
    app = make_test_app(headline_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_headline(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        preview = app.screen.query_one(RtlPreview)
        assert not preview.display
        await pilot.press(*"SDF")
        assert not preview.display                    # nothing right to left: nothing shown
        await pilot.press("space", *"قوات سوريا")
        await pilot.pause()
        assert preview.display
        # mostly Arabic: right to left, the Latin word first at the right edge
        assert str(preview.render()).strip() == word("قوات سوريا") + " SDF"
        await pilot.press("escape")
        await pilot.press("c")                         # the claim form: claimant, place...
        await pilot.pause()
        claimant = app.screen.query_one("#claim-claimant", Input)
        claimant.value = "المكتب الإعلامي لقوات سوريا الديمقراطية"
        await pilot.pause()
        preview = app.screen.query_one("#claim-claimant-preview", RtlPreview)
        assert preview.display
        assert str(preview.render()).strip().endswith(word("المكتب"))
        await pilot.press("escape")
        app.main.open_document_id(headline_doc(headline_db)["id"], 2)
        await pilot.press("e")                         # the post-edit dialog
        await pilot.pause()
        arabic = str(app.screen.query_one("#postedit-arabic", Static).render())
        assert first_line(arabic).endswith(word("وأضاف"))
        preview = app.screen.query_one(RtlPreview)
        await pilot.press(*"خلية", "space", *"داعش")
        await pilot.pause()
        assert preview.display and str(preview.render()).strip() == word("خلية داعش")


def test_incident_cards_cut_at_words_and_keep_dates_whole():
    """The incidents view once showed «27/8/20ـﻟﺍ»: a figure's words cut inside a date."""
    from workbench.claims.model import Claim
    from workbench.tui import incident_text
    claim = Claim(segment_id=1, start=0, end=10, claim_type="attack",
                  claimant="المكتب الإعلامي لقوات سوريا الديمقراطية",
                  outlet=OUTLET, content=BODY[0],
                  quantities=[{"value": 3, "qualifier": "exact", "event": "arrested",
                               "raw": "في بيان يوم 27/8/2025 إن وحداتها ألقت القبض على ثلاثة"}])
    for width in range(16, 60, 3):
        card = incident_text.claim_card(claim, {"title": HEADLINE, "document_id": 9,
                                                "position": 0}, width=width).plain
        lines = card.split("\n")
        assert lines[0].rstrip().endswith(word("شبكة"))
        quoted = next(line for line in lines if "«" in line)
        assert "27/8/2025" in quoted or "27/8" not in quoted, (width, quoted)
        assert "/20" not in quoted.replace("27/8/2025", "")
        assert all(cell_len(line) <= width + 4 for line in lines), (width, card)
        if width - len("segment 1 of ") > cell_len(FIRST) + 1:
            assert lines[-1].rstrip().endswith(FIRST)    # "segment 1 of" + the headline


async def check_passage_screen(app, size: tuple[int, int]) -> None:
    """The pane title, the documents list and the passage, with the headline open."""
    doc = headline_doc(Path(app.conns.path))
    view = app.main.view
    # pane title: cut to the border it has, first word at the right, ellipsis at the left
    assert view.border_title.endswith(FIRST)
    assert view.border_title.startswith(rtl.ELLIPSIS)
    assert cell_len(view.border_title) <= view.outer_size.width - 6
    # documents list (when the width leaves room for it): the title's first line ends with
    # its first word; the outlet after the facts, its first word kept
    documents = app.main.documents
    if size[0] >= 100:
        prompt = str(documents.get_option_at_index(documents.index_of(doc["id"])).prompt)
        assert first_line(prompt).endswith(FIRST)
        if size[0] >= 130:                            # room for the outlet too
            assert word("شبكة") in prompt
    else:
        assert not documents.display
    # the passage: the headline is its first segment, its first word at the right edge;
    # the next opens with a URL and still reads right to left, the URL at the right edge
    left = render.columns(view.size.width)[0]
    block = ["".join(s.text for s in strip) for strip in view.block(0)]
    assert block[0][render.GUTTER:render.GUTTER + left].rstrip().endswith(FIRST)
    block = ["".join(s.text for s in strip) for strip in view.block(1)]
    assert block[0][render.GUTTER:render.GUTTER + left].rstrip().endswith(
        "https://t.me/furat_local")


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)])
def test_the_passage_screen_starts_the_headline_on_its_first_line(snap_compare, headline_db,
                                                                  size):
    async def run_before(pilot) -> None:
        await open_headline(pilot.app, pilot)
        await check_passage_screen(pilot.app, size)
    assert snap_compare(make_test_app(headline_db), terminal_size=size, run_before=run_before)
