"""Importing files: formats, page residue, idempotence, versions, and every bad input."""

import json

import pytest

from workbench.corpus import importer
from workbench.corpus.page import parse_date_line, parse_page
from workbench.store.documents import list_documents, segments_of

PAGE_AR = """شبكة الفرات الإخبارية

قوى الأمن الداخلي تعتقل خلية لداعش في ريف دير الزور

22 أيلول 2025

أعلنت قوى الأمن الداخلي اعتقال 13 شخصاً من خلايا الـ.ـمرتزقة. وقال المتحدث إن الحملة مستمرة.

قوى الأمن الداخلي تعتقل خلية لداعش في ريف دير الزور

وأكد أن التعاون مع العشائر العربية كان محورياً.

التعليقات مغلقة.
"""

PAGE_EN = """Logo Wide

SDF launches security campaign in Deir ez-Zor

30 August 2023   10:48

HASAKAH, Syria (Valley Press) – The SDF said it arrested 13 people. The campaign continues.

Helpful keywords
"""


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def test_page_parts_found_and_residue_dropped():
    page = parse_page(PAGE_AR)
    assert page.outlet == "شبكة الفرات الإخبارية"
    assert page.title == "قوى الأمن الداخلي تعتقل خلية لداعش في ريف دير الزور"
    assert page.published == "2025-09-22"
    body = [PAGE_AR[s:e] for s, e in page.body]
    assert body[-1] == "وأكد أن التعاون مع العشائر العربية كان محورياً."
    assert not any("التعليقات" in b or b == page.title for b in body)


def test_english_page_outlet_from_dateline():
    page = parse_page(PAGE_EN)
    assert page.title == "SDF launches security campaign in Deir ez-Zor"
    assert page.outlet == "Valley Press"
    assert page.published == "2023-08-30"
    assert len(page.body) == 1


@pytest.mark.parametrize("line,iso", [
    ("22 أيلول 2025", "2025-09-22"), ("30 August 2023   10:48", "2023-08-30"),
    ("August 30, 2023", "2023-08-30"), ("2024-12-08", "2024-12-08"), ("الـ27/8/2023م", "2023-08-27"),
    ("الأربعاء، ٢٢ أيلول ٢٠٢٥", "2025-09-22"), ("8 كانون الأول 2024", "2024-12-08"),
    ("The SDF said on 30 August 2023 that", None), ("قال في 22 أيلول إن", None), ("13 شخصاً", None),
    # issue 12: dateparser for month names, the Levantine ones through the shared month table
    ("الخميس 12 تشرين الأول 2023", "2023-10-12"), ("12 أكتوبر 2023", "2023-10-12"),
    ("2023/10/12", "2023-10-12"), ("12 تشرين الأول/أكتوبر 2023", "2023-10-12"),
    ("نشر بتاريخ: 15 كانون الثاني 2024 - 10:48 ص", "2024-01-15"), ("4 اذار 2024", "2024-03-04"),
    ("Updated: Sept. 30, 2023 at 10:48 GMT", "2023-09-30"), ("12.10.2023", "2023-10-12"),
    ("الأربعاء، 22/9/2025 - 10:48", "2025-09-22"), ("2023-08-30T10:48:00Z", "2023-08-30"),
    ("31 شباط 2024", None), ("31/2/2024", None), ("2023/13/12", None), ("12 أكتوبر 1850", None),
    ("The body, 13 people in 2023.", None)])
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


@pytest.mark.parametrize("month, name", enumerate(
    ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
     "تشرين الأول", "تشرين الثاني", "كانون الأول"], 1))
def test_every_levantine_month_name_reads(month, name):
    """dateparser knows none of them: each goes through the shared month table."""
    assert parse_date_line(f"الأحد 7 {name} 2024") == f"2024-{month:02d}-07"


def test_text_import_keeps_raw_text_and_offsets(fresh_db, tmp_path):
    path = write(tmp_path, "a.txt", PAGE_AR)
    result = importer.import_file(fresh_db, path)
    assert result.ok and result.saved[0].status == "new"
    doc = list_documents(fresh_db)[0]
    assert (doc["outlet"], doc["language"], doc["published"]) == ("شبكة الفرات الإخبارية", "ar", "2025-09-22")
    segs = segments_of(fresh_db, doc["id"])
    assert segs[0]["kind"] == "title"
    assert [s["raw"] for s in segs[1:]] == [
        "أعلنت قوى الأمن الداخلي اعتقال 13 شخصاً من خلايا الـ.ـمرتزقة.",
        "وقال المتحدث إن الحملة مستمرة.", "وأكد أن التعاون مع العشائر العربية كان محورياً."]
    for s in segs:
        assert PAGE_AR[s["src_start"]:s["src_end"]] == s["raw"]
    assert "المرتزقه" in segs[1]["norm"]


def test_reimport_changes_nothing_and_changed_file_is_a_new_version(fresh_db, tmp_path):
    path = write(tmp_path, "a.txt", PAGE_AR)
    importer.import_file(fresh_db, path)
    first_segments = fresh_db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    assert importer.import_file(fresh_db, path).saved[0].status == "unchanged"
    assert fresh_db.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == first_segments
    # an annotation on the old version
    old_seg = fresh_db.execute("SELECT id FROM segments ORDER BY id LIMIT 1").fetchone()[0]
    fresh_db.execute("INSERT INTO translations (segment_id, postedit, postedit_by) VALUES (?, 'x', 'amal')",
                     [old_seg])
    path.write_text(PAGE_AR.replace("13 شخصاً", "14 شخصاً"), encoding="utf-8")
    saved = importer.import_file(fresh_db, path).saved[0]
    assert (saved.status, saved.version) == ("version", 2)
    docs = list_documents(fresh_db, current_only=False)
    assert [(d["version"], d["is_current"]) for d in docs] == [(1, 0), (2, 1)]
    assert fresh_db.execute("SELECT postedit FROM translations WHERE segment_id = ?", [old_seg]).fetchone() == ("x",)
    assert len(list_documents(fresh_db)) == 1


def test_same_content_from_another_path_is_a_duplicate(fresh_db, tmp_path):
    importer.import_file(fresh_db, write(tmp_path, "a.txt", PAGE_EN))
    assert importer.import_file(fresh_db, write(tmp_path, "b.txt", PAGE_EN)).saved[0].status == "duplicate"


def test_one_file_of_many_documents_is_looked_up_and_written_as_a_batch(fresh_db, tmp_path,
                                                                           monkeypatch):
    """A file's documents are looked up in chunks and saved together: within the file, a row
    repeated is unchanged and the same URL with new content a new version."""
    from workbench.store import documents
    monkeypatch.setattr(documents, "_LOOKUP_CHUNK", 3)   # several look-up chunks for 8 rows
    rows = [{"text": f"قالت قسد إن {n} عناصر اعتقلوا. والحملة مستمرة.", "url": f"u{n}"}
            for n in range(6)]
    rows.append(dict(rows[0]))                                          # a row repeated
    rows.append({"text": "تعديل: قالت قسد إن 9 عناصر اعتقلوا.", "url": "u1"})  # u1 changed
    path = write(tmp_path, "batch.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    saved = importer.import_file(fresh_db, path).saved
    assert [(s.status, s.version) for s in saved] == [("new", 1)] * 6 + [("unchanged", 1), ("version", 2)]
    assert saved[6].document_id == saved[0].document_id
    docs = {(d["doc_key"], d["version"]): d for d in list_documents(fresh_db, current_only=False)}
    assert docs[("u1", 1)]["is_current"] == 0 and docs[("u1", 2)]["is_current"] == 1
    ids = [r[0] for r in fresh_db.execute("SELECT id FROM segments ORDER BY id")]
    assert ids == list(range(ids[0], ids[0] + 6 * 2 + 1))      # one pass, consecutive ids
    assert fresh_db.execute("SELECT COUNT(*) FROM segments_fts WHERE segments_fts MATCH 'تعديل'"
                            ).fetchone()[0] == 1
    again = importer.import_file(fresh_db, path).saved
    assert [s.status for s in again] == ["unchanged"] * 8


def test_jsonl_and_csv_rows(fresh_db, tmp_path):
    rows = [{"text": "قالت قسد إن 5 عناصر اعتقلوا. والحملة مستمرة.", "title": "اعتقالات", "outlet": "NPN",
             "date": "2025-09-22", "url": "https://example.org/1"},
            {"text": "The coalition said 3 were killed.", "outlet": "Wire"}]
    jl = write(tmp_path, "docs.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    result = importer.import_file(fresh_db, jl)
    assert result.ok and [s.segments for s in result.saved] == [3, 1]
    csv_path = write(tmp_path, "docs.csv", "title,text,outlet,date\nA,\"Hello there. Second one.\",X,30 August 2023\n")
    result = importer.import_file(fresh_db, csv_path)
    assert result.ok
    doc = [d for d in list_documents(fresh_db) if d["outlet"] == "X"][0]
    assert doc["published"] == "2023-08-30" and doc["title"] == "A"
    assert [s["raw"] for s in segments_of(fresh_db, doc["id"])] == ["A", "Hello there.", "Second one."]
    assert importer.import_file(fresh_db, jl).saved[0].status == "unchanged"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_other_encodings(fresh_db, tmp_path, encoding):
    path = write(tmp_path, "enc.txt", "أعلنت قوى الأمن الداخلي اعتقال 13 شخصاً.\n", encoding=encoding)
    result = importer.import_file(fresh_db, path)
    assert result.ok, result.error
    assert fresh_db.execute("SELECT raw FROM segments").fetchone()[0] == "أعلنت قوى الأمن الداخلي اعتقال 13 شخصاً."


@pytest.mark.parametrize("name,content,message", [
    ("bin.txt", b"\x00\x01\x02binary\x00" * 20, "binary file"),
    ("empty.txt", "   \n", "empty file"),
    ("latin.txt", bytes(range(0x80, 0x100)) * 3, "not text"),
    ("bad.jsonl", '{"text": "ok"}\n{"text": broken\n', "bad.jsonl:2: malformed JSON"),
    ("notext.jsonl", '{"title": "no text here"}\n', "notext.jsonl:1: no text"),
    ("notext.csv", "title,outlet\nA,B\n", "notext.csv:1: no text column"),
    ("list.jsonl", '[1, 2]\n', "list.jsonl:1: expected a JSON object"),
    ("doc.odt", b"PK\x03\x04", "unsupported file type"),
])
def test_bad_inputs_one_line_and_nothing_written(fresh_db, tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    result = importer.import_file(fresh_db, path)
    assert not result.ok and message in result.error and str(path.name) in result.error
    assert "\n" not in result.error
    assert fresh_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_file_over_size_limit(fresh_db, tmp_path, monkeypatch):
    from workbench.corpus import readers
    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    result = importer.import_file(fresh_db, write(tmp_path, "big.txt", "نص " * 100))
    assert "too large" in result.error


def test_batch_goes_on_after_a_failed_file(fresh_db, tmp_path):
    good = write(tmp_path, "good.txt", PAGE_EN)
    bad = write(tmp_path, "bad.jsonl", '{"text": "one"}\n{oops\n')
    results = importer.import_paths(fresh_db, [bad, good, tmp_path / "missing.txt"])
    assert [r.ok for r in results] == [False, True, False]
    # the malformed JSONL's valid first row was not half-imported
    assert fresh_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_seeds_import(fresh_db, seeds):
    results = importer.import_paths(fresh_db, [seeds])
    assert all(r.ok for r in results)
    docs = list_documents(fresh_db)
    assert len(docs) == 5
    assert sorted(d["language"] for d in docs) == ["ar", "ar", "en", "en", "en"]
    npn = [d for d in docs if d["outlet"] and "NORTH PULSE" in d["outlet"]][0]
    segs = segments_of(fresh_db, npn["id"])
    assert not any("التعليقات مغلقة" in s["raw"] for s in segs)
    assert any("الـ.ـمرتزقة" in s["raw"] and "المرتزقه" in s["norm"] for s in segs)
    for d in docs:
        text = (seeds / d["source_path"].split("/")[-1]).read_text(encoding="utf-8")
        for s in segments_of(fresh_db, d["id"]):
            assert text[s["src_start"]:s["src_end"]] == s["raw"]
    en = [d for d in docs if d["title"] and d["title"].startswith("AANES: ISIS")][0]
    assert en["published"] == "2023-08-30"
    assert sum(s["raw"] == en["title"] for s in segments_of(fresh_db, en["id"])) == 1


def test_bilingual_outlet_line_with_separator():
    text = ("EPHRATES ECHO NETWORK | شبكة صدى النهر\n\nقوى الأمن تعتقل 12 مشتبهاً بهم في ريف البصيرة\n\n"
            "قوى الأمن تعتقل 12 مشتبهاً بهم في ريف البصيرة\n\nوقال المتحدث إن الحملة مستمرة.\n")
    page = parse_page(text)
    assert page.outlet == "EPHRATES ECHO NETWORK | شبكة صدى النهر"
    assert page.title == "قوى الأمن تعتقل 12 مشتبهاً بهم في ريف البصيرة"
    assert [text[s:e] for s, e in page.body] == ["وقال المتحدث إن الحملة مستمرة."]


def test_dateparser_loads_only_for_a_date_with_a_month_name():
    """It costs about 0.1 s to import and load: pages without such a line never pay it."""
    import subprocess
    import sys
    code = ("import sys; from workbench.corpus.page import parse_page; "
            "parse_page('Outlet\\nA headline\\n2023/10/12\\nThe body, 13 people in 2023.\\n'); "
            "print('dateparser' in sys.modules); parse_page('A headline\\n12 تشرين الأول 2023\\n'); "
            "print('dateparser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
