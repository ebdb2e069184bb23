"""DATE spans and TIMEX3 values through the whole pipeline (guide section 3 "DATE", 6).

Expected values are written out by hand.
"""

from __future__ import annotations

from extract.pipeline import process


def _dates(text: str, year=2012):
    return [(r.text, r.start, r.end, r.value, r.mod)
            for r in process(text, is_text=True, year=year).records if r.label == "DATE"]


def test_year():
    assert _dates("2012年,吉林省") == [("2012年", 0, 5, "2012", None)]


def test_year_month_and_day():
    assert _dates("2012年2月,召开") == [("2012年2月", 0, 7, "2012-02", None)]
    assert _dates("发布于2019年11月29日") == [("2019年11月29日", 3, 14, "2019-11-29", None)]


def test_fiscal_year_nian_du():
    assert _dates("下达2017年度中央财政扶贫资金") == [("2017年度", 2, 8, "2017", None)]


def test_year_end_and_start_mods():
    assert _dates("截至2012年底,全省") == [("2012年底", 2, 8, "2012", "END")]
    assert _dates("2013年初启动") == [("2013年初", 0, 6, "2013", "START")]
    assert _dates("2012年末") == [("2012年末", 0, 6, "2012", "END")]


def test_year_then_word_with_zhong_or_chu_is_no_mod():
    assert _dates("1983年中华人民共和国") == [("1983年", 0, 5, "1983", None)]
    assert _dates("到2015年初步建成") == [("2015年", 1, 6, "2015", None)]


def test_halves_and_quarters():
    assert _dates("2010年上半年") == [("2010年上半年", 0, 8, "2010-H1", None)]
    assert _dates("2013年一季度") == [("2013年一季度", 0, 8, "2013-Q1", None)]
    assert _dates("通报\n2013-04-10\n一季度,全省", year=None)[1] == ("一季度", 14, 17, "2013-Q1", None)


def test_year_ranges():
    assert _dates("纲要(2011—2020年)") == [("2011—2020年", 3, 13, "2011/2020", None)]
    assert _dates("2011-2015年") == [("2011-2015年", 0, 10, "2011/2015", None)]
    assert _dates("2011年至2015年") == [("2011年至2015年", 0, 11, "2011/2015", None)]
    assert _dates("2002年~2007年") == [("2002年~2007年", 0, 11, "2002/2007", None)]
    assert _dates("从一九七九年到一九八二年的四年间") == [("一九七九年到一九八二年", 1, 12, "1979/1982", None)]


def test_school_year():
    assert _dates("2011-2012学年新疆")[0] == ("2011-2012学年", 0, 11, "2011/2012", None)


def test_five_year_plans_case_017():
    assert _dates("“十三五”和“十四五”时期的扶贫任务") == [
        ("十三五", 1, 4, "2016/2020", None), ("十四五", 7, 10, "2021/2025", None)]
    assert _dates("“十一五”期间") == [("十一五", 1, 4, "2006/2010", None)]
    assert _dates("“十二五”规划") == [("十二五", 1, 4, "2011/2015", None)]


def test_older_five_year_plans():
    assert _dates("“六五”期间,要") == [("六五", 1, 3, "1981/1985", None)]
    assert _dates("研究制定“九五”计划") == [("九五", 5, 7, "1996/2000", None)]
    assert _dates("“十五”计划纲要") == [("十五", 1, 3, "2001/2005", None)]


def test_chinese_numeral_full_date():
    assert _dates("二○一○年三月二十六日") == [("二○一○年三月二十六日", 0, 11, "2010-03-26", None)]


def test_chinese_numeral_month_end():
    assert _dates("到一九五四年十一月底为止") == [("一九五四年十一月底", 1, 10, "1954-11", "END")]


def test_chinese_numeral_year_end_case_015():
    assert _dates("截至二〇一二年底，项目全部完工。") == [("二〇一二年底", 2, 8, "2012", "END")]


def test_day_first_and_iso_dates():
    assert _dates("16.12.2015") == [("16.12.2015", 0, 10, "2015-12-16", None)]
    assert _dates("发布时间:2019-11-29") == [("2019-11-29", 5, 15, "2019-11-29", None)]


def test_fullwidth_year():
    assert _dates("２０１２年") == [("２０１２年", 0, 5, "2012", None)]


def test_yearless_date_takes_the_dateline_year():
    text = "河北扶贫\n2018-11-15\n截至今年6月底,河北省已实施309个项目。"
    assert _dates(text, year=None)[1] == ("6月底", 20, 23, "2018-06", "END")


def test_yearless_date_without_a_year_is_xxxx():
    assert _dates("新华社昆明6月5日电", year=None) == [("6月5日", 5, 9, "XXXX-06-05", None)]


def test_relative_year_word_shifts_the_dateline_year():
    text = "工作报告\n2018-03-05\n去年7月1日起实施。"
    assert _dates(text, year=None)[1] == ("7月1日", 18, 22, "2017-07-01", None)


def test_day_range_with_shared_month():
    assert _dates("1月4日至5日", year=None) == [("1月4日至5日", 0, 7, "XXXX-01-04/XXXX-01-05", None)]


def test_month_range():
    text = "报告\n2015-01-01\n今年1至9月安排资金"
    assert _dates(text, year=None)[1] == ("1至9月", 16, 20, "2015-01/2015-09", None)


def test_month_with_fen():
    text = "报告\n2015-01-01\n据本年5月份的统计"
    assert _dates(text, year=None)[1] == ("5月份", 17, 20, "2015-05", None)


def test_decade():
    assert _dates("九十年代以来") == [("九十年代", 0, 4, "199X", None)]


def test_years_sharing_one_nian():
    assert _dates("关于1980、1981年国民经济计划") == [("1980", 2, 6, "1980", None), ("1981年", 7, 12, "1981", None)]


def test_bare_year_as_field_value():
    assert _dates("年卷期\n2009年06期\n年份\n2009\n分类号") == [
        ("2009年", 4, 9, "2009", None), ("2009", 16, 20, "2009", None)]


def test_plan_year_inside_constant_price():
    assert _dates("人均纯收入2300元(2010年不变价)") == [("2010年", 11, 16, "2010", None)]


def test_not_dates():
    for text in ["总结全省10年来的工作", "全年完成", "当年脱贫", "10·17扶贫日", "年末结转", "二十五个",
                 "三五成群", "“五五”普法顺利完成", "3个月"]:
        assert _dates(text) == [], text


def test_docno_year_is_not_a_date():
    assert _dates("印发吉发〔2012〕4号文件") == []
