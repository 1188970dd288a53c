"""Places matched against the gazetteer, and the gazetteer file itself checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.arabic import match_key
from workbench.claims.places import (COLUMNS, Gazetteer, GazetteerError, load_gazetteer,
                                     read_gazetteer)
from workbench.terms.matcher import en_phrase_key

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = ROOT / "glossary" / "gazetteer.tsv"
# northeast Syria: Deir ez-Zor, Hasakah and Raqqa governorates, with a margin
SOUTH, NORTH, WEST, EAST = 34.0, 37.4, 38.0, 42.5


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(GAZETTEER)


def ids(gazetteer: Gazetteer, text: str) -> list[str]:
    return [hit.place.id for hit in gazetteer.find(text)]


@pytest.mark.parametrize("text, place_id", [
    ("ذيبان", "dhiban"),
    ("بذيبان", "dhiban"),                  # clitics
    ("في بلدة ذيبان", "dhiban"),
    ("وبالبصيرة", "busayrah"),
    ("للحسكة", "gov-hasakah"),
    ("الـ.ـحسكة", "gov-hasakah"),          # the dot obfuscation
    ("Dhiban", "dhiban"),                  # English spellings
    ("Thiban", "dhiban"),
    ("Diban", "dhiban"),
    ("al-Busaira", "busayrah"),
    ("Busaira", "busayrah"),
    ("Deir El-Zor", "gov-deir-ez-zor"),
    ("Deir-ez-Zor", "gov-deir-ez-zor"),
    ("مخيم الهول", "al-hol-camp"),          # camps and prisons
    ("al-Hol camp", "al-hol-camp"),
    ("مخيم روج", "roj-camp"),
    ("سجن غويران", "sinaa-prison"),
    ("al-Sina'a prison", "sinaa-prison"),
    ("Ghweiran prison", "sinaa-prison"),
    ("مدينة دير الزور", "deir-ez-zor-city"),  # the city, not the governorate
    ("ناحية البصيرة", "sub-busayrah"),
    ("منطقة الميادين", "dist-mayadin"),
    ("Tel Kocher", "yarubiyah"),
])
def test_found_through_clitics_variants_and_spellings(gazetteer, text, place_id):
    assert ids(gazetteer, text) == [place_id]


@pytest.mark.parametrize("text", [
    "دير الراهبات",           # not Deir ez-Zor
    "الديرية",
    "البصيرتين",             # no match inside a longer word
    "Deir",
    "Hasakawi",
])
def test_negatives(gazetteer, text):
    assert ids(gazetteer, text) == []


@pytest.mark.parametrize("text, place_id, precision, note", [
    ("ريف دير الزور الشرقي", "gov-deir-ez-zor", "governorate", "eastern countryside"),
    ("بريف دير الزور", "gov-deir-ez-zor", "governorate", "countryside"),
    ("شرق دير الزور", "gov-deir-ez-zor", "governorate", "eastern part"),
    ("ريف الحسكة الشمالي الشرقي", "gov-hasakah", "governorate", "north-eastern countryside"),
    ("the eastern countryside of Deir ez-Zor", "gov-deir-ez-zor", "governorate",
     "eastern countryside"),
    ("in the Deir ez-Zor countryside", "gov-deir-ez-zor", "governorate", "countryside"),
    # the countryside of a town that seats a sub-district is that sub-district
    ("بريف البصيرة", "sub-busayrah", "subdistrict", "countryside"),
    ("in the countryside of al-Busaira", "sub-busayrah", "subdistrict", "countryside"),
    ("في ذيبان", "dhiban", "place", ""),
])
def test_countryside_and_precision(gazetteer, text, place_id, precision, note):
    got = gazetteer.resolve_text(text)
    assert (got.place_id, got.place_precision, got.place_note) == (place_id, precision, note)


def test_a_resolved_place_carries_coordinates_and_admin_levels(gazetteer):
    got = gazetteer.resolve_text("بذيبان")
    assert (got.place, got.admin1, got.admin2, got.admin3) == ("Dhiban", "Deir ez-Zor", "Mayadin",
                                                              "Dhiban")
    assert 34.9 < got.latitude < 35.1 and 40.4 < got.longitude < 40.6


def test_an_unknown_place_keeps_its_text(gazetteer):
    got = gazetteer.resolve_text("  دير الراهبات ")
    assert (got.place, got.place_precision, got.place_id, got.latitude) == (
        "دير الراهبات", "unknown", "", None)


def test_the_finest_place_of_a_claim_wins_and_actors_do_not_count(gazetteer):
    raw = "قال مجلس دير الزور العسكري إن الحملة في قرية الحمادية الشرقية بريف البصيرة انتهت"
    council = raw.index("مجلس"), raw.index("العسكري") + len("العسكري")
    got = gazetteer.resolve(raw, raw.index("إن"), len(raw), [council])
    assert got.place_id == "hammadiyah-sharqiyah" and got.place_precision == "place"
    # nothing in the claim: the nearest place before it, never one inside an actor's name
    assert gazetteer.resolve(raw, 0, raw.index("إن"), [council]) is None
    assert gazetteer.resolve(raw, 0, raw.index("إن")).place_id == "gov-deir-ez-zor"


# --- the file -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rows():
    return read_gazetteer(GAZETTEER)


def test_at_least_150_places_with_unique_ids(rows):
    assert len(rows) >= 150
    assert len({p.id for p in rows}) == len(rows)


def test_coordinates_are_inside_the_region(rows):
    outside = [p.id for p in rows
               if not (SOUTH <= p.latitude <= NORTH and WEST <= p.longitude <= EAST)]
    assert outside == []
    assert {p.coordinates for p in rows} <= {"approximate", "unsure"}


def test_admin_levels_exist(rows):
    governorates = {p.admin1 for p in rows if p.kind == "governorate"}
    districts = {(p.admin1, p.admin2) for p in rows if p.kind == "district"}
    subdistricts = {(p.admin1, p.admin2, p.admin3) for p in rows if p.kind == "subdistrict"}
    assert governorates == {"Deir ez-Zor", "Hasakah", "Raqqa"}
    assert len(districts) == 10 and len(subdistricts) == 40
    assert [p.id for p in rows if p.admin1 not in governorates] == []
    assert [p.id for p in rows if p.admin2 and (p.admin1, p.admin2) not in districts] == []
    assert [p.id for p in rows
            if p.admin3 and (p.admin1, p.admin2, p.admin3) not in subdistricts] == []


def test_no_name_names_two_places(rows):
    """Each Arabic form and English spelling, as the matcher folds them, is one place's."""
    owner: dict[tuple, str] = {}
    clashes = []
    for p in rows:
        keys = {("ar", match_key(f)) for f in (p.name_ar, *p.variants_ar)}
        keys |= {("en", en_phrase_key(n)) for n in p.names_en}
        for key in keys:
            if owner.setdefault(key, p.id) != p.id:
                clashes.append((key, owner[key], p.id))
    assert clashes == []


@pytest.mark.parametrize("place_id", [
    "gov-deir-ez-zor", "gov-hasakah", "gov-raqqa", "baghouz", "sinaa-prison", "ghwayran",
    "al-hol-camp", "hajin", "shuhayl", "abu-kamal", "dhiban", "busayrah", "hammadiyah-sharqiyah",
    "yarubiyah", "qamishli", "markadah", "khasham", "mazloum", "marat", "hatlah", "kisrah"])
def test_the_places_of_the_sample_corpus_and_seeds_are_there(rows, place_id):
    assert place_id in {p.id for p in rows}


def test_the_samples_places_resolve(gazetteer):
    sample = (ROOT / "workbench" / "data" / "sample")
    found = {hit.place.id for path in sample.glob("*.txt")
             for hit in gazetteer.find(path.read_text(encoding="utf-8"))}
    assert {"hammadiyah-sharqiyah", "busayrah", "dhiban", "hajin", "baghouz", "abu-kamal",
            "al-hol-camp", "sinaa-prison", "ghwayran", "shuhayl", "gov-raqqa"} <= found


@pytest.mark.parametrize("content, message", [
    ("id\tname_ar\n", "header"),
    ("\t".join(COLUMNS) + "\nx\tس\n", ":2: 2 fields"),
    ("\t".join(COLUMNS) + "\nBad Id\tس\t\tS\ttown\tRaqqa\t\t\t1\t1\t\t\n", "slug"),
    ("\t".join(COLUMNS) + "\nx\tس\t\tS\tcastle\tRaqqa\t\t\t1\t1\t\t\n", "kind 'castle'"),
    ("\t".join(COLUMNS) + "\nx\tس\t\tS\ttown\tRaqqa\t\t\tnorth\t1\t\t\n", "numbers"),
])
def test_a_bad_file_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "gazetteer.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message) as info:
        read_gazetteer(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_missing_file_is_an_empty_gazetteer(tmp_path):
    assert len(load_gazetteer(tmp_path / "none.tsv")) == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    " ذيبان", "ب", "ريف", " دير", " الزور", " الشرقي", "الـ.ـ", "ـ", " Dhiban", " al-", "Busaira",
    " countryside", " of", "'s", " مخيم", " الهول", "\u200f", "٢", " "]), max_size=25).map("".join))
def test_any_text_gives_places_inside_it(gazetteer, text):
    hits = gazetteer.find(text)
    assert all(0 <= h.start < h.end <= len(text) and text[h.start:h.end] == h.surface
               for h in hits)
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))
    got = gazetteer.resolve_text(text)
    assert got.place_precision in ("place", "subdistrict", "district", "governorate", "unknown", "")
