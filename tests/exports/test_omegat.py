"""`workbench export omegat`: the project's files parsed back, and the real OmegaT (Debian's
`omegat`, run once for the module in console mode) translating it: post-edited segments are
filled in, machine translation never is."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx

from tests.mt.conftest import StubEngine
from workbench.cli import main

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

# (Arabic, machine translation, post-edit or None)
SEGMENTS = [
    ("قالت قوات سوريا الديمقراطية إنها اعتقلت خلية لداعش في ريف دير الزور الشرقي.",
     "The SDF said it arrested an ISIL cell in eastern Deir el-Zour.",
     "The Syrian Democratic Forces said they arrested an ISIS cell in eastern Deir ez-Zor."),
    ("وأضاف المصدر أن الأسايش طوقت بلدة الشحيل.", "The source added that Asayish surrounded Shuhail.",
     None),
    ("وقتل ثلاثة عناصر من الخلية خلال الاشتباك.", "Three cell members were killed in the clash.",
     "Three members of the cell were killed in the clash."),
    ("ونفى مصدر محلي رواية قسد & قال إن القتلى <مدنيون>.",
     "A local source denied the QSD account & said the dead were <civilians>.", None),
    ("\u200fوقال مصدر في الأسايش إن الـ.ـمرتزقة هاجموا حاجزاً\u00a0قرب هجين.",
     "A source in the Asayish said the mercenaries attacked a checkpoint near Hajin.",
     "An Asayish source said the mercenaries attacked a checkpoint near Hajin."),
] + [(f"وقال شاهد عيان رقم {n} إن دوريات التحالف جابت المنطقة.",
      f"Eyewitness number {n} said coalition patrols roamed the area.", None)
     for n in range(1, 13)]
LINE_BREAK = "قال البيان:\u2028إن الهجوم استهدف حاجزاً للأسايش."   # one segment, two lines
MT_ONLY = [mt for _, mt, pe in SEGMENTS if pe is None]
POSTEDITS = {ar: pe for ar, _, pe in SEGMENTS if pe}


def _corpus(path: Path):
    from workbench.bootstrap import load_glossary
    from workbench.mt import memory
    from workbench.store.db import open_db
    from workbench.store.documents import NewDocument, NewSegment, save_document
    db = open_db(path)
    load_glossary(db)
    halves = [SEGMENTS[:8], SEGMENTS[8:]]
    for n, half in enumerate(halves, start=1):
        lines = [ar for ar, _, _ in half] + ([LINE_BREAK] if n == 2 else [])
        save_document(db, NewDocument(f"https://example.org/news/raid-{n}.html", "\n".join(lines),
                                      [NewSegment(x) for x in lines], title=f"Raid {n}",
                                      language="ar"))
    save_document(db, NewDocument("wire:en-1", "The SDF said so.", [NewSegment("The SDF said so.")],
                                  language="en"))
    rows = {raw: (sid, h, norm) for sid, raw, h, norm in db.execute(
        "SELECT id, raw, hash, norm FROM segments WHERE language = 'ar'")}
    tm = memory.store(db, StubEngine(), [(rows[ar][1], rows[ar][2], mt, mt, {})
                                         for ar, mt, _ in SEGMENTS])
    memory.link(db, [(rows[ar][0], tm[rows[ar][1]]) for ar, _, _ in SEGMENTS])
    for ar, pe in POSTEDITS.items():
        memory.save_postedit(db, rows[ar][0], pe, "amal")
    db.conn.commit()
    db.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The corpus exported through the CLI into a new folder: (database path, project)."""
    from click.testing import CliRunner
    root = tmp_path_factory.mktemp("omegat")
    db_path = root / "corpus.db"
    _corpus(db_path)
    result = CliRunner().invoke(main, ["--db", str(db_path), "export", "omegat",
                                       str(root / "project")])
    assert result.exit_code == 0, result.output
    assert f"tm/auto: {len(POSTEDITS)} post-edit(s)" in result.output
    assert f"tm/mt: {len(MT_ONLY)} machine" in result.output
    return db_path, root / "project"


# Run by OmegaT after it has translated the project (console mode's --script): every entry
# OmegaT's own glossary readers take from the files named, as "file<TAB>source<TAB>target".
GLOSSARY_SCRIPT = """
import org.omegat.gui.glossary.GlossaryReaderTBX
import org.omegat.gui.glossary.GlossaryReaderTSV
new File(System.getProperty("glossary.out")).withWriter("UTF-8") { w ->
  System.getProperty("glossary.in").split(File.pathSeparator).each { path ->
    def f = new File(path)
    def entries = path.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false)
                                        : GlossaryReaderTSV.read(f, false)
    entries.each { e -> w.write(f.getName() + "\\t" + e.getSrcText() + "\\t" + e.getLocText() + "\\n") }
  }
}
"""


@pytest.fixture(scope="module")
def translated(project, tmp_path_factory):
    """The project after the real OmegaT's console-mode translation, once for the module:
    (project copy, {file: target lines}, {glossary file: [(source, target)] OmegaT read})."""
    if shutil.which("omegat") is None or shutil.which("java") is None:
        pytest.skip("OmegaT is not installed (Debian package omegat; `make test` installs it)")
    from click.testing import CliRunner
    db_path, folder = project
    run = tmp_path_factory.mktemp("omegat-run")
    copy = run / "project"
    shutil.copytree(folder, copy)
    tbx = {"full.tbx": [], "approved.tbx": ["--approved-only"]}
    for name, extra in tbx.items():
        result = CliRunner().invoke(main, ["--db", str(db_path), "export", "glossary",
                                           "--format", "tbx", "-o", str(run / name), *extra])
        assert result.exit_code == 0, result.output
    (run / "glossary.groovy").write_text(GLOSSARY_SCRIPT, encoding="utf-8")
    read = [run / name for name in tbx] + [copy / "glossary" / "glossary.txt"]
    env = dict(os.environ, JAVA_TOOL_OPTIONS=" ".join([
        "-Djava.awt.headless=true", f"-Dglossary.out={run / 'glossary.out'}",
        f"-Dglossary.in={os.pathsep.join(map(str, read))}"]))
    done = subprocess.run(
        ["omegat", str(copy), "--mode=console-translate", "--disable-project-locking",
         f"--config-dir={run / 'config'}", f"--script={run / 'glossary.groovy'}"],
        capture_output=True, text=True, timeout=180, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    targets = {p.name: p.read_text(encoding="utf-8").splitlines()
               for p in sorted((copy / "target").iterdir())}
    assert targets, done.stdout[-2000:]
    glossaries: dict[str, list[tuple[str, str]]] = {}
    for line in (run / "glossary.out").read_text(encoding="utf-8").splitlines():
        name, source, target = line.split("\t")
        glossaries.setdefault(name, []).append((source, target))
    return copy, targets, glossaries


def test_omegat_fills_post_edits_and_never_machine_translation(translated):
    copy, targets, _ = translated
    lines = [line for name in sorted(targets) for line in targets[name]]
    arabic = [ar for ar, _, _ in SEGMENTS]
    expected = [POSTEDITS.get(ar, ar) for ar in arabic[:8]] + [
        POSTEDITS.get(ar, ar) for ar in arabic[8:]] + [LINE_BREAK.replace("\u2028", " ")]
    assert lines == expected                         # each line one segment, in order
    text = "\n".join(lines)
    assert all(mt not in text for mt in MT_ONLY)
    assert sum(pe in lines for pe in POSTEDITS.values()) == len(POSTEDITS) == 3
    stats = (copy / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = next(line for line in stats.splitlines() if line.startswith("Total:"))
    assert total.split()[1] == str(len(SEGMENTS) + 1)   # OmegaT's segments are ours


def test_project_files(project):
    _, folder = project
    xml = etree.parse(str(folder / "omegat.project")).getroot().find("project")
    assert (xml.findtext("source_lang"), xml.findtext("target_lang")) == ("ar", "en")
    assert xml.findtext("source_tok") == "org.omegat.tokenizer.LuceneArabicTokenizer"
    assert xml.findtext("target_tok") == "org.omegat.tokenizer.LuceneEnglishTokenizer"
    assert xml.findtext("sentence_seg") == "false"
    sources = sorted(p.name for p in (folder / "source").iterdir())
    assert sources == ["0001-raid-1.txt", "0002-raid-2.txt"]        # the English one left out
    first = (folder / "source" / sources[0]).read_text(encoding="utf-8")
    assert first == "".join(ar + "\n" for ar, _, _ in SEGMENTS[:8])
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "tm/mt/" in readme and "never filled in" in readme


def test_omegat_offers_no_forbidden_rendering_from_our_glossary_or_approved_only_tbx(translated):
    """OmegaT's own readers: from the full TBX it offers forbidden renderings (it ignores
    term status); from the project's glossary.txt and the --approved-only TBX it does not."""
    _, _, read = translated
    daesh = {name: {t for s, t in pairs if s == "داعش"} for name, pairs in read.items()}
    assert daesh["full.tbx"] >= {"ISIS", "ISIL", "Da'ish"}          # why --approved-only exists
    assert daesh["approved.tbx"] == {"ISIS", "Islamic State"}
    assert daesh["glossary.txt"] == {"ISIS"}
    from workbench.terms.exchange import parse_bytes
    from workbench.terms.model import Term
    forbidden = {(form, bad) for _, term in parse_bytes(
        (Path(__file__).parents[2] / "glossary" / "glossary.tsv").read_bytes(), "tsv")
        if isinstance(term, Term) and term.status != "deprecated"
        for form in term.arabic_forms for bad in term.forbidden_en}
    for name in ("approved.tbx", "glossary.txt"):
        assert read[name] and not forbidden & set(read[name]), name


def _units(path: Path) -> dict[str, str]:
    store = tmx.tmxfile.parsestring(path.read_bytes())
    return {u.source: u.target for u in store.units}


def test_memories_by_origin(project):
    _, folder = project
    assert _units(folder / "tm/auto/workbench-postedits.tmx") == POSTEDITS
    mt = _units(folder / "tm/mt/workbench-mt.tmx")
    assert set(mt.values()) == set(MT_ONLY) and not set(mt.values()) & set(POSTEDITS.values())
    assert _units(folder / "tm/matches/workbench-matches.tmx") == {}
    dtd = _omegat_schema("schemas/tmx14.dtd", etree.DTD)
    for path in (folder / "tm").rglob("*.tmx"):
        tree = etree.parse(str(path))
        assert dtd.validate(tree), (path, dtd.error_log.filter_from_errors())
        origins = {p.text for p in tree.iter("prop") if p.get("type") == "x-workbench-origin"}
        assert origins <= {path.parent.name.replace("auto", "postedit").replace(
            "matches", "match")}


def test_glossary_offers_only_approved_renderings(project):
    _, folder = project
    rows = [line.split("\t") for line in
            (folder / "glossary/glossary.txt").read_text(encoding="utf-8").splitlines()]
    daesh = next(r for r in rows if r[0] == "داعش")
    assert daesh[1] == "ISIS"
    assert "not: ISIL, Da'ish, Daash" in daesh[2]
    targets = {r[1] for r in rows}
    assert "ISIL" not in targets and "Kurdish forces" not in targets


def _omegat_schema(member: str, kind):
    """A DTD or XSD shipped inside OmegaT's jar."""
    import zipfile
    if not OMEGAT_JAR.is_file():
        pytest.skip("OmegaT is not installed: its TMX DTD is read from its jar")
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        data = jar.read(member)
    return kind(__import__("io").BytesIO(data))


@pytest.mark.parametrize("origin", ["postedit", "match", "mt", "any"])
def test_tmx_by_origin_records_the_origin_in_each_unit(project, tmp_path, runner, origin):
    """`export corpus --format tmx --origin X`: valid against OmegaT's TMX DTD, read by
    translate-toolkit, every unit of origin X and saying so in its properties."""
    db_path, _ = project
    path = tmp_path / f"{origin}.tmx"
    result = runner.invoke(main, ["--db", str(db_path), "export", "corpus", "--format", "tmx",
                                  "--origin", origin, "-o", str(path)])
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(path))
    dtd = _omegat_schema("schemas/tmx14.dtd", etree.DTD)
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    units = tree.findall("body/tu")
    origins = [[p.text for p in tu.findall("prop") if p.get("type") == "x-workbench-origin"]
               for tu in units]
    expected = {"postedit": ["postedit"] * len(POSTEDITS), "match": [],
                "mt": ["mt"] * len(MT_ONLY)}.get(origin)
    assert [o[0] for o in origins] == (expected or [o[0] for o in origins])
    assert all(len(o) == 1 for o in origins) and len(units) == (len(SEGMENTS) if origin == "any"
                                                                else len(expected))
    targets = {u.target for u in tmx.tmxfile.parsestring(path.read_bytes()).units}
    assert targets == {u.find("tuv[2]/seg").text for u in units}


# --- the folder ------------------------------------------------------------------------------

def test_refuses_a_folder_that_is_not_a_project_and_writes_nothing(project, tmp_path, runner):
    db_path, _ = project
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep", encoding="utf-8")
    result = runner.invoke(main, ["--db", str(db_path), "export", "omegat", str(folder)])
    assert result.exit_code == 1
    assert "not empty and not an OmegaT project" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]
    result = runner.invoke(main, ["--db", str(db_path), "export", "omegat", str(folder),
                                  "--force"])
    assert result.exit_code == 0, result.output
    assert (folder / "omegat.project").is_file() and (folder / "mine.txt").read_text() == "keep"


def test_export_again_into_the_project_and_one_document(project, tmp_path, runner):
    db_path, folder = project
    copy = tmp_path / "again"
    shutil.copytree(folder, copy)
    (copy / "omegat" / "project_save.tmx").write_text("translator's work", encoding="utf-8")
    result = runner.invoke(main, ["--db", str(db_path), "export", "omegat", str(copy),
                                  "--doc", "2"])
    assert result.exit_code == 0, result.output
    assert "1 document(s)" in result.output
    assert (copy / "omegat" / "project_save.tmx").read_text() == "translator's work"
    assert _units(copy / "tm/auto/workbench-postedits.tmx") == {}    # both were in doc 1


@pytest.mark.parametrize("args, fragment", [
    (["--doc", "99"], "document 99: no such document"),
    (["--doc", "3"], "document 3: has no Arabic segments"),
])
def test_bad_documents_write_nothing(project, tmp_path, runner, args, fragment):
    db_path, _ = project
    folder = tmp_path / "new"
    result = runner.invoke(main, ["--db", str(db_path), "export", "omegat", str(folder), *args])
    assert result.exit_code == 1 and fragment in result.output
    assert not folder.exists() and list(tmp_path.iterdir()) == []


def test_a_file_or_a_missing_parent_is_refused(project, tmp_path, runner):
    db_path, _ = project
    file = tmp_path / "file"
    file.write_text("x")
    for target, fragment in ((file, "is a file"), (tmp_path / "no" / "dir", "does not exist")):
        result = runner.invoke(main, ["--db", str(db_path), "export", "omegat", str(target)])
        assert result.exit_code == 1 and fragment in result.output, result.output
