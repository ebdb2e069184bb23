"""Segmentation: sections, sentences and words as offsets (guide section 5)."""

from extract.segment import Locator, find_sections, find_sentences, words

DOC = "吉林省扶贫开发\n\n  【概述】 2012年,投入资金。共计3亿元!\n【资金投入】 其中国家5.7亿元。\n"


def test_sections_start_at_headings_and_title_has_none():
    secs = find_sections(DOC)
    assert [(s.title, DOC[s.start]) for s in secs] == [("概述", "【"), ("资金投入", "【")]
    assert secs[0].end == secs[1].start and secs[1].end == len(DOC)
    loc = Locator(secs, find_sentences(DOC))
    assert loc.section(0) is None
    assert loc.section(DOC.index("5.7")).title == "资金投入"


def test_doc_number_bracket_is_not_a_heading():
    assert find_sections("见吉政办发【2013】5号文件\n") == []


def test_sentences_end_at_stops_and_line_breaks_blank_ones_not_counted():
    sents = find_sentences(DOC)
    assert [DOC[s.start:s.end] for s in sents] == [
        "吉林省扶贫开发", "【概述】 2012年,投入资金。", "共计3亿元!", "【资金投入】 其中国家5.7亿元。"]
    assert [s.index for s in sents] == [0, 1, 2, 3]


def test_crlf_line_endings_split_sentences_and_keep_offsets():
    text = "第一句\r\n第二句。"
    assert [text[s.start:s.end] for s in find_sentences(text)] == ["第一句", "第二句。"]


def test_words_cover_the_text_exactly():
    spans = words(DOC)
    assert spans[0][0] == 0 and spans[-1][1] == len(DOC)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert DOC[spans[0][0]:spans[0][1]] == "吉林省"


def test_word_tags_from_jiebas_dictionary_even_without_a_writable_cache(tmp_path, monkeypatch):
    from extract.segment import WordTags

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(blocker / "cache"))
    tags = WordTags()
    assert (tags.get("推进"), tags.get("资金"), tags.get("不是一个词吧")) == ("v", "n", None)
    assert list(tmp_path.iterdir()) == [blocker]


def test_a_damaged_word_table_is_built_again(tmp_path, monkeypatch):
    import os

    from extract.segment import WordTags, jieba_dict_path

    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    st = os.stat(jieba_dict_path())
    db = tmp_path / f"jieba-dict-{st.st_size}-{int(st.st_mtime)}.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    tags = WordTags()
    assert (tags.get("推进"), tags.freq("资金") > 0) == ("v", True)
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"  # rebuilt in place, for the next run


# ---- cut: jieba's words computed by jieba-rs, checked against jieba itself

import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.segment import cut

REFERENCE = pathlib.Path(__file__).resolve().parents[1] / "corpus" / "jilin-2012-poverty.txt"


@pytest.fixture(scope="module")
def jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@pytest.mark.parametrize("text,expected", [
    ("吉林省2011-2015年", ["吉林省", "2011", "-", "2015", "年"]),   # jieba's HMM stage cuts at '-'
    ("见www.gov.cn", ["见", "www", ".", "gov", ".", "cn"]),
    ("6.8%和PM2.5", ["6.8%", "和", "PM2.5"]),                        # a decimal and a percent stay whole
    ("学习C++", ["学习", "C++"]),                                      # a dictionary word stays whole
    ("我㐀们", ["我", "㐀", "们"]),                                     # outside jieba's Han range: alone
])
def test_cut_gives_jiebas_words_where_jieba_rs_differs(text, expected, jieba):
    assert cut(text) == expected == jieba.lcut(text)


_CHARS = st.sampled_from(list("吉林省扶贫开发资金亿元万村镇县共投入其中国家增长比年月日个户人")
                         + list("abcXYZ0123456789.-_%+#&@ \t\r\n\x0b\u2028,。、　《》〔〕()/:;—·㐀鿖豈０１ＡＢ．－％éü😀"))


@settings(max_examples=400, deadline=None)
@given(text=st.text(_CHARS, max_size=30), hmm=st.booleans())
def test_cut_equals_jieba_lcut_on_any_text(text, hmm, jieba):
    assert cut(text, hmm=hmm) == jieba.lcut(text, HMM=hmm)


def test_cut_equals_jieba_lcut_on_the_reference_document(jieba):
    text = REFERENCE.read_text(encoding="utf-8")
    assert cut(text) == jieba.lcut(text)
    assert [text[s:e] for s, e in words(text)] == jieba.lcut(text)


def test_word_frequencies_from_jiebas_dictionary():
    from extract.segment import word_freq

    assert word_freq("农村") > 300 and word_freq("不是一个词吧") == 0


def test_a_forked_child_opens_its_own_word_table():
    import os

    from extract.segment import word_freq, word_tags

    assert word_freq("农村") > 0 and word_tags.cache_info().currsize == 1
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports whether it inherited the parent's connection
        os.write(write, b"%d %d" % (word_tags.cache_info().currsize, word_freq("农村") > 0))
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 16) == b"0 1"
