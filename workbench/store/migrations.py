"""Schema migrations as data, run by sqlite-utils' `Migrations`: each is applied once, in its
own transaction together with its record in `_sqlite_migrations`, or not at all.

Migrations only add (tables, columns, indexes, rows); none drops or rewrites user data.
Derived data (the full-text index) may be rebuilt from the rows it is derived from.
A database whose highest recorded version is above ours (or that records a migration we do not
know) was written by a newer workbench and is refused rather than guessed at. Databases from
before sqlite-utils ran the migrations record theirs in the old `migrations` table, which is
read as well and left as it is.
"""

from __future__ import annotations

import re
from typing import Callable

from sqlite_utils import Database, Migrations

Migration = tuple[int, str, Callable[[Database], None]]


def _script(sql: str) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                db.execute(statement)
    return apply


FOUNDATION = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_key TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    is_current INTEGER NOT NULL DEFAULT 1,
    title TEXT,
    outlet TEXT,
    language TEXT,
    published TEXT,
    url TEXT,
    source_path TEXT,
    content_hash TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    segment_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc_key, version)
);
CREATE INDEX documents_content_hash ON documents (content_hash);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'body',
    raw TEXT NOT NULL,
    norm TEXT NOT NULL,
    language TEXT NOT NULL,
    hash TEXT NOT NULL,
    src_start INTEGER,
    src_end INTEGER,
    UNIQUE (document_id, position)
);
CREATE INDEX segments_hash ON segments (hash);
CREATE VIRTUAL TABLE segments_fts USING fts5 (keys, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    annotator TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX history_row ON history (table_name, row_id)
"""

# Every change to terms moves the glossary revision, whoever makes it: compiled glossaries
# and stored term hits compare it to know they are stale.
_BUMP_REV = ("INSERT INTO meta (key, value) VALUES ('glossary_rev', '1') ON CONFLICT (key) "
             "DO UPDATE SET value = CAST(value AS INTEGER) + 1;")

GLOSSARY = """
CREATE TABLE terms (
    id TEXT PRIMARY KEY,
    term_ar TEXT NOT NULL,
    variants_ar TEXT NOT NULL DEFAULT '[]',
    approved_en TEXT NOT NULL,
    acceptable_en TEXT NOT NULL DEFAULT '[]',
    forbidden_en TEXT NOT NULL DEFAULT '[]',
    category TEXT NOT NULL,
    vocabulary TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    related TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'approved',
    changed_by TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE term_hits (
    id INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id),
    term_id TEXT NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL
);
CREATE INDEX term_hits_segment ON term_hits (segment_id);
CREATE INDEX term_hits_term ON term_hits (term_id);
CREATE TABLE term_hit_state (
    segment_id INTEGER PRIMARY KEY REFERENCES segments (id),
    glossary_rev INTEGER NOT NULL,
    segment_hash TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER terms_rev_insert AFTER INSERT ON terms BEGIN """ + _BUMP_REV + """ END;
CREATE TRIGGER terms_rev_update AFTER UPDATE ON terms BEGIN """ + _BUMP_REV + """ END;
CREATE TRIGGER terms_rev_delete AFTER DELETE ON terms BEGIN """ + _BUMP_REV + """ END
"""

TRANSLATION = """
CREATE TABLE tm (
    id INTEGER PRIMARY KEY,
    engine TEXT NOT NULL,
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}',
    source_hash TEXT NOT NULL,
    source_norm TEXT NOT NULL,
    mt_raw TEXT NOT NULL,
    mt_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (engine, model, model_version, source_hash)
);
CREATE TABLE translations (
    segment_id INTEGER PRIMARY KEY REFERENCES segments (id),
    tm_id INTEGER REFERENCES tm (id),
    postedit TEXT,
    postedit_by TEXT,
    postedit_at TEXT
)
"""

CLAIMS = """
CREATE TABLE claim_types (name TEXT PRIMARY KEY, label TEXT NOT NULL);
INSERT INTO claim_types (name, label) VALUES
    ('attack', 'attack'), ('casualties', 'casualties'), ('arrest', 'arrest or detention'),
    ('operation', 'operation launched'), ('control', 'territorial control'),
    ('accusation', 'accusation'), ('agreement', 'agreement'),
    ('demand', 'demand or appeal'), ('other', 'other');
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT,
    place TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    content TEXT NOT NULL,
    translation TEXT,
    claimant TEXT NOT NULL DEFAULT '',
    claimant_role TEXT NOT NULL DEFAULT '',
    claimant_org TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    cue TEXT NOT NULL DEFAULT '',
    cue_start INTEGER,
    cue_end INTEGER,
    claim_type TEXT NOT NULL REFERENCES claim_types (name),
    actors TEXT NOT NULL DEFAULT '[]',
    place TEXT NOT NULL DEFAULT '',
    place_precision TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    date_precision TEXT NOT NULL DEFAULT '',
    quantities TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'unverified',
    status_note TEXT NOT NULL DEFAULT '',
    incident_id INTEGER REFERENCES incidents (id),
    annotator TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX claims_segment ON claims (segment_id);
CREATE INDEX claims_incident ON claims (incident_id)
"""

# Team work (workbench.team): each merge, the conflicts merges find, and their adjudication.
# A merge writes its history entries in one transaction, so they are contiguous: ids from
# history_from up to imported_from - 1 are the changes it made, imported_from..history_to
# the other database's own entries it brought over.
TEAM = """
CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    merged_by TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '{}',
    history_from INTEGER,
    imported_from INTEGER,
    history_to INTEGER
);
CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    other_row_id TEXT,
    field TEXT NOT NULL,
    ours TEXT,
    theirs TEXT,
    ours_by TEXT NOT NULL DEFAULT '',
    theirs_by TEXT NOT NULL DEFAULT '',
    merge_id INTEGER REFERENCES merges (id),
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution TEXT,
    resolved_how TEXT,
    resolved_by TEXT,
    resolved_at TEXT
);
CREATE INDEX conflicts_row ON conflicts (table_name, row_id);
CREATE INDEX conflicts_other_row ON conflicts (table_name, other_row_id)
"""

# The full-text index keeps only its index, not a second copy of every segment's keys:
# imports write less and the file is smaller. Nothing reads the keys back (search joins on
# rowid), and segments are never deleted, which a contentless table could not follow.
CONTENTLESS_FTS = """
DROP TABLE segments_fts;
CREATE VIRTUAL TABLE segments_fts USING fts5 (keys, content = '',
    tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO segments_fts (rowid, keys) SELECT id, search_keys(norm) FROM segments
"""


def _contentless_fts(db: Database) -> None:
    from workbench import arabic
    db.conn.create_function("search_keys", 1, arabic.search_keys, deterministic=True)
    _script(CONTENTLESS_FTS)(db)

# A post-edit serves every segment with the same content (a "100% match"). Finding them must
# not walk all the copies of a content hash, which a repeated sentence can have thousands of:
# the segment's hash sits beside its translation, indexed where there is a post-edit.
# Segments never change, so the hash is set once, when the row is made.
EDITED_HASH = """
ALTER TABLE translations ADD COLUMN source_hash TEXT;
UPDATE translations SET source_hash = (SELECT hash FROM segments WHERE segments.id = translations.segment_id);
CREATE INDEX translations_edited_hash ON translations (source_hash) WHERE postedit IS NOT NULL;
CREATE TRIGGER translations_source_hash AFTER INSERT ON translations WHEN NEW.source_hash IS NULL BEGIN UPDATE translations SET source_hash = (SELECT hash FROM segments WHERE segments.id = NEW.segment_id) WHERE segment_id = NEW.segment_id; END
"""

# A suggested claim an annotator rejected, so that neither `claims suggest` nor the UI offers
# it again. A suggestion is named by its segment and its cue's span (as an accepted one is
# found by its claim's cue_start/cue_end): SEGMENT:N keys are renumbered when the suggester
# or the glossary changes, segments and their text never are. Rejections the UI recorded
# only in history before this table existed (table 'claim_suggestions', action 'reject')
# are carried over, except entries a merge imported: those name another database's segments.
REJECTED_SUGGESTIONS = """
CREATE TABLE rejected_suggestions (
    key TEXT PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id),
    cue_start INTEGER NOT NULL,
    cue_end INTEGER NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    rejected_by TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    UNIQUE (segment_id, cue_start, cue_end)
);
INSERT OR IGNORE INTO rejected_suggestions
    (key, segment_id, cue_start, cue_end, content, rejected_by, rejected_at)
SELECT s.id || ':' || o.cue_start || '-' || o.cue_end, s.id, o.cue_start, o.cue_end,
       COALESCE(o.content, ''), o.annotator, o.at
FROM (SELECT h.id, h.annotator, h.at,
             json_extract(h.before, '$.segment_id') AS segment_id,
             json_extract(h.before, '$.cue_start') AS cue_start,
             json_extract(h.before, '$.cue_end') AS cue_end,
             json_extract(h.before, '$.content') AS content
      FROM history h
      WHERE h.table_name = 'claim_suggestions' AND h.action = 'reject' AND json_valid(h.before)
        AND NOT EXISTS (SELECT 1 FROM merges m WHERE h.id BETWEEN m.imported_from AND m.history_to)
     ) AS o
JOIN segments s ON s.id = o.segment_id
WHERE typeof(o.cue_start) = 'integer' AND typeof(o.cue_end) = 'integer'
ORDER BY o.id
"""

# Where a document came from beyond its file: the page's canonical URL, the kind of source
# (html, url, feed, telegram, pdf, docx; NULL for text and rows as before), the source's own
# reference (a Telegram message id and link, a feed item's guid) and the original source a
# reprint or forward names (Telegram's forwarded_from): who first said it matters for claims.
SOURCES = """
ALTER TABLE documents ADD COLUMN canonical_url TEXT;
ALTER TABLE documents ADD COLUMN source_kind TEXT;
ALTER TABLE documents ADD COLUMN source_ref TEXT;
ALTER TABLE documents ADD COLUMN original_source TEXT;
CREATE INDEX documents_url ON documents (url)
"""

# A claim's date as a range with its precision, and its place resolved to the gazetteer
# (glossary/gazetteer.tsv): the place's id, coordinates and admin levels, and a note on
# what part of it is meant ("eastern countryside"). `date` stays the start (or the day).
CLAIM_EVENTS = """
ALTER TABLE claims ADD COLUMN date_end TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN place_id TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN latitude REAL;
ALTER TABLE claims ADD COLUMN longitude REAL;
ALTER TABLE claims ADD COLUMN admin1 TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN admin2 TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN admin3 TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN place_note TEXT NOT NULL DEFAULT ''
"""

# Web sources. The HTML behind each document version imported from a URL or a feed, so that
# re-extracting it never needs the network; and this machine's feed subscriptions with the
# items already seen (by guid and URL), so a pull adds only new items. Feeds are per-machine
# state: a team merge reads neither table.
WEB_SOURCES = """
CREATE TABLE fetched_html (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    status INTEGER,
    content_type TEXT NOT NULL DEFAULT '',
    html TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
CREATE INDEX fetched_html_url ON fetched_html (url);
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    title TEXT,
    added_at TEXT NOT NULL,
    last_pull_at TEXT,
    last_new INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE feed_items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds (id),
    guid TEXT NOT NULL,
    url TEXT,
    document_id INTEGER REFERENCES documents (id),
    status TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (feed_id, guid)
);
CREATE INDEX feed_items_url ON feed_items (url)
"""

# What an annotator decided about a suggested incident (`workbench incidents accept|reject
# KEY`): accepted ones say which incident they became, so accepting again changes nothing;
# rejected ones keep their claims, so those claims are never suggested together again.
INCIDENT_DECISIONS = """
CREATE TABLE incident_decisions (
    key TEXT PRIMARY KEY,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    claim_ids TEXT NOT NULL DEFAULT '[]',
    incident_id INTEGER REFERENCES incidents (id),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
)
"""

# The English of each segment, for full-text search (workbench.store.search): what
# `workbench.mt.english.english_of` shows as a segment's English (its own post-edit, else the
# newest post-edit of another segment with the same content hash, a "100% match", else its
# MT; blank text counts as none), and an English segment's own text. Kept by triggers, so
# every path that writes a translation or a post-edit (translate, post-edit, accepting a
# match, merges, conflict resolution, any SQL) keeps the index current; `english_of` and these
# triggers are tested to agree on every origin. 100% matches are indexed too, so search finds
# what the passage view and the exports show: a post-edit refreshes the other segments with
# its content hash (found through segments_hash), and a new segment takes the match at once.
# The newest post-edit of a content hash is one probe of translations_newest_edit: a
# post-edit of a line repeated 10,000 times re-indexes them all at once (about a second).
# The text sits in a table of its own, which the full-text index reads as its content: an
# FTS5 delete must be given exactly the text that was indexed, and this table is what was.
BLANK_CHARS = ("char(9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, 8192, 8193, 8194, "
                "8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288)")


def _filled(column: str) -> str:
    """SQL: the text is there and not only whitespace (all that str.strip() strips)."""
    return f"({column} IS NOT NULL AND trim({column}, {BLANK_CHARS}) != '')"


ENGLISH_SQL = (
    "CASE s.language WHEN 'en' THEN s.raw WHEN 'ar' THEN COALESCE("
    f"(SELECT t.postedit FROM translations t WHERE t.segment_id = s.id AND {_filled('t.postedit')}), "
    "(SELECT x.postedit FROM translations x WHERE x.source_hash = s.hash AND x.postedit IS NOT NULL "
    f"AND x.segment_id != s.id AND {_filled('x.postedit')} "
    "ORDER BY COALESCE(x.postedit_at, '') DESC, x.segment_id DESC LIMIT 1), "
    "(SELECT m.mt_text FROM translations t JOIN tm m ON m.id = t.tm_id "
    f"WHERE t.segment_id = s.id AND {_filled('m.mt_text')})) END")


def _refresh(ids: str) -> str:
    """Trigger statements: recompute the English of the segments `ids` (an SQL list)."""
    return (f"DELETE FROM segment_english WHERE segment_id IN ({ids}); "
            "INSERT INTO segment_english (segment_id, english) SELECT id, english FROM "
            f"(SELECT s.id AS id, {ENGLISH_SQL} AS english FROM segments s WHERE s.id IN ({ids})) "
            "WHERE english IS NOT NULL;")


def _copies(row: str) -> str:
    """SQL list: the segment of a translations row and, when it holds a post-edit, every
    segment with its content (whose 100% match it may be)."""
    return (f"SELECT {row}.segment_id UNION SELECT id FROM segments WHERE {row}.postedit IS NOT NULL "
            f"AND hash = COALESCE({row}.source_hash, "
            f"(SELECT hash FROM segments WHERE id = {row}.segment_id))")


ENGLISH_INDEX = f"""
CREATE INDEX translations_newest_edit ON translations (source_hash, COALESCE(postedit_at, ''),
    segment_id) WHERE postedit IS NOT NULL;
CREATE TABLE segment_english (segment_id INTEGER PRIMARY KEY, english TEXT NOT NULL);
CREATE VIRTUAL TABLE segment_english_fts USING fts5 (english, content = 'segment_english',
    content_rowid = 'segment_id', tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER segment_english_insert AFTER INSERT ON segment_english BEGIN
    INSERT INTO segment_english_fts (rowid, english) VALUES (NEW.segment_id, NEW.english); END;
CREATE TRIGGER segment_english_delete AFTER DELETE ON segment_english BEGIN
    INSERT INTO segment_english_fts (segment_english_fts, rowid, english)
    VALUES ('delete', OLD.segment_id, OLD.english); END;
CREATE TRIGGER segment_english_update AFTER UPDATE ON segment_english BEGIN
    INSERT INTO segment_english_fts (segment_english_fts, rowid, english)
    VALUES ('delete', OLD.segment_id, OLD.english); INSERT INTO segment_english_fts (rowid,
    english) VALUES (NEW.segment_id, NEW.english); END;
CREATE TRIGGER english_segment_insert AFTER INSERT ON segments
WHEN NEW.language = 'en' OR EXISTS (SELECT 1 FROM translations x WHERE x.source_hash = NEW.hash
    AND x.postedit IS NOT NULL) OR EXISTS (SELECT 1 FROM translations t
    WHERE t.segment_id = NEW.id) BEGIN
    INSERT INTO segment_english (segment_id, english) SELECT id, english FROM
    (SELECT s.id AS id, {ENGLISH_SQL} AS english FROM segments s WHERE s.id = NEW.id)
    WHERE english IS NOT NULL; END;
CREATE TRIGGER english_segment_delete AFTER DELETE ON segments BEGIN
    DELETE FROM segment_english WHERE segment_id = OLD.id; END;
CREATE TRIGGER english_translation_insert AFTER INSERT ON translations BEGIN
    {_refresh(_copies('NEW'))} END;
CREATE TRIGGER english_translation_update AFTER UPDATE ON translations
WHEN OLD.postedit IS NOT NEW.postedit OR OLD.postedit_at IS NOT NEW.postedit_at
    OR OLD.tm_id IS NOT NEW.tm_id OR OLD.segment_id IS NOT NEW.segment_id
    OR (OLD.source_hash IS NOT NEW.source_hash AND NEW.postedit IS NOT NULL) BEGIN
    {_refresh(_copies('OLD') + ' UNION ' + _copies('NEW'))} END;
CREATE TRIGGER english_translation_delete AFTER DELETE ON translations BEGIN
    {_refresh(_copies('OLD'))} END;
CREATE TRIGGER english_tm_update AFTER UPDATE OF mt_text ON tm BEGIN
    {_refresh('SELECT segment_id FROM translations WHERE tm_id = NEW.id')} END;
INSERT INTO segment_english (segment_id, english) SELECT id, english FROM
    (SELECT s.id AS id, {ENGLISH_SQL} AS english FROM segments s) WHERE english IS NOT NULL
"""


# Near-duplicates across outlets (corpus.neardup): each current document's MinHash signature
# (NULL: too short to judge), its bands as a locality-sensitive index, and the links found
# when a document nearly repeats an earlier one. All derived from segments, so they are not
# merged: a document without a signature gets one at the next import.
NEAR_DUPLICATES = """
CREATE TABLE document_minhash (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    signature BLOB
);
CREATE TABLE minhash_bands (
    band_key INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (band_key, document_id)
) WITHOUT ROWID;
CREATE TABLE near_duplicates (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    of_id INTEGER NOT NULL REFERENCES documents (id),
    similarity REAL NOT NULL,
    PRIMARY KEY (document_id, of_id)
);
CREATE INDEX near_duplicates_of ON near_duplicates (of_id)
"""

# Missing-term repair and re-enforcement (mt.repair, mt.reenforce): each MT keeps the model's
# n-best list with word alignments, so a glossary change re-enforces it without the model, the
# repairs made (what was replaced, by what, why) and the glossary revision it was enforced
# with. Post-edits a glossary change breaks are flagged for QA, never changed: the flags are
# derived from the glossary on each machine, so they are not merged.
MT_REPAIR = """
ALTER TABLE tm ADD COLUMN nbest TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tm ADD COLUMN repairs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tm ADD COLUMN glossary_rev INTEGER;
CREATE INDEX translations_tm ON translations (tm_id);
CREATE TABLE postedit_flags (
    segment_id INTEGER PRIMARY KEY REFERENCES segments (id),
    glossary_rev INTEGER NOT NULL,
    terms TEXT NOT NULL,
    flagged_at TEXT NOT NULL
)
"""

STEPS: list[Migration] = [
    (1, "foundation: documents, segments, full-text index, history", _script(FOUNDATION)),
    (2, "glossary: terms and term hits", _script(GLOSSARY)),
    (3, "translation memory and post-edits", _script(TRANSLATION)),
    (4, "claims and incidents", _script(CLAIMS)),
    (5, "team: merges, imported history, conflicts", _script(TEAM)),
    (6, "full-text index without a copy of the text", _contentless_fts),
    (7, "post-edits found by content, for 100% matches", _script(EDITED_HASH)),
    (8, "rejected suggestions", _script(REJECTED_SUGGESTIONS)),
    (9, "document sources: canonical URL, kind, reference, original source", _script(SOURCES)),
    (10, "claims as events: date ranges and resolved places", _script(CLAIM_EVENTS)),
    (11, "web sources: fetched HTML, feeds and their items", _script(WEB_SOURCES)),
    (12, "near-duplicates across outlets: MinHash signatures, bands, links", _script(NEAR_DUPLICATES)),
    (13, "decisions on suggested incidents", _script(INCIDENT_DECISIONS)),
    (14, "the English of each segment, indexed for search", _script(ENGLISH_INDEX)),
    (15, "MT n-best lists, repairs and post-edit flags for re-enforcement", _script(MT_REPAIR)),
]

LATEST = STEPS[-1][0]

SET_NAME = "workbench"
# Workbench 0.3 and earlier ran migrations themselves and recorded them here. The table is
# kept as it was (never written again): it is how those databases say what they already have.
LEGACY_TABLE = "migrations"
_NUMBERED = re.compile(r"(\d+) ")


def migration_name(version: int, title: str) -> str:
    """The name sqlite-utils records: the version first, so that a migration this workbench
    does not know still says how new it is."""
    return f"{version:04d} {title}"


def _number(name: str) -> int:
    """The version a migration's name starts with (0 for a name that has none)."""
    found = _NUMBERED.match(name)
    return int(found.group(1)) if found else 0


def _legacy_versions(db: Database) -> set[int]:
    if not db[LEGACY_TABLE].exists():
        return set()
    return {row[0] for row in db.execute(f"SELECT version FROM [{LEGACY_TABLE}]")}


def _unless_legacy(version: int, apply: Callable[[Database], None]) -> Callable[[Database], None]:
    """The migration, except on a database whose old record says it is applied already:
    there sqlite-utils only records it, under its new name, and the schema is not touched."""
    def migration(db: Database) -> None:
        if version not in _legacy_versions(db):
            apply(db)
    migration.__name__ = getattr(apply, "__name__", "migration")
    return migration


def migration_set() -> Migrations:
    """STEPS as a sqlite-utils migration set: each one applied in its own transaction
    together with its record in `_sqlite_migrations`, or not at all."""
    migrations = Migrations(SET_NAME)
    for version, title, apply in STEPS:
        migrations(name=migration_name(version, title))(_unless_legacy(version, apply))
    return migrations


def applied_versions(db: Database) -> set[int]:
    """The versions either record says are applied. A name this workbench does not know was
    written by a newer one: it counts as above LATEST whatever number it carries."""
    known = {migration_name(version, title): version for version, title, _ in STEPS}
    versions = _legacy_versions(db)
    for applied in migration_set().applied(db):
        if applied.name in known:
            versions.add(known[applied.name])
        else:
            versions.add(max(_number(applied.name), LATEST + 1))
    return versions


def pending(db: Database) -> list[int]:
    """Versions this workbench knows whose changes the database does not have yet.

    Reads only. A database the old runner brought up to date has nothing pending, even before
    sqlite-utils has recorded its migrations, so it can be opened read-only."""
    done = applied_versions(db)
    return [version for version, _, _ in STEPS if version not in done]


def migrate(db: Database, upto: int | None = None) -> list[int]:
    """Apply the pending migrations (up to `upto`) and record them; returns the versions whose
    changes were made (not those the old record already had, which are only recorded)."""
    todo = [version for version in pending(db) if upto is None or version <= upto]
    migrations = migration_set()
    unrecorded = migrations.pending(db)
    later = [m.name for m in unrecorded if upto is not None and _number(m.name) > upto]
    if len(later) == len(unrecorded):
        return []
    migrations.apply(db, stop_before=later[0] if later else None)
    return todo
