"""Web sources: importing saved pages, and pulling a feed with its articles.

1. 200 saved HTML pages (Arabic and English, built here from templates: menus, a ticker,
   share bar, tags, related and most-read lists, comments, a newsletter box and a footer
   around an article of 4-8 paragraphs; some pages date themselves in a meta tag, the others
   only in an Arabic date line) imported with `importer.import_paths` into a fresh database:
   extraction, metadata, segmentation, language, near-duplicate index, one transaction per
   page. Baseline, in the same run: `trafilatura.extract` alone on the same pages (its
   defaults; and with the importer's own settings). Target: the import's throughput is at
   least 0.8x trafilatura's.
2. A pull of a 200-item RSS feed (summaries only, so every article is fetched) from a
   loopback server: seconds in all and per item.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = 200
TARGET = 0.8
ROUNDS = 3

# Sentences are put together from parts, so that pages differ as reports do (a near-duplicate
# index sees few candidates), in the domain's words.
AR_PARTS = (
    ["أعلنت", "قالت", "أفادت", "ذكرت", "أكدت", "نفت", "رجحت", "أوضحت"],
    ["قوى الأمن الداخلي", "قوات سوريا الديمقراطية", "مصادر محلية", "شبكة إعلامية محلية",
     "مجلس دير الزور العسكري", "الإدارة المدنية", "مصادر عشائرية", "منظمة إنسانية"],
    ["اعتقال {n} أشخاص يشتبه بانتمائهم لخلايا داعش", "مقتل {n} عناصر بهجوم على حاجز",
     "انفجار عبوة ناسفة على طريق {town}", "وصول {n} شاحنات مساعدات إلى المخيمات",
     "إغلاق الطريق بين {town} والبادية", "إطلاق حملة تلقيح ضد الحصبة شملت {n} طفلاً",
     "انقطاع مياه الشرب عن {n} قرية", "ارتفاع أسعار المحروقات بنسبة {n} بالمئة",
     "الإفراج عن {n} موقوفين بكفالة وجهاء العشائر", "ضبط شحنة أسلحة مهربة عبر النهر"],
    ["في بلدة {town} بريف دير الزور الشرقي", "قرب معبر {town}", "في ريف الحسكة الجنوبي",
     "على الضفة الشرقية لنهر الفرات", "في أحياء مدينة الرقة", "في مخيم الهول"],
    ["يوم الأحد", "فجر الإثنين", "مساء الثلاثاء", "خلال الأسبوع الماضي", "منذ بداية الشهر",
     "بحسب بيان رسمي", "وفق شهود عيان", "دون تقديم تفاصيل إضافية"],
)
EN_PARTS = (
    ["The SDF", "The Asayish", "Local sources", "A local monitor", "The Deir ez-Zor Military Council",
     "The civil administration", "Tribal elders", "An aid group"],
    ["said", "reported", "confirmed", "denied", "announced", "told Valley Press"],
    ["that {n} suspected ISIS cell members were arrested", "that {n} fighters were killed at a checkpoint",
     "that a roadside bomb exploded on the {town} road", "that {n} aid lorries reached the camps",
     "that the road between {town} and the desert was closed", "that {n} villages had no drinking water",
     "that fuel prices rose by {n} per cent", "that {n} detainees were released on the tribes' bail"],
    ["in {town}, in the eastern Deir ez-Zor countryside", "near the {town} crossing",
     "in southern Hasakah", "on the east bank of the Euphrates", "in al-Hol camp"],
    ["on Sunday", "at dawn on Monday", "on Tuesday evening", "last week", "since the start of the month",
     "in a statement", "according to witnesses", "without giving details"],
)
TOWNS = ["الشحيل", "ذيبان", "هجين", "البصيرة", "الصور", "الكسرة"]
EN_TOWNS = ["al-Shuhayl", "Diban", "Hajin", "al-Busayrah", "al-Sour", "al-Kasra"]
AR_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]

PAGE = """<!DOCTYPE html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<title>{title} | {outlet}</title><meta property="og:site_name" content="{outlet}">{meta_date}
<link rel="canonical" href="https://{host}/news/{n}"><script>var tracking = "{n}";</script></head>
<body><header><nav class="menu"><ul><li><a href="/">{home}</a></li><li><a href="/local">{local}</a></li>
<li><a href="/contact">{contact}</a></li></ul></nav>
<div class="breaking-news ticker"><span>{breaking}</span><a href="/b/{n}">{ticker}</a></div></header>
<main><article><h1>{title}</h1><div class="meta"><span class="post-date">{date_line}</span></div>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
<div class="entry-content">{paragraphs}</div>
<div class="tags">{tags}: <a rel="tag">SDF</a> <a rel="tag">Deir ez-Zor</a></div>
<section class="related-posts"><h3>{related}</h3><ul><li><a href="/n/1">{ticker}</a></li></ul></section>
<section id="comments"><div class="comment"><p>{comment}</p></div><p>{closed}</p></section>
</article></main><aside class="sidebar"><div class="most-read"><h3>{most_read}</h3>
<ol><li><a href="/n/2">{ticker}</a></li></ol></div>
<div class="newsletter-box"><p>{newsletter}</p><form><input type="email"></form></div></aside>
<footer><p>{rights}</p></footer><script>window.dataLayer = [];</script></body></html>"""

AR_WORDS = dict(lang="ar", dir="rtl", outlet="شبكة الخابور", host="khabour.example",
                home="الرئيسية", local="أخبار محلية", contact="اتصل بنا", breaking="عاجل",
                ticker="انقطاع الكهرباء عن أحياء مدينة الحسكة", tags="الوسوم",
                related="اقرأ أيضاً", comment="نتمنى أن تستمر الحملة حتى يعود الأمان.",
                closed="التعليقات مغلقة.", most_read="الأكثر قراءة",
                newsletter="اشترك في نشرتنا البريدية اليومية", rights="جميع الحقوق محفوظة © 2025")
EN_WORDS = dict(lang="en", dir="ltr", outlet="Valley Press", host="valleypress.example",
                home="Home", local="News", contact="Contact us", breaking="Breaking",
                ticker="Power cut across Hasakah city enters its second day", tags="Tags",
                related="Related articles", comment="Great reporting, thanks.",
                closed="Comments are closed.", most_read="Most read",
                newsletter="Subscribe to our daily newsletter", rights="© 2025 Valley Press.")


def _sentence(rng: random.Random, parts, towns: list[str], arabic: bool) -> str:
    """One reporting sentence of each part, with a town and a figure: «أفادت مصادر محلية
    اعتقال 12 أشخاص … في بلدة ذيبان … يوم الأحد»."""
    if arabic:
        verb, actor, event, place, when = (rng.choice(p) for p in parts)
        words = f"{verb} {actor} {event} {place} {when}"
    else:
        actor, verb, event, place, when = (rng.choice(p) for p in parts)
        words = f"{actor} {verb} {event} {place} {when}"
    return words.format(town=rng.choice(towns), n=rng.randint(2, 400)) + "."


def make_pages(count: int, seed: int = 13) -> list[tuple[str, str]]:
    """(file name, HTML) of `count` pages, two thirds Arabic; every page's text differs."""
    rng = random.Random(seed)
    pages = []
    for n in range(count):
        arabic = n % 3 != 2
        words, parts = (AR_WORDS, AR_PARTS) if arabic else (EN_WORDS, EN_PARTS)
        towns = TOWNS if arabic else EN_TOWNS
        chosen = [_sentence(rng, parts, towns, arabic) for _ in range(rng.randint(4, 8))]
        paragraphs = "".join(f"<p>{sentence}</p>" for sentence in chosen)
        day, month = 1 + n % 28, 1 + n % 12
        iso = f"2025-{month:02d}-{day:02d}"
        with_meta = n % 2 == 0
        meta_date = (f'<meta property="article:published_time" content="{iso}T10:00:00+03:00">'
                     if with_meta else "")
        date_line = (f"{day} {AR_MONTHS[month - 1]} 2025" if arabic else f"{day}/{month}/2025")
        title = chosen[0].rstrip(".")[:80]
        html = PAGE.format(**words, title=f"{title} ({n})", meta_date=meta_date,
                           date_line=date_line, paragraphs=paragraphs, n=n)
        pages.append((f"page{n:03d}.html", html))
    return pages


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    """(wall, CPU) seconds since `start`: CPU time is what the ratio uses, since the machine
    may be shared and other processes' load lands on wall-clock time alone."""
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _extract_all(pages, **options) -> tuple[float, float]:
    import trafilatura
    start = _clock()
    for _, html in pages:
        trafilatura.extract(html, **options)
    return _since(start)


def _import_all(folder: Path, db_path: Path) -> tuple[tuple[float, float], int, float]:
    """(wall, CPU) seconds to import the folder, documents stored, and CPU seconds of those
    spent in the near-duplicate index (corpus.neardup, timed apart: it is not web extraction)."""
    from workbench.corpus import importer, neardup
    from workbench.store.db import open_db
    db = open_db(db_path)
    spent = [0.0]
    index_new = neardup.index_new

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return index_new(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started
    neardup.index_new = timed
    try:
        start = _clock()
        results = importer.import_paths(db, [folder])
        elapsed = _since(start)
    finally:
        neardup.index_new = index_new
    failed = [r.error for r in results if not r.ok]
    assert not failed, failed[:3]
    count = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.close()
    return elapsed, count, spent[0]


def bench_pages(tmp: Path) -> None:
    pages = make_pages(PAGES)
    folder = tmp / "pages"
    folder.mkdir()
    for name, html in pages:
        (folder / name).write_text(html, encoding="utf-8")
    warm = tmp / "warm"
    warm.mkdir()
    for name, html in make_pages(3, seed=1):
        (warm / name).write_text(html, encoding="utf-8")
    _import_all(warm, tmp / "warm.db")           # libraries loaded, caches filled
    _extract_all(pages[:3])
    same_options = dict(favor_precision=True, include_comments=False, include_tables=False)
    # rounds interleaved, each round's ratio of CPU times, the median kept
    ratios, same, without, rows = [], [], [], []
    for n in range(ROUNDS):
        base = _extract_all(pages)
        like = _extract_all(pages, **same_options)
        (wall, cpu), count, neardup_cpu = _import_all(folder, tmp / f"pages{n}.db")
        ratios.append(base[1] / cpu)
        same.append(like[1] / cpu)
        without.append(base[1] / (cpu - neardup_cpu))
        rows.append((base, like, (wall, cpu), neardup_cpu))
    for base, like, (wall, cpu), neardup_cpu in rows:
        print(f"   round: import {cpu:.2f} s CPU ({wall:.2f} s wall; near-duplicate index "
              f"{neardup_cpu:.2f} s), trafilatura.extract {base[1]:.2f} s CPU ({base[0]:.2f} s "
              f"wall), with the importer's settings {like[1]:.2f} s CPU")
    ratio = statistics.median(ratios)
    print(f"   {count} pages: {PAGES / rows[0][2][1]:.0f} pages/s imported, "
          f"{PAGES / rows[0][0][1]:.0f} pages/s extracted by trafilatura alone (first round, CPU)")
    print(f"   import throughput / trafilatura.extract (median of {ROUNDS}): {ratio:.2f}x "
          f"(target >= {TARGET}x: {'met' if ratio >= TARGET else 'NOT met'}); against the "
          f"importer's own settings: {statistics.median(same):.2f}x; without the near-duplicate "
          f"index: {statistics.median(without):.2f}x")


def _feed_server(pages: list[tuple[str, str]]):
    items = "".join(
        f"<item><title>item {n}</title><link>/news/{name}</link><guid isPermaLink='false'>g{n}</guid>"
        f"<pubDate>Sun, 12 Oct 2025 09:30:00 +0300</pubDate><description>ملخص قصير {n}</description></item>"
        for n, (name, _) in enumerate(pages))
    feed = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>'
            f"<link>/</link>{items}</channel></rss>").encode("utf-8")
    routes = {f"/news/{name}": html.encode("utf-8") for name, html in pages}
    routes["/feed.rss"] = feed

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True      # headers and body in separate packets: no 40 ms wait

        def do_GET(self):
            body = routes.get(self.path)
            self.send_response(200 if body else 404)
            kind = "application/rss+xml" if self.path.endswith(".rss") else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def bench_feed(tmp: Path) -> None:
    from workbench.corpus import feeds
    from workbench.store.db import open_db
    pages = make_pages(PAGES, seed=29)
    server = _feed_server(pages)
    try:
        db = open_db(tmp / "feed.db")
        feeds.add_feed(db, f"http://127.0.0.1:{server.server_address[1]}/feed.rss", "bench")
        started = time.perf_counter()
        [result] = feeds.pull(db)
        elapsed = time.perf_counter() - started
        again_started = time.perf_counter()
        [again] = feeds.pull(db)
        again_elapsed = time.perf_counter() - again_started
        db.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"   feed pull, {result.items} items with their articles fetched: {elapsed:.2f} s "
          f"({elapsed / max(result.items, 1) * 1000:.1f} ms per item; {result.new} new, "
          f"{len(result.failed)} failed)")
    print(f"   pulling again: {again_elapsed:.2f} s ({again.new} new, {again.known} already seen)")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        bench_pages(tmp)
        bench_feed(tmp)


if __name__ == "__main__":
    main()
