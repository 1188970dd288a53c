"""A small hand-made glossary for matcher and QA tests, and the real one from glossary/."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.terms.glossary import Glossary
from workbench.terms.model import Term

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_TSV = ROOT / "glossary" / "glossary.tsv"


def T(id, term_ar, approved, variants=(), acceptable=(), forbidden=(), status="approved",
      category="actor"):
    return Term(id=id, term_ar=term_ar, variants_ar=variants, approved_en=approved,
                acceptable_en=acceptable, forbidden_en=forbidden, status=status,
                category=category)


SMALL = [
    T("murtazaqa", "مرتزقة", "mercenaries", variants=("مرتزق",), forbidden=("militants",),
      category="loaded_term"),
    T("sleeper-cells", "خلايا نائمة", "sleeper cells", variants=("خلية نائمة",),
      acceptable=("dormant cells",), forbidden=("sleeping cells",)),
    T("daesh", "داعش", "ISIS", acceptable=("Islamic State",), forbidden=("ISIL", "Daash")),
    T("security-enhancement", "تعزيز الأمن", "Security Enhancement", category="operation"),
    T("isf", "قوى الأمن الداخلي", "Internal Security Forces", acceptable=("Asayish",),
      forbidden=("Interior Security Forces",)),
    T("deir-ez-zor", "دير الزور", "Deir ez-Zor", forbidden=("Deir El-Zor", "Deir-ez-Zor"),
      category="place"),
    T("dmc", "مجلس دير الزور العسكري", "Deir ez-Zor Military Council", acceptable=("DMC",)),
    T("hasakah", "الحسكة", "Hasakah", forbidden=("Hassaka",), category="place"),
    T("wali", "والي", "wali", acceptable=("governor",), category="title"),
    T("commander", "قائد", "commander", variants=("قادة",), acceptable=("leader",),
      category="title"),
    T("sdf", "قوات سوريا الديمقراطية", "Syrian Democratic Forces", acceptable=("SDF",),
      forbidden=("Kurdish forces",)),
    T("separatists", "الانفصاليين", "separatists", forbidden=("Kurdish forces",),
      status="draft", category="loaded_term"),
    T("coalition", "التحالف", "the Coalition", acceptable=("International Coalition",),
      forbidden=("the alliance",), status="draft"),
    T("old-name", "تنظيم الدولة الإسلامية في العراق والشام", "Islamic State in Iraq and Syria",
      forbidden=("Islamic State in Iraq and the Levant",), status="deprecated"),
    T("tanzim", "تنظيم الدولة", "Islamic State", acceptable=("ISIS",),
      forbidden=("State Organization",)),
    T("ied", "عبوة ناسفة", "IED", variants=("عبوات ناسفة",),
      acceptable=("improvised explosive device",), forbidden=("explosive can",),
      category="event"),
    T("pkk", "حزب العمال الكردستاني", "Kurdistan Workers' Party", acceptable=("PKK",),
      forbidden=("Kurdish Workers Party",)),
    T("hts", "هيئة تحرير الشام", "Hayat Tahrir al-Sham", acceptable=("HTS",)),
]


@pytest.fixture(scope="session")
def small() -> Glossary:
    return Glossary(SMALL)


@pytest.fixture(scope="session")
def real() -> Glossary:
    from workbench.terms.exchange import read_file
    return Glossary([t for _, t in read_file(GLOSSARY_TSV)])
