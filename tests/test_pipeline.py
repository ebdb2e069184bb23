"""The whole path on small texts: offsets, labels, values and the spaCy Doc invariants."""

from decimal import Decimal

import pytest

from extract.ner import build_nlp, make_doc, split_at_boundaries
from extract.pipeline import chunk_bounds, process, report_year
from extract.records import Money


def _by_label(text, label, year=2012):
    return [r for r in process(text, is_text=True, year=year).records if r.label == label]


def test_money_record_has_exact_value_and_offsets():
    text = "共投入财政专项扶贫资金6.8亿元,其中国家5.7亿元。"
    (m1, m2) = _by_label(text, "MONEY")
    assert isinstance(m1, Money)
    assert (m1.text, m1.start, m1.end, m1.value, m1.currency) == ("6.8亿元", 11, 16, Decimal("680000000"), "CNY")
    assert m2.value == Decimal("570000000")
    assert m1.model_dump(mode="json")["value"] == "680000000"


def test_entity_boundary_inside_a_jieba_word_splits_the_token():
    doc = process("全省2293个村完成任务。", is_text=True, year=2012)
    (c,) = [r for r in doc.records if r.label == "CARDINAL"]
    assert c.text == "2293个"
    assert c.end in {s for s, _ in doc.tokens}  # a token starts where the entity ends


def test_split_at_boundaries_uses_the_retokenizer():
    nlp = build_nlp()
    doc = make_doc(nlp, ["京津冀", "协同"], 2018)
    split_at_boundaries(doc, {1, 2})
    assert [t.text for t in doc] == ["京", "津", "冀", "协同"]


def test_split_at_boundaries_keeps_the_token_spans_in_step():
    from extract.ner import token_spans

    nlp = build_nlp()
    doc = make_doc(nlp, ["全省", "2293个村", "完成"], 2012, [(0, 2), (2, 8), (8, 10)])
    split_at_boundaries(doc, {0, 2, 4, 7, 8})  # 0, 2 and 8 are edges already
    assert token_spans(doc) == [(0, 2), (2, 4), (4, 7), (7, 8), (8, 10)]
    assert token_spans(doc) == [(t.idx, t.idx + len(t)) for t in doc]


def test_nlp_called_on_a_text_folds_it_and_cuts_jieba_words():
    doc = build_nlp()("吉林省投入资金６.８亿元")
    assert [t.text for t in doc] == ["吉林省", "投入", "资金", "6.8", "亿元"]
    assert [(e.text, e.label_) for e in doc.ents] == [("吉林省", "GPE"), ("6.8亿元", "MONEY")]


def test_offsets_index_the_original_traditional_text():
    text = "遼寧省投入資金5億元。"
    (m,) = _by_label(text, "MONEY", 2014)
    assert (m.text, m.value) == ("5億元", Decimal("500000000"))
    assert text[m.start:m.end] == m.text


def test_vocab_computes_no_lexical_attributes():
    """No component reads them; a blank zh pipeline would compute like_num, shape … per new word."""
    import spacy

    assert spacy.blank("zh").vocab["三十"].like_num is True
    assert build_nlp().vocab["三十"].like_num is False
    doc = build_nlp()("共投入资金6.8亿元")
    assert [t.text for t in doc] == ["共", "投入", "资金", "6.8", "亿元"]
    assert [e.text for e in doc.ents] == ["6.8亿元"]


def test_report_year_from_title_else_first_paragraph():
    assert report_year("2013年吉林省扶贫开发\n正文") == 2013
    assert report_year("吉林省扶贫开发\n\n2012年,吉林省继续……2011年相比") == 2012
    assert report_year("无年份") is None


def test_chunks_cover_the_text_and_cut_at_line_breaks():
    text = ("一行文字。\n" * 50)
    bounds = chunk_bounds(text, size=40)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(text[e - 1] == "\n" for _, e in bounds)


def test_chunked_processing_gives_the_same_records(monkeypatch):
    import extract.pipeline as pl

    text = open("corpus/jilin-2012-poverty.txt", encoding="utf-8").read()
    whole = [(r.label, r.start, r.end) for r in process(text, is_text=True).records]
    monkeypatch.setattr(pl, "CHUNK_CHARS", 500)
    chunked = [(r.label, r.start, r.end) for r in process(text, is_text=True).records]
    assert chunked == whole


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "abc"])
def test_texts_without_entities_give_no_records(text):
    assert process(text, is_text=True, year=2012).records == []


def test_errors_survive_pickling_across_processes():
    import pickle

    from extract.errors import InputError, RuleError

    for err in (InputError("a.txt", "empty file"), RuleError("rules/x.yaml", "rule 'r' (line 3): bad pattern")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err) and back.cause == err.cause


def test_a_missing_file_name_is_an_error_not_text():
    from extract.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        process("missing-report.txt")
    assert [r.text for r in process("投入资金5亿元").records] == ["5亿元"]  # a plain str is text


def test_dateline_year_from_the_last_lines():
    from extract.pipeline import dateline_year

    assert dateline_year("关于做好扶贫工作的通知\r\n\r\n正文。\r\n2018年11月15日\r\n") == 2018
    assert dateline_year("标题\n正文2017年。\n") is None


def _stream_records(prep, ahead=None) -> list[str]:
    from extract.pipeline import stream

    return [r.model_dump_json() for recs, _, _ in stream(prep, ahead=ahead) for r in recs]


@pytest.mark.parametrize("chunk_chars", [None, 500], ids=["one chunk", "chunks"])
def test_work_ahead_gives_the_records_of_a_plain_run(monkeypatch, chunk_chars):
    """Rule matches found ahead (runner's _Ahead) stand in for the rule stage's, chunk by chunk."""
    import extract.pipeline as pl
    from extract.ingest import read_document
    from extract.rules import RuleSet

    if chunk_chars:
        monkeypatch.setattr(pl, "CHUNK_CHARS", chunk_chars)
    prep = pl.prepare(read_document("corpus/jilin-2012-poverty.txt"))
    plain = _stream_records(prep)
    ahead = pl.work_ahead(prep)
    assert len(ahead.chunks) == len(pl.chunk_bounds(prep.source.text, pl.CHUNK_CHARS))
    assert (len(ahead.chunks) > 4) == bool(chunk_chars)
    monkeypatch.setattr(RuleSet, "find", lambda *a, **k: pytest.fail("the rule stage ran again"))
    assert _stream_records(prep, ahead) == plain and len(plain) > 100


def test_work_ahead_of_other_rules_is_ignored():
    import extract.pipeline as pl
    from extract.ingest import read_document

    prep = pl.prepare(read_document("corpus/jilin-2012-poverty.txt"))
    real = pl.work_ahead(prep)
    stale = pl.Ahead("another rule set", [[(0, 0, 1)]])
    assert _stream_records(prep, stale) == _stream_records(prep) == _stream_records(prep, real)
