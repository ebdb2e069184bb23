"""Year-over-year diff of records (``extract diff``; ``../shared/interface.md`` section "Diff").

Shapes
------
- :func:`load_side` reads one input, a document (``.txt``/``.html``/``.htm``, run
  through :func:`extract.pipeline.process`) or a record file written by
  ``extract run`` (JSONL, or the list ``--format json`` writes), told apart by
  content, into a :class:`Side`.
- :func:`align` pairs the records of two sides: a list of :class:`Pair`, one per
  aligned pair, ``change`` one of ``same``/``changed``/``added``/``removed``.
- :func:`align_many` chains consecutive pairwise alignments of three or more
  sides into :class:`Row` objects (one per key, one cell per side).
- :func:`render_jsonl`, :func:`render_csv`, :func:`render_table` (and the
  ``render_wide_*`` forms) turn them into text; HTML is in :mod:`extract.diff_html`.

Algorithm
---------
Records are compared label by label (default MONEY, CARDINAL, QUANTITY,
PERCENT). For every old/new pair of one label a match score in [0, 1] is built:

- *unit*: the record's unit (for MONEY its currency) must be equal, else 0;
- *section*: Indel similarity of the 【…】 headings (1 when equal, both None too);
- *subject*: Indel similarity of the subjects when both sides have one
  (财政专项扶贫资金 / 省级财政专项扶贫资金 → 0.89); the field is optional;
- *context*: Indel similarity of the text around the number with every digit run
  masked (so a year shifted by one still matches): the *lead* (from the previous
  boundary, one of ,;:。!?、 or another number, to the number; weight 0.5), the
  *trail* (from the number to the next boundary; 0.2), the whole clause (0.2)
  and the clause before it (0.1). A list ``新华社26篇、人民日报10篇…`` thus aligns
  item by item on its leads. Without the document text (a record file whose
  document cannot be read), context falls back on the relative position among
  records of the same label, section and unit (0 across sections).

``score = unit_ok × (0.3·section + 0.25·subject + 0.45·context)`` when both have a
subject, else ``unit_ok × (0.3·section + 0.7·context)``. Pairs scoring below the
threshold (default 0.65) are not eligible; among eligible pairs the one-to-one
assignment maximizing the total score is found with the Hungarian method
(``scipy.optimize.linear_sum_assignment``; Kuhn 1955, Crouse 2016), ties broken
by relative position and then by equal value. Similarities come from
``rapidfuzz.fuzz.ratio`` (normalized Indel distance).

A pair is ``same`` when its values are equal as :class:`~decimal.Decimal`
(ranges: ``low`` and ``high``), else ``changed``; ``delta`` is ``new − old``
exactly and ``ratio`` is ``new ÷ old`` rounded half-even to 4 places (computed
on exact fractions, so no double rounding), None where old is zero or a value
is missing. For PERCENT the delta is in percentage points (the values are
the numbers as stated).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Optional, Sequence

import numpy as np
import regex

from .errors import InputError
from .numerals import format_decimal
from .records import NUMERIC_LABELS, RecordAdapter, value_fields

#: Labels compared unless ``--labels`` says otherwise (DATEs shift every year).
DEFAULT_LABELS: tuple[str, ...] = NUMERIC_LABELS
#: Pairs scoring below this are reported as removed + added.
DEFAULT_THRESHOLD = 0.65
#: The unit word of a currency, for keys (``"CNY"`` → ``"元"``); other codes stand as they are.
CURRENCY_UNITS = {"CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元",
                  "GBP": "英镑", "TWD": "新台币", "MOP": "澳门元"}
CHANGES = ("same", "changed", "added", "removed")

_BREAK = regex.compile(r"[,;:。!?、，；：！？\r\n]")
_DIGITS = regex.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_LEAD_MAX, _TRAIL_MAX, _CLAUSE_MAX = 24, 16, 80
_HEADING = regex.compile(r"(?m)^[ \t\u3000]*【(?P<title>[^【】\n\r\d][^【】\n\r]{0,29})】")


# ---------------------------------------------------------------- inputs

@dataclass
class Side:
    """One input of a diff.

    ``name``: the path as given; ``records``: record models in document order;
    ``year``: the report year when known (documents, ``--format json`` files), else
    None; ``texts``: document text by record ``doc`` (offsets index it), for the
    documents whose text is known.
    """

    name: str
    records: list
    year: Optional[int] = None
    texts: dict = field(default_factory=dict)

    @property
    def column(self) -> str:
        """The header of this side's column in a wide table: its year, else its name."""
        return str(self.year) if self.year else os.path.basename(self.name)


def load_side(path: str, year: Optional[int] = None) -> Side:
    """Read one diff input into a :class:`Side`.

    Detected by content: a JSON list of ``{"doc","year","records","checks"}`` (what
    ``extract run --format json`` writes), or JSON lines of records (``--format
    jsonl``); anything else is a document, processed with the pipeline (``year``
    is its report year, default inferred). For record files the documents named in
    the records' ``doc`` are read when they can be (as given, or beside the record
    file) and kept only when every record's ``text`` matches them; they give
    context for alignment.

    Raises :class:`~extract.errors.InputError` ``(path, cause)``: the causes of
    :func:`extract.ingest.read_document` (``"no such file"``, ``"is a directory"``,
    …) and ``"line N: not a record: …"`` for a malformed record file.
    """
    from .ingest import read_document
    from .pipeline import process_source

    source = read_document(path)
    side = parse_record_file(path, source.text)
    if side is not None:
        _attach_texts(side, path)
        return side
    doc = process_source(source, year=year)
    return Side(path, list(doc.records), doc.year, {source.path: doc.text})


def parse_record_file(path: str, text: str) -> Optional[Side]:
    """A :class:`Side` from the text of a record file, or None when ``text`` is not one.

    A ``.json``/``.jsonl`` file that does not parse raises
    :class:`~extract.errors.InputError`; other files that do not parse are documents.
    """
    body = text.lstrip("\ufeff \t\r\n")
    strict = path.lower().endswith((".json", ".jsonl"))
    if body.startswith("["):
        try:
            data = json.loads(body)
        except ValueError as err:
            if strict:
                raise InputError(path, f"not a record file: {err}") from None
            return None
        if not (isinstance(data, list) and all(isinstance(d, dict) and "records" in d for d in data)):
            if strict:
                raise InputError(path, "not a record file: expected a list of {doc, year, records}")
            return None
        records, year = [], None
        for d in data:
            year = year or d.get("year")
            for n, obj in enumerate(d["records"]):
                records.append(_record(path, obj, f"document {d.get('doc')!s}, record {n + 1}"))
        return Side(path, records, year if isinstance(year, int) else None)
    if body.startswith("{"):
        lines = text.splitlines()
        parsed = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.lstrip("\ufeff"))
            except ValueError as err:
                if strict or parsed:
                    raise InputError(path, f"line {n}: not JSON: {err}") from None
                return None
            if not isinstance(obj, dict) or "label" not in obj:
                if strict or parsed:
                    raise InputError(path, f"line {n}: not a record")
                return None
            parsed.append((n, obj))
        return Side(path, [_record(path, obj, f"line {n}") for n, obj in parsed])
    if strict:
        raise InputError(path, "not a record file: expected JSON lines or a JSON list")
    return None


def _record(path: str, obj, where: str):
    from pydantic import ValidationError

    try:
        return RecordAdapter.validate_python(obj)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()) if p not in (obj.get("label"),)) if isinstance(obj, dict) else ""
        raise InputError(path, f"{where}: not a record: {loc + ': ' if loc else ''}{first.get('msg')}") from None


def _attach_texts(side: Side, path: str) -> None:
    """Read the documents a record file names, keeping those its records match."""
    from .ingest import read_document

    docs: dict = {}
    for r in side.records:
        docs.setdefault(r.doc, []).append(r)
    for doc, recs in docs.items():
        if not doc:
            continue
        for cand in dict.fromkeys([doc, os.path.join(os.path.dirname(path), doc)]):
            try:
                text = read_document(cand).text
            except InputError:
                continue
            if all(text[r.start:r.end] == r.text for r in recs):
                side.texts[doc] = text
                break


# ---------------------------------------------------------------- features

def unit_of(rec) -> Optional[str]:
    """The unit of a record for keys and alignment: ``unit``, or for MONEY the
    currency's unit word (``"CNY"`` → ``"元"``); None when unknown."""
    if rec.label == "MONEY":
        cur = getattr(rec, "currency", None)
        return CURRENCY_UNITS.get(cur, cur) if cur else None
    return getattr(rec, "unit", None)


def record_key(rec, section: Optional[str] = None) -> str:
    """``"section|subject|unit"``, empty where unknown; a ``|`` inside a part becomes ``｜``.

    >>> from extract.records import Money
    >>> record_key(Money(text="6.8亿元", start=0, end=5, section="资金投入", subject="财政专项扶贫资金"))
    '资金投入|财政专项扶贫资金|元'
    """
    sec = getattr(rec, "section", None) or section
    parts = [sec, getattr(rec, "subject", None), unit_of(rec)]
    return "|".join((p or "").replace("|", "｜") for p in parts)


@dataclass(frozen=True)
class _Item:
    """Alignment features of one record (see the module docstring)."""

    rec: object
    section: str
    subject: Optional[str]
    unit: Optional[str]
    lead: str
    trail: str
    clause: str
    before: str
    has_text: bool
    ordinal: float


def _mask(s: str) -> str:
    return _DIGITS.sub("#", s)


def _features(side: Side, labels: Sequence[str]) -> dict[str, list[_Item]]:
    """The records of ``side`` with a label in ``labels``, as features, by label."""
    from .fold import fold

    by_doc: dict = {}
    for r in side.records:
        by_doc.setdefault(r.doc, []).append(r)
    items: dict[str, list[_Item]] = {lab: [] for lab in labels}
    raw: list[tuple[object, dict]] = []
    for doc, recs in by_doc.items():
        text = side.texts.get(doc)
        folded = fold(text) if text is not None else None
        heads = [(m.start(), m.group("title").strip()) for m in _HEADING.finditer(text)] if text else []
        numeric = sorted((r.start, r.end) for r in recs if r.label in NUMERIC_LABELS)
        for r in recs:
            if r.label not in items:
                continue
            f: dict = {"section": getattr(r, "section", None), "lead": "", "trail": "", "clause": "",
                       "before": "", "has_text": folded is not None}
            if folded is not None:
                if f["section"] is None and "section" not in type(r).model_fields:
                    prior = [t for s, t in heads if s <= r.start]
                    f["section"] = prior[-1] if prior else None
                f.update(_context(folded, r.start, r.end, numeric))
            raw.append((r, f))
    groups: dict = {}
    for r, f in raw:
        groups.setdefault((r.label, f["section"], unit_of(r)), []).append(r)
    rank = {}
    for members in groups.values():
        n = len(members)
        for i, r in enumerate(members):
            rank[id(r)] = i / (n - 1) if n > 1 else 0.5
    for r, f in raw:
        items[r.label].append(_Item(r, f["section"] or "", getattr(r, "subject", None), unit_of(r),
                                    f["lead"], f["trail"], f["clause"], f["before"], f["has_text"],
                                    rank[id(r)]))
    return items


def _context(folded: str, start: int, end: int, numeric: Sequence[tuple[int, int]]) -> dict:
    """Masked lead, trail, clause and previous clause of ``folded[start:end]``."""
    cs = start
    while cs > 0 and not _BREAK.match(folded, cs - 1) and folded[cs - 1] != "、":
        cs -= 1
    ce = end
    while ce < len(folded) and not _BREAK.match(folded, ce):
        ce += 1
    lead_from = cs
    trail_to = ce
    for s, e in numeric:
        if e <= start and e > lead_from:
            lead_from = e
        if s >= end and s < trail_to:
            trail_to = s
    # the clause: from the previous clause break (、 does not end a clause)
    k = start
    while k > 0 and folded[k - 1] not in ",;:。!?，；：！？\r\n":
        k -= 1
    pk = max(k - 1, 0)
    while pk > 0 and folded[pk - 1] not in ",;:。!?，；：！？\r\n":
        pk -= 1
    lead = _mask(folded[lead_from:start].strip())[-_LEAD_MAX:]
    trail = _mask(folded[end:trail_to].strip())[:_TRAIL_MAX]
    clause = _mask(folded[k:start]) + "@" + _mask(folded[end:ce])
    before = _mask(folded[pk:max(k - 1, pk)].strip())[-_CLAUSE_MAX // 2:]
    return {"lead": lead, "trail": trail, "clause": clause[-_CLAUSE_MAX:], "before": before}


# ---------------------------------------------------------------- alignment

@dataclass(frozen=True)
class Pair:
    """One aligned pair.

    ``change``: ``same``/``changed``/``added``/``removed``; ``label``; ``key``:
    ``"section|subject|unit"`` of the new record (of the old one when removed);
    ``score``: match score in [0, 1], rounded to 4 places (0 for added/removed); ``old``/``new``: the
    records (None on the missing side); ``delta``/``ratio``: see :func:`delta_ratio`.
    """

    change: str
    label: str
    key: str
    score: float
    old: Optional[object]
    new: Optional[object]
    delta: Optional[Decimal] = None
    ratio: Optional[Decimal] = None

    def to_json(self) -> dict:
        """The JSON object of interface.md: decimals as strings, records as their dicts."""
        return {"change": self.change, "label": self.label, "key": self.key,
                "score": round(float(self.score), 4),
                "old": self.old.model_dump(mode="json") if self.old is not None else None,
                "new": self.new.model_dump(mode="json") if self.new is not None else None,
                "delta": format_decimal(self.delta) if self.delta is not None else None,
                "ratio": format_ratio(self.ratio) if self.ratio is not None else None}


def similarity(old: Sequence[_Item], new: Sequence[_Item]) -> np.ndarray:
    """Match scores, shape ``(len(old), len(new))``, in [0, 1] (module docstring)."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist

    if not old or not new:
        return np.zeros((len(old), len(new)))

    def sim(a: list[str], b: list[str]) -> np.ndarray:
        return cdist(a, b, scorer=fuzz.ratio, dtype=np.float64) / 100.0

    sec = sim([i.section for i in old], [i.section for i in new])
    unit_ok = np.array([[a.unit == b.unit for b in new] for a in old], dtype=np.float64)
    ordinal = 1.0 - np.abs(np.array([[a.ordinal - b.ordinal for b in new] for a in old]))
    textual = (0.5 * sim([i.lead for i in old], [i.lead for i in new])
               + 0.2 * sim([i.trail for i in old], [i.trail for i in new])
               + 0.2 * sim([i.clause for i in old], [i.clause for i in new])
               + 0.1 * sim([i.before for i in old], [i.before for i in new]))
    has_text = np.outer([i.has_text for i in old], [i.has_text for i in new])
    same_section = np.array([[a.section == b.section for b in new] for a in old], dtype=np.float64)
    ctx = np.where(has_text, textual, ordinal * same_section)
    subj = sim([i.subject or "" for i in old], [i.subject or "" for i in new])
    known = np.outer([bool(i.subject) for i in old], [bool(i.subject) for i in new])
    score = np.where(known, 0.3 * sec + 0.25 * subj + 0.45 * ctx, 0.3 * sec + 0.7 * ctx)
    return np.clip(score * unit_ok, 0.0, 1.0)


def assign(score: np.ndarray, threshold: float, tiebreak: Optional[np.ndarray] = None) -> list[tuple[int, int]]:
    """The one-to-one pairs ``(i, j)`` with ``score[i, j] >= threshold`` maximizing the
    total score (``linear_sum_assignment``); ``tiebreak`` (same shape, in [0, 1]) is
    added at weight 1e-3 among eligible pairs only. Sorted by ``i``."""
    from scipy.optimize import linear_sum_assignment

    if score.size == 0:
        return []
    eligible = score >= threshold
    gain = np.where(eligible, score + (1e-3 * tiebreak if tiebreak is not None else 0.0), 0.0)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols) if eligible[i, j])


def align(old: Side, new: Side, labels: Sequence[str] = DEFAULT_LABELS,
          threshold: float = DEFAULT_THRESHOLD) -> list[Pair]:
    """Align the records of ``old`` and ``new`` (module docstring) into pairs.

    Returns every record of the given labels exactly once: paired (``same`` or
    ``changed``), ``added`` or ``removed``. Order: the new document's order, each
    removed record placed after the pair of the old record before it.
    """
    fo, fn = _features(old, labels), _features(new, labels)
    pairs: list[Pair] = []
    for label in labels:
        a, b = fo.get(label, []), fn.get(label, [])
        score = similarity(a, b)
        tie = None
        if score.size:
            ordinal = 1.0 - np.abs(np.array([[x.ordinal - y.ordinal for y in b] for x in a]))
            equal = np.array([[_same_value(x.rec, y.rec) for y in b] for x in a], dtype=np.float64)
            tie = 0.9 * ordinal + 0.1 * equal
        matched = assign(score, threshold, tie)
        used_a, used_b = {i for i, _ in matched}, {j for _, j in matched}
        for i, j in matched:
            pairs.append(make_pair(a[i].rec, b[j].rec, float(score[i, j]), section=b[j].section))
        pairs += [make_pair(a[i].rec, None, 0.0, section=a[i].section) for i in range(len(a)) if i not in used_a]
        pairs += [make_pair(None, b[j].rec, 0.0, section=b[j].section) for j in range(len(b)) if j not in used_b]
    return _order(pairs, old, new)


def _order(pairs: list[Pair], old: Side, new: Side) -> list[Pair]:
    """Sort pairs in new-document order, removed ones after the pair of the old record before them."""
    pos_old = {id(r): n for n, r in enumerate(old.records)}
    pos_new = {id(r): n for n, r in enumerate(new.records)}
    partner = {pos_old[id(p.old)]: pos_new[id(p.new)] for p in pairs if p.old is not None and p.new is not None}
    anchor: dict[int, int] = {}
    last = -1
    for n, r in enumerate(old.records):
        if n in partner:
            last = partner[n]
        anchor[id(r)] = last

    def sort_key(p: Pair):
        if p.new is not None:
            return (pos_new[id(p.new)], 0, 0)
        return (anchor[id(p.old)], 1, pos_old[id(p.old)])

    return sorted(pairs, key=sort_key)


def _values(rec) -> tuple:
    if rec.label in NUMERIC_LABELS:
        return (rec.value, rec.low, rec.high)
    return tuple(getattr(rec, f, None) for f in value_fields(rec.label))


def _same_value(old, new) -> bool:
    return _values(old) == _values(new)


def make_pair(old, new, score: float, section: Optional[str] = None) -> Pair:
    """A :class:`Pair` of two records (either may be None): change, key, delta, ratio."""
    rec = new if new is not None else old
    key = record_key(rec, section or None)
    if old is None:
        return Pair("added", rec.label, key, 0.0, None, new)
    if new is None:
        return Pair("removed", rec.label, key, 0.0, old, None)
    change = "same" if _same_value(old, new) else "changed"
    ov, nv = getattr(old, "value", None), getattr(new, "value", None)
    if isinstance(ov, Decimal) and isinstance(nv, Decimal):
        delta, ratio = delta_ratio(ov, nv)
    else:
        delta = ratio = None
    return Pair(change, rec.label, key, round(min(max(score, 0.0), 1.0), 4), old, new, delta, ratio)


def delta_ratio(old: Optional[Decimal], new: Optional[Decimal]) -> tuple[Optional[Decimal], Optional[Decimal]]:
    """``(new − old, new ÷ old)``: the delta exact, the ratio rounded half-even to 4
    places (exact fractions, one rounding); the ratio is None where ``old`` is zero,
    both None where a value is missing.

    >>> delta_ratio(Decimal("680000000"), Decimal("750000000"))
    (Decimal('70000000'), Decimal('1.1029'))
    >>> delta_ratio(Decimal("20000"), Decimal("20001"))[1]   # 1.00005 → even
    Decimal('1.0000')
    """
    if old is None or new is None:
        return None, None
    exact = Fraction(new) - Fraction(old)
    delta = _fraction_to_decimal(exact)
    if old == 0:
        return delta, None
    q = Fraction(new) / Fraction(old)
    return delta, _quantize4(q)


def _fraction_to_decimal(f: Fraction) -> Decimal:
    """An exact Decimal for a Fraction whose denominator is 2^a·5^b (a difference of decimals)."""
    num, den = f.numerator, f.denominator
    scale = 0
    while den % 10 == 0:
        den //= 10
        scale += 1
    while den != 1:
        if den % 2 == 0:
            num, den = num * 5, den // 2
        elif den % 5 == 0:
            num, den = num * 2, den // 5
        else:  # not a decimal: cannot happen for differences of decimals
            raise ValueError(f"not a terminating decimal: {f}")
        scale += 1
    t = Decimal(num).as_tuple()
    return Decimal((t.sign, t.digits, -scale))  # built from digits: no context rounding


def _quantize4(q: Fraction) -> Decimal:
    n = round(q * 10000)  # Fraction.__round__: round half to even, exact
    sign = "-" if n < 0 else ""
    n = abs(n)
    return Decimal(f"{sign}{n // 10000}.{n % 10000:04d}")


def format_ratio(r: Decimal) -> str:
    """The ratio as written: 4 decimal places, no exponent (``"1.1029"``, ``"0.8000"``)."""
    return format(r, "f")


def relative_change(pair: Pair) -> Optional[Decimal]:
    """``(ratio − 1) × 100``, the relative change in percent (2 places), or None."""
    if pair.ratio is None:
        return None
    return ((pair.ratio - 1) * 100).quantize(Decimal("0.01"))  # exact: the ratio has 4 places


# ---------------------------------------------------------------- many sides

@dataclass
class Row:
    """One row of a wide table: ``label``, ``key`` (of the latest record), ``cells``
    (one record or None per side), ``scores`` (match score of each consecutive
    pairing, None where a side has no record of the row)."""

    label: str
    key: str
    cells: list
    scores: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True unless every side has a record and all values are equal."""
        if any(c is None for c in self.cells):
            return True
        first = _values(self.cells[0])
        return any(_values(c) != first for c in self.cells[1:])


def align_many(sides: Sequence[Side], labels: Sequence[str] = DEFAULT_LABELS,
               threshold: float = DEFAULT_THRESHOLD) -> list[Row]:
    """Chain pairwise alignments of consecutive sides (given in year order) into rows.

    A record paired with one of the previous side joins that record's row; an
    unpaired record starts a row. Rows follow the latest alignment's order, rows
    that ended earlier staying after the row they followed. Only consecutive
    sides are aligned: a figure missing from one input and back in the next
    starts a new row.
    """
    n = len(sides)
    rows: list[Row] = []
    row_of: dict[int, Row] = {}
    order: list[Row] = []
    for k in range(1, n):
        pairs = align(sides[k - 1], sides[k], labels, threshold)
        seq: list[Row] = []
        for p in pairs:
            if p.old is not None:
                row = row_of.get(id(p.old))
                if row is None:  # first side
                    row = Row(p.label, p.key, [None] * n, [None] * (n - 1))
                    row.cells[k - 1] = p.old
                    row_of[id(p.old)] = row
                    rows.append(row)
            else:
                row = Row(p.label, p.key, [None] * n, [None] * (n - 1))
                rows.append(row)
            if p.new is not None:
                row.cells[k] = p.new
                row.key = p.key
                row_of[id(p.new)] = row
                if p.old is not None:
                    row.scores[k - 1] = p.score
            seq.append(row)
        order = _merge_order(order, seq)
    return order


def _merge_order(order: list[Row], seq: list[Row]) -> list[Row]:
    """``seq``, with the rows of ``order`` missing from it kept after their predecessor."""
    in_seq = {id(r) for r in seq}
    follow: dict[int, list[Row]] = {}
    head: list[Row] = []
    anchor: Optional[Row] = None
    for r in order:
        if id(r) in in_seq:
            anchor = r
        elif anchor is None:
            head.append(r)
        else:
            follow.setdefault(id(anchor), []).append(r)
    out = list(head)
    for r in seq:
        out.append(r)
        out.extend(follow.get(id(r), []))
    return out


# ---------------------------------------------------------------- rendering

def render_jsonl(pairs: Iterable[Pair]) -> str:
    """One JSON object per pair (interface.md), one per line."""
    return "".join(json.dumps(p.to_json(), ensure_ascii=False) + "\n" for p in pairs)


CSV_COLUMNS = ("change", "label", "key", "score", "old_text", "old_value", "old_start", "old_end",
               "old_sentence", "new_text", "new_value", "new_start", "new_end", "new_sentence",
               "delta", "ratio")


def render_csv(pairs: Iterable[Pair]) -> str:
    """A flat table, one row per pair, columns :data:`CSV_COLUMNS`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for p in pairs:
        j = p.to_json()
        row = [j["change"], j["label"], j["key"], j["score"]]
        for side in (j["old"], j["new"]):
            side = side or {}
            row += [side.get("text"), side.get("value"), side.get("start"), side.get("end"), side.get("sentence")]
        row += [j["delta"], j["ratio"]]
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def summary(pairs: Sequence[Pair]) -> dict[str, int]:
    """Counts by change, in :data:`CHANGES` order."""
    return {c: sum(1 for p in pairs if p.change == c) for c in CHANGES}


def table_rows(pairs: Sequence[Pair]) -> list[Pair]:
    """Pairs in table order: changed, added and removed first, then same (stable)."""
    return [p for p in pairs if p.change != "same"] + [p for p in pairs if p.change == "same"]


def display_value(rec) -> str:
    """A record's value as a table shows it: its ``text`` as written; empty for None."""
    return rec.text if rec is not None else ""


def display_delta(p: Pair) -> str:
    """``+70000000``; PERCENT deltas in percentage points (``+1.8pp``); empty when none."""
    if p.delta is None:
        return ""
    s = format_decimal(p.delta)
    s = s if s.startswith("-") or p.delta == 0 else "+" + s
    if p.label == "PERCENT" and unit_of(p.new or p.old) == "%":
        s += "pp"
    return s


def display_relative(p: Pair) -> str:
    """``+10.29%`` (relative change), empty when the ratio is None."""
    rel = relative_change(p)
    if rel is None:
        return ""
    s = format(rel, "f")
    return (s if s.startswith("-") or rel == 0 else "+" + s) + "%"


_STYLE = {"changed": "yellow", "added": "green", "removed": "red", "same": "dim"}
_MARK = {"changed": "~", "added": "+", "removed": "-", "same": "="}


def table_renderable(pairs: Sequence[Pair], old_name: str = "OLD", new_name: str = "NEW"):
    """A summary line and a :class:`rich.table.Table` of the pairs (changed/added/removed first). Cells are
    :class:`rich.text.Text`, so document text is never read as markup."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    counts = summary(pairs)
    title = f"{old_name} → {new_name}: " + ", ".join(f"{v} {k}" for k, v in counts.items())
    t = Table()
    for name, just in (("", "left"), ("label", "left"), ("key", "left"), ("old", "right"),
                       ("new", "right"), ("Δ", "right"), ("rel.", "right"), ("score", "right")):
        t.add_column(name, justify=just)
    for p in table_rows(pairs):
        style = _STYLE[p.change]
        t.add_row(Text(_MARK[p.change]), Text(p.label), Text(p.key), Text(display_value(p.old)),
                  Text(display_value(p.new)), Text(display_delta(p)), Text(display_relative(p)),
                  Text(f"{p.score:.2f}" if p.old is not None and p.new is not None else ""), style=style)
    return Group(Text(title), t)


def render_table(pairs: Sequence[Pair], old_name: str = "OLD", new_name: str = "NEW", width: int = 160) -> str:
    """The table as plain text (no colour), ``width`` columns wide."""
    return _plain(table_renderable(pairs, old_name, new_name), width)


def _plain(renderable, width: int) -> str:
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, no_color=True, color_system=None, highlight=False,
            force_terminal=False, soft_wrap=False).print(renderable)
    return buf.getvalue()


def wide_values(row: Row) -> list[Optional[str]]:
    """The value strings of a row's cells (``text`` for records without a numeric value)."""
    out = []
    for c in row.cells:
        if c is None:
            out.append(None)
        elif isinstance(getattr(c, "value", None), Decimal):
            out.append(format_decimal(c.value))
        else:
            v = getattr(c, "value", None)
            out.append(str(v) if v is not None else c.text)
    return out


def wide_rows(rows: Sequence[Row]) -> list[Row]:
    """Rows in table order: rows whose value varies (or that are missing somewhere) first."""
    return [r for r in rows if r.changed] + [r for r in rows if not r.changed]


def render_wide_jsonl(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """One object per row: ``{"label", "key", "changed", "values": {column: value|null},
    "records": [record dict|null, …], "scores": [score|null, …]}``."""
    out = []
    for r in rows:
        obj = {"label": r.label, "key": r.key, "changed": r.changed,
               "values": dict(zip(columns, wide_values(r))),
               "records": [c.model_dump(mode="json") if c is not None else None for c in r.cells],
               "scores": [round(s, 4) if s is not None else None for s in r.scores]}
        out.append(json.dumps(obj, ensure_ascii=False) + "\n")
    return "".join(out)


def render_wide_csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """A flat table: ``label, key, changed`` and one value column per side."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["label", "key", "changed", *columns])
    for r in rows:
        w.writerow([r.label, r.key, "yes" if r.changed else "no", *["" if v is None else v for v in wide_values(r)]])
    return buf.getvalue()


def wide_renderable(rows: Sequence[Row], columns: Sequence[str]):
    """A summary line and a :class:`rich.table.Table`: one row per key, one column per side (as written)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    n_changed = sum(1 for r in rows if r.changed)
    title = Text(f"{' → '.join(columns)}: {n_changed} rows vary, {len(rows) - n_changed} same")
    t = Table()
    t.add_column("label")
    t.add_column("key")
    for c in columns:
        t.add_column(Text(c), justify="right")
    for r in wide_rows(rows):
        t.add_row(Text(r.label), Text(r.key), *[Text(c.text if c is not None else "—") for c in r.cells],
                  style="yellow" if r.changed else "dim")
    return Group(title, t)


# ---------------------------------------------------------------- command

FORMATS = ("table", "jsonl", "csv", "html")


def parse_labels(values: Optional[Sequence[str]]) -> tuple[str, ...]:
    """The labels ``--labels`` asks for (comma- or space-separated, repeatable, any case);
    :data:`DEFAULT_LABELS` when none. Raises :class:`~extract.errors.UsageError` for an
    unknown label.

    >>> parse_labels(["money,date", "PERCENT"])
    ('MONEY', 'DATE', 'PERCENT')
    """
    from .errors import UsageError
    from .records import LABELS

    if not values:
        return DEFAULT_LABELS
    out: list[str] = []
    for v in values:
        for part in regex.split(r"[,\s]+", v.strip()):
            if not part:
                continue
            lab = part.upper()
            if lab not in LABELS:
                raise UsageError("--labels", f"unknown label {part!r} (one of {', '.join(LABELS)})")
            if lab not in out:
                out.append(lab)
    if not out:
        raise UsageError("--labels", "no label given")
    return tuple(out)


def render(sides: Sequence[Side], fmt: str = "table", labels: Sequence[str] = DEFAULT_LABELS,
           threshold: float = DEFAULT_THRESHOLD, changes_only: bool = False,
           color: bool = False, width: int = 160) -> str:
    """The whole output of ``extract diff`` for ``sides`` (two: pairs; three or more: a
    wide table) in ``fmt`` (one of :data:`FORMATS`). ``changes_only`` leaves out
    ``same`` pairs (rows whose value never changes); ``color``/``width`` apply to
    ``table``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt}")
    if len(sides) == 2:
        pairs = align(sides[0], sides[1], labels, threshold)
        if changes_only:
            pairs = [p for p in pairs if p.change != "same"]
        names = (sides[0].name, sides[1].name)
        if fmt == "jsonl":
            return render_jsonl(pairs)
        if fmt == "csv":
            return render_csv(pairs)
        if fmt == "html":
            from .diff_html import render_html

            return render_html(pairs, *names)
        return _console(table_renderable(pairs, *names), color, width)
    rows = align_many(sides, labels, threshold)
    if changes_only:
        rows = [r for r in rows if r.changed]
    columns = _columns(sides)
    if fmt == "jsonl":
        return render_wide_jsonl(rows, columns)
    if fmt == "csv":
        return render_wide_csv(rows, columns)
    if fmt == "html":
        from .diff_html import render_wide_html

        return render_wide_html(rows, columns)
    return _console(wide_renderable(rows, columns), color, width)


def _columns(sides: Sequence[Side]) -> list[str]:
    """Column headers: each side's year, else its file name; the paths as given where
    those repeat."""
    cols = [s.column for s in sides]
    if len(set(cols)) < len(cols):
        cols = [os.path.basename(s.name) for s in sides]
    if len(set(cols)) < len(cols):
        cols = [s.name for s in sides]
    return cols


def _console(renderable, color: bool, width: int) -> str:
    if not color:
        return _plain(renderable, width)
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=True, highlight=False, soft_wrap=False).print(renderable)
    return buf.getvalue()
