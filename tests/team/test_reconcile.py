"""The field-level merge rule is symmetric: swapping the databases never changes the value
the two merges end with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.team.reconcile import CONFLICT, KEEP, TAKE, canon, decide

values = st.sampled_from([None, "", "[]", "a", "b"])


@given(ours=values, theirs=values, here=st.booleans(), there=st.booleans())
def test_the_rule_is_symmetric(ours, theirs, here, there):
    forward = decide(ours, theirs, here, there)
    backward = decide(theirs, ours, there, here)
    result = {KEEP: ours, TAKE: theirs, CONFLICT: "conflict"}
    mirrored = {KEEP: theirs, TAKE: ours, CONFLICT: "conflict"}
    if ours != theirs:
        assert result[forward] == mirrored[backward]


def test_the_rule_by_case():
    assert decide("a", "a", False, False) == KEEP
    assert decide("a", "", False, False) == KEEP          # an empty value never erases
    assert decide(None, "a", True, False) == TAKE         # ... and fills a gap
    assert decide("a", "b", True, False) == KEEP          # they hold what we replaced
    assert decide("a", "b", False, True) == TAKE          # they replaced what we hold
    assert decide("a", "b", True, True) == CONFLICT
    assert decide("a", "b", False, False) == CONFLICT


def test_json_is_compared_as_values():
    assert canon('["a", "b"]', True) == canon('["a","b"]', True)
    assert canon('["a", "b"]', True) != canon('["b", "a"]', True)
    assert canon("not json [", True) == "not json ["
