"""Where a claim says something happened: places read from the text and resolved to the
gazetteer (glossary/gazetteer.tsv, reviewed data beside the glossary; its README says what each
column holds).

Places are found the way glossary terms are, by the term matcher (`terms.matcher`) over the one
normaliser: through clitics, pronoun suffixes, diacritics and the dot obfuscation (بذيبان،
وبالبصيرة، الـ.ـحسكة), and in English through case, hyphens and the article (Dhiban, Thiban,
al-Busaira, Busaira). A word never matches inside a longer one, so دير الراهبات is not دير الزور.

A claim's place resolves with a precision:

    place        the town, village, camp, prison or field itself
    subdistrict  a nahiya («ناحية البصيرة»), or the countryside of the town that seats one
                 («ريف البصيرة», "the al-Busaira countryside")
    district     a mintaqa («منطقة الميادين»)
    governorate  a governorate, also written bare («دير الزور», "Deir ez-Zor") or as the
                 AANES canton («مقاطعة دير الزور»); its countryside stays the governorate
    unknown      a place named but not in the gazetteer (its text is kept)

The part of a place the text means goes to `place_note`: «ريف دير الزور الشرقي» is the
governorate, "eastern countryside". Among several places in a claim the finest wins (a village
before its governorate), then the first.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from workbench import arabic
from workbench.config import GAZETTEER_FILE, glossary_dir
from workbench.errors import WorkbenchError
from workbench.terms.matcher import ArabicMatcher, EnglishMatcher

COLUMNS = ("id", "name_ar", "variants_ar", "names_en", "kind", "admin1", "admin2", "admin3",
           "latitude", "longitude", "coordinates", "note")
KINDS = ("governorate", "district", "subdistrict", "city", "town", "village", "camp", "prison",
         "neighbourhood", "oilfield", "crossing", "dam")
PRECISION_OF_KIND = {"governorate": "governorate", "district": "district",
                     "subdistrict": "subdistrict"}             # every other kind: place
_FINENESS = {"place": 0, "subdistrict": 1, "district": 2, "governorate": 3}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EN_ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|ar|az|at|an|ath)-", re.IGNORECASE)


class GazetteerError(WorkbenchError):
    """The gazetteer file cannot be read: one line naming the file, the line and the fault."""


@dataclass(frozen=True)
class Place:
    id: str
    name_ar: str
    variants_ar: tuple[str, ...]
    names_en: tuple[str, ...]
    kind: str
    admin1: str
    admin2: str
    admin3: str
    latitude: float
    longitude: float
    coordinates: str = "approximate"
    note: str = ""

    @property
    def name(self) -> str:
        """The house English name (the first English spelling)."""
        return self.names_en[0]

    @property
    def precision(self) -> str:
        return PRECISION_OF_KIND.get(self.kind, "place")


@dataclass(frozen=True)
class PlaceHit:
    """A gazetteer place found in a text (raw offsets), and what part of it is meant."""
    start: int
    end: int
    surface: str
    place: Place
    note: str = ""


@dataclass(frozen=True)
class PlaceResolution:
    """What a claim stores of its place (the claim fields of the same names)."""
    place: str = ""
    place_precision: str = ""
    place_id: str = ""
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    place_note: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


NONE = PlaceResolution()


def unresolved(text: str) -> PlaceResolution:
    """A place named but not in the gazetteer: its text, precision unknown."""
    text = " ".join((text or "").split())
    return PlaceResolution(place=text, place_precision="unknown") if text else NONE


# --- reading the file ------------------------------------------------------------------------

def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def read_gazetteer(path: Path) -> list[Place]:
    """Every row of a gazetteer TSV, or GazetteerError naming the first bad line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer ({exc})") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise GazetteerError(f"{path}:1: the header must be the columns {', '.join(COLUMNS)}")
    out, seen = [], set()
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}:{number}"
        if len(row) != len(COLUMNS):
            raise GazetteerError(f"{where}: {len(row)} fields, expected {len(COLUMNS)}")
        cells = dict(zip(COLUMNS, (cell.strip() for cell in row)))
        if not _ID_RE.match(cells["id"]) or cells["id"] in seen:
            raise GazetteerError(f"{where}: id {cells['id']!r} is not a new slug")
        seen.add(cells["id"])
        if cells["kind"] not in KINDS:
            raise GazetteerError(f"{where}: kind {cells['kind']!r}: use one of {', '.join(KINDS)}")
        names_en = _split(cells["names_en"])
        if not cells["name_ar"] or not names_en or not cells["admin1"]:
            raise GazetteerError(f"{where}: name_ar, names_en and admin1 must not be empty")
        try:
            lat, lon = float(cells["latitude"]), float(cells["longitude"])
        except ValueError:
            raise GazetteerError(f"{where}: latitude and longitude must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{where}: coordinates {lat}, {lon} are not on the globe")
        out.append(Place(cells["id"], cells["name_ar"], _split(cells["variants_ar"]), names_en,
                         cells["kind"], cells["admin1"], cells["admin2"], cells["admin3"], lat, lon,
                         cells["coordinates"] or "approximate", cells["note"]))
    return out


# --- matching -----------------------------------------------------------------------------

_AR_COUNTRYSIDE_BEFORE = re.compile(r"(?:^|\s)(?:[وفب]|في\s+|و?ب)?(?:ال)?(?P<w>ريف|اطراف|ضواحي)\s*$")
_AR_SIDE_BEFORE = re.compile(r"(?:^|\s)[وفب]?(?P<d>شرق|غرب|شمال|جنوب)(?:ي|ي\s+ال|\s+ال)?\s*$")
_AR_SIDE_AFTER = re.compile(r"^\s*(?:ال)?(?P<d>شرقي|غربي|شمالي|جنوبي)(?:\s+(?:ال)?(?P<d2>شرقي|غربي))?(?!\S)")
_EN_BEFORE = re.compile(r"(?:(?P<d>eastern|western|northern|southern)\s+)?"
                        r"(?:(?P<w>countryside|outskirts|rural areas?|suburbs)\s+of\s+(?:the\s+)?|"
                        r"(?P<rural>rural)\s+)?$", re.IGNORECASE)
_EN_AFTER = re.compile(r"^(?:'s|’s)?\s*(?:(?P<d>eastern|western|northern|southern)\s+)?"
                       r"(?P<w>countryside|outskirts)\b", re.IGNORECASE)
_AR_SIDES = {"شرق": "eastern", "غرب": "western", "شمال": "northern", "جنوب": "southern"}
_AR_WHAT = {"ريف": "countryside", "اطراف": "outskirts", "ضواحي": "outskirts"}


def _note(text: str, start: int, end: int) -> str:
    """"eastern countryside", "countryside", "eastern part", "" — what the words around the
    name say is meant."""
    before = arabic.normalize(text[max(0, start - 24):start])
    after = arabic.normalize(text[end:end + 24])
    what = side = ""
    m = _AR_COUNTRYSIDE_BEFORE.search(before)
    if m:
        what = _AR_WHAT[m.group("w")]
    else:
        m = _AR_SIDE_BEFORE.search(before)
        if m:
            side = _AR_SIDES[m.group("d")]
    m = _AR_SIDE_AFTER.match(after)
    if m and what:       # «ريف دير الزور الشرقي», «ريف الحسكة الشمالي الشرقي»
        side = _AR_SIDES[m.group("d")[:-1]]
        if m.group("d2"):
            side = f"{side[:5]}-{_AR_SIDES[m.group('d2')[:-1]]}"
    m = _EN_BEFORE.search(before)
    if m and (m.group("w") or m.group("rural") or m.group("d")):
        what = what or ("countryside" if m.group("rural") else (m.group("w") or "").lower())
        side = side or (m.group("d") or "").lower()
    m = _EN_AFTER.match(after)
    if m:
        what = what or m.group("w").lower()
        side = side or (m.group("d") or "").lower()
    if what.startswith("rural"):
        what = "countryside"
    if what:
        return f"{side} {what}".strip()
    return f"{side} part" if side else ""


class Gazetteer:
    """The places of the gazetteer file and the two matchers built from their names."""

    def __init__(self, places: list[Place]) -> None:
        self.places = {p.id: p for p in places}
        self._ar = ArabicMatcher()
        self._en = EnglishMatcher()
        self._by_name: dict[tuple[str, str, str], Place] = {}
        for p in places:
            for form in (p.name_ar, *p.variants_ar):
                self._ar.add(form, p.id)
            for name in p.names_en:
                for form in {name, _EN_ARTICLE.sub("", name)}:
                    self._en.add(form, p.id)
            self._by_name[(p.kind, p.admin1, p.name)] = p

    def __len__(self) -> int:
        return len(self.places)

    def find(self, text: str) -> list[PlaceHit]:
        """Gazetteer places in a raw text (Arabic and English), in text order."""
        hits = [*self._ar.find(text), *self._en.find(text)]
        out = []
        for m in sorted(hits, key=lambda h: (h.start, -h.end)):
            if out and m.start < out[-1].end:
                continue
            place = self.places[m.payloads[0]]
            out.append(PlaceHit(m.start, m.end, m.surface, place, _note(text, m.start, m.end)))
        return out

    def seat_of(self, place: Place) -> Place | None:
        """The sub-district a town seats (Busayrah -> the Busayrah sub-district), if any."""
        if place.precision != "place" or place.admin3 != place.name:
            return None
        return self._by_name.get(("subdistrict", place.admin1, f"{place.admin3} subdistrict"))

    def resolution(self, hit: PlaceHit) -> PlaceResolution:
        """What a claim stores for a place found in its text."""
        target = hit.place
        if "countryside" in hit.note or "outskirts" in hit.note:
            target = self.seat_of(hit.place) or hit.place
        return PlaceResolution(
            place=hit.place.name, place_precision=target.precision, place_id=target.id,
            latitude=target.latitude, longitude=target.longitude, admin1=target.admin1,
            admin2=target.admin2, admin3=target.admin3, place_note=hit.note)

    def resolve_text(self, text: str) -> PlaceResolution:
        """A place as a user typed it: the gazetteer place it names (the finest, then the
        first), else its text with precision unknown."""
        hits = self.find(text)
        if not hits:
            return unresolved(text)
        return self.resolution(_finest(hits))

    def resolve(self, text: str, start: int = 0, end: int | None = None,
                exclude: list[tuple[int, int]] = (),
                hits: list[PlaceHit] | None = None,
                starts: list[int] | None = None) -> PlaceResolution | None:
        """The place of a claim spanning [start, end) of `text` (a segment): the finest place
        inside the claim, else the nearest one before it; None when there is none. Places
        inside `exclude` spans (an actor's name: «مجلس دير الزور العسكري») do not count. A
        caller resolving many claims of one text passes its `hits` (from `find`) and their
        `starts`."""
        end = len(text) if end is None else end
        hits = self.find(text) if hits is None else hits
        starts = [h.start for h in hits] if starts is None else starts
        lo = bisect_left(starts, start)
        kept = [h for h in hits[max(0, lo - 8):bisect_left(starts, end)]
                if not any(s <= h.start and h.end <= e for s, e in exclude)]
        inside = [h for h in kept if start <= h.start and h.end <= end]
        if inside:
            return self.resolution(_finest(inside))
        before = [h for h in kept if h.end <= start]
        return self.resolution(before[-1]) if before else None


def _finest(hits: list[PlaceHit]) -> PlaceHit:
    return min(hits, key=lambda h: _FINENESS[h.place.precision])


# --- the one gazetteer of this process --------------------------------------------------------

_LOADED: dict[Path, tuple[tuple[int, int], Gazetteer]] = {}


def gazetteer_path() -> Path:
    return glossary_dir() / GAZETTEER_FILE


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer in `path` (default glossary/gazetteer.tsv), read again only when the file
    changes. A missing file is an empty gazetteer: every place stays text, precision unknown."""
    path = path or gazetteer_path()
    try:
        stat = path.stat()
    except OSError:
        return Gazetteer([])
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _LOADED.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, Gazetteer(read_gazetteer(path)))
        _LOADED[path] = cached
    return cached[1]
