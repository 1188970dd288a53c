"""The annotation tables, one merge each: how a row is recognised in both databases and
which of its fields are compared.

    claim_types   by name; only added
    terms         by id (a stable slug); every field but changed_by/changed_at
    incidents     by who created it and when (title breaks ties); title, date, place, note
    translations  by segment; the post-edit (rows with no post-edit are machine output)
    claims        by segment, span and annotator (creation time breaks ties); every field
                  but the identity and timestamps. Claims are per annotator: two
                  annotators' claims on one span are two rows, and when they were made
                  separately (one in each copy) a different claim type or status between
                  them is a conflict of the two rows.

Small tables are merged row by row in Python. Post-edits and claims can be many, so rows we
lack are copied with INSERT … SELECT through the id maps, and only rows whose values differ
are read into Python to be reconciled.
"""

from __future__ import annotations

from workbench.errors import MergeError
from workbench.team import scratch
from workbench.team.rows import TableSpec, insert, pair_by_identity, read, read_pairs, reconcile
from workbench.team.source import THEIRS, columns, common_columns, json_columns
from workbench.team.state import MergeState

CROSS_ANNOTATOR_FIELDS = ("claim_type", "status")


def _compared_fields(state: MergeState, table: str, exclude: set[str]) -> list[str]:
    """The columns both databases have, but those in `exclude` (identity, bookkeeping)."""
    return [c for c in common_columns(state.db, table) if c not in exclude]


def _select_theirs(state: MergeState, table: str) -> str:
    cols = ", ".join(f"t.[{c}]" for c in common_columns(state.db, table))
    return f"SELECT {cols} FROM {THEIRS}.[{table}] t"


def _next_id(state: MergeState, table: str) -> int:
    return state.db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM main.[{table}]").fetchone()[0]


def _our_id_of(table: str, column: str) -> str:
    """SQL for our id of their row referenced by t.column (NULL when not mapped)."""
    return scratch.our_id_sql(table, f"t.[{column}]")


def merge_claim_types(state: MergeState) -> None:
    if not state.other.has("claim_types"):
        return
    rows = read(state, f"{_select_theirs(state, 'claim_types')} WHERE t.name NOT IN "
                       "(SELECT name FROM main.claim_types) ORDER BY t.name")
    insert(state, "claim_types", "name", rows)


def merge_terms(state: MergeState) -> None:
    if not state.other.has("terms"):
        return
    spec = TableSpec("terms", "id", _compared_fields(state, "terms", {"id", "changed_by", "changed_at"}),
                     json_columns(state.db, "terms"), author_column="changed_by",
                     author_column_is_current=True,
                     on_take=lambda ours, theirs: {k: theirs[k] for k in ("changed_by", "changed_at")
                                                   if k in theirs})
    ours = {r["id"]: r for r in read(state, "SELECT * FROM main.terms")}
    theirs = read(state, f"{_select_theirs(state, 'terms')} ORDER BY t.id")
    insert(state, "terms", "id", [r for r in theirs if r["id"] not in ours])
    reconcile(state, spec, [(ours[r["id"]], r, r["id"]) for r in theirs if r["id"] in ours])


def merge_incidents(state: MergeState) -> None:
    if not state.other.has("incidents"):
        return
    spec = TableSpec("incidents", "id",
                     _compared_fields(state, "incidents", {"id", "created_by", "created_at"}),
                     author_column="created_by")
    ours = read(state, "SELECT * FROM main.incidents")
    theirs = read(state, _select_theirs(state, "incidents"))
    next_id, new, pairs, mapping = _next_id(state, "incidents"), [], [], {}
    for our_row, their_row in pair_by_identity(
            ours, theirs, key=lambda r: (r["created_by"], r["created_at"]),
            exact=lambda r: r["title"], order=lambda r: (r["title"], r["id"])):
        if our_row is None:
            mapping[their_row["id"]] = next_id
            new.append({**their_row, "id": next_id})
            next_id += 1
        else:
            mapping[their_row["id"]] = our_row["id"]
            pairs.append((our_row, their_row, their_row["id"]))
    state.record_ids("incidents", mapping)
    insert(state, "incidents", "id", new)
    reconcile(state, spec, pairs)


def _copy_tm(state: MergeState) -> None:
    """Bring the machine translations their post-edits were made on."""
    if not state.other.has("tm"):
        return
    cols = ", ".join(f"[{c}]" for c in common_columns(state.db, "tm") if c != "id")
    used_tm = f"SELECT tm_id FROM {THEIRS}.translations WHERE postedit IS NOT NULL AND tm_id IS NOT NULL"
    state.db.execute(f"INSERT OR IGNORE INTO main.tm ({cols}) SELECT {cols} FROM {THEIRS}.tm "
                     f"WHERE id IN ({used_tm})")
    state.db.execute(
        "INSERT OR REPLACE INTO temp.merge_map_tm (their_id, our_id) "
        f"SELECT t.id, o.id FROM {THEIRS}.tm t JOIN main.tm o ON o.engine = t.engine "
        "AND o.model = t.model AND o.model_version = t.model_version AND o.source_hash = t.source_hash "
        f"WHERE t.id IN ({used_tm})")


def merge_translations(state: MergeState) -> None:
    if not state.other.has("translations"):
        return
    db = state.db
    _copy_tm(state)
    # source_hash is derived (its segment's hash): our trigger sets it, from our segment
    cols = [c for c in common_columns(db, "translations") if c != "source_hash"]
    # per column, SQL for their row's value in our ids
    their_values = {c: f"t.[{c}]" for c in cols}
    their_values["segment_id"] = "m.our_id"
    if "tm_id" in their_values:
        their_values["tm_id"] = _our_id_of("tm", "tm_id")
    joined = f"FROM {THEIRS}.translations t JOIN temp.merge_seg_map m ON m.their_id = t.segment_id"
    # post-edits of segments we have none for (one of theirs per segment of ours)
    scratch.fill_pairs(db, "merge_new_rows", db.execute(
        f"SELECT MIN(t.segment_id), m.our_id {joined} WHERE t.postedit IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM main.translations o WHERE o.segment_id = m.our_id) GROUP BY m.our_id").fetchall())
    added = db.execute(
        f"INSERT INTO main.translations ({', '.join(f'[{c}]' for c in cols)}) "
        f"SELECT {', '.join(their_values.values())} {joined} "
        "JOIN temp.merge_new_rows n ON n.their_id = t.segment_id").rowcount
    state.journal.inserted("translations", "segment_id",
                           "r.segment_id IN (SELECT our_id FROM temp.merge_new_rows)")
    state.counts["post-edits added"] += added
    # post-edits that differ from ours (or fill our machine-only rows)
    pairs = read_pairs(state, columns(db, "translations"), {"_their_id": "t.segment_id", **their_values},
                       f"{joined} JOIN main.translations o ON o.segment_id = m.our_id "
                       "WHERE t.postedit IS NOT NULL AND o.postedit IS NOT t.postedit")
    spec = TableSpec("translations", "segment_id", ["postedit"], author_column="postedit_by",
                     author_column_is_current=True,
                     on_take=lambda ours, theirs: {k: theirs[k] for k in ("postedit_by", "postedit_at")
                                                   if k in theirs})
    reconcile(state, spec, [(o, t, t.pop("_their_id")) for o, t in pairs])


def merge_claims(state: MergeState) -> None:
    if not state.other.has("claims"):
        return
    db = state.db
    identity = 't.id, m.our_id, t.start, t."end", t.annotator, t.created_at'
    theirs = db.execute(f"SELECT {identity} FROM {THEIRS}.claims t LEFT JOIN temp.merge_seg_map m "
                        "ON m.their_id = t.segment_id ORDER BY t.id").fetchall()
    unplaced = [r[0] for r in theirs if r[1] is None]
    if unplaced:
        raise MergeError(f"{state.other.path}: {len(unplaced)} claim(s) sit on segments that could "
                         f"not be matched or copied (claim {unplaced[0]} first)")
    ours = db.execute('SELECT id, segment_id, start, "end", annotator, created_at FROM main.claims '
                      "WHERE segment_id IN (SELECT our_id FROM temp.merge_seg_map)").fetchall()
    next_id, new, pairs = _next_id(state, "claims"), [], []
    # rows are (id, segment, start, end, annotator, created_at): paired by segment, span and
    # annotator, creation time first
    for our_row, their_row in pair_by_identity(ours, theirs, key=lambda r: r[1:5],
                                               exact=lambda r: r[5], order=lambda r: (r[5], r[0])):
        if our_row is None:
            new.append((their_row[0], next_id))
            next_id += 1
        else:
            pairs.append((their_row[0], our_row[0]))
    state.record_ids("claims", dict(new + pairs))
    scratch.fill_pairs(db, "merge_new_rows", new)
    scratch.fill_pairs(db, "merge_pairs", pairs)

    cols = [c for c in common_columns(db, "claims") if c != "id"]
    their_values = {c: f"t.[{c}]" for c in cols}
    their_values["segment_id"] = "m.our_id"
    if "incident_id" in their_values:
        their_values["incident_id"] = _our_id_of("incidents", "incident_id")
    joined = (f"FROM {THEIRS}.claims t JOIN temp.merge_seg_map m ON m.their_id = t.segment_id")
    added = db.execute(
        f"INSERT INTO main.claims (id, {', '.join(f'[{c}]' for c in cols)}) "
        f"SELECT n.our_id, {', '.join(their_values.values())} {joined} "
        "JOIN temp.merge_new_rows n ON n.their_id = t.id ORDER BY n.our_id").rowcount
    state.journal.inserted("claims", "id", "r.id IN (SELECT our_id FROM temp.merge_new_rows)")
    state.counts["claims added"] += added

    exclude = {"id", "segment_id", "start", "end", "annotator", "created_at", "updated_at"}
    fields = [c for c in cols if c not in exclude]
    spec = TableSpec("claims", "id", fields, json_columns(db, "claims"), author_column="annotator",
                     to_local={"incident_id": lambda v: None if v is None else
                               state.id_maps["incidents"].get(v)},
                     on_take=lambda ours, theirs: {"updated_at": max(ours["updated_at"] or "",
                                                                     theirs.get("updated_at") or "")})
    differs = " OR ".join(f"o.[{f}] IS NOT {their_values[f]}" for f in fields)
    found = read_pairs(state, columns(db, "claims"), {"_their_id": "t.id", **their_values},
                       f"{joined} JOIN temp.merge_pairs p ON p.their_id = t.id "
                       f"JOIN main.claims o ON o.id = p.our_id WHERE {differs}")
    reconcile(state, spec, [(o, t, t.pop("_their_id")) for o, t in found])
    _cross_annotator_conflicts(state)


def _cross_annotator_conflicts(state: MergeState) -> None:
    """A claim new here, on a span where we hold claims they do not, labelled differently.

    Only work done separately conflicts: claims both copies already hold were side by side
    before this merge, and pairing them with the newcomer would depend on the direction."""
    rows = state.db.execute(
        'SELECT o.id, c.id, o.annotator, c.annotator, o.claim_type, c.claim_type, o.status, c.status '
        "FROM temp.merge_new_rows n JOIN main.claims c ON c.id = n.our_id "
        'JOIN main.claims o ON o.segment_id = c.segment_id AND o.start = c.start AND o."end" = c."end" '
        "WHERE o.id NOT IN (SELECT our_id FROM temp.merge_pairs) "
        "AND o.id NOT IN (SELECT our_id FROM temp.merge_new_rows) "
        "AND (o.claim_type IS NOT c.claim_type OR o.status IS NOT c.status) ORDER BY o.id, c.id").fetchall()
    for ours_id, new_id, ours_by, new_by, *values in rows:
        for n, name in enumerate(CROSS_ANNOTATOR_FIELDS):
            ours_value, new_value = values[2 * n], values[2 * n + 1]
            if ours_value != new_value:
                state.raise_conflict("claims", ours_id, new_id, name, ours_value, new_value,
                                     ours_by, new_by)
