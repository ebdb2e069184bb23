"""Context of numeric records (guide section 5): section, sentence, subject,
part_of (其中/包括 breakdowns) and each (分别/各/均/每), plus consistency checks.

Pure functions over offsets and the folded text (:func:`extract.fold.fold`: the
matching copy, same length as the document text, Simplified and half-width).
``section`` and ``sentence`` come from :mod:`extract.segment` (set by the pipeline);
this module fills the rest:

- ``each`` (:func:`is_each`): 分别/均 before the figure in its clause; 各 only as an
  adverb right before a verb (各有, 各获; 各帮扶单位 and 各类资金 are determiners);
  每/单 right before a classifier (每户, 单户; not 每年); never for averages (人均,
  村均, 平均每村, 每人平均).
- ``subject`` (:func:`link_context`): the shortest noun phrase of the same clause
  (clauses end at ,;:。!? and line breaks) naming what is measured. Built from
  jieba's words (:func:`extract.segment.cut`) and its dictionary's POS tags of that
  clause only (cached per clause), with the other records as fixed tokens (a place, an organization or a
  date never belongs to a subject). Candidates, in order: the phrase right after a
  count (``281个贫困村``); the phrase right before the figure (``投入财政专项扶贫资金
  6.8亿元``, dropping the leading measure verb and determiners such as 共/全年);
  the phrase right after it (``千万元扶持``); for MONEY, a money phrase after 的
  (``200万元的奖励试点资金``); the nearest phrase before the figure in the clause
  not held by another figure (``农民人均收入便由1170元增长到3340多元``), then after
  it; for a clause made only of a copula and the figure (``,为92638人``) the last
  phrase of the clause before it. None when no candidate exists
  (``比2011年增长15%以上``).
- ``part_of`` (:func:`link_context`): items introduced by 其中/包括 point at the
  total: the last figure before the marker in its sentence (not across ;), items of
  the same label only (a count is not part of a money total); when the marker opens a
  sentence, the last figure of each item's label in the sentence before. The scope
  runs from the marker over the clause after it and on over clauses separated by ;
  or by , when the clause does not open with a verb (``其中A3.29亿元,B6.67亿元``;
  ``其中,镇赉县、靖宇县各有两个村…,获得…50万元`` stops at 获得).

The word lists are data: ``rules/context.yaml`` (``family: facts``, read with
``yaml.safe_load``; ``$EXTRACT_CONTEXT_FILE`` or ``$EXTRACT_RULES_DIR/context.yaml``
override the path). A missing or malformed file raises
:class:`extract.errors.RuleError` when first needed.
"""

from __future__ import annotations

import functools
import os
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, Optional, Sequence

import regex
import yaml

from .rules import safe_load

from .errors import RuleError
from .paths import rules_dir
from .segment import cut

CLAUSE_BREAK = regex.compile(r"[,;:。!?！？，；：\r\n]")
_SENTENCE_BREAK = regex.compile(r"[。!?！？\r\n]")
#: The same, searched backwards (the last break before an offset).
_CLAUSE_BREAK_BACK = regex.compile(r"(?r)[,;:。!?！？，；：\r\n]")
_SENTENCE_BREAK_BACK = regex.compile(r"(?r)[。!?！？\r\n]")

#: The word lists: ``$EXTRACT_CONTEXT_FILE``, else ``$EXTRACT_RULES_DIR/context.yaml``, else
#: ``rules/context.yaml`` beside ``src/``.
CONTEXT_FILE = Path(os.environ.get("EXTRACT_CONTEXT_FILE") or rules_dir() / "context.yaml")

NUMERIC = ("MONEY", "CARDINAL", "QUANTITY", "PERCENT")


# --- word lists ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lists:
    """The word lists of ``rules/context.yaml`` (see the comments there)."""

    measure_verbs: frozenset
    modifier_verbs: frozenset
    compound_heads: frozenset
    nominal_verbs: frozenset
    measure_nouns: frozenset
    determiners: frozenset
    keep_words: frozenset
    inner_words: frozenset
    stop_nouns: frozenset
    trailing: frozenset
    transparent: frozenset
    receive_verbs: frozenset
    givers: frozenset
    money_heads: tuple
    copulas: frozenset
    locatives: frozenset
    count_units: frozenset
    markers: tuple
    each_adverbs: tuple
    each_word: str
    per_words: tuple
    not_per: frozenset
    classifiers: tuple
    averages: tuple


def _words(doc: dict, section: str, key: str, path: Path) -> list[str]:
    v = (doc.get(section) or {}).get(key)
    if not isinstance(v, list) or not all(isinstance(w, str) and w for w in v):
        raise RuleError(path, f"{section}.{key}: a list of words is required")
    return v


@functools.lru_cache(maxsize=4)
def load_lists(path: str | os.PathLike = CONTEXT_FILE) -> Lists:
    """Read the word lists (``yaml.safe_load``). Raises :class:`RuleError` when the file
    is missing, not YAML, not ``family: facts`` or lacks a list."""
    p = Path(path)
    try:
        doc = safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(p, f"cannot read context word lists: {exc}") from None
    except yaml.YAMLError as exc:
        raise RuleError(p, f"invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(doc, dict) or doc.get("family") != "facts":
        raise RuleError(p, "a context word-list file is a mapping with 'family: facts'")
    s = functools.partial(_words, doc, "subject", path=p)
    each = doc.get("each") or {}
    if not isinstance(each.get("each_word"), str):
        raise RuleError(p, "each.each_word: a word is required")
    return Lists(
        measure_verbs=frozenset(s("measure_verbs")), modifier_verbs=frozenset(s("modifier_verbs")),
        compound_heads=frozenset(s("compound_heads")),
        nominal_verbs=frozenset(s("nominal_verbs")), measure_nouns=frozenset(s("measure_nouns")),
        determiners=frozenset(s("determiners")), keep_words=frozenset(s("keep_words")),
        inner_words=frozenset(s("inner_words")), stop_nouns=frozenset(s("stop_nouns")),
        trailing=frozenset(s("trailing")), transparent=frozenset(s("transparent")),
        receive_verbs=frozenset(s("receive_verbs")), givers=frozenset(s("givers")),
        money_heads=tuple(s("money_heads")), copulas=frozenset(s("copulas")),
        locatives=frozenset(s("locatives")), count_units=frozenset(s("count_units")),
        markers=tuple(_words(doc, "part_of", "markers", p)),
        each_adverbs=tuple(_words(doc, "each", "adverbs", p)), each_word=each["each_word"],
        per_words=tuple(_words(doc, "each", "per_words", p)),
        not_per=frozenset(_words(doc, "each", "not_per", p)),
        classifiers=tuple(_words(doc, "each", "classifiers", p)),
        averages=tuple(_words(doc, "each", "averages", p)),
    )


# --- clauses and tokens -------------------------------------------------------------------


def clause_bounds(folded: str, start: int, end: int) -> tuple[int, int]:
    """``(clause_start, clause_end)`` around ``folded[start:end]`` (breaks at ,;: 。 and line ends)."""
    m = _CLAUSE_BREAK_BACK.search(folded, 0, start) if start > 0 else None
    left = m.end() if m else min(start, 0)
    m = CLAUSE_BREAK.search(folded, end) if end < len(folded) else None
    right = m.start() if m else max(end, len(folded))
    return left, right


@functools.lru_cache(maxsize=8192)
def _pos(piece: str) -> tuple[tuple[str, str], ...]:
    """jieba words of ``piece`` with their dictionary POS tags, cached.

    The tags are those of jieba's own dictionary (the table ``jieba.posseg`` loads),
    looked up per word (:func:`extract.segment.word_tags`); a word the dictionary
    lacks is tagged ``n`` when it is all Han characters (an unknown multi-character
    word in these reports is nearly always a name or a noun), ``m`` when it is a
    number, else ``x``. This avoids ``jieba.posseg``: its import alone costs 0.5 s
    and its HMM re-segmentation ~40% of the run.
    """
    return _tag_words(cut(piece))




def _tag_words(words) -> tuple[tuple[str, str], ...]:
    """jieba words with their tags (see :func:`_pos`)."""
    from .segment import word_tags

    tags = word_tags()
    out = []
    for w in words:
        t = tags.get(w)
        if t is not None:
            out.append((w, "n" if t == "zg" else t))  # zg: a bound morpheme (村), a noun here
        elif _ALL_HAN.fullmatch(w):
            # A word jieba's HMM made up: a leading function character (各有, 均为) is
            # its own word, as jieba.posseg would split it; otherwise a noun.
            if len(w) > 1 and tags.get(w[0], "")[:1] in _FUNCTION_TAGS and all(c in tags for c in w):
                out.extend((c, tags.get(c)) for c in w)
            else:  # 能卖 (an auxiliary first) is a verb phrase; anything else a noun
                out.append((w, "v" if tags.get(w[0]) == "v" and len(w) == 2 else "n"))
        else:
            out.append((w, "m" if _NUMBERISH.fullmatch(w) else "eng" if _ALNUM.fullmatch(w) else "x"))
    return tuple(out)


_ALL_HAN = regex.compile(r"\p{Han}+")
_NUMBERISH = regex.compile(r"[\d.,%]+")
_ALNUM = regex.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*")
_FUNCTION_TAGS = {"r", "d", "p", "c", "u"}


class _Words:
    """The jieba words of a piece of the text (``(start, end)`` relative to ``base``,
    covering the piece), as :func:`extract.segment.words` cut them.

    jieba cuts each run of Han characters and ASCII letters, digits and ``+#&._%-``
    on its own and every other character apart (``\\r\\n`` kept whole), so a whole
    clause (bounded by the text's ends or by :data:`CLAUSE_BREAK` characters, none of
    which is in such a run) is cut as its words in the piece: :meth:`clause` gives
    them tagged as :func:`_pos` would, without cutting the clause again."""

    __slots__ = ("words", "base", "starts", "seen")

    def __init__(self, words: Sequence[tuple[int, int]], base: int = 0) -> None:
        self.words, self.base, self.starts = words, base, None
        self.seen: dict = {}

    def clause(self, folded: str, cs: int, ce: int) -> Optional[tuple[tuple[str, str], ...]]:
        """Tagged words of the clause ``folded[cs:ce]``, or None when ``cs`` or ``ce`` is
        not a word edge of the piece."""
        key = (cs, ce)
        if key not in self.seen:
            self.seen[key] = self._clause(folded, cs, ce)
        return self.seen[key]

    def _clause(self, folded: str, cs: int, ce: int) -> Optional[tuple[tuple[str, str], ...]]:
        if self.starts is None:
            self.starts = [s for s, _ in self.words]
        a, b = cs - self.base, ce - self.base
        k = bisect_left(self.starts, a)
        if a < 0 or k == len(self.starts) or self.starts[k] != a:
            return None
        out, words = [], self.words
        while k < len(words) and words[k][1] <= b:
            s, e = words[k]
            out.append(folded[s + self.base:e + self.base])
            k += 1
            if e == b:
                return _tag_words(out)
        return None


class _Records:
    """Records in their given order, with an index by start offset when that order is
    by start (the pipeline's), so the records near an offset are found by bisection
    instead of a scan of all of them; any other order is scanned. Selections keep the
    given order. ``words``: the piece's :class:`_Words`, if known."""

    __slots__ = ("records", "starts", "reach", "ordered", "words", "clauses")

    def __init__(self, records: Sequence, words: Optional[_Words] = None) -> None:
        self.records = list(records)
        self.words = words
        self.clauses: dict = {}  # (start, end) -> the clause's tokens (_tokens)
        self.starts = [r.start for r in self.records]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        reach, top = [], None  # reach[i]: the largest end among records[:i + 1]
        for r in self.records:
            top = r.end if top is None or r.end > top else top
            reach.append(top)
        self.reach = reach

    def overlapping(self, cs: int, ce: int) -> list:
        """The records with ``start < ce`` and ``end > cs``."""
        if not self.ordered:
            return [r for r in self.records if r.start < ce and r.end > cs]
        lo, hi = bisect_right(self.reach, cs), bisect_left(self.starts, ce)
        return [r for r in self.records[lo:hi] if r.end > cs]

    def starting(self, a: int, b: int) -> list:
        """The records with ``a <= start < b``."""
        if not self.ordered:
            return [r for r in self.records if a <= r.start < b]
        return self.records[bisect_left(self.starts, a):bisect_left(self.starts, b)]

    def within(self, a: int, b: int) -> list:
        """The records with ``a <= start`` and ``end <= b`` (a record ends at or after
        its start)."""
        if not self.ordered:
            return [r for r in self.records if a <= r.start and r.end <= b]
        return [r for r in self.records[bisect_left(self.starts, a):bisect_right(self.starts, b)] if r.end <= b]


def _index(records) -> _Records:
    return records if isinstance(records, _Records) else _Records(records)


class _Tok(NamedTuple):
    """A token of a clause: a jieba word (``kind`` "w", with its POS ``tag``) or a whole
    record (``kind`` "num" for MONEY/CARDINAL/QUANTITY/PERCENT, else "ent")."""

    start: int
    end: int
    text: str
    tag: str
    kind: str


def _tokens(folded: str, cs: int, ce: int, records: Sequence, lists: Lists) -> list[_Tok]:
    """The clause ``folded[cs:ce]`` as tokens: records whole, words between them (a
    word cut by a record is re-tagged piece by piece; a word ending in a measure verb,
    such as 财政投入, is split before the verb). Kept per clause in the records' index."""
    records = _index(records)
    key = (cs, ce)
    hit = records.clauses.get(key)
    if hit is None:
        hit = records.clauses[key] = _clause_tokens(folded, cs, ce, records, lists)
    return list(hit)


def _clause_tokens(folded: str, cs: int, ce: int, records: "_Records", lists: Lists) -> list[_Tok]:
    spans = [(max(r.start, cs), min(r.end, ce), r) for r in records.overlapping(cs, ce)]
    out: list[_Tok] = [_Tok(s, e, folded[s:e], r.label, "num" if r.label in NUMERIC else "ent")
                       for s, e, r in spans]

    def add_words(a: int, b: int, retag: bool) -> None:
        pos = a
        for w, t in _pos(folded[a:b]) if retag else ():
            out.extend(_split(pos, w, t, lists))
            pos += len(w)

    pos = cs
    tagged = records.words.clause(folded, cs, ce) if records.words is not None and cs < ce else None
    for w, t in _pos(folded[cs:ce]) if tagged is None else tagged:
        ws, we = pos, pos + len(w)
        pos = we
        cuts = [(s, e) for s, e, _ in spans if s < we and e > ws]
        if not cuts:
            out.extend(_split(ws, w, t, lists))
            continue
        at = ws
        for s, e in sorted(cuts):
            if s > at:
                add_words(at, s, True)
            at = max(at, e)
        if at < we:
            add_words(at, we, True)
    out.sort(key=lambda k: k.start)
    return out


@functools.lru_cache(maxsize=4)
def _verb_suffixes(measure_verbs: frozenset) -> tuple:
    """The measure verbs of two or more characters, longest first (the longest that ends a
    word is taken; today none ends another)."""
    return tuple(sorted((v for v in measure_verbs if len(v) >= 2), key=lambda v: (-len(v), v)))


def _split(start: int, word: str, tag: str, lists: Lists) -> list[_Tok]:
    suffixes = _verb_suffixes(lists.measure_verbs)
    if len(word) > 2 and word.endswith(suffixes) and word not in lists.measure_verbs:
        for v in suffixes:
            if word.endswith(v) and len(word) > len(v):
                at = start + len(word) - len(v)
                return [_Tok(start, at, word[:-len(v)], "n", "w"), _Tok(at, start + len(word), v, "v", "w")]
    return [_Tok(start, start + len(word), word, tag, "w")]


_NOUN_TAGS = frozenset({"vn", "an", "j", "l", "i", "eng", "zg", "g", "nz"})
_MOD_TAGS = frozenset({"a", "b", "v", "vd", "q"})


def _cls(tok: Optional[_Tok], lists: Lists) -> Optional[str]:
    """A token's part in a noun phrase: ``"n"`` noun (may head it), ``"m"`` modifier
    (adjective, distinguishing word, verb, measure word), ``"in"`` inner word (、 以上:
    only between two others), ``"mv"`` measure verb, None a boundary."""
    if tok is None or tok.kind != "w":
        return None
    t = tok.text
    if t in lists.inner_words:
        return "in"
    if t in lists.keep_words:
        return "n"
    if t in lists.stop_nouns or t in lists.determiners:
        return None
    if t.startswith(lists.per_words) and t not in lists.not_per and t[1:] in lists.classifiers:
        return None  # 单户, 每户: they make a figure apply to each, they name nothing
    if t in lists.measure_verbs:
        return "mv"
    if tok.tag.startswith("n") or tok.tag in _NOUN_TAGS:
        return "n"
    if tok.tag in _MOD_TAGS:
        return "m"
    return None


# --- subject -----------------------------------------------------------------------------


def _compound(tok: _Tok, nxt: Optional[_Tok], lists: Lists) -> bool:
    """A modifier verb right before a compound head (补助|资金, 帮扶|单位, 开工|项目) or
    before another such verb (转移|培训资金) is part of the noun phrase."""
    return tok.text in lists.modifier_verbs and nxt is not None and (
        nxt.text in lists.compound_heads or nxt.text in lists.modifier_verbs)


def _run_left(toks: list[_Tok], j: int, lists: Lists) -> tuple[list[int], int]:
    """Indices of the longest phrase ending at token ``j`` (scanning left), and the index
    of the token that stopped it (-1 at the clause start)."""
    run: list[int] = []
    k = j
    while k >= 0:
        c = _cls(toks[k], lists)
        if c is None:
            break
        if c == "mv":
            if not run:  # right edge: 扶贫投入, 总投资 name an amount; 共投资 does not
                if not (toks[k].text in lists.nominal_verbs and k > 0
                        and _cls(toks[k - 1], lists) in ("n", "m")):
                    break
            elif not _compound(toks[k], toks[run[0]], lists):
                break  # 投入|贫困劳动力; kept: 补助资金, 转移培训资金
        run.insert(0, k)
        k -= 1
    # 资金投入规模: a measure noun after a measure verb sizes the phrase before the verb
    if run and k >= 1 and all(toks[i].text in lists.measure_nouns for i in run) and _cls(toks[k], lists) == "mv":
        return _run_left(toks, k - 1, lists)
    return run, k


def _trim(toks: list[_Tok], run: list[int], before: int, lists: Lists) -> list[int]:
    """Drop what does not belong at a phrase's edges: inner words at either end; at the
    left a measure verb or pure verb before the rest (培训|贫困青壮年, 投入|资金; kept
    as a modifier in 补助资金, and when nothing nominal would remain: 扶贫投入), a
    determiner, and a giver after a receiving verb (获得|国家|奖励资金)."""
    run = list(run)
    changed = True
    while run and changed:
        changed = False
        while run and _cls(toks[run[-1]], lists) == "in":
            run.pop()
            changed = True
        if not run:
            break
        first = toks[run[0]]
        c = _cls(first, lists)
        nxt = toks[run[1]] if len(run) > 1 else None
        rest_has_noun = any(_cls(toks[i], lists) == "n" for i in run[1:])
        if c == "in" or first.text in lists.determiners:
            run.pop(0)
            changed = True
        elif c == "mv" and rest_has_noun and not (
                _compound(first, nxt, lists)):
            run.pop(0)
            changed = True
    if run and toks[run[0]].text in lists.givers:
        prev = before if before >= 0 else None
        if prev is not None and toks[prev].text in lists.receive_verbs:
            run.pop(0)
    return run


def _span(toks: list[_Tok], run: list[int]) -> Optional[tuple[int, int]]:
    return (toks[run[0]].start, toks[run[-1]].end) if run else None


def _has_noun(toks: list[_Tok], run: list[int], lists: Lists) -> bool:
    return any(_cls(toks[i], lists) == "n" for i in run)


def _before_adjacent(toks: list[_Tok], i: int, lists: Lists) -> list[int]:
    k = i - 1
    while k >= 0 and toks[k].kind == "w" and (toks[k].text in lists.transparent or toks[k].text in "(（"):
        k -= 1
    if k < 0:
        return []
    run, stop = _run_left(toks, k, lists)
    run = _trim(toks, run, stop, lists)
    if all(toks[j].tag.startswith("v") or _cls(toks[j], lists) == "mv" for j in run) and not (
            len(run) > 1 and toks[run[-1]].text in lists.nominal_verbs):
        return []  # 增长到|3340元, 能卖: a bare verb names nothing (稳定就业 has 稳定)
    return run


def _run_right(toks: list[_Tok], k: int, lists: Lists, count: bool = False) -> list[int]:
    """The phrase starting at token ``k`` (scanning right): it stops at a boundary, and at
    a verb or adjective once it holds a noun unless a noun follows (贫困人口|脱贫;
    整村推进项目村); for a ``count`` it ends at a counted unit (``count_units``) unless it
    ends with one anyway (贫困村|互助金试点工作, but 整村推进项目村); a bracket of
    nouns right after it closes it (县(市、区))."""
    run: list[int] = []
    n = len(toks)
    while k < n:
        c = _cls(toks[k], lists)
        if c is None:
            break
        nxt = toks[k + 1] if k + 1 < n else None
        if c == "mv" and not _compound(toks[k], nxt, lists):
            break
        if c == "m" and _has_noun(toks, run, lists) and not (
                nxt is not None and (nxt.tag.startswith("n") or nxt.tag == "an") and _cls(nxt, lists) == "n"):
            break
        run.append(k)
        k += 1
    if count:  # 155个贫困村|互助金试点工作: a count's phrase ends at its counted unit
        for j, idx in enumerate(run[:-1]):
            if toks[idx].text in lists.count_units and toks[run[-1]].text not in lists.count_units:
                run = run[:j + 1]
                break
    while run and _cls(toks[run[-1]], lists) == "in":
        run.pop()
    if run and k < n and toks[k].text in ("(", "（"):
        j = k + 1
        while j < n and j - k <= 8 and toks[j].text not in (")", "）") and (
                _cls(toks[j], lists) in ("n", "in") or toks[j].text == "、"):
            j += 1
        if j < n and j > k + 1 and toks[j].text in (")", "）"):
            run.extend(range(k, j + 1))
    return run


def _after(toks: list[_Tok], i: int, lists: Lists, via_de: bool, count: bool = False) -> list[int]:
    """The phrase right after figure ``i`` (``via_de``: only one introduced by 的)."""
    k = i + 1
    n = len(toks)
    while k < n and toks[k].kind == "w" and toks[k].text in lists.trailing:
        k += 1
    de = k < n and toks[k].text == "的"
    if de != via_de:
        return []
    if de:
        k += 1
    # a modifier with 的 before the noun: 一个|稳定的|生产经营项目
    if k + 1 < n and _cls(toks[k], lists) == "m" and toks[k + 1].text == "的":
        k += 2
    if k >= n:
        return []
    run = _run_right(toks, k, lists, count)
    if not run and not via_de and toks[k].kind == "w" and toks[k].tag.startswith("v") and all(
            not t.text.strip() for t in toks[k + 1:]):
        return [k]  # 各获千万元|扶持 (the clause ends there)
    return run


def _owned(toks: list[_Tok], run: list[int]) -> bool:
    """A phrase right after a count (9只|小羊羔) belongs to that count."""
    a = run[0]
    return a > 0 and toks[a - 1].kind == "num"


def _nearest_before(toks: list[_Tok], i: int, lists: Lists) -> list[int]:
    k = i - 1
    while k >= 0:
        if _cls(toks[k], lists) is None:
            k -= 1
            continue
        run, stop = _run_left(toks, k, lists)
        if not run:
            k -= 1
            continue
        while run and (_cls(toks[run[-1]], lists) == "in" or (
                _cls(toks[run[-1]], lists) == "mv" and not (
                    toks[run[-1]].text in lists.nominal_verbs and len(run) > 1))):
            run.pop()  # 扶贫标准|确定为; kept: 财政扶贫投入
        run = _trim(toks, run, stop, lists)
        if run and _has_noun(toks, run, lists) and not _owned(toks, run) and not (
                stop >= 0 and toks[stop].text in lists.locatives):  # 在|中央主要媒体|上
            return run
        k = stop
    return []


def _nearest_after(toks: list[_Tok], i: int, lists: Lists) -> list[int]:
    k = i + 1
    while k < len(toks):
        if _cls(toks[k], lists) in ("n", "m"):
            run = _run_right(toks, k, lists)
            if run and _has_noun(toks, run, lists) and not _owned(toks, run):
                return run
            k = (run[-1] + 1) if run else k + 1
        else:
            k += 1
    return []


def _is_copula_clause(toks: list[_Tok], i: int, lists: Lists) -> bool:
    before = [t for t in toks[:i] if t.text.strip()]
    return bool(before) and all(t.kind == "w" and (t.text in lists.copulas or t.text in lists.transparent)
                                for t in before)


def find_subject(folded: str, rec, records: Sequence, lists: Optional[Lists] = None) -> Optional[str]:
    """The subject of numeric record ``rec`` (see the module docstring) as written in
    ``folded`` (the matching copy: Simplified, half-width), or None.

    ``records``: the document's records (all labels: places, organizations and dates
    are tokens of their own, never part of a subject).
    """
    span = subject_span(folded, rec, records, lists)
    return folded[span[0]:span[1]] if span else None


def subject_span(folded: str, rec, records: Sequence, lists: Optional[Lists] = None) -> Optional[tuple[int, int]]:
    """``(start, end)`` of the subject of ``rec`` (see :func:`find_subject`), or None."""
    lists = lists or load_lists()
    records = _index(records)
    cs, ce = clause_bounds(folded, rec.start, rec.end)
    toks = _tokens(folded, cs, ce, records, lists)
    i = next((k for k, t in enumerate(toks) if t.start == rec.start and t.kind == "num"), None)
    if i is None:
        return None
    count = rec.label == "CARDINAL"
    order = ("after", "before") if count else ("before", "after")
    for how in order:
        run = _after(toks, i, lists, False, count) if how == "after" else _before_adjacent(toks, i, lists)
        if run and (how == "before" or _has_noun(toks, run, lists) or not count):
            return _span(toks, run)
    if rec.label == "MONEY":
        run = _after(toks, i, lists, True)
        if run and folded[toks[run[0]].start:toks[run[-1]].end].endswith(tuple(lists.money_heads)):
            return _span(toks, run)
    run = _nearest_before(toks, i, lists) or _nearest_after(toks, i, lists)
    if run:
        return _span(toks, run)
    if _is_copula_clause(toks, i, lists) and cs > 0 and folded[cs - 1] not in "。!?！？\r\n":
        ps, _ = clause_bounds(folded, cs - 1, cs - 1)
        ptoks = _tokens(folded, ps, cs - 1, records, lists)
        run = _nearest_before(ptoks, len(ptoks), lists)
        if run:
            return _span(ptoks, run)
    return None


# --- part_of -------------------------------------------------------------------------------


def _sentence_start(folded: str, pos: int) -> int:
    m = _SENTENCE_BREAK_BACK.search(folded, 0, pos) if pos > 0 else None
    return m.end() if m else min(pos, 0)


def _sentence_end(folded: str, pos: int) -> int:
    m = _SENTENCE_BREAK.search(folded, pos)
    return m.start() if m else len(folded)


def _opens_with_verb(folded: str, a: int, b: int, records: Sequence, lists: Lists) -> bool:
    toks = [t for t in _tokens(folded, a, b, records, lists) if t.text.strip()]
    return bool(toks) and toks[0].kind == "w" and toks[0].tag.startswith("v") and toks[0].text not in lists.copulas


def _marker_scope(folded: str, m_end: int, records: Sequence, lists: Lists) -> tuple[int, int]:
    """``(start, end)`` of the items a 其中/包括 ending at ``m_end`` introduces."""
    send = _sentence_end(folded, m_end)
    pos = m_end
    while pos < send and folded[pos] in ",:;，：； \u3000":
        pos += 1
    _, end = clause_bounds(folded, pos, pos)
    while end < send:
        sep = folded[end]
        nxt = end + 1
        _, nend = clause_bounds(folded, nxt, nxt)
        if sep not in ";；" and _opens_with_verb(folded, nxt, nend, records, lists):
            break
        end = nend
    return m_end, min(end, send)


@functools.lru_cache(maxsize=4)
def _marker_pattern(markers: tuple) -> "regex.Pattern[str]":
    """The 其中/包括 markers as one pattern, compiled once."""
    return regex.compile("|".join(regex.escape(w) for w in markers))


def find_parts(folded: str, records: Sequence, lists: Optional[Lists] = None) -> dict[int, int]:
    """``{item start: total start}`` for the items of 其中/包括 breakdowns (module docstring)."""
    lists = lists or load_lists()
    records = _index(records)
    nums = _index([r for r in records.records if r.label in NUMERIC])
    out: dict[int, int] = {}
    if not nums.records:
        return out
    pattern = _marker_pattern(lists.markers)
    # A marker has items only when a figure starts after it in its sentence. When no
    # marker holds a sentence break, every such marker lies in or after the sentence
    # of the first figure and ends at or before the last figure's start, so the
    # search covers that stretch only (a chunk's records in a whole document's text).
    pos, last = 0, len(folded)
    if nums.ordered and not any(_SENTENCE_BREAK.search(w) for w in lists.markers):
        pos, last = _sentence_start(folded, nums.starts[0]), nums.starts[-1]
    for m in pattern.finditer(folded, pos):
        if m.end() > last:
            break
        if nums.ordered:  # no figure between the marker and its sentence end: no items
            k = bisect_left(nums.starts, m.end())
            if k == len(nums.starts) or nums.starts[k] >= _sentence_end(folded, m.end()):
                continue
        a, b = _marker_scope(folded, m.end(), records, lists)
        items = nums.starting(a, b)
        if not items:
            continue
        sstart = _sentence_start(folded, m.start())
        opening = not folded[sstart:m.start()].strip()
        if not opening:
            seg = max(sstart, folded.rfind(";", sstart, m.start()) + 1, folded.rfind("；", sstart, m.start()) + 1)
            before = nums.within(seg, m.start())
            if not before:
                continue
            total = before[-1]
            for r in items:
                if r.label == total.label and r.start not in out:
                    out[r.start] = total.start
        else:
            prev = _sentence_start(folded, max(sstart - 1, 0)) if sstart > 0 else 0
            while prev > 0 and not folded[prev:sstart].strip():
                prev = _sentence_start(folded, prev - 1)
            window = nums.within(prev, sstart)
            for r in items:
                cand = [t for t in window if t.label == r.label]
                if cand and r.start not in out:
                    out[r.start] = cand[-1].start
    return out


# --- each ----------------------------------------------------------------------------------


def is_each(folded: str, start: int, end: int, lists: Optional[Lists] = None) -> bool:
    """True when 分别/均 (or 各 before a verb, or 每/单 before a classifier) stands before
    the figure in its clause, making it apply to each of several subjects; False for
    averages (人均, 村均, 平均每村, 每人平均) and for 各 before a noun (各类资金,
    各帮扶单位…: a total)."""
    lists = lists or load_lists()
    cs, _ = clause_bounds(folded, start, end)
    piece = folded[cs:start] if start > cs else ""
    # every way to True below needs a word that is, or starts with, one of these
    if not any(w in piece for w in (*lists.each_adverbs, lists.each_word, *lists.per_words)):
        return False
    toks = _pos(piece) if piece else ()
    for k, (w, t) in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else ("", "")
        prev = toks[k - 1][0] if k else ""
        if w in lists.each_adverbs:
            return True  # 分别获得, 均达到 (人均, 平均 are words of their own)
        if w == lists.each_word and nxt[1].startswith("v") and nxt[0] not in lists.modifier_verbs:
            return True  # 各有, 各获; not 各帮扶单位, 各类资金
        per = next((p for p in lists.per_words if w.startswith(p)), None)
        if per is None or w in lists.not_per:
            continue
        unit = w[len(per):] or nxt[0]
        if unit in lists.classifiers and not prev.endswith(lists.averages) and not (
                (nxt[0] if w != per else (toks[k + 2][0] if k + 2 < len(toks) else "")).startswith(lists.averages)):
            return True  # 每户, 单户; not 每年, 平均每村, 每人平均
    return False


# --- consistency checks ------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A consistency check of a total against its parts (``part_of``).

    ``total_start``/``total_text``/``total``: the total's record; ``parts``: the
    ``start`` of each part; ``parts_sum``: their exact sum; ``tolerance``: what rounding
    of the stated digits allows (half a unit of the last stated digit of the total and
    of each part, summed). ``status``: ``"holds"`` (sum equal to the total),
    ``"holds (rounded)"`` (equal within ``tolerance``), ``"partial"`` (below the total:
    not every part listed), ``"exceeds"`` (above the total beyond rounding: flagged).
    """

    total_start: int
    total_text: str
    total: Decimal
    parts: tuple[int, ...]
    parts_sum: Decimal
    status: str
    tolerance: Decimal = Decimal(0)

    def line(self) -> str:
        """One line: ``<status>: <total text> [<offset>] <total> <rel> <sum> (sum of <n> parts)``
        (``1 part``)
        with ``rel`` ``=`` (holds), ``≈`` (holds (rounded)), ``>`` (partial), ``<`` (exceeds)."""
        from .numerals import format_decimal

        rel = {"holds": "=", "holds (rounded)": "≈", "partial": ">", "exceeds": "<"}[self.status]
        return (f"{self.status}: {self.total_text} [{self.total_start}] {format_decimal(self.total)} {rel} "
                f"{format_decimal(self.parts_sum)} (sum of {len(self.parts)} part{'' if len(self.parts) == 1 else 's'})")

    def as_json(self) -> dict:
        """JSON-safe dict: ``status``, ``total_start``, ``total_text``, ``total``,
        ``parts`` (list of offsets), ``parts_sum``, ``tolerance`` (decimals as canonical
        strings) and ``line``."""
        from .numerals import format_decimal

        return {"status": self.status, "total_start": self.total_start, "total_text": self.total_text,
                "total": format_decimal(self.total), "parts": list(self.parts),
                "parts_sum": format_decimal(self.parts_sum), "tolerance": format_decimal(self.tolerance),
                "line": self.line()}


_STATED = regex.compile(r"\d+(?:\.\d+)?")


def half_unit(text: str, value: Decimal) -> Decimal:
    """Half a unit of the last digit stated in ``text`` for a record of ``value``:
    ``6.8亿元`` (680000000) -> 5000000, ``2300万元`` -> 5000, ``104篇次`` -> 0.5,
    ``两个`` -> 0.5. The stated number's scale is ``value`` / the digits written;
    without Arabic digits (or with a mixed magnitude such as 25万6千) the last nonzero
    digit of ``value`` is taken as the last stated one."""
    from .fold import fold

    digits = regex.sub(r"[,\s]", "", fold(text))
    m = _STATED.search(digits)
    if m and value:
        stated = Decimal(m.group())
        if stated:
            scale = value / stated
            if scale > 0 and scale.normalize().as_tuple().digits == (1,):
                places = len(m.group().split(".")[1]) if "." in m.group() else 0
                return scale * Decimal(10) ** -places / 2
    if not value:
        return Decimal("0.5")
    return Decimal(10) ** value.normalize().as_tuple().exponent / 2


def consistency_checks(records: Sequence) -> list[Check]:
    """Compare each total with the sum of the records whose ``part_of`` points at it
    (records without a value, such as ranges, are left out)."""
    by_start = {r.start: r for r in records if getattr(r, "value", None) is not None}
    parts: dict[int, list] = {}
    for r in records:
        po = getattr(r, "part_of", None)
        if po is not None and po in by_start and getattr(r, "value", None) is not None:
            parts.setdefault(po, []).append(r)
    out = []
    for start, items in sorted(parts.items()):
        total = by_start[start]
        s = sum((r.value for r in items), Decimal(0))
        tol = sum((half_unit(r.text, r.value) for r in (total, *items)), Decimal(0))
        if s == total.value:
            status = "holds"
        elif abs(s - total.value) <= tol:
            status = "holds (rounded)"
        elif s < total.value:
            status = "partial"
        else:
            status = "exceeds"
        out.append(Check(start, total.text, total.value, tuple(r.start for r in items), s, status, tol))
    return out


# --- the pipeline's hook ---------------------------------------------------------------------


def link_context(records: Sequence, folded: str, text: Optional[str] = None,
                 words: Optional[Sequence[tuple[int, int]]] = None, words_base: int = 0) -> None:
    """Fill ``subject`` and ``part_of`` of the numeric records in place.

    ``records``: all records of the document in order (pydantic models);
    ``folded``: the matching copy (POS tags come from :func:`_pos` per clause); ``text``: the
    document text, from which the subject is cut (so it is written as in the document,
    Traditional stays Traditional); without it the subject is cut from ``folded``.
    ``words``: optionally, the jieba words (:func:`extract.segment.words`) of the piece
    of ``folded`` starting at ``words_base`` that holds the records, offsets relative
    to it: whole clauses are then not cut again (the same words, see :class:`_Words`).
    ``each`` is set by the pipeline with :func:`is_each`.
    """
    lists = load_lists()
    source = text if text is not None and len(text) == len(folded) else folded
    index = _Records(records, _Words(words, words_base) if words is not None else None)
    numeric: dict[int, list] = {}
    for r in records:
        if r.label in NUMERIC:
            numeric.setdefault(r.start, []).append(r)
            span = subject_span(folded, r, index, lists)
            r.subject = source[span[0]:span[1]] if span else None
    for item, total in find_parts(folded, index, lists).items():
        for r in numeric.get(item, ()):
            r.part_of = total
