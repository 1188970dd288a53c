"""Team annotation: merging annotators' databases, conflicts and adjudication, agreement,
and the audit trail.

Analysts annotate copies of one corpus; `merge` brings another copy's work into this one
(matching by content, never by row id), `conflicts` keeps every disagreement until someone
adjudicates it, and `agreement` measures how far annotators agree.
"""
