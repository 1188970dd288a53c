"""Each outlet's loaded vocabulary and claims, checked against counts made by hand on a small
corpus written for the test: an AANES-aligned outlet that calls ISIS «مرتزقة», an opposition
outlet that calls the SDF «ميليشيا» and says «النظام السوري», and an English outlet."""

from __future__ import annotations

import json

import pytest

from workbench.claims import outlets, store
from workbench.claims.model import Claim

from .helpers import add_text

AANES, OPPOSITION, ENGLISH = "Hawar", "Deir ez-Zor 24", "Euphrates Watch"
DOCUMENTS = [
    (AANES, "قالت قوى الأمن الداخلي إنها قتلت 3 من مرتزقة داعش في ذيبان\n"
            "وأضافت أن مرتزقة الاحتلال التركي قصفوا القرية"),
    (AANES, "وقالت القيادة العامة إن مرتزقة داعش هاجموا حاجزاً"),
    (OPPOSITION, "ميليشيا قسد تعتقل 5 شبان في الشحيل\n"
                 "واتهمت مصادر النظام السوري بقصف المنطقة"),
    (ENGLISH, "Officials said ISIS mercenaries attacked a checkpoint."),
]
# outlet -> {term id: (uses, {actor it is used of: uses})}, counted by hand
EXPECTED = {
    AANES: {"murtazaqa": (2, {"ISIS": 2}), "occupation-mercenaries": (1, {"": 1})},
    OPPOSITION: {"milishiyat": (1, {"Syrian Democratic Forces": 1}),
                 "syrian-regime": (1, {"Syrian regime": 1})},
    ENGLISH: {"murtazaqa": (1, {"ISIS": 1})},
}


@pytest.fixture
def corpus(glossary_db):
    segments = {}
    for n, (outlet, text) in enumerate(DOCUMENTS):
        segments[n] = add_text(glossary_db, text, key=f"outlets:{n}", outlet=outlet)
    for n, position, claim_type, status in ((0, 0, "casualties", "unverified"),
                                            (1, 0, "arrest", "corroborated"),
                                            (2, 0, "arrest", "disputed")):
        segment = segments[n][position]
        store.add_claim(glossary_db, Claim(segment_id=segment["id"], start=0,
                                        end=len(segment["raw"]), claim_type=claim_type,
                                        status=status), "amal")
    return glossary_db


def _uses(profile) -> dict:
    return {u.term_id: (u.count, u.of_actors) for u in profile.terms}


def test_profiles_match_the_counts_made_by_hand(corpus):
    found = {p.outlet: p for p in outlets.profiles(corpus)}
    assert sorted(found) == sorted(EXPECTED)
    for outlet, expected in EXPECTED.items():
        assert _uses(found[outlet]) == expected, outlet
    aanes = found[AANES]
    assert (aanes.documents, aanes.segments) == (2, 3)
    assert {u.term_id: u.documents for u in aanes.terms} == {"murtazaqa": 2,
                                                             "occupation-mercenaries": 1}
    assert aanes.terms[0].vocabulary == "AANES-aligned media"
    assert aanes.claims_by_type == {"arrest": 1, "casualties": 1}
    assert aanes.claims_by_status == {"corroborated": 1, "unverified": 1}
    assert found[OPPOSITION].claims_by_status == {"disputed": 1}
    assert found[ENGLISH].claims == 0


def test_two_outlets_side_by_side(corpus):
    found = outlets.compare(corpus, AANES, OPPOSITION)
    assert found.only_first == ["murtazaqa", "occupation-mercenaries"]
    assert found.only_second == ["milishiyat", "syrian-regime"]
    assert found.both == []
    both = outlets.compare(corpus, AANES, ENGLISH)
    assert both.both == ["murtazaqa"]


def test_cli_outlets(cli, corpus):
    result = cli("outlets", "--json")
    assert result.exit_code == 0, result.output
    listed = {p["outlet"]: p for p in json.loads(result.stdout)}
    assert {t["term_id"]: t["count"] for t in listed[OPPOSITION]["terms"]} == {
        "milishiyat": 1, "syrian-regime": 1}
    text = cli("outlets").stdout
    assert "مرتزقة (mercenaries) ×2 in 2 document(s) · word of AANES-aligned media · of: ISIS 2" \
        in text
    compared = cli("outlets", "--compare", AANES, OPPOSITION)
    assert compared.exit_code == 0
    assert "only Hawar: murtazaqa, occupation-mercenaries" in compared.stdout


def test_cli_unknown_outlet_is_one_line(cli, corpus):
    result = cli("outlets", "--compare", AANES, "Nowhere News")
    assert result.exit_code == 1
    assert "outlet 'Nowhere News': no such outlet" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
