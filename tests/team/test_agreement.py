"""Agreement figures against hand-computed examples.

Worked by hand (two annotators, labels per item):

* a = x x y y, b = x y y y: p_o = 3/4, p_e = (2·1 + 2·3)/16 = 1/2, kappa = 1/2.
  Alpha: 8 values (x: 3, y: 5), one disagreeing unit gives 2 off-diagonal coincidences,
  alpha = 1 - (8-1)·2 / (2·3·5) = 1 - 14/30 = 8/15.
* a = x x y y, b = x y x y (chance): p_o = 1/2 = p_e, kappa = 0;
  alpha = 1 - 7·4 / (2·4·4) = 1/8 (alpha corrects for the small sample).
* 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: kappa = (0.7 - 0.5)/0.5 = 0.4;
  alpha = 1 - 99·30 / (2·55·45) = 0.4.
* Krippendorff's own reliability data (4 coders, 12 units, missing values): alpha = 0.743.
"""

from __future__ import annotations

import json

import pytest

from tests.team.helpers import claim, close, segment_ids
from workbench.errors import InvalidValue
from workbench.team import conflicts
from workbench.team.agreement import (agreement, char_f1, cohen_kappa, krippendorff_alpha,
                                      match_spans)
from workbench.team.merge import merge

HALF = list(zip("xxyy", "xyyy"))
CHANCE = list(zip("xxyy", "xyxy"))
FIFTY = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15


@pytest.mark.parametrize("pairs, kappa, alpha", [
    (HALF, 0.5, 8 / 15),
    (CHANCE, 0.0, 0.125),
    (FIFTY, 0.4, 0.4),
    (list(zip("xyzxy", "xyzxy")), 1.0, 1.0),
])
def test_kappa_and_alpha_on_hand_computed_examples(pairs, kappa, alpha):
    assert cohen_kappa(pairs) == pytest.approx(kappa)
    assert krippendorff_alpha(pairs) == pytest.approx(alpha)


def test_undefined_when_there_is_nothing_to_tell_apart():
    assert cohen_kappa([]) is None and krippendorff_alpha([]) is None
    same = [("x", "x")] * 4
    assert cohen_kappa(same) is None and krippendorff_alpha(same) is None


def test_alpha_with_several_coders_and_missing_values():
    units = [[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
             [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


def test_character_f1_and_span_pairing():
    assert char_f1([(0, 10)], [(5, 15)]) == (5, 10, 10)          # F1 = 2·5/20 = 0.5
    assert char_f1([(0, 4), (2, 6)], [(0, 6)]) == (6, 6, 6)      # overlapping claims count once
    a = [{"id": 1, "start": 0, "end": 10}, {"id": 2, "start": 12, "end": 20}]
    b = [{"id": 3, "start": 0, "end": 14}, {"id": 4, "start": 11, "end": 20}, {"id": 5, "start": 30, "end": 31}]
    assert [(x["id"], y["id"]) for x, y in match_spans(a, b)] == [(2, 4), (1, 3)]


def test_agreement_over_the_segments_both_annotated(alice):
    segs = segment_ids(alice)
    for seg, (mine, theirs) in zip(segs[1:5], HALF):
        claim(alice, seg, 0, 9, {"x": "attack", "y": "arrest"}[mine], "alice")
        claim(alice, seg, 0, 9 if seg != segs[4] else 5, {"x": "attack", "y": "arrest"}[theirs], "bob")
    claim(alice, segs[6], 0, 5, "other", "alice")        # only alice here: not an item
    claim(alice, segs[7], 0, 5, "other", "carol")        # carol shares no segment with anyone

    [pair] = agreement(alice, "claim_type")

    assert (pair.annotator_a, pair.annotator_b, pair.segments, pair.pairs) == ("alice", "bob", 4, 4)
    assert pair.kappa == pytest.approx(0.5) and pair.alpha == pytest.approx(8 / 15)
    assert pair.observed == pytest.approx(0.75)
    assert (pair.chars_both, pair.chars_a, pair.chars_b) == (32, 36, 32)
    assert pair.span_f1 == pytest.approx(64 / 68)
    [status] = agreement(alice, "status")
    assert status.kappa is None and status.observed == 1.0   # everyone left 'unverified'


def test_adjudication_does_not_rewrite_what_annotators_said(alice, bob, copies):
    seg = segment_ids(alice)[3]
    claim(alice, seg, 0, 9, "attack", "alice")
    claim(bob, seg, 0, 9, "arrest", "bob")
    close(alice)
    merge(bob, copies[0], "carol")
    [c] = [c for c in conflicts.list_conflicts(bob) if c.field == "claim_type"]
    conflicts.resolve(bob, c.id, "dana", pick="ours")
    [pair] = [p for p in agreement(bob) if (p.annotator_a, p.annotator_b) == ("alice", "bob")]
    assert pair.pairs == 1 and pair.observed == 0.0


def test_bad_field_is_refused(alice):
    with pytest.raises(InvalidValue, match="use claim_type or status"):
        agreement(alice, "place")


def test_cli_reports_each_figure_with_its_items(alice, copies, runner):
    from workbench.cli import main
    segs = segment_ids(alice)
    for seg, (mine, theirs) in zip(segs[1:5], CHANCE):
        claim(alice, seg, 0, 9, {"x": "attack", "y": "arrest"}[mine], "alice")
        claim(alice, seg, 0, 9, {"x": "attack", "y": "arrest"}[theirs], "bob")
    close(alice)
    out = runner.invoke(main, ["--db", str(copies[0]), "agreement", "--json"])
    assert out.exit_code == 0, out.output
    [pair] = [p for p in json.loads(out.output) if p["annotator_b"] == "bob"]
    assert (pair["segments"], pair["pairs"], pair["kappa"], pair["alpha"], pair["span_f1"]) == (
        4, 4, 0.0, 0.125, 1.0)
    text = runner.invoke(main, ["--db", str(copies[0]), "agreement", "--field", "status"]).output
    assert "alice · bob" in text
