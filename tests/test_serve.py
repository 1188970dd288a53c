"""`workbench serve`: Datasette on the database, read-only, through Datasette's own test
client, one real server over loopback, and one real browser (Debian's chromium).

The database is built once for the module; the expected results are written by hand from
the texts below (which segment holds which form of a word), and checked against the CLI's
own `search` and `qa` as well.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import types
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.claims import store as claims
from workbench.claims.model import Claim, Incident
from workbench.mt.memory import save_postedit
from workbench.store.db import open_db
from workbench.store.documents import NewDocument, NewSegment, save_document
from workbench.terms.model import Term
from workbench.terms.store import save_term

WORKBENCH = str(Path(sys.executable).with_name("workbench"))

# (outlet, language, sentences); the comments say which form of «مرتزقة» each one holds
DOCS = [
    ("Furat Post", "ar", [
        "هاجمت خلايا داعش حاجزاً لقوى الأمن الداخلي في ريف دير الزور الشرقي.",
        "وأعلنت قسد مقتل ثلاثة من المُرتَزِقة خلال الاشتباك.",          # diacritics
        "وقال مصدر محلي إن الـ.ـمرتزقة فرّوا نحو البادية.",             # tatweel-and-dot
        "واعتقلت القوات خمسة مشتبهين بالتعامل مع الخلايا.",
    ]),
    ("Deir Ezzor 24", "ar", [
        "أفاد ناشطون بمقتل خمسة عناصر في الهجوم واتهموا قسد بالتعامل وبالمرتزقة.",  # clitics
        "ونفت قسد الرواية.",
    ]),
    ("Rudaw English", "en", [
        "ISIS cells attacked a checkpoint in the eastern Deir ez-Zor countryside.",
    ]),
]
MERCENARIES = {(0, 1), (0, 2), (1, 0)}      # (document, sentence) holding the word


def _build(path: Path) -> dict:
    db = open_db(path)
    ids: dict = {}
    for d, (outlet, language, sentences) in enumerate(DOCS):
        text = "\n".join(sentences)
        saved = save_document(db, NewDocument(
            f"report:{d}", text, [NewSegment(s) for s in sentences], title=sentences[0],
            outlet=outlet, language=language))
        rows = db.execute("SELECT id FROM segments WHERE document_id = ? ORDER BY position",
                          [saved.document_id]).fetchall()
        ids["doc", d] = saved.document_id
        for n, (sid,) in enumerate(rows):
            ids[d, n] = sid
    save_term(db, Term(id="isis", term_ar="داعش", approved_en="ISIS", category="actor",
                       acceptable_en=("Islamic State",), forbidden_en=("ISIL", "Daesh")), "lead")
    save_term(db, Term(id="mercenaries", term_ar="مرتزقة", approved_en="mercenaries",
                       category="loaded_term", forbidden_en=("militants",)), "lead")
    save_postedit(db, ids[0, 0], "ISIL cells attacked an Internal Security Forces checkpoint "
                                 "in the eastern Deir ez-Zor countryside.", "amal")
    save_postedit(db, ids[0, 1], "The SDF announced that three militants were killed in "
                                 "the clash.", "amal")
    save_postedit(db, ids[0, 3], "The forces detained five suspects.", "amal")
    incident = claims.add_incident(db, Incident(title="Checkpoint attack, eastern Deir ez-Zor"),
                                   "amal")
    ids["incident"] = incident
    for key, start, end, claimant, figure, value in (
            ((0, 1), 5, 8, "قسد", "ثلاثة", 3), ((1, 0), 5, 10, "ناشطون", "خمسة", 5)):
        cid = claims.add_claim(db, Claim(
            segment_id=ids[key], start=start, end=end, claim_type="casualties",
            claimant=claimant, quantities=[{"raw": figure, "value": value}]), "amal")
        claims.group(db, cid, incident, "amal")
        ids["claim", key] = cid
    ids["claim", "other"] = claims.add_claim(db, Claim(
        segment_id=ids[0, 3], start=0, end=8, claim_type="arrest"), "amal")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return ids


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    path = folder / "annotations.db"
    return path, _build(path)


@pytest.fixture(scope="module")
def ds(built):
    from workbench.serve.server import make_datasette
    return make_datasette(built[0])


def get(ds, path: str, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def rows(ds, path: str) -> list[dict]:
    response = get(ds, path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


def cli_json(db_path: Path, *args) -> dict | list:
    from click.testing import CliRunner
    from workbench.cli import main
    result = CliRunner().invoke(main, ["--db", str(db_path), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def fingerprint(path: Path) -> tuple:
    """The file's bytes (hashed by another process: opening and closing the file here would
    drop this process's SQLite locks on it) and its size and modification time."""
    digest = subprocess.run(["sha256sum", str(path)], capture_output=True, text=True,
                            check=True).stdout.split()[0]
    info = path.stat()
    return digest, info.st_size, info.st_mtime_ns


# --- the canned queries ---------------------------------------------------------------------

@pytest.mark.parametrize("query", ["المرتزقة", "المُرتَزِقةِ", "وبالمرتزقة", "الـ.ـمرتزقة", "مرتزقه"])
def test_search_finds_every_form_of_a_word_as_workbench_search_does(ds, built, query):
    path, ids = built
    found = [r["segment_id"] for r in rows(ds, f"/annotations/search.json?q={quote(query)}")]
    assert found == sorted(ids[k] for k in MERCENARIES)
    cli = cli_json(path, "search", query)["results"]
    assert found == [r["segment_id"] for r in cli]


def test_search_takes_the_language_and_searches_the_english(ds, built):
    path, ids = built
    english = rows(ds, "/annotations/search.json?q=checkpoint+attacked&lang=en")
    assert [r["segment_id"] for r in english] == [ids[0, 0], ids[2, 0]]
    assert english[0]["english"].startswith("ISIL cells attacked")
    assert english[1]["english"] is None and english[1]["language"] == "en"
    assert rows(ds, "/annotations/search.json?q=checkpoint+attacked&lang=ar") == []
    for lang in ("ar", "en", "any"):
        cli = cli_json(path, "search", "خلايا", "--lang", lang)["results"]
        served = rows(ds, f"/annotations/search.json?q={quote('خلايا')}&lang={lang}")
        assert [r["segment_id"] for r in served] == [r["segment_id"] for r in cli]


@pytest.mark.parametrize("params, message", [
    ("q=" + "+".join(f"w{i}" for i in range(70)), "search: 70 different words; a query takes at most 64"),
    ("q=x&lang=fr", "search: language 'fr': choose one of ar, en, any"),
    ("q=x&offset=-3", "offset: '-3' is not a number of results to skip (a whole number up to"),
    ("q=x&offset=9223372036854775807", "offset: '9223372036854775807' is not a number of results"),
    ("q=x&offset=", None),
])
def test_search_refuses_a_bad_value_in_one_line(ds, params, message):
    response = get(ds, f"/annotations/search.json?{params}")
    if message is None:                        # left empty: the default
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["error"].startswith(message) and "\n" not in response.json()["error"]


# words of the texts above, their variants, English, FTS5 syntax and hostile characters
_PIECES = ["المرتزقة", "وبالمرتزقة", "الـ.ـمرتزقة", "المُرتَزِقة", "خلايا", "داعش", "قسد", "ٱلْ",
           "checkpoint", "attacked", "ISIS", "AND", "OR", "NOT", "NEAR", "*", "^", '"', "'",
           "(", ")", ":", "-", "+", "\\", "\x00", "١٢", "12", "ـ", "؟", "%", "&", "#"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=6),
       lang=st.sampled_from(["ar", "en", "any"]))
def test_any_query_gives_what_workbench_search_gives(ds, built, words, lang):
    from workbench.errors import InvalidValue
    from workbench.store.search import find
    query = " ".join(words)
    db = open_db(built[0], readonly=True)
    try:
        if "\x00" in query:        # only a URL carries one; SQLite would cut the query at it
            expected = "search: the query holds a NUL character (%00); remove it"
        else:
            expected = [r["segment_id"] for r in find(db, query, lang).rows]
    except InvalidValue as exc:
        expected = str(exc)
    finally:
        db.close()
    response = get(ds, "/annotations/search.json", params={"q": query, "lang": lang,
                                                          "_shape": "array"})
    if isinstance(expected, str):
        assert response.status_code == 400 and response.json()["error"] == expected
    else:
        assert response.status_code == 200, response.text
        assert [r["segment_id"] for r in response.json()] == expected


def test_search_with_nothing_to_find_is_empty(ds):
    assert rows(ds, "/annotations/search.json?q=") == []
    assert rows(ds, "/annotations/search.json?q=%22%22+...") == []


def test_qa_lists_what_workbench_qa_lists(ds, built):
    path, ids = built
    served = rows(ds, "/annotations/qa.json")
    found = {(r["segment_id"], r["term_id"], r["kind"], r["found"]) for r in served}
    assert found == {(ids[0, 0], "isis", "forbidden", "ISIL"),
                     (ids[0, 1], "mercenaries", "forbidden", "militants")}
    cli = cli_json(path, "qa")["problems"]
    assert found == {(p["segment_id"], p["term_id"], p["kind"], p["found"]) for p in cli}
    fixed = next(r for r in served if r["term_id"] == "isis")["suggestion"]
    assert fixed.startswith("ISIS cells attacked")
    assert rows(ds, f"/annotations/qa.json?doc={ids['doc', 1]}") == []
    assert {r["term_id"] for r in rows(ds, f"/annotations/qa.json?doc={ids['doc', 0]}")} == {
        "isis", "mercenaries"}
    bad = get(ds, "/annotations/qa.json?doc=first")
    assert bad.status_code == 400 and bad.json()["error"].startswith("doc: 'first' is not a document id")
    assert rows(ds, "/annotations/qa.json?doc=424242") == []        # no such document: nothing


def test_incident_claims_side_by_side(ds, built):
    _, ids = built
    found = rows(ds, f"/annotations/incident_claims.json?incident={ids['incident']}")
    assert [(r["claim_id"], r["outlet"], r["claimant"], r["figures"]) for r in found] == [
        (ids["claim", (0, 1)], "Furat Post", "قسد", "ثلاثة"),
        (ids["claim", (1, 0)], "Deir Ezzor 24", "ناشطون", "خمسة")]
    assert json.loads(found[1]["quantities"]) == [{"raw": "خمسة", "value": 5}]
    assert rows(ds, "/annotations/incident_claims.json?incident=") == []


# --- what the pages show ----------------------------------------------------------------------

def test_metadata_describes_facets_labels_and_json_columns(ds):
    meta = get(ds, "/-/metadata.json").json()["databases"]["annotations"]["tables"]
    assert {"outlet", "language"} <= set(meta["documents"]["facets"])
    assert {"claim_type", "status", "outlet"} <= set(meta["claims"]["facets"])
    assert meta["terms"]["label_column"] == "term_ar" and meta["segments"]["label_column"] == "raw"
    assert meta["claims"]["plugins"]["workbench"]["json_columns"] == ["actors", "quantities"]
    assert set(meta["terms"]["plugins"]["workbench"]["json_columns"]) == {
        "variants_ar", "acceptable_en", "forbidden_en", "related"}
    assert meta["segments_fts"]["hidden"] and meta["claims"]["columns"]["claimant"]
    assert "/annotations/search?q=" in meta["segments"]["description"]
    page = get(ds, "/annotations/claims").text
    assert "قسد" in page and "Furat Post" in page             # the claimant, the outlet facet
    assert 'class="facet-info' in page or "facet-results" in page
    assert "وأعلنت قسد مقتل ثلاثة" in page                    # the segment's label beside its id
    terms_page = get(ds, "/annotations/terms").text
    assert '<div class="workbench-json" dir="auto">ISIL<br>Daesh</div>' in terms_page


def test_table_search_on_the_text_goes_to_the_canned_search(ds, built):
    _, ids = built
    response = get(ds, f"/annotations/segments?_search={quote('وبالمرتزقة')}")
    assert response.status_code == 302
    assert response.headers["location"] == f"/annotations/search?q={quote('وبالمرتزقة')}"
    response = get(ds, "/annotations/documents.json?_search=x")
    assert response.headers["location"] == "/annotations/search.json?q=x"
    page = get(ds, "/annotations/segments").text
    assert 'name="_search"' not in page                         # no box that cannot work
    english = rows(ds, "/annotations/segment_english.json?_search=detained")
    assert [r["segment_id"] for r in english] == [ids[0, 3]]


def test_a_file_name_with_url_characters_is_served(built, tmp_path):
    from workbench.serve.server import bind, make_datasette, url_of
    path = Path(shutil.copy(built[0], tmp_path / "team #2? 100%.db"))
    ds = make_datasette(path)
    sock = bind("127.0.0.1", 0)
    try:
        url = url_of(ds, sock)
    finally:
        sock.close()
    route = url.split("/", 3)[3]
    assert route == "team+~232~3F+100~25"
    found = rows(ds, f"/{route}/search.json?q={quote('وبالمرتزقة')}")
    assert [r["segment_id"] for r in found] == sorted(built[1][k] for k in MERCENARIES)


# --- read-only --------------------------------------------------------------------------------

def test_nothing_is_ever_written(ds, built):
    path, _ = built
    before = fingerprint(path)
    refused = get(ds, "/annotations.json?sql=" + quote("DELETE FROM claims"))
    assert refused.status_code == 400
    refused = get(ds, "/annotations.json?sql=" + quote("SELECT 1; DELETE FROM claims"))
    assert refused.status_code == 400
    db = ds.get_database("annotations")
    with pytest.raises(Exception, match="read-only"):
        asyncio.run(db.execute_write("DELETE FROM claims"))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):   # even SQL of one's own
        asyncio.run(db.execute_fn(lambda conn: conn.execute("DELETE FROM claims")))
    assert fingerprint(path) == before
    assert rows(ds, "/annotations.json?sql=" + quote("SELECT count(*) AS n FROM claims")) == [{"n": 3}]


def test_a_write_query_of_a_plugin_is_refused(built, tmp_path):
    from datasette import hookimpl
    from datasette.plugins import pm
    from workbench.serve.server import make_datasette
    path = Path(shutil.copy(built[0], tmp_path / "copy.db"))
    before = fingerprint(path)

    wipe = types.ModuleType("wipe_plugin")     # Datasette's plugins are modules
    wipe.canned_queries = hookimpl(
        lambda datasette, database, actor: {"wipe": {"sql": "DELETE FROM claims", "write": True}})
    pm.register(wipe, name="test-wipe")
    try:
        ds = make_datasette(path)
        form = get(ds, "/copy/wipe")
        token = form.cookies.get("ds_csrftoken")
        csrf = form.text.split('name="csrftoken" value="')[1].split('"')[0]
        response = asyncio.run(ds.client.post("/copy/wipe", data={"csrftoken": csrf},
                                              cookies={"ds_csrftoken": token},
                                              headers={"accept": "application/json"}))
        assert response.json()["ok"] is False and "read-only" in response.json()["message"]
    finally:
        pm.unregister(name="test-wipe")
    assert fingerprint(path) == before


def test_the_ui_writing_beside_the_server_loses_nothing(built, tmp_path):
    """A writer (the UI, an import) keeps working while the server reads, and the server
    sees what it commits at once: nothing is read from a stale copy."""
    from workbench.serve.server import make_datasette
    path = Path(shutil.copy(built[0], tmp_path / "live.db"))
    ids = built[1]
    ds = make_datasette(path)
    assert rows(ds, "/live/search.json?q=Nobody+saw+checkpoint&lang=en") == []
    writer = open_db(path)                        # as the UI holds it: WAL, kept open
    try:
        save_postedit(writer, ids[0, 2], "A local source said nobody saw the checkpoint.", "amal")
        found = rows(ds, "/live/search.json?q=Nobody+saw+checkpoint&lang=en")
        assert [r["segment_id"] for r in found] == [ids[0, 2]]
        save_postedit(writer, ids[0, 2], "A local source said the mercenaries fled.", "amal")
        assert rows(ds, "/live/search.json?q=Nobody+saw+checkpoint&lang=en") == []
    finally:
        writer.close()
    check = open_db(path)
    assert check.execute("SELECT postedit FROM translations WHERE segment_id = ?",
                         [ids[0, 2]]).fetchone()[0] == "A local source said the mercenaries fled."
    check.close()


# --- the command ------------------------------------------------------------------------------

def _serve(db_path, *args):
    from click.testing import CliRunner
    from workbench.cli import main
    return CliRunner().invoke(main, ["--db", str(db_path), "serve", *args])


def test_serve_on_an_address_of_another_machine_is_one_line(built):
    result = _serve(built[0], "--host", "192.0.2.1", "--port", "0")     # TEST-NET-1
    assert result.exit_code == 1
    assert result.output.startswith("error: 192.0.2.1:0: cannot listen there (")
    assert result.output.count("\n") == 1


def test_serve_on_a_port_in_use_is_one_line(built):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = _serve(built[0], "--port", str(port))
    finally:
        taken.close()
    assert result.exit_code == 1
    assert result.output == (f"error: 127.0.0.1:{port}: cannot listen there (already in use); "
                             "choose another with --port\n")


def test_serve_does_not_upgrade_an_older_database(tmp_path):
    """Upgrading writes: serving refuses, says how, and leaves the file as it was."""
    from sqlite_utils import Database
    from workbench.store import migrations
    from workbench.store.db import APPLICATION_ID
    path = tmp_path / "old.db"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(db, upto=10)
    db.close()
    before = fingerprint(path)
    result = _serve(path, "--port", "0")
    assert result.exit_code == 1
    assert result.output == (f"error: {path}: made by an older workbench; serving only reads, so "
                             "upgrade it first by running any other command on it once (e.g. "
                             f"`workbench --db {path} stats`)\n")
    assert fingerprint(path) == before


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no such database"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE sales (x)").connection.commit(),
     "not a workbench database (it has other tables)"),
    (lambda p: p.write_bytes(b"not a database at all, just text" * 40),
     "not a workbench database (not an SQLite file)"),
    (lambda p: p.write_bytes(b""), "an empty file, not a workbench database"),
    (lambda p: p.mkdir(), "is a directory, not a database file"),
])
def test_serve_refuses_a_missing_or_foreign_database_in_one_line(tmp_path, make, message):
    path = tmp_path / "other.db"
    make(path)
    result = _serve(path, "--port", "0")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and message in result.output
    assert not path.with_name("other.db-wal").exists()
    assert path.exists() == (message != "no such database")


def test_datasette_alone_gets_the_plugin_from_the_entry_point(built):
    """`datasette annotations.db`, without `workbench serve`: the same search."""
    from importlib.metadata import entry_points
    (point,) = entry_points(group="datasette", name="workbench")
    assert point.value == "workbench.serve.plugin"
    path, ids = built
    out = subprocess.run(
        [str(Path(sys.executable).with_name("datasette")), str(path), "--get",
         f"/annotations/search.json?q={quote('وبالمرتزقة')}&_shape=arrayfirst"],
        capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == sorted(ids[k] for k in MERCENARIES)


def test_the_command_loads_datasette_only_when_it_serves():
    code = ("import sys, workbench.cli, workbench.cli.serve, workbench.serve.server;"
            "print([m for m in ('datasette', 'uvicorn') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- one real server, one real browser ---------------------------------------------------------

@pytest.fixture(scope="module")
def server(built):
    """`workbench serve --port 0` in its own process, stopped with Ctrl-C at the end."""
    path = built[0]
    proc = subprocess.Popen([WORKBENCH, "--db", str(path), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    if "serving" not in line:
        proc.kill()
        pytest.fail(f"workbench serve did not start: {line}{proc.stderr.read()}")
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    yield url, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_real_server_answers_over_loopback(server, built):
    import httpx
    url, _ = server
    path, ids = built
    before = fingerprint(path)
    assert url.startswith("http://127.0.0.1:") and url.endswith("/annotations")
    found = httpx.get(f"{url}/search.json", params={"q": "المُرتَزِقة", "_shape": "array"},
                      timeout=30).json()
    assert [r["segment_id"] for r in found] == sorted(ids[k] for k in MERCENARIES)
    missing = httpx.get(f"{url}/no_such_table", timeout=30)
    assert missing.status_code == 404 and "Error 404" in missing.text
    refused = httpx.get(f"{url}.json", params={"sql": "DELETE FROM claims"}, timeout=30)
    assert refused.status_code == 400 and refused.json()["error"] == "Statement must be a SELECT"
    assert fingerprint(path) == before


def test_the_search_page_in_a_real_browser(server):
    """The search page in headless chromium: a PNG of the asked size that is not blank, and
    the same page's HTML holds the Arabic results."""
    import httpx
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (`make test` installs it): no screenshot taken")
    from PIL import Image
    url = f"{server[0]}/search?q={quote('المرتزقة')}"
    page = httpx.get(url, timeout=30).text
    for key in MERCENARIES:
        assert DOCS[key[0]][2][key[1]] in page
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"workbench-serve-{os.getpid()}.png"
    width, height = 1200, 900
    try:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--window-size={width},{height}",
                        f"--screenshot={out}", url], capture_output=True, timeout=90, check=True)
        with Image.open(out) as image:
            assert image.format == "PNG" and image.size == (width, height)
            histogram = image.convert("L").histogram()
    finally:
        out.unlink(missing_ok=True)
    ink = sum(histogram[:128])             # dark pixels: text, the header bar
    assert ink > 20_000, ink
    assert sum(histogram[250:]) > width * height // 2      # a page, mostly white, not a dark error


def test_the_server_stops_cleanly_on_ctrl_c(server):
    _, proc = server
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    assert proc.stderr.read().strip() == "stopped"      # and no traceback for the 404 or the 400
    assert proc.stdout.read() == ""
