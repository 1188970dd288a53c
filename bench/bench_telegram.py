"""A big Telegram export (10,000 messages, one in twenty a reprint with a word changed).

- Importing the export, as a ratio of importing the same message texts as a JSONL file (the
  importer's batch path for rows), measured in the same run.
- Where the time goes: reading the export, saving documents and segments, and fingerprinting
  the documents for near-duplicates (corpus.neardup), each timed on its own.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

PLACES = ["الشحيل", "البصيرة", "ذيبان", "هجين", "الحسكة", "الرقة", "غويران", "الصور", "الميادين"]
ACTORS = ["قوات سوريا الديمقراطية", "قوى الأمن الداخلي", "خلايا داعش", "التحالف الدولي",
          "مجلس دير الزور العسكري", "الإدارة الذاتية"]
EVENTS = ["اعتقال", "مقتل", "إصابة", "انفجار عبوة ناسفة قرب", "حملة تمشيط في", "هجوم على نقطة في"]
FILLER = ("وأفادت مصادر محلية بأن الأوضاع عادت إلى طبيعتها بعد ساعات من التوتر وانتشار الدوريات "
          "في الشوارع الرئيسية وسط مطالبات الأهالي بتعزيز الأمن وفتح الطرق المغلقة أمام حركة "
          "المدنيين والتجار").split()
MESSAGES = 10_000


def _message(rng: random.Random, n: int) -> str:
    words = rng.sample(FILLER, rng.randint(8, 20))
    return (f"{rng.choice(ACTORS)}: {rng.choice(EVENTS)} {rng.randint(1, 40)} في "
            f"{rng.choice(PLACES)} يوم {rng.randint(1, 28)}/{rng.randint(1, 12)} "
            + " ".join(words) + f" (رقم {n}).")


def make_export(path: Path, count: int) -> list[str]:
    rng = random.Random(13)
    texts, messages = [], []
    for n in range(1, count + 1):
        if texts and n % 20 == 0:           # a repost with one word changed
            words = rng.choice(texts).split()
            words[rng.randrange(len(words))] = "أيضا"
            text = " ".join(words)
        else:
            text = _message(rng, n)
        texts.append(text)
        messages.append({"id": n, "type": "message", "date": f"2024-03-01T{n % 24:02d}:00:00",
                         "from": "شبكة الخابور", "text": text})
    path.write_text(json.dumps({"name": "شبكة الخابور", "type": "public_channel", "id": 77,
                                "messages": messages}, ensure_ascii=False), encoding="utf-8")
    return texts


def main() -> None:
    from workbench.corpus import neardup, telegram
    from workbench.corpus.importer import import_file
    from workbench.store.db import open_db
    from workbench.store.documents import save_documents
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export = tmp / "result.json"
        texts = make_export(export, MESSAGES)
        rows = tmp / "messages.jsonl"
        rows.write_text("".join(json.dumps({"text": t, "outlet": "شبكة الخابور"},
                                           ensure_ascii=False) + "\n" for t in texts), "utf-8")
        neardup.signature(" ".join(FILLER))           # datasketch imported before timing

        db = open_db(tmp / "rows.db")
        started = time.perf_counter()
        assert import_file(db, rows).ok
        baseline = time.perf_counter() - started
        db.close()

        db = open_db(tmp / "telegram.db")
        started = time.perf_counter()
        result = import_file(db, export)
        ours = time.perf_counter() - started
        assert result.ok, result.error
        again = time.perf_counter()
        assert all(s.status == "unchanged" for s in import_file(db, export).saved)
        reimport = time.perf_counter() - again
        db.close()

        db = open_db(tmp / "parts.db")
        started = time.perf_counter()
        docs = telegram.documents(export)
        read = time.perf_counter() - started
        started = time.perf_counter()
        save_documents(db, docs)
        save = time.perf_counter() - started
        started = time.perf_counter()
        with db.atomic():
            found = neardup.index_new(db)
        fingerprint = time.perf_counter() - started
        db.close()
    print(f"   import of a {MESSAGES:,}-message export: {ours:.2f} s; the same texts as JSONL "
          f"rows {baseline:.2f} s -> ratio {ours / baseline:.2f}x; re-import {reimport:.2f} s")
    print(f"   parts: read the export {read:.2f} s, save documents and segments {save:.2f} s, "
          f"near-duplicate fingerprints {fingerprint:.2f} s ({fingerprint / MESSAGES * 1000:.2f} "
          f"ms a message; {len(found)} reposts flagged of {MESSAGES // 20 - 1} made)")
