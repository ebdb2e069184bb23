"""Properties of the pipeline over generated text (hypothesis).

- Any ``str`` of Unicode characters (control characters included; a lone surrogate,
  not a character, is folded to U+FFFD: see the test below) goes through
  ``process(text, is_text=True)`` without an exception, and the records' offsets
  are valid (``text[start:end] == record.text``), sorted and non-overlapping.
- The same text in full-width form, as GB18030 bytes, or as UTF-8 with a BOM gives
  the same records (label, span and normalized values).

Examples are small and few: the pipeline's one-time start-up (~2 s) is paid by the
module fixture, then each example takes milliseconds.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extract.errors import InputError
from extract.ingest import Source, decode
from extract.pipeline import process

#: Characters yearbook text is made of, so that rules actually fire: numbers and
#: magnitudes, units, places, dates, document numbers, punctuation of both widths,
#: Traditional forms, line breaks of both kinds.
YEARBOOK = (
    "吉林省通榆县白城地区北京市朝阳区中国扶贫开发资金投入贫困人口村镇乡国务院办财政专项"
    "亿万千百十元个人户项篇次名家所座批期年月日底初末上半季度共计约近达超过以上以下左右多余"
    "比增长下降提高百分点倍发改规划〔〕［］【】号令第《》〈〉（）()、，。；：“”—–-~～.%％·"
    "0123456789０１２３４５６７８９一二三四五六七八九十两〇○零"
    "億萬個縣發劃財專貧區濟"
    "ICPabcABC+ \u3000\n\r\t"
)

chinese = st.text(alphabet=st.sampled_from(YEARBOOK), max_size=60)
anything = st.text(st.characters(blacklist_categories=()), max_size=40)  # lone surrogates too
#: ... what bytes can hold: no lone surrogate (UTF-8 cannot encode one).
encodable = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
controls = st.text(alphabet=st.sampled_from(YEARBOOK) | st.characters(max_codepoint=0x9F), max_size=30)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FULLWIDTH = {cp: cp + 0xFEE0 for cp in range(0x21, 0x7F)}
#: Normalized fields compared across forms. The fields "as written" (unit of a count,
#: issuer, doc_no, subject) keep the form of the text and are left out.
VALUE_FIELDS = ("value", "low", "high", "qualifier", "currency", "mod", "year", "serial",
                "name", "adcode", "level", "section", "sentence", "part_of", "each")


@pytest.fixture(scope="module", autouse=True)
def warm():
    process("吉林省投入资金6.8亿元。", is_text=True)


def check_offsets(text: str, records) -> None:
    end = 0
    for r in records:
        assert 0 <= r.start < r.end <= len(text), (r.start, r.end)
        assert text[r.start:r.end] == r.text
        assert r.start >= end, "records overlap or are out of order"
        end = r.end


def facts(records) -> list[tuple]:
    return [(r.label, r.start, r.end) + tuple(str(getattr(r, f, None)) for f in VALUE_FIELDS) for r in records]


@SETTINGS
@given(st.one_of(chinese, anything, controls))
def test_any_text_is_processed_with_valid_offsets(text):
    doc = process(text, is_text=True)
    assert doc.text == text
    check_offsets(text, doc.records)


def test_lone_surrogate_in_a_str_is_folded_away_and_offsets_still_index_the_text():
    # only a str can hold one (no decoded file does); the folded copy has U+FFFD there
    text = "吉林省\ud800投入资金6.8亿元。"
    records = process(text, is_text=True).records
    check_offsets(text, records)
    assert [(r.label, r.text, r.start) for r in records] == [("GPE", "吉林省", 0), ("MONEY", "6.8亿元", 8)]


@SETTINGS
@given(chinese)
def test_fullwidth_form_gives_the_same_records(text):
    wide = text.translate(FULLWIDTH)
    assert len(wide) == len(text)
    a, b = process(text, is_text=True), process(wide, is_text=True)
    check_offsets(wide, b.records)
    assert facts(b.records) == facts(a.records)


#: Text with at least a short phrase of Han characters. Detection needs something to
#: go on: a few bytes are as good Big5 as GB18030 (GB18030 "–" is Big5 "每").
phrase = st.tuples(chinese, st.text(alphabet=st.sampled_from(YEARBOOK[:120]), min_size=8, max_size=20),
                   chinese).map("".join)


@SETTINGS
@given(phrase)
def test_gb18030_bytes_give_the_same_text_and_records(text):
    got, encoding = decode(text.encode("gb18030"))
    assert got == text, encoding
    assert facts(process(Source(None, got, encoding, "text/plain")).records) == facts(process(text, is_text=True).records)


def outcome(data: bytes):
    try:
        return decode(data)
    except InputError as err:
        return err.cause


@SETTINGS
@given(st.one_of(chinese, encodable))
def test_bom_gives_the_same_text_and_records(text):
    plain, bom = outcome(text.encode("utf-8")), outcome(codecs.BOM_UTF8 + text.encode("utf-8"))
    if isinstance(plain, str):  # the text is no document (empty, blank, binary): nor with a BOM
        assert bom == plain
        return
    assume(plain[1] == "utf-8")  # not read as BOM-less UTF-16 (control-heavy text)
    assert bom == (text, "utf-8-sig")
    assert facts(process(Source(None, bom[0], bom[1], "text/plain")).records) == facts(process(text, is_text=True).records)
