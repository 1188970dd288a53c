"""Claims: who says what, anchored to a span of a segment, with figures, actors and a status.

model (the records and their checks), store (reads and audited writes), cues (reporting
verbs and claimants), kinds (claim types from keywords), suggest (candidate claims),
quantities (counted figures), export (CSV and JSONL), cli (the commands).
"""
