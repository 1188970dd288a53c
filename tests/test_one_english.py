"""The same English for a segment out of every face: the core (mt.english), the passage view,
the JSONL, the TMX, the CSV and a claim on it; and `export corpus --origin` on each format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from translate.storage import tmx

from tests.mt.conftest import EXPECTED, one_of_each_origin
from workbench.store.db import open_db


@pytest.fixture
def origins(fresh_db):
    from workbench.bootstrap import load_glossary
    load_glossary(fresh_db)
    return fresh_db, one_of_each_origin(fresh_db)


def _by_id(ids: dict[str, int], english: dict[int, tuple]) -> dict[str, tuple]:
    return {name: english.get(sid, (None, None)) for name, sid in ids.items()}


def _tmx(data: bytes) -> dict[int, tuple]:
    """{tuid: (target, origin)}: the targets as translate-toolkit reads them."""
    units = tmx.tmxfile.parsestring(data).units
    tus = ET.fromstring(data).findall("body/tu")
    assert [u.source for u in units] == [tu.find("tuv/seg").text for tu in tus]
    return {int(tu.get("tuid")): (u.target, {p.get("type"): p.text for p in tu.findall("prop")}
                                  ["x-workbench-origin"]) for u, tu in zip(units, tus)}


def _csv(text: str) -> dict[int, tuple]:
    return {int(r["segment_id"]): (r["translation"] or None, r["translation_origin"] or None)
            for r in csv.DictReader(io.StringIO(text))}


def _jsonl(text: str) -> dict[int, tuple]:
    records = [json.loads(line) for line in text.splitlines()]
    return {r["segment_id"]: (r["translation"]["text"], r["translation"]["origin"])
            if r["translation"] else (None, None) for r in records}


def test_the_same_english_from_every_face(origins):
    from workbench import exports
    from workbench.claims import export as claims_export
    from workbench.claims import store
    from workbench.claims.model import Claim
    from workbench.mt.english import english_of
    from workbench.terms import glossary
    from workbench.tui import data
    from workbench.tui.passage import GLOSS, LoadedGlossary, Passage
    db, ids = origins

    core = english_of(db, ids.values())
    assert _by_id(ids, {sid: (e.text, e.origin) for sid, e in core.items()}) == EXPECTED

    loaded = LoadedGlossary(glossary.load(db))
    shown, problems = {}, {}
    for sid in ids.values():
        row = db.execute("SELECT document_id, position FROM segments WHERE id = ?",
                         [sid]).fetchone()
        info = Passage(lambda: db, data.document(db, row[0]), loaded).get(row[1])
        shown[sid] = (info.english, info.origin) if info.translated else (None, None)
        problems[sid] = [p.kind for p in info.problems]
        if sid == ids["none"]:
            assert info.origin == GLOSS and info.english      # labelled, not a translation
    assert _by_id(ids, shown) == EXPECTED
    checked = english_of(db, ids.values(), glossary.load(db))
    assert problems == {sid: [p.kind for p in e.problems or ()] for sid, e in checked.items()}
    assert problems[ids["mt"]] == ["forbidden"]              # QA in the UI is the core's QA

    for write, read in ((exports.write_jsonl, _jsonl), (exports.write_csv, _csv)):
        out = io.StringIO()
        write(db, out)
        assert _by_id(ids, read(out.getvalue())) == EXPECTED, write.__name__
    out = io.StringIO()
    exports.write_tmx(db, out)
    assert _by_id(ids, _tmx(out.getvalue().encode())) == EXPECTED

    claims = {name: store.add_claim(db, Claim(sid, 0, 4, "other"), "amal")
              for name, sid in ids.items()}
    assert {name: store.get_claim(db, cid).translation for name, cid in claims.items()} == {
        name: text for name, (text, _) in EXPECTED.items()}
    out = io.StringIO()
    claims_export.write_jsonl(db, out)
    segment = {r["segment_id"]: r["segment_translation"]
               for r in map(json.loads, out.getvalue().splitlines())}
    assert _by_id(ids, {sid: (t["text"], t["origin"]) if t else (None, None)
                        for sid, t in segment.items()}) == EXPECTED
    out = io.StringIO()
    claims_export.write_csv(db, out)
    rows = {int(r["segment_id"]): (r["segment_translation"] or None,
                                   r["segment_translation_origin"] or None)
            for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert _by_id(ids, rows) == EXPECTED


@pytest.fixture
def exported(cli, db_path):
    assert cli("init", "--no-sample").exit_code == 0
    db = open_db(db_path)
    ids = one_of_each_origin(db)
    db.close()
    return ids


@pytest.mark.parametrize("fmt, read", [("jsonl", _jsonl), ("csv", _csv), ("tmx", None)])
@pytest.mark.parametrize("origins, names", [
    ((), {"postedit", "match", "mt", "blank", "none", "english"}),
    (("any",), {"postedit", "match", "mt", "blank", "none", "english"}),
    (("postedit",), {"postedit"}),
    (("match",), {"match"}),
    (("mt",), {"mt", "blank"}),
    (("postedit", "match"), {"postedit", "match"}),
])
def test_export_origin_filter(cli, exported, tmp_path, fmt, read, origins, names):
    out = tmp_path / f"corpus.{fmt}"
    args = [a for origin in origins for a in ("--origin", origin)]
    result = cli("export", "corpus", "--format", fmt, "-o", out, *args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    got = _tmx(text.encode()) if fmt == "tmx" else read(text)
    if fmt == "tmx":                                  # a TMX holds translations only
        names = names - {"none", "english"}
    elif not origins or "any" in origins:              # the rest: every segment, "none" too
        assert len(got) == 7                           # both documents' segments (5 + 2)
    assert {name for name, sid in exported.items() if sid in got} == names
    assert all(got[exported[name]] == EXPECTED[name] for name in names)


def test_the_command_offers_the_cores_origins():
    from workbench.cli.corpus import export_corpus
    from workbench.mt.english import ORIGIN_CHOICES
    [option] = [p for p in export_corpus.params if p.name == "origins"]
    assert tuple(option.type.choices) == ORIGIN_CHOICES


def test_export_origin_refuses_an_unknown_origin(cli, exported, tmp_path):
    result = cli("export", "corpus", "--origin", "gloss", "-o", tmp_path / "x.jsonl")
    assert result.exit_code == 2 and "gloss" in result.output
