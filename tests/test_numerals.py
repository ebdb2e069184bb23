"""Tests for extract.numerals: exact values of Chinese and Arabic number expressions.

Every expected value is written out by hand. The cases of
/work/shared/cases/number-and-place-cases.jsonl that concern number values are
copied here as literals (case ids in the test names). Property tests compare
the Arabic, full-width and Chinese-numeral spellings of the same value, the
Chinese spelling coming from a small writer in this file (independent of the
parser), and cross-check integers against cn2an.
"""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.numerals import (
    CHINESE_DIGITS,
    CHINESE_MAGNITUDES,
    CHINESE_UNITS_SMALL,
    format_decimal,
    parse_approximate,
    parse_digit_sequence,
    parse_fraction_percent,
    parse_number,
)

D = Decimal


# ---------------------------------------------------------------------------
# parse_number: Arabic
# ---------------------------------------------------------------------------


def test_arabic_integer():
    assert parse_number("2300") == D("2300")


def test_arabic_decimal():
    assert parse_number("90.5") == D("90.5")


def test_fullwidth_digits():
    assert parse_number("２０１２") == D("2012")


def test_fullwidth_decimal_point():
    assert parse_number("１３３．７３") == D("133.73")


def test_ascii_thousands_separator():
    assert parse_number("9,650") == D("9650")


def test_fullwidth_thousands_separator():
    assert parse_number("1，234，567") == D("1234567")


def test_space_group_separator():
    assert parse_number("5 575") == D("5575")


def test_thin_space_group_separator():
    assert parse_number("1\u2009234\u2009567") == D("1234567")


def test_narrow_nbsp_and_ideographic_space_separators():
    assert parse_number("12\u202f345") == D("12345")
    assert parse_number("12\u3000345") == D("12345")


def test_grouped_with_decimal():
    assert parse_number("1,234.56") == D("1234.56")


def test_surrounding_whitespace_ignored():
    assert parse_number(" 42 ") == D("42")


def test_negative_arabic():
    assert parse_number("-3.5") == D("-3.5")
    assert parse_number("－3.5") == D("-3.5")


# ---------------------------------------------------------------------------
# parse_number: Chinese numerals
# ---------------------------------------------------------------------------


def test_twelve():
    assert parse_number("十二") == D("12")


def test_twenty():
    assert parse_number("二十") == D("20")


def test_ten_alone_and_yi_shi():
    assert parse_number("十") == D("10")
    assert parse_number("一十二") == D("12")


def test_zero_gap_hundred_and_five():
    assert parse_number("一百零五") == D("105")


def test_zero_gap_one_thousand_ten():
    assert parse_number("一千零一十") == D("1010")
    assert parse_number("一千零十") == D("1010")


def test_ideographic_zero_in_gap():
    assert parse_number("一百〇五") == D("105")
    assert parse_number("一百○五") == D("105")


def test_bare_qian_is_thousand():
    assert parse_number("千") == D("1000")


def test_bare_bai_wan_is_million():
    assert parse_number("百万") == D("1000000")


def test_qian_wan():
    assert parse_number("千万") == D("10000000")


def test_zero_alone():
    assert parse_number("零") == D("0")
    assert parse_number("〇") == D("0")


def test_liang_as_coefficient():
    assert parse_number("两千") == D("2000")
    assert parse_number("两") == D("2")
    assert parse_number("两万") == D("20000")


def test_abbreviated_last_place():
    assert parse_number("一百五") == D("150")
    assert parse_number("一千五") == D("1500")
    assert parse_number("一万五") == D("15000")
    assert parse_number("三万五") == D("35000")
    assert parse_number("一千两") == D("1200")


def test_zero_blocks_abbreviation():
    assert parse_number("一万零五") == D("10005")


def test_wan_sections():
    assert parse_number("十万八千") == D("108000")
    assert parse_number("三万零五百") == D("30500")
    assert parse_number("一万二千三百四十五") == D("12345")


def test_yi_with_wan_below():
    assert parse_number("一亿二千万") == D("120000000")
    assert parse_number("一亿零五万") == D("100050000")


def test_nested_magnitude_yi_over_wan():
    assert parse_number("一万五千亿") == D("1500000000000")


def test_wan_yi():
    assert parse_number("一万亿") == D("1000000000000")


def test_traditional_liang_wan_yi():
    assert parse_number("兩萬") == D("20000")
    assert parse_number("三億") == D("300000000")


def test_financial_numerals():
    assert parse_number("壹佰零伍") == D("105")
    assert parse_number("贰仟叁佰肆拾伍") == D("2345")
    assert parse_number("陆萬柒仟") == D("67000")


def test_financial_traditional_variants():
    assert parse_number("貳拾") == D("20")
    assert parse_number("參佰") == D("300")
    assert parse_number("陸仟") == D("6000")


def test_negative_chinese():
    assert parse_number("负三") == D("-3")


# ---------------------------------------------------------------------------
# parse_number: Chinese decimals and mixed forms
# ---------------------------------------------------------------------------


def test_chinese_decimal():
    assert parse_number("一点五七") == D("1.57")


def test_chinese_decimal_traditional_point():
    assert parse_number("一點五") == D("1.5")


def test_chinese_decimal_with_wan():
    assert parse_number("三十二点二万") == D("322000")


def test_chinese_decimal_zero_integer_part():
    assert parse_number("零点零五") == D("0.05")


def test_chinese_decimal_with_wan_yi():
    assert parse_number("一点五万亿") == D("1500000000000")


def test_arabic_with_wan():
    assert parse_number("1.5万") == D("15000")


def test_arabic_wan_then_qian():
    assert parse_number("3万5千") == D("35000")


def test_arabic_with_yi():
    assert parse_number("6.8亿") == D("680000000")


def test_arabic_yi_exact_not_float():
    assert parse_number("1.07亿") == D("107000000")
    assert str(parse_number("1.07亿")) == "107000000"


def test_arabic_grouped_with_wan():
    assert parse_number("9,650万") == D("96500000")


def test_arabic_space_grouped_with_wan():
    assert parse_number("5 575万") == D("55750000")


def test_fullwidth_with_wan():
    assert parse_number("１．５万") == D("15000")


def test_large_arabic_coefficient_of_wan():
    assert parse_number("12345万") == D("123450000")


def test_arabic_wan_yi():
    assert parse_number("1.5万亿") == D("1500000000000")


def test_arabic_qian_wan():
    assert parse_number("3千万") == D("30000000")


def test_arabic_with_qian_and_bai():
    assert parse_number("2千5百") == D("2500")


def test_yi_then_arabic_wan():
    assert parse_number("12亿5000万") == D("1250000000")


def test_result_is_canonical():
    value = parse_number("6.8亿")
    assert str(value) == "680000000"
    assert value.as_tuple().exponent == 0
    assert str(parse_number("1.50")) == "1.5"


# ---------------------------------------------------------------------------
# parse_number: cases from number-and-place-cases.jsonl
# ---------------------------------------------------------------------------


def test_case_001_many_fractional_digits_before_yi():
    assert parse_number("47.264287亿") == D("4726428700")


def test_case_003_decimal_yi():
    assert parse_number("10.56亿") == D("1056000000")


def test_case_005_nested_magnitudes():
    assert parse_number("一万五千亿") == D("1500000000000")


def test_case_007_two_magnitude_pieces():
    assert parse_number("25万6千") == D("256000")


def test_case_009_liang_san_is_not_23():
    with pytest.raises(ValueError):
        parse_number("两三")
    assert parse_approximate("两三") == (D("2"), D("3"))


def test_case_011_qian_of_qianwa_is_not_a_magnitude():
    assert parse_number("三百") == D("300")
    with pytest.raises(ValueError):
        parse_number("三百千")


def test_case_013_percent_chinese_decimal_exact():
    value = parse_fraction_percent("百分之一点五七")
    assert value == D("1.57")
    assert str(value) == "1.57"


def test_case_015_digit_by_digit_year():
    assert parse_digit_sequence("二〇一二") == 2012


def test_case_017_plan_names_are_not_numbers():
    with pytest.raises(ValueError):
        parse_number("十三五")
    with pytest.raises(ValueError):
        parse_number("十四五")


def test_case_021_doc_no_digits():
    assert parse_digit_sequence("2013") == 2013
    assert parse_number("118") == D("118")


@pytest.mark.parametrize("word", ["两会", "统一", "零售"])
def test_case_023_numeral_characters_inside_words(word):
    with pytest.raises(ValueError):
        parse_number(word)


# ---------------------------------------------------------------------------
# parse_number: rejections
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "万",
        "亿",
        "亿万",
        "一万万",
        "两三",
        "一二",
        "二〇一二",
        "abc",
        "两个",
        "三百千",
        "3万5",
        "2万3456",
        "十两",
        "一百零两",
        "两点五",
        "点五",
        "一点",
        "一万零",
        "一百零零五",
        "十零五",
        "零万",
        "一点五点六",
        "1点5",
        "5.",
        ".5",
        "1,23",
        "1,2345",
        "1,234，567",
        "6.8 亿",
        "5 57",
        "3000—5000",
        "-",
        "一百百",
        "十百",
        "1.5万3千",
        "一" * 101,
    ],
)
def test_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_error_message_names_the_input():
    with pytest.raises(ValueError, match="'两三'"):
        parse_number("两三")


def test_non_string_is_type_error():
    with pytest.raises(TypeError):
        parse_number(12)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# parse_digit_sequence
# ---------------------------------------------------------------------------


def test_digit_sequence_ideographic_zero():
    assert parse_digit_sequence("二〇一二") == 2012


def test_digit_sequence_white_circle_zero():
    assert parse_digit_sequence("二○一二") == 2012


def test_digit_sequence_ling():
    assert parse_digit_sequence("二零一二") == 2012


def test_digit_sequence_nineties():
    assert parse_digit_sequence("一九九八") == 1998


def test_digit_sequence_arabic_and_fullwidth():
    assert parse_digit_sequence("2012") == 2012
    assert parse_digit_sequence("２０１２") == 2012


def test_digit_sequence_ocr_mix():
    assert parse_digit_sequence("二0一二") == 2012


@pytest.mark.parametrize("text", ["", "二〇一二年", "一九九十", "两〇一二", "20.12", "-2012", "二 〇"])
def test_digit_sequence_rejects(text):
    with pytest.raises(ValueError):
        parse_digit_sequence(text)


# ---------------------------------------------------------------------------
# parse_approximate
# ---------------------------------------------------------------------------


def test_approx_liang_san():
    assert parse_approximate("两三") == (D("2"), D("3"))


def test_approx_yi_liang():
    assert parse_approximate("一两") == (D("1"), D("2"))


def test_approx_liu_qi_bai():
    assert parse_approximate("六七百") == (D("600"), D("700"))


def test_approx_wu_liu_bai():
    assert parse_approximate("五六百") == (D("500"), D("600"))


def test_approx_san_si_shi():
    assert parse_approximate("三四十") == (D("30"), D("40"))


def test_approx_shi_san_si():
    assert parse_approximate("十三四") == (D("13"), D("14"))


def test_approx_qi_ba_qian():
    assert parse_approximate("七八千") == (D("7000"), D("8000"))


def test_approx_er_san_shi_wan():
    assert parse_approximate("二三十万") == (D("200000"), D("300000"))


def test_approx_inner_place():
    assert parse_approximate("一百五六十") == (D("150"), D("160"))
    assert parse_approximate("三万四五千") == (D("34000"), D("35000"))


@pytest.mark.parametrize("text", ["", "三", "六百", "三五", "一二三", "九十", "三四点五", "两三个", "3四"])
def test_approx_rejects(text):
    with pytest.raises(ValueError):
        parse_approximate(text)


# ---------------------------------------------------------------------------
# parse_fraction_percent
# ---------------------------------------------------------------------------


def test_percent_chinese_decimal():
    assert parse_fraction_percent("百分之一点五七") == D("1.57")


def test_percent_fifteen():
    assert parse_fraction_percent("百分之十五") == D("15")


def test_percent_fifty():
    assert parse_fraction_percent("百分之五十") == D("50")


def test_percent_tenth():
    assert parse_fraction_percent("十分之一") == D("10")


def test_percent_per_mille():
    assert parse_fraction_percent("千分之五") == D("0.5")


def test_percent_per_ten_thousand():
    assert parse_fraction_percent("万分之三") == D("0.03")


def test_percent_quarter():
    assert parse_fraction_percent("四分之一") == D("25")


def test_percent_arabic_numerator():
    assert parse_fraction_percent("百分之15") == D("15")


def test_percent_hundred():
    assert parse_fraction_percent("百分之一百") == D("100")


@pytest.mark.parametrize(
    "text", ["", "15%", "百分", "分之五", "三分之一", "百分之", "百分之两三", "零分之一", "百分之负五", "点五分之一"]
)
def test_percent_rejects(text):
    with pytest.raises(ValueError):
        parse_fraction_percent(text)


# ---------------------------------------------------------------------------
# format_decimal
# ---------------------------------------------------------------------------


def test_format_exponent_form():
    assert format_decimal(D("6.8E+8")) == "680000000"


def test_format_trailing_zeros():
    assert format_decimal(D("32.20")) == "32.2"
    assert format_decimal(D("90.50")) == "90.5"
    assert format_decimal(D("0.50")) == "0.5"


def test_format_integer_with_fraction_zeros():
    assert format_decimal(D("15000.0")) == "15000"


def test_format_positive_exponent():
    assert format_decimal(D("2.3E+3")) == "2300"


def test_format_negative_zero():
    assert format_decimal(D("-0")) == "0"
    assert format_decimal(D("-0.00")) == "0"
    assert format_decimal(D("0E+5")) == "0"


def test_format_small():
    assert format_decimal(D("1E-7")) == "0.0000001"


def test_format_negative():
    assert format_decimal(D("-1.50")) == "-1.5"


def test_format_rejects_float_and_nan():
    with pytest.raises(TypeError):
        format_decimal(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_decimal(D("NaN"))
    with pytest.raises(ValueError):
        format_decimal(D("Infinity"))


# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------


def test_constants_cover_the_grammar():
    for c in "〇○零一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖":
        assert c in CHINESE_DIGITS
    assert set(CHINESE_UNITS_SMALL) == set("十百千拾佰仟")
    assert set(CHINESE_MAGNITUDES) == set("万萬亿億")
    assert "幺" not in CHINESE_DIGITS


def test_regex_built_from_constants_matches_what_parses():
    rx = re.compile(f"[{CHINESE_DIGITS}{CHINESE_UNITS_SMALL}{CHINESE_MAGNITUDES}]+")
    for text in ["一万五千亿", "壹佰零伍", "兩萬", "三十二"]:
        assert rx.fullmatch(text)
        parse_number(text)


# ---------------------------------------------------------------------------
# Property tests: an independent writer of Chinese numerals
# ---------------------------------------------------------------------------

_CN = "零一二三四五六七八九"
_FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _write_section(n: int) -> str:
    """1..9999 in Chinese, 零 for inner gaps, 一十 for the tens (standard written form)."""
    out = []
    pending_zero = False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_CN[d] + unit)
    return "".join(out)


def _write_chinese(n: int, short_ten: bool = True) -> str:
    """Non-negative int in Chinese numerals, 亿 above 万 (一万五千亿 for 1.5e12)."""
    if n == 0:
        return "零"
    if n >= 10**8:
        hi, lo = divmod(n, 10**8)
        s = _write_chinese(hi, short_ten=False) + "亿"
        if lo:
            s += ("零" if lo < 10**7 else "") + _write_chinese(lo, short_ten=False)
    elif n >= 10**4:
        hi, lo = divmod(n, 10**4)
        s = _write_section(hi) + "万"
        if lo:
            s += ("零" if lo < 1000 else "") + _write_section(lo)
    else:
        s = _write_section(n)
    if short_ten and s.startswith("一十"):
        s = s[1:]  # 十二 rather than 一十二 at the very start
    return s


def _write_chinese_decimal(d: Decimal) -> str:
    whole = int(d)
    frac = format_decimal(d).partition(".")[2]
    s = _write_chinese(whole)
    if frac:
        s += "点" + "".join(_CN[int(c)] for c in frac)
    return s


def test_writer_sanity():
    assert _write_chinese(105) == "一百零五"
    assert _write_chinese(1500000000000) == "一万五千亿"
    assert _write_chinese(100010) == "十万零一十"
    assert _write_chinese(12) == "十二"
    assert _write_chinese_decimal(D("1.57")) == "一点五七"


integers = st.integers(min_value=0, max_value=10**12)
decimals = st.one_of(
    st.decimals(min_value=0, max_value=10**4, places=4, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(integers)
def test_property_integer_spellings_agree(n):
    expected = D(n)
    assert parse_number(str(n)) == expected
    assert parse_number(str(n).translate(_FULLWIDTH)) == expected
    assert parse_number(f"{n:,}") == expected
    assert parse_number(f"{n:,}".replace(",", "\u2009")) == expected
    assert parse_number(_write_chinese(n)) == expected
    assert parse_number(_write_chinese(n, short_ten=False)) == expected
    assert parse_number(_write_chinese(n).translate(_FINANCIAL)) == expected
    assert parse_number(_write_chinese(n).replace("万", "萬").replace("亿", "億")) == expected


@settings(max_examples=400, deadline=None)
@given(decimals)
def test_property_decimal_spellings_agree(x):
    text = format_decimal(x)
    assert parse_number(text) == x
    assert parse_number(text.translate(_FULLWIDTH)) == x
    assert parse_number(_write_chinese_decimal(x)) == x


@settings(max_examples=300, deadline=None)
@given(decimals)
def test_property_magnitude_suffix_multiplies(x):
    wan = D(10) ** 4
    yi = D(10) ** 8
    assert parse_number(format_decimal(x) + "万") == x * wan
    assert parse_number(format_decimal(x) + "亿") == x * yi
    # In Chinese the multiplier of 万 is one section (< 10^4); that of 亿 may hold 万.
    if 0 < x < 10**4:
        assert parse_number(_write_chinese_decimal(x) + "万") == x * wan
    if 0 < x < 10**8:
        assert parse_number(_write_chinese_decimal(x) + "亿") == x * yi


@settings(max_examples=300, deadline=None)
@given(decimals)
def test_property_result_is_canonical(x):
    value = parse_number(format_decimal(x))
    assert str(value) == format_decimal(value)
    assert D(format_decimal(value)) == value


@settings(max_examples=300, deadline=None)
@given(integers)
def test_property_cn2an_cross_check(n):
    chinese = _write_chinese(n)
    theirs = cn2an.cn2an(chinese, "strict")
    if isinstance(theirs, int):
        assert parse_number(chinese) == D(theirs)
    assert parse_number(cn2an.an2cn(n)) == D(n)


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9))
def test_property_wan_pieces(hi, thousands):
    # 25万6千 style: two magnitude pieces with Arabic coefficients
    assert parse_number(f"{hi}万{thousands}千") == D(hi * 10**4 + thousands * 1000)


@pytest.mark.parametrize("d", range(1, 9))
@pytest.mark.parametrize("suffix,mult", [("", 1), ("十", 10), ("百", 100), ("千", 1000), ("万", 10**4), ("十万", 10**5)])
def test_property_approx_all_pairs(d, suffix, mult):
    text = _CN[d] + _CN[d + 1] + suffix
    assert parse_approximate(text) == (D(d * mult), D((d + 1) * mult))


@given(st.integers(min_value=0, max_value=9999))
def test_property_digit_sequence(n):
    text = "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
    assert parse_digit_sequence(text) == n
