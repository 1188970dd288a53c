"""A small corpus written for the incident tests: one SDF raid on Dhiban told by three outlets
in two languages with different death tolls, and reports of other events that must stay
apart (another type, another place, another date, other actors, a vague period).

Claims are saved through the store, then given the date and place columns the date and
place resolvers would fill (set directly, so these tests do not depend on them).
"""

from __future__ import annotations

from workbench.claims import store
from workbench.claims.model import Claim
from workbench.claims.suggest import figures_in

from .helpers import add_text

DEIR = "Deir ez-Zor"
MAYADIN = "Al-Mayadin"
DHIBAN = {"place": "ذيبان", "place_id": "dhiban", "admin1": DEIR, "admin2": MAYADIN,
          "admin3": "Dhiban", "place_precision": "place", "latitude": 35.0, "longitude": 40.5}
HAJIN = {"place": "هجين", "place_id": "hajin", "admin1": DEIR, "admin2": "Al-Bukamal",
         "admin3": "Hajin", "place_precision": "place", "latitude": 34.7, "longitude": 40.8}

# key: (outlet, language-of-text, published, text, claim type, claim columns)
REPORTS = {
    "sada": ("Sada al-Furat", "2025-06-12",
             "أعلنت قسد مقتل 4 من عناصر داعش في بلدة ذيبان", "casualties",
             {**DHIBAN, "date": "2025-06-12", "date_precision": "day"}),
    "dez24": ("Deir ez-Zor 24", "2025-06-13",
              "قالت مصادر محلية إن قوات سوريا الديمقراطية قتلت 7 أشخاص في ذيبان", "casualties",
              {**DHIBAN, "date": "2025-06-13", "date_precision": "day"}),
    "watch": ("Euphrates Watch", "2025-06-14",
              "Residents said the SDF raid on Dhiban left about 20 dead.", "casualties",
              {**DHIBAN, "place": "Dhiban"}),            # no date of its own: its report's
    # other events
    "arrest": ("Sada al-Furat", "2025-06-12",
               "وأضافت أن قسد اعتقلت 13 شخصاً في ذيبان", "arrest",
               {**DHIBAN, "date": "2025-06-12", "date_precision": "day"}),
    "hajin": ("Deir ez-Zor 24", "2025-06-12",
              "وأكدت المصادر مقتل 3 مدنيين بقصف لقسد على هجين", "casualties",
              {**HAJIN, "date": "2025-06-12", "date_precision": "day"}),
    "july": ("Sada al-Furat", "2025-07-20",
             "أعلنت قسد مقتل 4 من عناصر داعش في ذيبان", "casualties",
             {**DHIBAN, "date": "2025-07-20", "date_precision": "day"}),
    "coalition": ("Jazira Pulse", "2025-06-12",
                  "وقالت مصادر إن غارة للتحالف الدولي أدت إلى مقتل 5 في ذيبان", "casualties",
                  {**DHIBAN, "date": "2025-06-12", "date_precision": "day"}),
    "period": ("Khabur Wire", "2025-06-13",
               "قالت قسد إن 150 قتلوا في ذيبان منذ بداية العام", "casualties",
               {**DHIBAN, "date": "2025-01-01", "date_end": "2025-06-12",
                "date_precision": "range"}),
}
EVENT = ("sada", "dez24", "watch")
APART = ("arrest", "hajin", "july", "coalition", "period")


def add_report(db, name: str, outlet: str, published: str, text: str, claim_type: str,
               columns: dict) -> int:
    """One document with one segment, and a claim on its whole text; returns the claim id."""
    [segment] = add_text(db, text, key=f"incident:{name}", outlet=outlet)
    db.execute("UPDATE documents SET published = ? WHERE id = ?",
               [published, segment["document_id"]])
    raw = segment["raw"]
    claim_id = store.add_claim(db, Claim(
        segment_id=segment["id"], start=0, end=len(raw), claim_type=claim_type,
        quantities=figures_in(raw, 0, len(raw), claim_type)), "alice")
    sets = ", ".join(f"[{k}] = ?" for k in columns)
    db.execute(f"UPDATE claims SET {sets} WHERE id = ?", [*columns.values(), claim_id])
    db.conn.commit()
    return claim_id


def add_corpus(db, names=None) -> dict[str, int]:
    """The reports named (all by default); returns their claim ids by name."""
    return {name: add_report(db, name, *REPORTS[name]) for name in (names or REPORTS)}

