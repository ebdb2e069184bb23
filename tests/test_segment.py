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
