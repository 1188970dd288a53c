"""The search screen: Arabic, English or both; the count of all results; the matches
highlighted; segments numbered as the CLI numbers them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from textual.widgets import Input, OptionList

from tests.tui.conftest import ARREST, SIZE, add_mt, find_segment, make_test_app, settle
from workbench.tui.screens.search import HIGHLIGHT, PAGE, excerpt

ENGLISH = "Internal Security Forces arrested 12 ISIS mercenaries in Busayrah."


def cli_search(db_path, *args) -> dict:
    from workbench.cli import main
    result = CliRunner().invoke(main, ["--db", str(db_path), "search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def highlighted(prompt) -> list[str]:
    """The texts of a result's highlighted spans."""
    return [prompt.plain[s.start:s.end] for s in prompt.spans if str(s.style) == HIGHLIGHT]


def count_line(app) -> str:
    return str(app.screen.query_one("#search-count").render())


async def search_for(app, pilot, query: str) -> None:
    app.screen.query_one(Input).focus()
    await pilot.press("ctrl+u", *query, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.anyio
async def test_search_in_each_language_with_count_highlights_and_cli_numbering(sample_db):
    arrest = find_segment(sample_db, ARREST)
    add_mt(sample_db, {arrest["id"]: ENGLISH})
    english = cli_search(sample_db, "mercenaries", "--lang", "en")
    arabic = cli_search(sample_db, "مرتزقة", "--lang", "ar")
    assert arrest["id"] in [r["segment_id"] for r in english["results"]]
    assert arabic["total"] >= 2
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("m")                    # terminal mode: the text in logical order
        await pilot.press("slash")
        await search_for(app, pilot, "mercenaries")
        screen = app.screen
        n = english["total"]
        assert count_line(app) == f"{n} result{'s' * (n != 1)} for «mercenaries» in Arabic or English"
        assert [r["segment_id"] for r in screen.rows] == [r["segment_id"] for r in english["results"]]
        mine = [r["segment_id"] for r in screen.rows].index(arrest["id"])
        option = screen.query_one(OptionList).get_option_at_index(mine)
        assert highlighted(option.prompt) == ["mercenaries"]      # in the English line
        assert option.prompt.plain.splitlines()[-1].strip() == f"en: {ENGLISH}"
        assert f"#{arrest['position'] + 1}" in option.prompt.plain.splitlines()[0]

        await pilot.press("ctrl+l")               # any -> Arabic
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count_line(app) == "no match for «mercenaries» in Arabic"

        await search_for(app, pilot, "مرتزقة")
        total = arabic["total"]
        assert count_line(app) == f"{total} results for «مرتزقة» in Arabic"
        assert [r["segment_id"] for r in screen.rows] == [r["segment_id"] for r in arabic["results"]]
        results = screen.query_one(OptionList)
        for n, row in enumerate(arabic["results"]):
            prompt = results.get_option_at_index(n).prompt
            assert f"#{row['number']}" in prompt.plain.splitlines()[0]
            words = [row["raw"][s:e] for s, e in row["raw_highlights"]]
            assert highlighted(prompt) == words and all("مرتزقة" in w.replace("ـ.ـ", "")
                                                        for w in words)

        await pilot.press("ctrl+l")               # Arabic -> English
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count_line(app) == "no match for «مرتزقة» in English"
        await pilot.press("ctrl+l")               # back to either
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count_line(app) == f"{total} results for «مرتزقة» in Arabic or English"

        common = cli_search(sample_db, "في", "--lang", "any", "--limit", "30")
        assert common["total"] > PAGE
        await search_for(app, pilot, "في")            # a page at a time, as the list scrolls
        assert len(screen.rows) == PAGE
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r["segment_id"] for r in screen.rows] == [
            r["segment_id"] for r in common["results"]][:len(screen.rows)]
        assert len(screen.rows) == min(common["total"], 2 * PAGE)
        assert count_line(app).startswith(f"{common['total']} results for «في»")

        await search_for(app, pilot, "مرتزقة")
        assert app.screen.focused is results and results.highlighted == 0
        await pilot.press("enter")                # the chosen result opens where it is
        await settle(app, pilot)
        first = arabic["results"][0]
        assert app.main.passage.document_id == first["document_id"]
        assert app.main.view.cursor == first["number"] - 1


def test_a_match_deep_in_a_long_segment_is_brought_on_screen():
    text = "word " * 40 + "target here"
    shown, spans = excerpt(text, [(200, 206)])
    assert shown.startswith("…") and shown[spans[0][0]:spans[0][1]] == "target"
    assert excerpt("short target", [(6, 12)]) == ("short target", [(6, 12)])
