"""DOC_NO and LAW spans and fields (guide section 3 "DOC_NO", "LAW"), and the citations view.

Expected fields are written out by hand.
"""

from __future__ import annotations

from extract.citations import citations
from extract.pipeline import process


def _recs(text: str, label: str):
    return [r for r in process(text, is_text=True, year=2012).records if r.label == label]


def _docnos(text: str):
    return [(r.text, r.start, r.end, r.issuer, r.year, r.serial) for r in _recs(text, "DOC_NO")]


def _laws(text: str):
    return [(r.text, r.start, r.end, r.doc_no) for r in _recs(text, "LAW")]


# --- DOC_NO ----------------------------------------------------------------

def test_docno_hexagonal_brackets():
    assert _docnos("(吉发〔2012〕4号)") == [("吉发〔2012〕4号", 1, 11, "吉发", 2012, 4)]


def test_docno_long_issuer():
    assert _docnos("(吉发改规划〔2011〕1695号)和") == [("吉发改规划〔2011〕1695号", 1, 17, "吉发改规划", 2011, 1695)]


def test_docno_issuer_after_a_verb():
    assert _docnos("印发国办发[2013]25号文件") == [("国办发[2013]25号", 2, 14, "国办发", 2013, 25)]
    assert _docnos("全省下发了吉发〔2012〕4号文件") == [("吉发〔2012〕4号", 5, 15, "吉发", 2012, 4)]


def test_docno_other_brackets():
    assert _docnos("(国发(2011)10号)") == [("国发(2011)10号", 1, 12, "国发", 2011, 10)]
    assert _docnos("吉政办发【2013】5号") == [("吉政办发【2013】5号", 0, 12, "吉政办发", 2013, 5)]
    assert _docnos("见国发﹝2015﹞7号") == [("国发﹝2015﹞7号", 1, 11, "国发", 2015, 7)]
    assert _docnos("见国发［2015］7号") == [("国发［2015］7号", 1, 11, "国发", 2015, 7)]
    assert _docnos("见国发（2015）7号") == [("国发（2015）7号", 1, 11, "国发", 2015, 7)]


def test_docno_fullwidth_digits():
    assert _docnos("见国发〔２０１５〕７号") == [("国发〔２０１５〕７号", 1, 11, "国发", 2015, 7)]


def test_docno_traditional_issuer_kept_as_written():
    assert _docnos("依據國函〔2014〕12號") == [("國函〔2014〕12號", 2, 13, "國函", 2014, 12)]


def test_docno_issuer_with_letters_and_digits():
    assert _docnos("(XJ2发〔2016〕3号)") == [("XJ2发〔2016〕3号", 1, 13, "XJ2发", 2016, 3)]


def test_docno_mismatched_bracket():
    assert _docnos("(吉发(2012〕4号)") == [("吉发(2012〕4号", 1, 11, "吉发", 2012, 4)]


def test_docno_lost_closing_bracket():
    assert _docnos("(财农〔2011412号)") == [("财农〔2011412号", 1, 12, "财农", 2011, 412)]
    assert _docnos("(莆城农扶〔20176号)") == [("莆城农扶〔20176号", 1, 12, "莆城农扶", 2017, 6)]


def test_docno_both_brackets_lost():
    assert _docnos("根据中办发201325号") == [("中办发201325号", 2, 12, "中办发", 2013, 25)]


def test_docno_order_number():
    assert _docnos("(国务院令第588号)") == [("国务院令第588号", 1, 10, "国务院令", None, 588)]
    assert _docnos("中华人民共和国国务院令第588号") == [("中华人民共和国国务院令第588号", 0, 16, "中华人民共和国国务院令", None, 588)]


def test_docno_is_not_an_icp_court_or_standard_number():
    for text in ["京ICP备2020039194号-2", "(2019)京01民初123号", "(2024)吉01民初123号", "按照GB/T 9704-2012",
                 "地址:北京朝阳区太阳宫北街1号"]:
        assert _docnos(text) == [], text


def test_docno_year_is_not_a_date():
    assert _recs("根据吉发〔2012〕4号文件", "DATE") == []


# --- LAW -------------------------------------------------------------------

def test_law_title_and_doc_no_in_parentheses():
    text = "印发了《吉林省扶贫开发资金管理办法》(吉财农[2013]118号)。"
    assert _laws(text) == [("吉林省扶贫开发资金管理办法", 4, 17, "吉财农[2013]118号")]
    assert _docnos(text) == [("吉财农[2013]118号", 19, 32, "吉财农", 2013, 118)]


def test_law_first_of_several_numbers():
    text = "《甲办法》(财农〔2021〕22号、陕财办农〔2021〕38号)"
    assert _laws(text) == [("甲办法", 1, 4, "财农〔2021〕22号")]


def test_law_doc_no_only_directly_after():
    assert _laws("《甲办法》精神(财农〔2021〕22号)") == [("甲办法", 1, 4, None)]


def test_law_nested_marks_kept_inside():
    text = "《<吉林省贯彻落实《中国农村扶贫开发纲要(2011—2020年)》实施意见>重要政策措施分工方案》"
    assert _laws(text) == [(text[1:-1], 1, len(text) - 1, None)]
    assert _laws("《关于印发〈实施细则〉的通知》") == [("关于印发〈实施细则〉的通知", 1, 14, None)]


def test_law_two_titles_back_to_back():
    assert _laws("《甲办法》《乙规定》") == [("甲办法", 1, 4, None), ("乙规定", 6, 9, None)]


def test_law_cut_off_by_end_of_text():
    assert _laws("印发了《关于印发<过渡期") == [("关于印发<过渡期", 4, 12, None)]


def test_law_title_owns_what_is_inside():
    text = "《吉林省农村扶贫开发“十二五”规划(2011—2015年)》"
    labels = [r.label for r in process(text, is_text=True, year=2012).records]
    assert labels == ["LAW"]


# --- citations view --------------------------------------------------------

def test_citations_group_title_and_number_mentions():
    text = ("印发《甲办法》(吉发〔2012〕4号)。根据吉发[2012]4号文件,"
            "落实《乙规定》。再次学习《乙规定》。")
    recs = process(text, is_text=True, year=2012).records
    out = citations(recs)
    assert out == [
        {"title": "甲办法", "number": "吉发〔2012〕4号", "issuer": "吉发", "year": 2012, "serial": 4,
         "mentions": [{"label": "LAW", "start": 3, "end": 6}, {"label": "DOC_NO", "start": 8, "end": 18},
                      {"label": "DOC_NO", "start": 22, "end": 32}]},
        {"title": "乙规定", "number": None, "issuer": None, "year": None, "serial": None,
         "mentions": [{"label": "LAW", "start": 38, "end": 41}, {"label": "LAW", "start": 48, "end": 51}]},
    ]


def test_citations_number_alone_and_title_met_before_its_number():
    text = "学习《甲办法》。根据国发〔2011〕10号。《甲办法》(财农〔2011〕412号)"
    out = citations(process(text, is_text=True, year=2012).records)
    assert [(c["title"], c["number"], [m["start"] for m in c["mentions"]]) for c in out] == [
        ("甲办法", "财农〔2011〕412号", [3, 23, 28]),
        (None, "国发〔2011〕10号", [10]),
    ]


def test_citations_accept_dicts_and_ignore_other_labels():
    recs = [{"label": "MONEY", "text": "6.8亿元", "start": 0, "end": 5},
            {"label": "DOC_NO", "text": "吉发〔2012〕4号", "start": 9, "end": 19, "issuer": "吉发", "year": 2012, "serial": 4}]
    assert citations(recs) == [{"title": None, "number": "吉发〔2012〕4号", "issuer": "吉发", "year": 2012,
                                "serial": 4, "mentions": [{"label": "DOC_NO", "start": 9, "end": 19}]}]
    assert citations([]) == []
