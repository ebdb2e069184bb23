"""Scoring (src/extract/evaluate.py) on small cases worked out by hand.

Offsets index a 30-character dummy text; only labels and offsets matter for spans.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract.evaluate import Report, evaluate, partial_matches, render_errors, render_table
from extract.gold import Gold
from extract.records import CONTEXT_FIELDS, LABELS, Cardinal, Date, Money

TEXT = "abcdefghijklmnopqrstuvwxyz0123"


def gold(entities, name="doc.txt", text=TEXT) -> Gold:
    return Gold(path=Path(name + ".json"), doc_path=Path("/nowhere") / name, text=text, entities=entities)


def ent(label, start, end, **fields):
    return {"label": label, "start": start, "end": end, "text": TEXT[start:end], **fields}


# --- strict and partial ------------------------------------------------------------------------


def test_three_gold_two_pred_one_strict_one_partial():
    # gold [0:3] [5:8] [10:12]; pred [0:3] (strict) and [6:9] (overlaps [5:8] only)
    g = gold([ent("MONEY", 0, 3), ent("MONEY", 5, 8), ent("MONEY", 10, 12)])
    r = evaluate([(g, [ent("MONEY", 0, 3), ent("MONEY", 6, 9)])])
    row = r.row("MONEY")
    assert (row.gold, row.pred, row.tp) == (3, 2, 1)
    assert row.precision == pytest.approx(0.5)
    assert row.recall == pytest.approx(1 / 3)
    assert row.f1 == pytest.approx(0.4)  # 2 * .5 * 1/3 / (.5 + 1/3)
    assert row.partial_tp == 2
    assert row.partial_precision == pytest.approx(1.0)
    assert row.partial_recall == pytest.approx(2 / 3)
    assert row.partial_f1 == pytest.approx(0.8)  # 2 * 1 * 2/3 / (1 + 2/3)
    assert [(e.start, e.end) for e in r.false_positives] == [(6, 9)]
    assert [(e.start, e.end) for e in r.false_negatives] == [(5, 8), (10, 12)]


def test_empty_prediction():
    g = gold([ent("MONEY", 0, 3), ent("GPE", 5, 8), ent("DATE", 10, 12)])
    r = evaluate([(g, [])])
    for label in ("MONEY", "GPE", "DATE"):
        row = r.row(label)
        assert (row.gold, row.pred, row.tp, row.partial_tp) == (1, 0, 0, 0)
        # spaCy's PRFScore convention: 0 / 0 is 0.0
        assert (row.precision, row.recall, row.f1, row.partial_f1) == (0.0, 0.0, 0.0, 0.0)
        assert row.value_accuracy is None
    assert len(r.false_negatives) == 3 and r.false_positives == []
    assert (r.totals["core"].gold, r.totals["all"].gold) == (2, 3)
    assert r.totals["all"].f1 == 0.0


def test_no_gold_and_no_prediction():
    r = evaluate([(gold([]), [])])
    assert all(row.gold == row.pred == 0 and row.f1 == 0.0 for row in r.rows)
    assert r.totals["all"].value_accuracy is None
    assert all(c.accuracy is None for c in r.context.values())


def test_label_mismatch_is_not_a_partial_match():
    g = gold([ent("MONEY", 0, 3)])
    r = evaluate([(g, [ent("CARDINAL", 0, 3)])])
    assert r.row("MONEY").partial_tp == 0 and r.row("CARDINAL").partial_tp == 0
    assert r.row("CARDINAL").pred == 1 and r.row("CARDINAL").precision == 0.0
    assert r.totals["all"].partial_f1 == 0.0
    assert [(e.label, e.start) for e in r.false_positives] == [("CARDINAL", 0)]
    assert [(e.label, e.start) for e in r.false_negatives] == [("MONEY", 0)]


def test_partial_is_one_to_one():
    # two predictions overlap one gold entity: one partial match, one false positive
    g = gold([ent("MONEY", 0, 6)])
    r = evaluate([(g, [ent("MONEY", 0, 3), ent("MONEY", 3, 6)])])
    row = r.row("MONEY")
    assert (row.tp, row.partial_tp) == (0, 1)
    assert row.partial_precision == pytest.approx(0.5)
    assert row.partial_recall == pytest.approx(1.0)
    assert row.partial_f1 == pytest.approx(2 / 3)


def test_partial_matching_is_maximum_not_greedy():
    # gold A [0:10], B [10:12]; pred X [5:11] overlaps A by 5 and B by 1, Y [0:3] overlaps A by 3.
    # Greedy by overlap takes X-A and leaves Y and B unmatched (1); the maximum is Y-A, X-B (2).
    assert partial_matches([(0, 10), (10, 12)], [(5, 11), (0, 3)]) == 2
    assert partial_matches([(0, 10)], []) == 0
    assert partial_matches([(0, 3)], [(3, 6)]) == 0  # touching is not overlapping
    # two predictions inside one gold entity: still one match
    assert partial_matches([(0, 4)], [(0, 1), (0, 4)]) == 1


def test_duplicate_prediction_counts_once():
    g = gold([ent("MONEY", 0, 3)])
    r = evaluate([(g, [ent("MONEY", 0, 3), ent("MONEY", 0, 3)])])
    row = r.row("MONEY")
    assert (row.pred, row.tp, row.partial_tp) == (2, 1, 1)
    assert row.precision == pytest.approx(0.5) and row.recall == pytest.approx(1.0)
    assert len(r.false_positives) == 1


def test_micro_totals_core_and_all():
    # MONEY: gold 2, pred 1, tp 1.  DATE: gold 2, pred 3, tp 2.
    g = gold([ent("MONEY", 0, 3), ent("MONEY", 5, 8), ent("DATE", 10, 12), ent("DATE", 14, 16)])
    preds = [ent("MONEY", 0, 3), ent("DATE", 10, 12), ent("DATE", 14, 16), ent("DATE", 20, 22)]
    r = evaluate([(g, preds)])
    core, total = r.totals["core"], r.totals["all"]
    assert (core.gold, core.pred, core.tp) == (2, 1, 1)
    assert (core.precision, core.recall) == (pytest.approx(1.0), pytest.approx(0.5))
    assert core.f1 == pytest.approx(2 / 3)
    assert (total.gold, total.pred, total.tp) == (4, 4, 3)
    assert (total.precision, total.recall, total.f1) == (pytest.approx(0.75),) * 3


def test_documents_are_scored_separately():
    # same offsets in another document do not match
    g1, g2 = gold([ent("GPE", 0, 3)], "a.txt"), gold([ent("GPE", 5, 8)], "b.txt")
    r = evaluate([(g1, [ent("GPE", 5, 8)]), (g2, [ent("GPE", 5, 8)])])
    row = r.row("GPE")
    assert (row.gold, row.pred, row.tp, row.partial_tp) == (2, 2, 1, 1)
    assert r.documents == 2 and r.docs == ["/nowhere/a.txt", "/nowhere/b.txt"]


# --- values and context ---------------------------------------------------------------------------


def test_value_accuracy_three_of_four_fields():
    # two DATE matches, two fields each (value, mod); the second mod is wrong: 3 / 4
    g = gold([ent("DATE", 0, 5, value="2012"), ent("DATE", 6, 12, value="2012-02")])
    preds = [ent("DATE", 0, 5, value="2012", mod=None), ent("DATE", 6, 12, value="2012-02", mod="END")]
    r = evaluate([(g, preds)])
    row = r.row("DATE")
    assert (row.fields, row.fields_correct) == (4, 3)
    assert row.value_accuracy == pytest.approx(0.75)
    [err] = r.wrong_fields
    assert (err.label, err.start, err.end, err.field, err.gold, err.pred) == ("DATE", 6, 12, "mod", None, "END")


def test_value_accuracy_compares_decimals_exactly_and_takes_models():
    # value 680000000 vs Decimal 6.8E+8 and "680000000.00": equal. qualifier null vs about: wrong.
    g = gold([ent("MONEY", 0, 5, value="680000000", currency="CNY"),
              ent("MONEY", 6, 10, value="32.2", currency="CNY")])
    preds = [
        Money(text=TEXT[0:5], start=0, end=5, value=Decimal("6.8E+8"), qualifier="about"),
        {"label": "MONEY", "start": 6, "end": 10, "value": "32.20", "currency": "CNY"},
    ]
    r = evaluate([(g, preds)])
    row = r.row("MONEY")
    assert (row.tp, row.fields, row.fields_correct) == (2, 10, 9)
    assert [(e.start, e.field, e.gold, e.pred) for e in r.wrong_fields] == [(0, "qualifier", None, "about")]


def test_float_values_are_not_rounded_into_equality():
    g = gold([ent("MONEY", 0, 5, value="32.2", currency="CNY")])
    r = evaluate([(g, [ent("MONEY", 0, 5, value=32.2, currency="CNY")])])
    assert [(e.field, e.gold) for e in r.wrong_fields] == [("value", Decimal("32.2"))]


def test_missing_gold_field_is_null_and_models_default_currency():
    # gold leaves currency out (null); the Money model defaults to CNY: a wrong field
    g = gold([ent("MONEY", 0, 5, value="1")])
    r = evaluate([(g, [Money(text="abcde", start=0, end=5, value=Decimal(1))])])
    assert [(e.field, e.gold, e.pred) for e in r.wrong_fields] == [("currency", None, "CNY")]
    assert r.row("MONEY").value_accuracy == pytest.approx(4 / 5)


def test_labels_without_fields_have_no_value_accuracy():
    g = gold([ent("ORG", 0, 3)])
    r = evaluate([(g, [ent("ORG", 0, 3)])])
    assert r.row("ORG").f1 == pytest.approx(1.0)
    assert r.row("ORG").value_accuracy is None


def test_context_field_accuracy():
    ctx = {"section": "概述", "sentence": 1, "subject": "贫困村"}
    g = gold([ent("CARDINAL", 0, 3, value="281", unit="个", **ctx),
              ent("CARDINAL", 5, 8, value="2", unit="个", **ctx, part_of=0),
              ent("DATE", 10, 12, value="2012")])  # not numeric: no context fields
    preds = [
        Cardinal(text="abc", start=0, end=3, value=Decimal(281), unit="个", **ctx),
        {"label": "CARDINAL", "start": 5, "end": 8, "value": "2", "unit": "个", "section": "概述",
         "sentence": 2, "subject": "贫困村", "part_of": 0, "each": True},
        Date(text="kl", start=10, end=12, value="2012"),
    ]
    r = evaluate([(g, preds)])
    acc = {f: (c.correct, c.total) for f, c in r.context.items()}
    assert list(acc) == list(CONTEXT_FIELDS)
    assert acc == {"section": (2, 2), "sentence": (1, 2), "subject": (2, 2), "part_of": (2, 2), "each": (1, 2)}
    assert r.context["sentence"].accuracy == pytest.approx(0.5)
    assert [(e.start, e.field, e.gold, e.pred) for e in r.wrong_context] == [
        (5, "sentence", 1, 2), (5, "each", False, True)]
    assert r.row("CARDINAL").value_accuracy == pytest.approx(1.0)  # context is not value


def test_context_field_not_annotated_in_a_file_is_skipped(tmp_path):
    # file A carries no "sentence" key at all and "each" on one entity only; file B
    # (a Gold built in code, annotated unknown) has every field scored
    text = "投入资金6.8亿元,其中5.7亿元。"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    import hashlib

    from extract.gold import load_gold

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    entities = [
        {"label": "MONEY", "text": "6.8亿元", "start": 4, "end": 9, "value": "680000000",
         "currency": "CNY", "section": None, "subject": "资金", "each": False},
        {"label": "MONEY", "text": "5.7亿元", "start": 12, "end": 17, "value": "570000000",
         "currency": "CNY", "section": None, "subject": None},
    ]
    (tmp_path / "a.json").write_text(json.dumps(
        {"doc": "a.txt", "sha256": digest, "chars": len(text), "entities": entities}, ensure_ascii=False),
        encoding="utf-8")
    g = load_gold(tmp_path / "a.json")
    assert g.annotated >= {"section", "subject", "each"} and "sentence" not in g.annotated
    assert "part_of" not in g.annotated
    preds = [Money(text="6.8亿元", start=4, end=9, value=Decimal(680000000), sentence=0, subject="资金"),
             Money(text="5.7亿元", start=12, end=17, value=Decimal(570000000), sentence=0, part_of=4,
                   each=True)]
    r = evaluate([(g, preds)])
    acc = {f: (c.correct, c.total) for f, c in r.context.items()}
    # sentence and part_of: not annotated in a.json, so not scored; each: annotated
    # (on one entity), so the second match counts with gold False
    assert acc == {"section": (2, 2), "sentence": (0, 0), "subject": (2, 2), "part_of": (0, 0), "each": (1, 2)}
    assert r.context["sentence"].accuracy is None and r.context["part_of"].accuracy is None
    assert [(e.start, e.field, e.gold, e.pred) for e in r.wrong_context] == [(12, "each", False, True)]
    # the same entities in a Gold built in code: every field scored
    g2 = gold([dict(e, start=e["start"], end=e["end"]) for e in entities], name="b.txt", text=text)
    r2 = evaluate([(g2, preds)])
    assert r2.context["sentence"].total == 2 and r2.context["sentence"].correct == 0
    assert r2.context["part_of"].total == 2 and r2.context["part_of"].correct == 1


# --- against spaCy ---------------------------------------------------------------------------------


def test_strict_scores_agree_with_spacy_score_spans():
    from spacy.scorer import Scorer
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.vocab import Vocab

    docs = [
        ([("MONEY", 0, 3), ("MONEY", 5, 8), ("GPE", 10, 12), ("DATE", 14, 18), ("GPE", 20, 23)],
         [("MONEY", 0, 3), ("MONEY", 5, 9), ("GPE", 10, 12), ("DATE", 14, 18), ("ORG", 20, 23)]),
        ([("CARDINAL", 0, 2), ("GPE", 3, 6)],
         [("CARDINAL", 0, 2), ("CARDINAL", 7, 9), ("GPE", 3, 6), ("PERSON", 25, 27)]),
    ]
    # by hand: MONEY tp1 fp1 fn1; GPE tp2 fp0 fn1; DATE tp1; ORG fp1; CARDINAL tp1 fp1; PERSON fp1
    r = evaluate([(gold([ent(*s) for s in gs], f"d{i}"), [ent(*s) for s in ps])
                  for i, (gs, ps) in enumerate(docs)])
    expected = {"MONEY": (2, 2, 1), "GPE": (3, 2, 2), "DATE": (1, 1, 1), "ORG": (0, 1, 0),
                "CARDINAL": (1, 2, 1), "PERSON": (0, 1, 0)}
    assert {row.label: (row.gold, row.pred, row.tp) for row in r.rows if row.gold or row.pred} == expected

    vocab = Vocab()

    def char_doc(spans):
        doc = Doc(vocab, words=list(TEXT), spaces=[False] * len(TEXT))
        doc.spans["sc"] = [doc.char_span(s, e, label=label) for label, s, e in spans]
        return doc

    examples = [Example(char_doc(ps), char_doc(gs)) for gs, ps in docs]
    scores = Scorer.score_spans(examples, "sc", getter=lambda doc, attr: doc.spans[attr], allow_overlap=True)
    for label, prf in scores["sc_per_type"].items():
        row = r.row(label)
        assert (row.precision, row.recall, row.f1) == pytest.approx((prf["p"], prf["r"], prf["f"])), label
    total = r.totals["all"]
    assert (total.precision, total.recall, total.f1) == pytest.approx((scores["sc_p"], scores["sc_r"], scores["sc_f"]))
    assert total.precision == pytest.approx(5 / 9) and total.recall == pytest.approx(5 / 7)


# --- output ----------------------------------------------------------------------------------------


def small_report() -> Report:
    text = "吉林省投入资金6.8亿元，其中5.7亿元\n"
    g = Gold(path=Path("g.json"), doc_path=Path("/nowhere/doc.txt"), text=text, entities=[
        {"label": "GPE", "text": "吉林省", "start": 0, "end": 3, "name": "吉林省", "adcode": "220000",
         "level": "province"},
        {"label": "MONEY", "text": "6.8亿元", "start": 7, "end": 12, "value": "680000000", "currency": "CNY"},
        {"label": "MONEY", "text": "5.7亿元", "start": 15, "end": 20, "value": "570000000", "currency": "CNY"},
    ])
    preds = [
        {"label": "GPE", "start": 0, "end": 3, "name": "吉林省", "adcode": "220000", "level": "province"},
        Money(text="6.8亿元", start=7, end=12, value=Decimal("68000000")),
        {"label": "ORG", "start": 12, "end": 16, "text": "，其中5"},
    ]
    return evaluate([(g, preds)])


def test_render_table():
    table = render_table(small_report())
    lines = table.splitlines()
    assert lines[0].split() == ["label", "gold", "pred", "tp", "P", "R", "F1", "partF1", "value"]
    assert len({len(l) for l in lines[:15] if not l.startswith("-")}) == 1  # fixed width
    rows = {l.split()[0]: l.split()[1:] for l in lines[2:] if l and not l.startswith("-")}
    assert rows["MONEY"] == ["2", "1", "1", "1.000", "0.500", "0.667", "0.667", "0.800"]
    assert rows["GPE"] == ["1", "1", "1", "1.000", "1.000", "1.000", "1.000", "1.000"]
    assert rows["ORG"] == ["0", "1", "0", "0.000", "-", "0.000", "0.000", "-"]
    assert rows["QUANTITY"] == ["0", "0", "0", "-", "-", "-", "-", "-"]
    # core: gold 3 pred 2 tp 2; fields 5 + 3 = 8, 7 right
    assert rows["core"] == ["3", "2", "2", "1.000", "0.667", "0.800", "0.800", "0.875"]
    assert rows["all"] == ["3", "3", "2", "0.667", "0.667", "0.667", "0.667", "0.875"]
    assert [l for l in lines if l.startswith("sentence")] == ["sentence       1     1   1.000"]
    assert [l.split()[0] for l in lines[2:13]] == list(LABELS)


def test_render_errors():
    assert render_errors(small_report()).splitlines() == [
        "FIELD /nowhere/doc.txt:7-12 MONEY '6.8亿元' value gold=680000000 pred=68000000",
        "FP  /nowhere/doc.txt:12-16 ORG '，其中5'",
        "FN  /nowhere/doc.txt:15-20 MONEY '5.7亿元'",
    ]


def test_to_json():
    report = small_report()
    data = report.to_json()
    assert set(data) == {"documents", "labels", "totals", "context"}
    assert [row["label"] for row in data["labels"]] == list(LABELS)
    money = data["labels"][0]
    assert (money["gold"], money["pred"], money["tp"]) == (2, 1, 1)
    assert money["f1"] == pytest.approx(2 / 3) and money["partial_f1"] == pytest.approx(2 / 3)
    assert data["totals"]["core"]["value_accuracy"] == pytest.approx(7 / 8)
    assert data["context"]["each"] == {"field": "each", "total": 1, "correct": 1, "accuracy": 1.0}
    full = json.loads(json.dumps(report.to_json(errors=True), ensure_ascii=False))
    assert full["errors"]["wrong_fields"] == [{
        "doc": "/nowhere/doc.txt", "label": "MONEY", "start": 7, "end": 12, "text": "6.8亿元",
        "field": "value", "gold": "680000000", "pred": "68000000"}]
    assert full["errors"]["false_positives"][0]["text"] == "，其中5"
    assert full["errors"]["false_negatives"][0]["start"] == 15


def test_bad_records_are_refused():
    with pytest.raises(TypeError):
        evaluate([(gold([]), [("MONEY", 0, 3)])])
    with pytest.raises(ValueError):
        evaluate([(gold([]), [{"label": "MONEY", "start": 0}])])


def test_json_ratios_without_denominator_are_null():
    from extract.evaluate import Row, _row_json

    empty = _row_json(Row("QUANTITY")._finish())
    assert (empty["precision"], empty["recall"], empty["f1"]) == (None, None, None)
    missed = _row_json(Row("MONEY", gold=2, pred=0)._finish())
    assert (missed["precision"], missed["recall"], missed["f1"]) == (None, 0.0, 0.0)
