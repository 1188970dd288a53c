"""Near-duplicates across outlets: the same statement reprinted with small edits.

An SDF statement is posted on its Telegram channel, then carried by three sites with a new
headline, a word changed and a line cut. Exact copies are caught by the content hash
(`store.documents`); these are not. Each current document's body, normalised for matching
(`segments.norm`, punctuation and case dropped), is cut into word trigrams: a changed word
disturbs only the three around it, while two unrelated reports from the same place share
almost none (character n-grams, tried first, made every pair of reports on Deir ez-Zor
look a third alike, and the index slow). A MinHash of them (datasketch) is kept in
`document_minhash`, and its bands in `minhash_bands` are a locality-sensitive index in
SQLite: documents that share a band are candidates, and a candidate whose signature agrees
on at least THRESHOLD of its values is a near-duplicate. Fingerprints are derived data: a
document without one (imported before this, or merged from a colleague's database) gets
it at the next import.

A link says that a later-imported document is a near-duplicate of an earlier one. Links make
groups; in a group the original is the first published (then the first imported), and every
other document is a reprint of it. `reprints_of` answers "also published by …" for one
document; `source_count` says, for the documents behind an incident's claims, how many
outlets there are and how many of them are independent, so a reprint is never counted as a
second source without saying so.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from sqlite_utils import Database

# A pair alike at 0.5 shares a band with probability 0.98, at 0.6 with 0.9999; at 0.1 (two
# reports from one channel's template) with 0.006, so candidates stay few.
BANDS, ROWS = 64, 4
NUM_PERM = BANDS * ROWS
THRESHOLD = 0.5               # estimated Jaccard similarity of the word-trigram sets
SHINGLE = 3                   # words
MIN_SHINGLES = 8              # shorter texts («عاجل: انفجار في الشحيل») are too short to judge
_SEED = 20240301
_ISO_RE = re.compile(r"\d{4}-\d\d-\d\d")
_NOT_WORD_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class NearDuplicate:
    """A newly imported document found to be a reprint of an earlier one."""

    document_id: int
    outlet: str | None
    of_id: int
    of_outlet: str | None
    similarity: float


@dataclass
class SourceCount:
    """Outlets behind a set of documents, and which of them only reprint another's text."""

    outlets: int = 0
    independent: int = 0
    reprints: list[dict] = field(default_factory=list)   # {outlet, document_id, of_id, of_outlet}

    def describe(self) -> str:
        """"3 outlets, 2 independent (1 reprint: Outlet B of Outlet A)"."""
        text = f"{self.outlets} outlet{'s' if self.outlets != 1 else ''}"
        if not self.reprints:
            return text + (", all independent" if self.outlets > 1 else "")
        shown = "; ".join(f"{_name(r['outlet'], r['document_id'])} of "
                          f"{_name(r['of_outlet'], r['of_id'])}" for r in self.reprints)
        count = len(self.reprints)
        return (f"{text}, {self.independent} independent "
                f"({count} reprint{'s' if count != 1 else ''}: {shown})")

    def to_dict(self) -> dict:
        return {"outlets": self.outlets, "independent": self.independent,
                "reprints": self.reprints, "text": self.describe()}


def _name(outlet: str | None, document_id: int) -> str:
    return outlet or f"document #{document_id}"


# --- fingerprints --------------------------------------------------------------------------

def shingles(norm: str) -> set[bytes]:
    """Word trigrams of a normalised text, punctuation and case dropped; none when the text
    has too few to judge by."""
    words = _NOT_WORD_RE.sub(" ", norm.casefold()).split()
    grams = {" ".join(words[i:i + SHINGLE]).encode("utf-8")
             for i in range(len(words) - SHINGLE + 1)}
    return grams if len(grams) >= MIN_SHINGLES else set()


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32", hashfunc=zlib.crc32).permutations


def signature(norm: str) -> bytes | None:
    """The MinHash of a text's shingles, as NUM_PERM little-endian 32-bit values; None for a
    text too short to judge."""
    grams = shingles(norm)
    if not grams:
        return None
    from datasketch import MinHash
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32", hashfunc=zlib.crc32,
                      permutations=_permutations())       # crc32: stable and fast enough
    minhash.update_batch(list(grams))
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """The share of signature values two documents agree on (estimates their Jaccard)."""
    import numpy as np
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


_BAND_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)


def band_keys(sig: bytes) -> list[int]:
    """One 64-bit key per band of a signature (its ROWS values and the band's number mixed;
    two documents share a key when they agree on that whole band)."""
    import numpy as np
    rows = np.frombuffer(sig, "<u4").astype(np.uint64).reshape(BANDS, ROWS)
    keys = np.arange(BANDS, dtype=np.uint64) * np.uint64(_BAND_MIX[-1])
    for n in range(ROWS):
        keys = (keys ^ rows[:, n]) * np.uint64(_BAND_MIX[n % 3])     # wraps modulo 2**64
    return keys.view(np.int64).tolist()


def _bodies(db: Database, ids: list[int]) -> dict[int, str]:
    """Each document's body segments, normalised (its title when it has no body)."""
    bodies: dict[int, list[str]] = {}
    titles: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for doc_id, kind, norm in db.conn.execute(
                f"SELECT document_id, kind, norm FROM segments WHERE document_id IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY document_id, position", chunk):
            (titles if kind == "title" else bodies).setdefault(doc_id, []).append(norm)
    return {i: " ".join(bodies.get(i) or titles.get(i) or []) for i in ids}


def index_new(db: Database) -> list[NearDuplicate]:
    """Fingerprint every current document that has no fingerprint yet, oldest first, linking
    each to the earlier current documents (of another key) it nearly repeats. Runs in the
    caller's transaction (the importer's, one per file). Returns the links made.

    The batch is looked up at once: the stored documents sharing a band with any of it in
    one pass over the index, the batch's own earlier documents in memory; rows are written
    together at the end (a 10,000-message export is one batch)."""
    # documents only ever get higher ids (imports, versions and merges append), so those
    # past the last fingerprinted one are the ones to look at, without scanning the corpus
    todo = db.conn.execute(
        "SELECT d.id, d.doc_key, d.outlet FROM documents d "
        "WHERE d.id > COALESCE((SELECT MAX(document_id) FROM document_minhash), 0) "
        "AND d.is_current = 1 AND NOT EXISTS (SELECT 1 FROM document_minhash m "
        "WHERE m.document_id = d.id) ORDER BY d.id").fetchall()
    if not todo:
        return []
    bodies = _bodies(db, [row[0] for row in todo])
    sigs = {doc_id: signature(bodies[doc_id]) for doc_id, _, _ in todo}
    keys = {doc_id: band_keys(sig) for doc_id, sig in sigs.items() if sig is not None}
    stored = _stored_postings(db, sorted({k for ks in keys.values() for k in ks}))
    known = _candidates_known(db, {d for ids in stored.values() for d in ids})
    batch: dict[int, list[int]] = {}
    found: list[NearDuplicate] = []
    links = []
    for doc_id, doc_key, outlet in todo:
        sig = sigs[doc_id]
        if sig is None:
            continue
        candidates = {d for k in keys[doc_id] for d in (*stored.get(k, ()), *batch.get(k, ()))}
        matches = []
        for other in candidates:
            other_key, other_outlet, other_sig = known.get(other, (doc_key, None, None))
            if other_key == doc_key or other_sig is None:     # a version of itself, or gone
                continue
            score = round(similarity(sig, other_sig), 4)
            if score >= THRESHOLD:
                matches.append((other, other_outlet, score))
        links.extend((doc_id, other, score) for other, _, score in matches)
        if matches:
            best = max(matches, key=lambda m: (m[2], -m[0]))
            found.append(NearDuplicate(doc_id, outlet, best[0], best[1], best[2]))
        known[doc_id] = (doc_key, outlet, sig)
        for k in keys[doc_id]:
            batch.setdefault(k, []).append(doc_id)
    db.conn.executemany("INSERT INTO document_minhash (document_id, signature) VALUES (?, ?)",
                        sorted(sigs.items()))
    db.conn.executemany("INSERT OR IGNORE INTO minhash_bands (band_key, document_id) VALUES (?, ?)",
                        sorted((k, d) for d, ks in keys.items() for k in ks))
    db.conn.executemany("INSERT OR IGNORE INTO near_duplicates (document_id, of_id, similarity) "
                        "VALUES (?, ?, ?)", links)
    return found


def _stored_postings(db: Database, keys: list[int]) -> dict[int, tuple[int, ...]]:
    """The stored documents under each of these band keys."""
    postings: dict[int, list[int]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        for key, doc_id in db.conn.execute(
                f"SELECT band_key, document_id FROM minhash_bands WHERE band_key IN "
                f"({', '.join('?' * len(chunk))})", chunk):
            postings.setdefault(key, []).append(doc_id)
    return {k: tuple(v) for k, v in postings.items()}


def _candidates_known(db: Database, ids: set[int]) -> dict[int, tuple]:
    """(doc_key, outlet, signature) of the stored candidates that are still current."""
    out: dict[int, tuple] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        for doc_id, doc_key, outlet, sig in db.conn.execute(
                "SELECT d.id, d.doc_key, d.outlet, m.signature FROM documents d JOIN "
                "document_minhash m ON m.document_id = d.id WHERE d.is_current = 1 AND d.id IN "
                f"({', '.join('?' * len(chunk))})", chunk):
            out[doc_id] = (doc_key, outlet, sig)
    return out


# --- reading: groups, reprints, sources ----------------------------------------------------

def _group_ids(db: Database, seeds: list[int]) -> dict[int, int]:
    """Every document linked (through any chain) to one of `seeds`: {document: root}."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    frontier = set(seeds)
    for seed in seeds:
        root(seed)
    seen: set[int] = set()
    while frontier:
        batch = sorted(frontier - seen)[:500]
        frontier -= set(batch)
        seen.update(batch)
        if not batch:
            break
        marks = ", ".join("?" * len(batch))
        for a, b in db.conn.execute(
                f"SELECT document_id, of_id FROM near_duplicates WHERE document_id IN ({marks}) "
                f"OR of_id IN ({marks})", batch + batch):
            parent[root(a)] = root(b)
            frontier.update(x for x in (a, b) if x not in seen)
    return {x: root(x) for x in parent}


def _documents(db: Database, ids) -> dict[int, dict]:
    ids = sorted(ids)
    out = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in db.query(f"SELECT id, outlet, title, published, is_current FROM documents "
                            f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            out[row["id"]] = dict(row)
    return out


def _first_key(doc: dict) -> tuple:
    """Order of publication: a dated document before an undated one, then import order."""
    published = doc.get("published") or ""
    return (published[:19] if _ISO_RE.match(published) else "~", doc["id"])


def reprints_of(db: Database, document_id: int) -> list[dict]:
    """The other current documents of a document's group, first published first, each with
    its outlet, title, date and whether it is the group's original: "also published by …"."""
    groups = _group_ids(db, [document_id])
    docs = _documents(db, groups)
    members = sorted((d for d in docs.values() if d["is_current"] or d["id"] == document_id),
                     key=_first_key)
    if len(members) < 2:
        return []
    original = members[0]["id"]
    return [{"id": d["id"], "outlet": d["outlet"], "title": d["title"],
             "published": d["published"], "original": d["id"] == original}
            for d in members if d["id"] != document_id]


def also_published_by(db: Database, document_id: int) -> str:
    """One line for a document's detail, or "" when it has no near-duplicate."""
    others = reprints_of(db, document_id)
    if not others:
        return ""
    shown = [f"{d['outlet'] or 'unknown outlet'} (#{d['id']}{', first' if d['original'] else ''})"
             for d in others]
    return "also published by " + ", ".join(shown)


def reprint_groups(db: Database, document_ids: list[int]) -> list[list[int]]:
    """The given documents partitioned into groups of near-duplicates (a group of one is a
    document no other given document repeats), each group first published first."""
    wanted = set(document_ids)
    roots = _group_ids(db, sorted(wanted))
    docs = _documents(db, wanted)
    groups: dict[int, list[int]] = {}
    for doc_id in wanted:
        groups.setdefault(roots.get(doc_id, doc_id), []).append(doc_id)
    ordered = [sorted(g, key=lambda i: _first_key(docs.get(i, {"id": i}))) for g in groups.values()]
    return sorted(ordered, key=lambda g: g[0])


def source_count(db: Database, document_ids: list[int]) -> SourceCount:
    """How many outlets stand behind these documents and how many are independent: an
    outlet is independent when it is the original of at least one group; an outlet that
    only carries others' text is a reprint, named with whom it reprints."""
    if not document_ids:
        return SourceCount()
    groups = reprint_groups(db, list(document_ids))
    docs = _documents(db, {i for g in groups for i in g})

    def outlet_of(doc_id: int) -> str:
        return docs.get(doc_id, {}).get("outlet") or f"#{doc_id}"

    outlets = {outlet_of(i) for g in groups for i in g}
    originals = {outlet_of(g[0]) for g in groups}
    reprints = []
    for group in groups:
        first = group[0]
        for doc_id in group[1:]:
            name = outlet_of(doc_id)
            if name not in originals and all(r["outlet"] != name for r in reprints):
                reprints.append({"outlet": docs.get(doc_id, {}).get("outlet"), "document_id": doc_id,
                                 "of_id": first, "of_outlet": docs.get(first, {}).get("outlet")})
    return SourceCount(len(outlets), len(originals), reprints)


def source_count_of_segments(db: Database, segment_ids: list[int]) -> SourceCount:
    """`source_count` of the documents these segments (an incident's claims) come from."""
    ids = sorted(set(segment_ids))
    docs: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        docs.update(row[0] for row in db.conn.execute(
            f"SELECT DISTINCT document_id FROM segments WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk))
    return source_count(db, sorted(docs))
