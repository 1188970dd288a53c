"""Reporting cues, claimants and content spans in the shapes Arabic and English reports use."""

from __future__ import annotations

import pytest

from workbench.claims.cues import attributions, split_claimant


def read(text: str, language: str | None = None):
    """(cue surface, lemma, claimant text or None, content text) for each cue."""
    return [(text[a.cue.start:a.cue.end], a.cue.lemma,
             text[a.claimant[0]:a.claimant[1]] if a.claimant else None,
             text[a.content[0]:a.content[1]])
            for a in attributions(text, language)]


@pytest.mark.parametrize("text, expected", [
    # verb, subject, complementizer
    ("وقال الناطق باسم قوى الأمن الداخلي، العقيد سامر الأحمد، إن الدورية اعتقلت 7 أشخاص.",
     [("قال", "say", "الناطق باسم قوى الأمن الداخلي، العقيد سامر الأحمد", "الدورية اعتقلت 7 أشخاص")]),
    # obfuscation and tatweel do not hide the cue or move the offsets
    ("وأكّـد مسؤول في قـ.ـسد أن الخلايا نفذت هجومين.",
     [("أكّـد", "confirm", "مسؤول في قـ.ـسد", "الخلايا نفذت هجومين")]),
    # a time phrase after the subject is not part of it
    ("أعلنت الإدارة الذاتية يوم الخميس أن المعبر سيفتح.",
     [("أعلنت", "announce", "الإدارة الذاتية", "المعبر سيفتح")]),
    # no subject after the verb: the claimant is carried over
    ("وأضاف أن الاشتباكات استمرت ساعتين.", [("أضاف", "add", None, "الاشتباكات استمرت ساعتين")]),
    # «كشف … عن»
    ("وكشف القيادي عن اعتقال خمسة عناصر.", [("كشف", "reveal", "القيادي", "اعتقال خمسة عناصر")]),
    # a participle continues the previous speaker
    ("وقالت المصادر إن القصف طال قرية، مؤكدةً أن ثلاثة مدنيين أصيبوا.",
     [("قالت", "say", "المصادر", "القصف طال قرية"),
      ("مؤكدةً", "confirm", None, "ثلاثة مدنيين أصيبوا")]),
    # subject written before the verb
    ("العقيد سامر الأحمد، من قيادة الشرطة، أكد في تصريح لوكالة محلية، إن الطريق آمن.",
     [("أكد", "confirm", "العقيد سامر الأحمد، من قيادة الشرطة", "الطريق آمن")]),
    ("وكان المركز الإعلامي قد كشف أن عدد الهجمات بلغ 40 هجوماً.",
     [("كشف", "reveal", "المركز الإعلامي", "عدد الهجمات بلغ 40 هجوماً")]),
    # according to
    ("وبحسب البيان، قتل 4 مسلحين.", [("بحسب", "according to", "البيان", "قتل 4 مسلحين")]),
    # a demand names its addressee, not its author
    ("ودعا الأهالي إلى الإبلاغ عن أي تحرك.", [("دعا", "call on", None, "الأهالي إلى الإبلاغ عن أي تحرك")]),
    # a cue inside a quotation belongs to the quote
    ("وقال البيان إن «الخلايا تقول إنها قوية» في المنطقة.",
     [("قال", "say", "البيان", "«الخلايا تقول إنها قوية» في المنطقة")]),
])
def test_arabic_attributions(text, expected):
    assert read(text, "ar") == expected


@pytest.mark.parametrize("text, expected", [
    ("Omar Khalil, a local activist, said the raid lasted two days.",
     [("said", "say", "Omar Khalil, a local activist", "the raid lasted two days")]),
    ("About 12 people were killed in the village, local sources told the agency.",
     [("told", "tell", "local sources", "About 12 people were killed in the village")]),
    ('"We found nine bodies," he said.', [("said", "say", None, '"We found nine bodies,"')]),
    ('"We found nine bodies," said Omar Khalil.',
     [("said", "say", "Omar Khalil", '"We found nine bodies,"')]),
    ("The Asayish, the SDF's police, announced on Monday that it had arrested 5 suspects, "
     "and said no one was hurt.",
     [("announced", "announce", "The Asayish, the SDF's police", "it had arrested 5 suspects"),
      ("said", "say", None, "no one was hurt")]),
    ("According to the council, roughly 300 families returned.",
     [("According to", "according to", "the council", "roughly 300 families returned")]),
    ("HASAKAH, Syria (Wire) – The council said on Tuesday that 40 people were released.",
     [("said", "say", "The council", "40 people were released")]),
    ("It also called on the coalition to send aid.",
     [("called on", "call on", None, "the coalition to send aid")]),
    ("The SDF accused Turkish-backed factions of shelling two villages.",
     [("accused", "accuse", "The SDF", "Turkish-backed factions of shelling two villages")]),
])
def test_english_attributions(text, expected):
    assert read(text, "en") == expected


def test_no_cue_no_attribution():
    assert attributions("اعتقلت الدورية 7 أشخاص في البلدة.") == []
    assert attributions("Seven people were arrested in the town.") == []


@pytest.mark.parametrize("phrase, language, orgs, expected", [
    ("الناطق باسم قوى الأمن الداخلي، العقيد سامر الأحمد", "ar", [(11, 27, "Internal Security Forces")],
     ("العقيد سامر الأحمد", "الناطق باسم قوى الأمن الداخلي", "Internal Security Forces")),
    ("فرهاد علي مسؤول المركز الإعلامي", "ar", [],
     ("فرهاد علي", "مسؤول المركز الإعلامي", "")),
    ("Omar Khalil, a local activist", "en", [], ("Omar Khalil", "a local activist", "")),
    ("The co-chair of the council, Leyla Aziz", "en", [],
     ("Leyla Aziz", "The co-chair of the council", "")),
    ("local sources", "en", [], ("local sources", "local sources", "")),
    ("Tribal notables", "en", [], ("Tribal notables", "Tribal notables", "")),
    ("The Asayish", "en", [(4, 11, "Asayish")], ("The Asayish", "", "Asayish")),
])
def test_claimant_as_name_role_and_organisation(phrase, language, orgs, expected):
    found = split_claimant(phrase, language, orgs)
    assert (found.name, found.role, found.org) == expected
