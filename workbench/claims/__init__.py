"""Claims: who says what, anchored to a span of a segment, with figures, actors and a status.

model (the records and their checks), store (reads and audited writes, rejected suggestions
among them), spans (the figures a claim's span brings), cues (reporting verbs and claimants),
kinds (claim types from keywords), suggest (candidate claims), review (accepting and rejecting
them), quantities (counted figures), export (CSV and JSONL).
"""
