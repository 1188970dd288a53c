"""Suggested claims on the sample corpus and the seeds; accepting them; nothing saved before."""

from __future__ import annotations

from workbench.claims import store
from workbench.claims.review import accept
from workbench.claims.suggest import suggest
from workbench.store.history import entries

from .helpers import add_page, add_text, doc_id


def by_cue(suggestions, cue: str):
    found = [s for s in suggestions if s.claim.cue == cue]
    assert found, f"no suggestion with cue {cue!r}: {[s.claim.cue for s in suggestions]}"
    return found


def figures(suggestion):
    return [(q["value"], q["min"], q["qualifier"], q["event"]) for q in suggestion.claim.quantities]


def test_arabic_sample_report(sample_db, glossary):
    found = suggest(sample_db, doc_id(sample_db, "01_ar_aanes_hammadiya_raid.txt"), glossary)
    [said] = by_cue(found, "قال")
    claim = said.claim
    assert claim.claimant == "العقيد سليمان العبو"
    assert claim.claimant_role.startswith("الناطق باسم")
    assert claim.claimant_org == "Internal Security Forces"
    assert claim.claim_type == "arrest"
    assert claim.content.startswith("الحملة أسفرت عن اعتقال 12")
    assert figures(said)[:2] == [(12, None, "exact", "arrest"), (4, None, "exact", "casualties")]
    outlet = sample_db.execute("SELECT outlet FROM documents WHERE id = ?",
                               [said.document_id]).fetchone()[0]
    assert claim.outlet == (outlet or "")     # the reporting outlet defaults to the document's

    # «وأضاف العبو» and «وأكد العقيد» are the same speaker, in full
    [added] = by_cue(found, "أضاف")
    assert added.claim.claimant == "العقيد سليمان العبو" and added.claim.claim_type == "casualties"
    assert figures(added) == [(2, None, "exact", "casualties")]
    [confirmed] = [s for s in by_cue(found, "مؤكداً") if s.segment_id == added.segment_id]
    assert confirmed.claim.claimant == "العقيد سليمان العبو"
    assert {a["term_id"] for a in confirmed.claim.actors} == {"sdf-acronym", "coalition"}
    assert all(a["term_id"] for a in confirmed.claim.actors)

    # the finest place of the gazetteer named in the claim (the village, not «ريف البصيرة»),
    # and «يوم الخميس» counted back from the report's date (Friday 13 June 2025)
    [announced] = by_cue(found, "أعلنت")
    assert (announced.claim.place, announced.claim.place_precision, announced.claim.place_id) == (
        "al-Hammadiyah al-Sharqiyah", "place", "hammadiyah-sharqiyah")
    assert (announced.claim.date, announced.claim.date_precision) == ("2025-06-12", "day")
    assert announced.claim.claimant_org == "Internal Security Forces"

    [revealed] = by_cue(found, "كشف")
    assert revealed.claim.claimant == "المركز الإعلامي لقسد"
    assert revealed.claim.claim_type == "attack" and figures(revealed) == [(47, None, "exact", "attack")]


def test_english_sample_report(sample_db, glossary):
    found = suggest(sample_db, doc_id(sample_db, "02_en_opposition_hammadiya_raid.txt"), glossary)
    [told] = by_cue(found, "told")
    assert told.claim.claimant == "local sources" and told.claim.claim_type == "casualties"
    assert told.claim.content.startswith("About 20 people")
    assert figures(told)[0] == (20, None, "approximate", "casualties")
    [quote] = [s for s in by_cue(found, "said") if s.claim.content.startswith('"They went')]
    assert quote.claim.claimant == "Omar al-Hassoun"          # "he said" after his name
    assert figures(quote) == [(None, 31, "at_least", "arrest")]
    [asayish] = by_cue(found, "announced")[:1]
    assert asayish.claim.claimant == "The Asayish, the SDF's internal security arm"
    assert asayish.claim.claimant_org.split(", ") == ["Asayish", "SDF"]
    assert figures(asayish) == [(4, None, "exact", "casualties"), (12, None, "exact", "arrest")]


def test_suggestions_need_a_figure_or_an_actor(fresh_db, glossary):
    segs = add_text(fresh_db, "وقال المتحدث إن الوضع هادئ.\nوقال المتحدث إن 3 أشخاص اعتقلوا.\n"
                              "وقال المتحدث إن داعش هاجمت القرية.\nاعتقلت قسد 4 أشخاص.")
    found = suggest(fresh_db, glossary=glossary)
    assert [s.segment_id for s in found] == [segs[1]["id"], segs[2]["id"]]
    assert found[1].claim.claim_type == "attack"
    assert found[1].claim.actors == [{"name": "ISIS", "term_id": "daesh", "surface": "داعش"}]


def test_nothing_is_saved_until_accepted(sample_db, glossary):
    history = len(list(entries(sample_db)))
    found = suggest(sample_db, glossary=glossary)
    assert len(found) >= 10
    assert sample_db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0
    assert len(list(entries(sample_db))) == history
    assert all(s.accepted_as is None for s in found)


def test_accept_saves_with_history_and_keeps_numbering(sample_db, glossary):
    document = doc_id(sample_db, "01_ar_aanes_hammadiya_raid.txt")
    found = suggest(sample_db, document, glossary)
    [said] = by_cue(found, "قال")
    [decision] = accept(sample_db, [said.key], "amal", {"status": "disputed",
                                                         "status_note": "residents say 20"},
                        glossary=glossary)
    claim_id = decision.claim_id
    claim = store.get_claim(sample_db, claim_id)
    assert (claim.claimant, claim.claim_type, claim.status) == ("العقيد سليمان العبو", "arrest", "disputed")
    assert claim.content == said.claim.content and claim.quantities == said.claim.quantities
    [made] = entries(sample_db, "claims", claim_id)
    assert made["annotator"] == "amal" and made["action"] == "insert"

    again = suggest(sample_db, document, glossary)
    assert [s.key for s in again] == [s.key for s in found]
    assert [s.accepted_as for s in again if s.key == said.key] == [claim_id]
    assert said.key not in [s.key for s in suggest(sample_db, document, glossary, include_accepted=False)]
    [twice] = accept(sample_db, [said.key], "amal", glossary=glossary)
    assert f"already accepted as claim {claim_id}" in str(twice.error)


def test_seed_report_with_four_figures(fresh_db, glossary, seeds):
    """Seed 002: 13 arrested, then 5 ISIS members, 8 carrying drugs and 3 killed."""
    found = suggest(fresh_db, add_page(fresh_db, seeds / "002_2179fe0266f6cf6b.txt"), glossary)
    first = [s for s in found if any(q["value"] == 13 for q in s.claim.quantities)]
    assert len(first) == 1
    assert first[0].claim.claim_type == "arrest" and first[0].claim.claimant
    assert first[0].claim.claimant_org == "SDF"
    assert figures(first[0]) == [(13, None, "exact", "arrest")]
    [second] = [s for s in found if [q["value"] for q in s.claim.quantities] == [5, 8, 3]]
    assert [q["event"] for q in second.claim.quantities] == ["arrest", "arrest", "casualties"]
    assert second.claim.claim_type == "arrest"
    assert second.claim.claimant == first[0].claim.claimant   # «وأضاف أن»: the same speaker
    assert {a["name"] for a in second.claim.actors} >= {"ISIS"}


def test_seed_report_with_153_attacks(fresh_db, glossary, seeds):
    found = suggest(fresh_db, add_page(fresh_db, seeds / "004_30e252ed898add2d.txt"), glossary)
    [attacks] = [s for s in found if any(q["value"] == 153 for q in s.claim.quantities)]
    assert attacks.claim.claim_type == "attack"
    assert [q["event"] for q in attacks.claim.quantities] == ["attack"]
    assert attacks.claim.claimant_org == "Syrian Democratic Forces"
    # the dates in the same sentence are not figures
    assert [q["value"] for q in attacks.claim.quantities] == [153]


def test_real_glossary_through_bootstrap(fresh_db):
    """With the shipped glossary loaded the way a first run loads it, actors are linked."""
    from workbench.bootstrap import load_glossary, load_sample
    assert load_glossary(fresh_db) > 0
    load_sample(fresh_db)
    found = suggest(fresh_db, doc_id(fresh_db, "01_ar_aanes_hammadiya_raid.txt"))
    [said] = by_cue(found, "قال")
    assert said.claim.claimant_org == "Internal Security Forces"
    assert all(a["term_id"] for s in found for a in s.claim.actors)
    assert any(a["name"] == "ISIS" for s in found for a in s.claim.actors)
