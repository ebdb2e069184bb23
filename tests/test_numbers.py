"""MONEY, CARDINAL, QUANTITY and PERCENT through the whole pipeline (guide sections 3, 4, 6).

Every expected value is written out by hand. ``_one`` runs a text and returns the
records of one label as ``(text, start, end, fields)``.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from extract.pipeline import process

D = Decimal


def _recs(text: str, label: str, year: int = 2012):
    return [r for r in process(text, is_text=True, year=year).records if r.label == label]


def _one(text: str, label: str, year: int = 2012):
    recs = _recs(text, label, year)
    assert len(recs) == 1, [(r.label, r.text) for r in process(text, is_text=True, year=year).records]
    return recs[0]


# --- MONEY -----------------------------------------------------------------

def test_money_yi_yuan_exact():
    r = _one("共投入资金6.8亿元。", "MONEY")
    assert (r.text, r.start, r.end, r.value, r.currency) == ("6.8亿元", 5, 10, D("680000000"), "CNY")


def test_money_many_fraction_digits_case_001():
    r = _one("全年完成扶贫项目投资47.264287亿元。", "MONEY")
    assert (r.text, r.start, r.end, r.value, r.qualifier) == ("47.264287亿元", 10, 21, D("4726428700"), None)


def test_money_jieyu_is_not_the_yu_qualifier_case_003():
    r = _one("年末结转和结余10.56亿元。", "MONEY")
    assert (r.text, r.start, r.end, r.value, r.qualifier) == ("10.56亿元", 7, 14, D("1056000000"), None)
    assert _recs("年末结转和结余10.56亿元。", "DATE") == []


def test_money_nested_magnitudes_case_005():
    r = _one("全省金融机构存款总额一万五千亿元。", "MONEY")
    assert (r.text, r.start, r.end, r.value) == ("一万五千亿元", 10, 16, D("1500000000000"))


def test_money_thousands_separator():
    r = _one("投入9,650万元。", "MONEY")
    assert (r.text, r.value) == ("9,650万元", D("96500000"))


def test_money_space_digit_groups():
    r = _one("投入5 575万元。", "MONEY")
    assert (r.text, r.start, r.end, r.value) == ("5 575万元", 2, 9, D("55750000"))


def test_money_fullwidth_digits_and_point():
    r = _one("投资３．５亿元整", "MONEY")
    assert (r.text, r.start, r.end, r.value) == ("３．５亿元", 2, 7, D("350000000"))


def test_money_financial_numerals():
    r = _one("金额壹佰贰拾叁万元整", "MONEY")
    assert (r.text, r.value) == ("壹佰贰拾叁万元", D("1230000"))


def test_money_mixed_wan_qian():
    r = _one("补助3万5千元。", "MONEY")
    assert (r.text, r.value) == ("3万5千元", D("35000"))


def test_money_chinese_decimal_with_wan():
    r = _one("投入三十二点二万元。", "MONEY")
    assert (r.text, r.value) == ("三十二点二万元", D("322000"))


def test_money_old_style_wanwan_is_yi():
    r = _one("收入五万万元。", "MONEY")
    assert r.value == D("500000000")


def test_money_traditional_script():
    r = _one("獲得國家200萬元扶持", "MONEY")
    assert (r.text, r.start, r.end, r.value) == ("200萬元", 4, 9, D("2000000"))


def test_money_usd_eur_hkd_rub():
    assert _one("援助50万美元", "MONEY").currency == "USD"
    assert _one("援助3亿欧元", "MONEY").currency == "EUR"
    assert _one("募集20亿港元", "MONEY").currency == "HKD"
    r = _one("共计十四亿零六百万新卢布", "MONEY")
    assert (r.currency, r.value) == ("RUB", D("1406000000"))


def test_money_yuan_renminbi():
    r = _one("捐款100万元人民币。", "MONEY")
    assert (r.text, r.value, r.currency) == ("100万元人民币", D("1000000"), "CNY")


def test_money_jiao_fen():
    r = _one("每份3元5角", "MONEY")
    assert (r.text, r.value) == ("3元5角", D("3.5"))
    r = _one("每斤三元五角二分", "MONEY")
    assert (r.text, r.value) == ("三元五角二分", D("3.52"))


def test_money_small_change_with_qian():
    r = _one("小麦每斤提高3分钱", "MONEY")
    assert (r.text, r.value) == ("3分", D("0.03"))


def test_money_range_shared_magnitude():
    r = _one("每户补助3万至5万元。", "MONEY")
    assert (r.text, r.start, r.end, r.value, r.low, r.high) == ("3万至5万元", 4, 10, None, D("30000"), D("50000"))


def test_money_range_magnitude_only_on_high_end():
    r = _one("每户补助3至5万元。", "MONEY")
    assert (r.low, r.high) == (D("30000"), D("50000"))


def test_money_range_with_units_on_both_ends():
    r = _one("单个项目100万元到400万元不等。", "MONEY")
    assert (r.text, r.low, r.high) == ("100万元到400万元", D("1000000"), D("4000000"))


def test_money_range_dash():
    r = _one("补助标准为3000—5000元。", "MONEY")
    assert (r.text, r.low, r.high, r.value) == ("3000—5000元", D("3000"), D("5000"), None)


def test_money_approximate_pair():
    r = _one("一隻羊羔能賣六七百元錢。", "MONEY")
    assert (r.text, r.start, r.end, r.low, r.high, r.value) == ("六七百元", 6, 10, D("600"), D("700"), None)


def test_money_inner_qualifiers():
    a, b = _recs("资金1万余元,100多万元", "MONEY")
    assert (a.text, a.value, a.qualifier) == ("1万余元", D("10000"), "over")
    assert (b.text, b.value, b.qualifier) == ("100多万元", D("1000000"), "over")


def test_money_outer_qualifier_bu_chao_guo_is_under():
    r = _one("补助资金单户一般不超过2000元。", "MONEY")
    assert (r.text, r.qualifier) == ("2000元", "under")


def test_money_outer_qualifiers():
    assert _one("投入近2万亿元", "MONEY").qualifier == "nearly"
    assert _one("投入约3亿元", "MONEY").qualifier == "about"
    assert _one("收入超过4000元", "MONEY").qualifier == "over"
    assert _one("收入1200元以下的农户", "MONEY").qualifier == "under"
    assert _one("投入5亿元左右", "MONEY").qualifier == "about"


def test_money_implied_by_list_of_funds():
    text = "帮扶资金到位情况,分配如下:木兰村0.6万,顶墩村0.2万,肖厝村0.2万。"
    recs = _recs(text, "MONEY")
    assert [(r.text, r.start, r.value, r.currency) for r in recs] == [
        ("0.6万", 17, D("6000"), "CNY"), ("0.2万", 25, D("2000"), "CNY"), ("0.2万", 33, D("2000"), "CNY")]


def test_bare_wan_of_people_is_not_money():
    r = _one("帮扶资金到位,受益贫困人口26万", "CARDINAL")
    assert (r.text, r.value) == ("26万", D("260000"))
    assert _recs("帮扶资金到位,受益贫困人口26万", "MONEY") == []


def test_money_table_cell_at_line_start_is_not_a_heading():
    r = _one("标号C25。 |\n73.5万元 |\n", "MONEY")
    assert (r.text, r.start, r.value) == ("73.5万元", 9, D("735000"))


# --- CARDINAL --------------------------------------------------------------

def test_cardinal_classifier_counted_noun_outside():
    r = _one("启动实施281个贫困村", "CARDINAL")
    assert (r.text, r.start, r.end, r.value, r.unit) == ("281个", 4, 8, D("281"), "个")


def test_cardinal_two_magnitude_pieces_case_007():
    r = _one("全年转移农村劳动力25万6千人。", "CARDINAL")
    assert (r.text, r.start, r.end, r.value, r.unit) == ("25万6千人", 9, 15, D("256000"), "人")


def test_cardinal_liang_san_ge_case_009():
    r = _one("每村选派两三个农技员。", "CARDINAL")
    assert (r.text, r.start, r.end, r.value, r.low, r.high, r.unit) == ("两三个", 4, 7, None, D("2"), D("3"), "个")


def test_cardinal_bare_wan_before_noun():
    r = _one("实现30万农村贫困人口脱贫", "CARDINAL")
    assert (r.text, r.value, r.unit) == ("30万", D("300000"), None)


def test_cardinal_bare_number_before_counted_noun():
    r = _one("有劳动能力的439731贫困人口全部脱贫", "CARDINAL")
    assert (r.text, r.start, r.end, r.value, r.unit) == ("439731", 6, 12, D("439731"), None)


def test_cardinal_classifier_that_starts_a_word_is_left_out():
    r = _one("根据财政部等11部门《关于》", "CARDINAL")
    assert (r.text, r.start, r.end, r.value, r.unit) == ("11", 6, 8, D("11"), None)


def test_cardinal_qian_ge_and_traditional_ge():
    assert (_one("重点扶持千个贫困村", "CARDINAL").value) == D("1000")
    r = _one("建成3個站點", "CARDINAL")
    assert (r.text, r.unit, r.value) == ("3個", "個", D("3"))


def test_cardinal_other_classifiers():
    for text, span, unit, value in [("买了10隻羊", "10隻", "隻", "10"), ("修建3条道路", "3条", "条", "3"),
                                    ("养牛5头", "5头", "头", "5"), ("购车2辆", "2辆", "辆", "2"),
                                    ("新建住房12栋", "12栋", "栋", "12"), ("改造危房30间", "30间", "间", "30"),
                                    ("出境旅游超过1亿人次", "1亿人次", "人次", "100000000")]:
        r = _one(text, "CARDINAL")
        assert (r.text, r.unit, r.value) == (span, unit, D(value)), text


def test_cardinal_range_and_outer_qualifier():
    r = _one("每年实施1—2项", "CARDINAL")
    assert (r.text, r.low, r.high, r.value, r.unit) == ("1—2项", D("1"), D("2"), None, "项")
    r = _one("年周转达到两次以上", "CARDINAL")
    assert (r.text, r.value, r.qualifier) == ("两次", D("2"), "over")


def test_cardinal_levels():
    r = _one("实现省、市、县三级脱贫信息互联互通", "CARDINAL")
    assert (r.text, r.value, r.unit) == ("三级", D("3"), "级")


# --- QUANTITY --------------------------------------------------------------

def test_quantity_qian_of_qianwa_case_011():
    r = _one("新建光伏电站装机容量三百千瓦。", "QUANTITY")
    assert (r.text, r.start, r.end, r.value, r.unit) == ("三百千瓦", 10, 14, D("300"), "千瓦")


def test_quantity_wan_before_unit_is_a_magnitude():
    r = _one("发电能力五十六万千瓦以上", "QUANTITY")
    assert (r.text, r.value, r.unit, r.qualifier) == ("五十六万千瓦", D("560000"), "千瓦", "over")


def test_quantity_units():
    for text, span, unit, value in [("修建道路133.73千米", "133.73千米", "千米", "133.73"),
                                    ("新增耕地5550亩", "5550亩", "亩", "5550"),
                                    ("硬化路面4205平方米", "4205平方米", "平方米", "4205"),
                                    ("造林2953万公顷", "2953万公顷", "公顷", "29530000"),
                                    ("粮食1.37万亿斤", "1.37万亿斤", "斤", "1370000000000"),
                                    ("蓄水三十八亿立方公尺", "三十八亿立方公尺", "立方公尺", "3800000000"),
                                    ("铺设管道1200延长米", "1200延长米", "延长米", "1200")]:
        r = _one(text, "QUANTITY")
        assert (r.text, r.unit, r.value) == (span, unit, D(value)), text


def test_quantity_range_shared_unit():
    r = _one("种植3-5亩", "QUANTITY")
    assert (r.text, r.low, r.high, r.unit) == ("3-5亩", D("3"), D("5"), "亩")


def test_quantity_not_after_a_grade_code():
    recs = _recs("新建DN25支管道3000米,标号C25。", "QUANTITY")
    assert [(r.text, r.value) for r in recs] == [("3000米", D("3000"))]
    assert _recs("新建DN25支管道3000米,标号C25。", "CARDINAL") == []


# --- PERCENT ---------------------------------------------------------------

def test_percent_baifenzhi_chinese_decimal_case_013():
    r = _one("农民人均纯收入增长百分之一点五七。", "PERCENT")
    assert (r.text, r.start, r.end, r.value, r.unit) == ("百分之一点五七", 9, 16, D("1.57"), "%")


def test_percent_shifenzhi_yi():
    r = _one("占十分之一", "PERCENT")
    assert (r.text, r.value, r.unit) == ("十分之一", D("10"), "%")


def test_percent_range_shared_sign():
    r = _one("贴息比例为5-20%", "PERCENT")
    assert (r.text, r.value, r.low, r.high, r.unit) == ("5-20%", None, D("5"), D("20"), "%")


def test_percent_fraction_range():
    r = _one("增产百分之十到二十左右", "PERCENT")
    assert (r.text, r.low, r.high, r.qualifier) == ("百分之十到二十", D("10"), D("20"), "about")


def test_percent_points_times_fan():
    assert (_one("提高13个百分点", "PERCENT").unit, _one("提高13个百分点", "PERCENT").value) == ("百分点", D("13"))
    r = _one("比2011年增加近2倍", "PERCENT")
    assert (r.text, r.value, r.unit, r.qualifier) == ("2倍", D("2"), "倍", "nearly")
    r = _one("翻了近两番", "PERCENT")
    assert (r.text, r.value, r.unit, r.qualifier) == ("两番", D("2"), "番", "nearly")


def test_percent_fullwidth():
    r = _one("增长８．５％。", "PERCENT")
    assert (r.text, r.value) == ("８．５％", D("8.5"))


# --- not numbers -----------------------------------------------------------

def test_numeral_characters_inside_words_case_023():
    recs = process("全国两会期间，各地统一零售价格。", is_text=True, year=2012).records
    assert recs == []


def test_identifiers_are_not_numbers():
    text = "地址:北京朝阳区太阳宫北街1号 邮编100028 电话:+86-10-84419655 京ICP备2020039194号-2"
    labels = {r.label for r in process(text, is_text=True, year=2012).records}
    assert not labels & {"MONEY", "CARDINAL", "QUANTITY", "PERCENT", "DATE", "DOC_NO"}


def test_names_ordinals_and_relative_durations_are_not_numbers():
    for text in ["开展“两项制度”有效衔接", "一是提高了扶贫标准", "实施十大工程", "总结全省10年来的工作",
                 "第一次会议", "全年完成", "已经一年零三个月了", "发动亿万人民群众", "不再一一列举",
                 "阜新市、铁岭市、锦州市分列三、四、五位。", "2009年06期", "坚持一个中国原则"]:
        recs = [r for r in process(text, is_text=True, year=2012).records
                if r.label in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT")]
        assert recs == [], (text, [(r.label, r.text) for r in recs])


def test_numbered_headings_are_not_numbers():
    text = "2.2 资金投入\n(三)加强领导"
    recs = [r for r in process(text, is_text=True, year=2012).records if r.label in ("CARDINAL", "QUANTITY")]
    assert recs == []


# --- properties ------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """n (1..9999) in ordinary Chinese numerals, written out independently of the parser."""
    out, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out.append("零")
            out.append(_CN_DIGITS[d] + unit)
            zero = False
        else:
            zero = bool(out)
    s = "".join(out)
    return s[1:] if s.startswith("一十") else s


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=9999))
def test_arabic_chinese_and_fullwidth_yield_the_same_value(n):
    fullwidth = "".join(chr(0xFF10 + int(c)) for c in str(n))
    values = set()
    for written in (str(n), _chinese(n), fullwidth):
        text = f"投入资金{written}万元。"
        r = _one(text, "MONEY")
        assert text[r.start:r.end] == r.text == f"{written}万元"
        values.add(r.value)
    assert values == {D(n) * 10000}


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="吉林省资金人口。,、", max_size=12), st.integers(min_value=1, max_value=99999))
def test_offsets_index_the_original_text(prefix, n):
    text = f"{prefix}培训{n}人"
    r = _one(text, "CARDINAL")
    assert text[r.start:r.end] == r.text == f"{n}人"
    assert r.value == D(n)


def test_times_and_a_half():
    (p,) = [r for r in process("产量等于一九五〇年的六倍半。", is_text=True, year=1954).records if r.label == "PERCENT"]
    assert (p.text, p.value, p.unit) == ("六倍半", Decimal("6.5"), "倍")


def test_normalizer_unit_words_are_those_of_the_rules():
    """normalize.py keeps its own copies of the CURRENCY, CLASSIFIER and MEASURE words of
    rules/numbers.yaml (it needs them as plain words, longest first); they must not drift."""
    from pathlib import Path

    import regex
    import yaml

    from extract import normalize

    defines = yaml.safe_load((Path(__file__).parent.parent / "rules" / "numbers.yaml").read_text("utf-8"))["defines"]
    lookaround = regex.compile(r"\(\?<?[!=](?:[^()]|\([^()]*\))*\)")

    def words(name: str) -> list[str]:
        return [w.strip() for w in lookaround.sub("", defines[name]).replace(" ", "").split("|")]

    assert sorted(words("CURRENCY")) == sorted(normalize.CURRENCIES)
    assert sorted(words("CLASSIFIER")) == sorted(normalize.CLASSIFIERS)
    assert sorted(words("MEASURE")) == sorted(normalize.MEASURES)
