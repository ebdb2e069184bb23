"""Scoring predicted records against gold (``extract eval``).

Definitions (``../shared/interface.md``, "Evaluation"; labels and fields from
``../shared/annotation-guide.md`` sections 2, 4 and 5):

- **Strict match**: a predicted and a gold entity of the same document with equal
  ``label``, ``start`` and ``end`` (the CoNLL/MUC "exact" criterion, as in spaCy's
  ``Scorer.score_spans``). Per label: ``tp`` = strict matches, precision =
  tp / predicted, recall = tp / gold, F1 their harmonic mean. Counts are kept in
  :class:`spacy.scorer.PRFScore`, whose precision, recall and F1 are used, so a zero
  denominator gives 0.0 (spaCy's convention). A prediction repeated with the same
  label and offsets counts once as a match and otherwise as a false positive (spaCy's
  set-based scoring would drop the copy silently; a duplicate record is an error).
  ``tests/test_evaluate.py`` checks these numbers against ``Scorer.score_spans``
  run on character-level ``Doc`` objects.
- **Partial match** (SemEval-2013 9.1 "partial" / nervaluate, restricted to the same
  label): a predicted and a gold entity of the same document and label whose spans
  overlap, matched one to one. The matching is a *maximum* one per document and
  label, found with :func:`scipy.optimize.linear_sum_assignment` (most matched pairs
  first, then the largest total overlap), so two predictions overlapping one gold
  entity count once. Partial precision = matched / predicted, recall = matched /
  gold. Every strict match is also a partial one, so partial F1 >= strict F1.
- **Value accuracy**: over the strict matches of a label, the share of its normalized
  fields (:func:`extract.records.value_fields`: e.g. MONEY ``value``, ``currency``,
  ``qualifier``, ``low``, ``high``) equal to gold. A field absent from gold is null;
  decimal fields (``value``, ``low``, ``high`` of MONEY, CARDINAL, QUANTITY,
  PERCENT) are compared as :class:`decimal.Decimal` (``"6.8E+8"`` equals
  ``"680000000"``); no binary floating point is involved. ``None`` where a label has
  no normalized field (LOC, ORG, PERSON) or no strict match.
- **Context-field accuracy**: over the strict matches of the numeric labels (MONEY,
  CARDINAL, QUANTITY, PERCENT), per field of :data:`extract.records.CONTEXT_FIELDS`
  (``section``, ``sentence``, ``subject``, ``part_of``, ``each``), the share equal to
  gold (absent in gold: null, ``False`` for ``each``). A context field that *no*
  entity of a gold file carries (the key absent from every entity, not merely null:
  :attr:`extract.gold.Gold.annotated`) is not annotated in that file and is skipped
  for its matches: neither counted nor listed as an error (the gold-more files never
  give ``sentence``, some never ``each`` or ``part_of``). A field present on one
  entity of a file counts for every match of that file, absent ones then meaning null
  (``False``). A :class:`~extract.gold.Gold` built in code (``annotated`` None) has
  every field scored.
- **Totals**: micro averages (summed counts) over the core labels (MONEY, CARDINAL,
  DOC_NO, GPE) and over all labels.

Predicted records are :data:`extract.records.Record` models or plain dicts with
``label``, ``start``, ``end`` and the label's fields; a field missing from a dict is
null (``False`` for ``each``). Their ``doc`` and ``text`` are not used: the document
is the one of the gold they are paired with, and the text shown in error lists is
the document's own ``text[start:end]``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from .gold import Gold, _quote
from .numerals import format_decimal
from .records import CONTEXT_FIELDS, CORE_LABELS, LABELS, MODELS, NUMERIC_LABELS, value_fields

__all__ = [
    "Report",
    "Row",
    "ContextRow",
    "SpanError",
    "FieldError",
    "evaluate",
    "render_table",
    "render_errors",
]

_DECIMAL_FIELDS = frozenset({"value", "low", "high"})


# --- report ----------------------------------------------------------------------------


@dataclass
class Row:
    """Scores of one label (or of a total: ``label`` is then ``"core"`` or ``"all"``).

    ``gold``, ``pred``: entity counts; ``tp``: strict matches; ``precision``,
    ``recall``, ``f1``: strict; ``partial_tp`` and ``partial_*``: partial match;
    ``fields``/``fields_correct``: normalized fields compared over the strict matches
    and how many equal gold; ``value_accuracy`` their ratio (None when nothing was
    compared).
    """

    label: str
    gold: int = 0
    pred: int = 0
    tp: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    partial_tp: int = 0
    partial_precision: float = 0.0
    partial_recall: float = 0.0
    partial_f1: float = 0.0
    fields: int = 0
    fields_correct: int = 0
    value_accuracy: Optional[float] = None

    def _finish(self) -> "Row":
        from spacy.scorer import PRFScore

        strict = PRFScore(tp=self.tp, fp=self.pred - self.tp, fn=self.gold - self.tp)
        self.precision, self.recall, self.f1 = strict.precision, strict.recall, strict.fscore
        part = PRFScore(tp=self.partial_tp, fp=self.pred - self.partial_tp, fn=self.gold - self.partial_tp)
        self.partial_precision, self.partial_recall, self.partial_f1 = part.precision, part.recall, part.fscore
        self.value_accuracy = self.fields_correct / self.fields if self.fields else None
        return self


@dataclass
class ContextRow:
    """Accuracy of one context field over the strict matches of numeric labels."""

    field: str
    total: int = 0
    correct: int = 0
    accuracy: Optional[float] = None


@dataclass
class SpanError:
    """A false positive or false negative: document, label, offsets and text."""

    doc: str
    label: str
    start: int
    end: int
    text: str


@dataclass
class FieldError:
    """A field of a strict match that differs from gold (values as compared:
    decimals as :class:`~decimal.Decimal` where both sides are decimal)."""

    doc: str
    label: str
    start: int
    end: int
    text: str
    field: str
    gold: Any
    pred: Any


@dataclass
class Report:
    """The result of :func:`evaluate`.

    ``rows``: one :class:`Row` per label (every label of the guide, in its order, then
    any other label predicted); ``totals``: ``{"core": Row, "all": Row}``;
    ``context``: ``{field: ContextRow}``; error lists: ``false_positives``,
    ``false_negatives``, ``wrong_fields`` (normalized fields), ``wrong_context``
    (context fields), each in document order then offset; ``docs``: the documents
    scored, in input order (as shown in errors); ``documents``: how many.
    """

    rows: list[Row] = field(default_factory=list)
    totals: dict[str, Row] = field(default_factory=dict)
    context: dict[str, ContextRow] = field(default_factory=dict)
    false_positives: list[SpanError] = field(default_factory=list)
    false_negatives: list[SpanError] = field(default_factory=list)
    wrong_fields: list[FieldError] = field(default_factory=list)
    wrong_context: list[FieldError] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    documents: int = 0

    def row(self, label: str) -> Row:
        """The row of ``label`` (or of ``"core"``/``"all"``)."""
        if label in self.totals:
            return self.totals[label]
        for r in self.rows:
            if r.label == label:
                return r
        raise KeyError(label)

    def to_json(self, errors: bool = False) -> dict:
        """The report as one JSON-ready dict (what ``extract eval --json`` prints):
        ``documents``, ``labels`` (list of rows), ``totals`` (``core``, ``all``),
        ``context`` (per field); with ``errors=True`` also ``errors`` with lists
        ``false_positives``, ``false_negatives``, ``wrong_fields``, ``wrong_context``.
        Decimal values are written as canonical decimal strings."""
        out: dict[str, Any] = {
            "documents": self.documents,
            "labels": [_row_json(r) for r in self.rows],
            "totals": {k: _row_json(r) for k, r in self.totals.items()},
            "context": {k: asdict(c) for k, c in self.context.items()},
        }
        if errors:
            out["errors"] = {
                "false_positives": [asdict(e) for e in self.false_positives],
                "false_negatives": [asdict(e) for e in self.false_negatives],
                "wrong_fields": [_jsonable(asdict(e)) for e in self.wrong_fields],
                "wrong_context": [_jsonable(asdict(e)) for e in self.wrong_context],
            }
        return out


def _row_json(row: Row) -> dict:
    """A row as JSON: a ratio with no denominator is null, not 0 (precision with nothing
    predicted, recall with nothing in gold, F1 with neither), as the table shows ``-``."""
    d = asdict(row)
    if row.pred == 0:
        d["precision"] = d["partial_precision"] = None
    if row.gold == 0:
        d["recall"] = d["partial_recall"] = None
    if row.gold == 0 and row.pred == 0:
        d["f1"] = d["partial_f1"] = None
    return d


# --- evaluation --------------------------------------------------------------------------


def evaluate_files(paths: Iterable, year: Optional[int] = None) -> Report:
    """Load and validate each gold file (:func:`extract.gold.load_gold`), run the pipeline
    on the text the gold file already read (no second read or decode of the document) and
    score: what ``extract eval`` prints. Raises :class:`~extract.errors.GoldError` for an
    invalid gold file."""
    from .gold import load_gold
    from .ingest import Source
    from .pipeline import process_source

    pairs = []
    for path in paths:
        gold = load_gold(path)
        source = Source(str(gold.doc_path), gold.text, "utf-8", "text/plain")
        pairs.append((gold, process_source(source, year=year).records))
    return evaluate(pairs)


def evaluate(pairs: Iterable[tuple[Gold, list[Any]]]) -> Report:
    """Score each document's predicted records against its gold; see the module docstring.

    ``pairs``: ``(gold, records)`` per document, records being
    :data:`~extract.records.Record` models or dicts.
    """
    rows: dict[str, Row] = {label: Row(label) for label in LABELS}
    context = {f: ContextRow(f) for f in CONTEXT_FIELDS}
    report = Report()
    for gold, records in pairs:
        report.documents += 1
        doc = gold.doc_display
        report.docs.append(doc)
        n_fp, n_wf, n_wc = len(report.false_positives), len(report.wrong_fields), len(report.wrong_context)
        scored = _annotated_context(gold, context)
        preds = [_as_dict(r) for r in records]
        golds = gold.entities
        for e in golds:
            rows[e["label"]].gold += 1
        for p in preds:
            rows.setdefault(p["label"], Row(p["label"])).pred += 1

        # strict: gold entities are unique (validated flat); predictions may repeat
        by_key = {(e["label"], e["start"], e["end"]): e for e in golds}
        matched: set[tuple] = set()
        for p in preds:
            key = (p["label"], p["start"], p["end"])
            g = by_key.get(key)
            if g is None or key in matched:
                report.false_positives.append(_span_error(doc, gold.text, p))
                continue
            matched.add(key)
            row = rows[p["label"]]
            row.tp += 1
            _compare_fields(p, g, doc, gold.text, row, scored, report)
        for e in golds:
            if (e["label"], e["start"], e["end"]) not in matched:
                report.false_negatives.append(_span_error(doc, gold.text, e))

        for errs, n in ((report.false_positives, n_fp), (report.wrong_fields, n_wf),
                        (report.wrong_context, n_wc)):
            errs[n:] = sorted(errs[n:], key=lambda x: (x.start, x.end, x.label))

        # partial: one-to-one maximum matching of overlapping spans, per label
        g_by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
        p_by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for e in golds:
            g_by_label[e["label"]].append((e["start"], e["end"]))
        for p in preds:
            p_by_label[p["label"]].append((p["start"], p["end"]))
        for label, pspans in p_by_label.items():
            if label in g_by_label:
                rows[label].partial_tp += partial_matches(g_by_label[label], pspans)

    report.rows = [r._finish() for r in rows.values()]
    report.totals = {
        "core": _total("core", [r for r in report.rows if r.label in CORE_LABELS]),
        "all": _total("all", report.rows),
    }
    for c in context.values():
        c.accuracy = c.correct / c.total if c.total else None
    report.context = context
    return report


def _annotated_context(gold: Gold, context: dict[str, ContextRow]) -> dict[str, ContextRow]:
    """The context rows to score for ``gold``: those of the fields some entity of the file
    carries (all when unknown)."""
    annotated = getattr(gold, "annotated", None)
    if annotated is None:
        return context
    return {name: row for name, row in context.items() if name in annotated}


def partial_matches(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> int:
    """The size of a maximum one-to-one matching between ``gold`` and ``pred`` spans
    (``(start, end)``, end exclusive) where a pair may match when the spans overlap.

    Solved as an assignment problem: an overlapping pair weighs 1 plus its overlap
    divided by (total overlap + 1), so the optimum has the most pairs and, among
    those, the largest total overlap.
    """
    if not gold or not pred:
        return 0
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    ov = np.array([[max(0, min(ge, pe) - max(gs, ps)) for ps, pe in pred] for gs, ge in gold], dtype=float)
    weight = np.where(ov > 0, 1.0 + ov / (ov.sum() + 1.0), 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return int(sum(1 for r, c in zip(rows, cols) if ov[r, c] > 0))


def _total(name: str, rows: list[Row]) -> Row:
    t = Row(name)
    for r in rows:
        for attr in ("gold", "pred", "tp", "partial_tp", "fields", "fields_correct"):
            setattr(t, attr, getattr(t, attr) + getattr(r, attr))
    return t._finish()


def _as_dict(record: Any) -> dict:
    if hasattr(record, "model_dump"):
        d = record.model_dump()
    elif isinstance(record, dict):
        d = record
    else:
        raise TypeError(f"a record is a pydantic model or a dict, not {type(record).__name__}")
    for k in ("label", "start", "end"):
        if k not in d:
            raise ValueError(f"record without {k!r}: {d!r}")
    return d


def _field_value(d: dict, label: str, name: str) -> Any:
    v = d.get(name)
    if v is None and name == "each":
        return False
    if label in NUMERIC_LABELS and name in _DECIMAL_FIELDS and v is not None:
        return _to_decimal(v)
    return v


def _to_decimal(v: Any) -> Any:
    """Decimal strings, ints and Decimals as :class:`~decimal.Decimal`; anything else
    unchanged (a float then compares by its exact binary value, so 32.2 != "32.2")."""
    if isinstance(v, Decimal):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return Decimal(v)
    if isinstance(v, str):
        try:
            d = Decimal(v.strip())
        except InvalidOperation:
            return v
        return d if d.is_finite() else v  # "NaN", "Infinity": not decimal strings
    return v


def _equal(a: Any, b: Any) -> bool:
    if type(a) is bool or type(b) is bool:  # True == 1 must not count as equal
        return type(a) is type(b) and a == b
    return a == b


def _compare_fields(p: dict, g: dict, doc: str, text: str, row: Row,
                    context: dict[str, ContextRow], report: Report) -> None:
    label = g["label"]
    s, e = g["start"], g["end"]
    for name in (value_fields(label) if label in MODELS else ()):
        gv, pv = _field_value(g, label, name), _field_value(p, label, name)
        row.fields += 1
        if _equal(gv, pv):
            row.fields_correct += 1
        else:
            report.wrong_fields.append(FieldError(doc, label, s, e, text[s:e], name, gv, pv))
    if label in NUMERIC_LABELS:
        for name, c in context.items():
            gv, pv = _field_value(g, label, name), _field_value(p, label, name)
            c.total += 1
            if _equal(gv, pv):
                c.correct += 1
            else:
                report.wrong_context.append(FieldError(doc, label, s, e, text[s:e], name, gv, pv))


def _span_error(doc: str, text: str, d: dict) -> SpanError:
    s, e = d["start"], d["end"]
    return SpanError(doc, d["label"], s, e, text[s:e] if 0 <= s < e <= len(text) else str(d.get("text", "")))


# --- rendering -------------------------------------------------------------------------


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format_decimal(v)
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def _num(v: Optional[float]) -> str:
    return "-" if v is None else f"{v:.3f}"


def render_table(report: Report) -> str:
    """A fixed-width plain-text table: one line per label (gold, predicted, true
    positives, strict P/R/F1, partial F1, value accuracy), the core and all totals,
    then context-field accuracy. Undefined ratios (nothing to compare) show ``-``."""
    head = f"{'label':<10}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}{'partF1':>8}{'value':>8}"

    def line(r: Row) -> str:
        d = _row_json(r)  # the ratios without a denominator are None, shown "-"
        return (f"{r.label:<10}{r.gold:>6}{r.pred:>6}{r.tp:>6}{_num(d['precision']):>8}{_num(d['recall']):>8}"
                f"{_num(d['f1']):>8}{_num(d['partial_f1']):>8}{_num(r.value_accuracy):>8}")

    out = [head, "-" * len(head)]
    out += [line(r) for r in report.rows]
    out.append("-" * len(head))
    out += [line(report.totals[k]) for k in ("core", "all") if k in report.totals]
    out.append("")
    chead = f"{'context':<10}{'n':>6}{'ok':>6}{'acc':>8}"
    out += [chead, "-" * len(chead)]
    for c in report.context.values():
        out.append(f"{c.field:<10}{c.total:>6}{c.correct:>6}{_num(c.accuracy):>8}")
    return "\n".join(out)


def _value(v: Any) -> str:
    if isinstance(v, Decimal):
        return format_decimal(v)
    return json.dumps(_jsonable(v), ensure_ascii=False)


def render_errors(report: Report) -> str:
    """Every error, one per line, by document then offset::

        FP  doc:start-end LABEL 'text'
        FN  doc:start-end LABEL 'text'
        FIELD doc:start-end LABEL 'text' field gold=... pred=...
        CONTEXT doc:start-end LABEL 'text' field gold=... pred=...

    Values are written as JSON (``null``, ``"CNY"``, ``true``), decimals bare
    (``680000000``)."""
    lines: list[tuple[str, int, int, str]] = []
    for kind, errs in (("FP ", report.false_positives), ("FN ", report.false_negatives)):
        for e in errs:
            lines.append((e.doc, e.start, 0, f"{kind} {e.doc}:{e.start}-{e.end} {e.label} {_quote(e.text, None)}"))
    for kind, ferrs, order in (("FIELD", report.wrong_fields, 1), ("CONTEXT", report.wrong_context, 2)):
        for f in ferrs:
            lines.append((f.doc, f.start, order,
                          f"{kind} {f.doc}:{f.start}-{f.end} {f.label} {_quote(f.text, None)} {f.field}"
                          f" gold={_value(f.gold)} pred={_value(f.pred)}"))
    doc_order = {d: i for i, d in reversed(list(enumerate(report.docs)))}
    lines.sort(key=lambda t: (doc_order.get(t[0], len(doc_order)), t[1], t[2]))
    return "\n".join(t[3] for t in lines)
