"""Unseen sentences: numbers, dates and citations as yearbooks, 政府工作报告, 统计公报
and 财政 notices write them (composed for this test, not taken from any gold text).

Each case is ``(text, expected)`` where ``expected`` lists, in document order, every
MONEY, CARDINAL, QUANTITY, PERCENT, DATE, DOC_NO and LAW entity the annotation guide
(``../shared/annotation-guide.md`` sections 3, 4 and 6) asks for, as ``(label, text,
fields)``; ``fields`` holds the normalized fields written out by hand from the guide
(decimal strings for numbers). Labels of other families (GPE, ORG …) are not checked
here. The report year is 2020 unless the case says otherwise.

Decisions where the guide is silent (see the report of this test's author):

- ``十几个``, ``二十几万元``: the span starts at the first numeral (十, 二十), so the
  count is an entity, read like ``两三个``: value null, low/high the span of 几
  (1..9): ``十几`` 11..19. A count that *starts* with 几 (几十个, 几百万) has no
  leading numeral and stays vague (not an entity).
- ``交通运输部令2018年第2号``: an order number with its year; DOC_NO, year 2018.
- ``2018年3月至2019年6月``: one DATE range, like ``2002年~2007年``.
"""

from __future__ import annotations

import pytest

from extract.pipeline import process

OURS = ("MONEY", "CARDINAL", "QUANTITY", "PERCENT", "DATE", "DOC_NO", "LAW")


def _got(text: str, year: int):
    return [r for r in process(text, is_text=True, year=year).records if r.label in OURS]


def _field(record, name):
    v = getattr(record, name, None)
    return None if v is None else (v if isinstance(v, int) and not isinstance(v, bool) else str(v))


def check(text: str, expected: list, year: int = 2020) -> None:
    got = _got(text, year)
    assert [(r.label, r.text) for r in got] == [(lab, t) for lab, t, _ in expected], text
    for r, (lab, t, fields) in zip(got, expected):
        actual = {k: _field(r, k) for k in fields}
        assert actual == fields, f"{lab} {t!r} in {text!r}"


def cases(*items):
    """``pytest.param`` per case, with an id of the form ``kind-N``."""
    out = []
    for kind, text, expected, *rest in items:
        out.append(pytest.param(text, expected, rest[0] if rest else 2020, id=f"{kind}-{len(out)}"))
    return out


def M(text, value, currency="CNY", qualifier=None, low=None, high=None):
    return ("MONEY", text, {"value": value, "currency": currency, "qualifier": qualifier, "low": low, "high": high})


def C(text, value, unit=None, qualifier=None, low=None, high=None):
    return ("CARDINAL", text, {"value": value, "unit": unit, "qualifier": qualifier, "low": low, "high": high})


def Q(text, value, unit, qualifier=None, low=None, high=None):
    return ("QUANTITY", text, {"value": value, "unit": unit, "qualifier": qualifier, "low": low, "high": high})


def P(text, value, unit="%", qualifier=None, low=None, high=None):
    return ("PERCENT", text, {"value": value, "unit": unit, "qualifier": qualifier, "low": low, "high": high})


def T(text, value, mod=None):
    return ("DATE", text, {"value": value, "mod": mod})


def N(text, issuer, year, serial):
    return ("DOC_NO", text, {"issuer": issuer, "year": year, "serial": serial})


def L(text, doc_no=None):
    return ("LAW", text, {"doc_no": doc_no})


# --- MONEY -------------------------------------------------------------------

MONEY_CASES = cases(
    ("money", "2019年,全省共安排财政专项扶贫资金38.62亿元,比上年增长12.4%。",
     [T("2019年", "2019"), M("38.62亿元", "3862000000"), P("12.4%", "12.4")]),
    ("money-fullwidth", "下达中央财政衔接推进乡村振兴补助资金１２．６亿元。",
     [M("１２．６亿元", "1260000000")]),
    ("money-separator", "省级财政安排以工代赈资金3,480万元,带动群众务工收入1.2亿元。",
     [M("3,480万元", "34800000"), M("1.2亿元", "120000000")]),
    ("money-traditional", "全縣投入扶貧資金2.35億元,幫扶貧困戶1.2萬戶。",
     [M("2.35億元", "235000000"), C("1.2萬戶", "12000", "戶")]),
    ("money-chinese", "县财政拿出三千二百万元用于农村危房改造。",
     [M("三千二百万元", "32000000")]),
    ("money-usd", "争取亚洲开发银行贷款1500万美元,人均地区生产总值突破1万美元。",
     [M("1500万美元", "15000000", "USD"), M("1万美元", "10000", "USD")]),
    ("money-trillion", "全市地区生产总值完成1.27万亿元。",
     [M("1.27万亿元", "1270000000000")]),
    ("money-nearly", "全年共发放扶贫小额信贷近5亿元。",
     [M("5亿元", "500000000", qualifier="nearly")]),
    ("money-about", "项目总投资约1.8亿元,其中争取上级资金6000万元左右。",
     [M("1.8亿元", "180000000", qualifier="about"), M("6000万元", "60000000", qualifier="about")]),
    ("money-under", "对年收入不足3000元的农户给予生活补助。",
     [M("3000元", "3000", qualifier="under")]),
    ("money-over-after", "带动贫困户户均增收2000元以上。",
     [M("2000元", "2000", qualifier="over")]),
    ("money-over-before", "村集体经济收入超过5万元的村占85%。",
     [M("5万元", "50000", qualifier="over"), P("85%", "85")]),
    ("money-inner", "累计投入各类资金200多亿元,撬动金融资金1万余元。",
     [M("200多亿元", "20000000000", qualifier="over"), M("1万余元", "10000", qualifier="over")]),
    ("money-at-least", "每个贫困村安排发展资金至少50万元。",
     [M("50万元", "500000", qualifier="over")]),
    ("money-range-shared", "易地搬迁每户补助标准为3—5万元。",
     [M("3—5万元", None, low="30000", high="50000")]),
    ("money-range-chinese", "每人每年补贴一千五百元至两千元。",
     [M("一千五百元至两千元", None, low="1500", high="2000")]),
    ("money-yuan-renminbi", "企业捐赠扶贫款50万元人民币。",
     [M("50万元人民币", "500000")]),
    ("money-chinese-big", "招商引资到位资金五百六十亿元。",
     [M("五百六十亿元", "56000000000")]),
    ("money-approx", "贫困户每户每年可增收两三千元。",
     [M("两三千元", None, low="2000", high="3000")]),
    ("money-shared-unit", "三年分别投入2.5、3.1和4.6亿元。",
     [M("2.5", "250000000"), M("3.1", "310000000"), M("4.6亿元", "460000000")]),
    ("money-ji", "一个大棚一年纯收入二十几万元。",
     [C("一个", "1", "个"), M("二十几万元", None, low="210000", high="290000")]),
)


@pytest.mark.parametrize("text,expected,year", MONEY_CASES)
def test_money(text, expected, year):
    check(text, expected, year)


# --- CARDINAL ----------------------------------------------------------------

CARDINAL_CASES = cases(
    ("cardinal", "全省有建档立卡贫困人口62.8万人,贫困村1489个。",
     [C("62.8万人", "628000", "人"), C("1489个", "1489", "个")]),
    ("cardinal-ordinal-name", "选派驻村第一书记3200名、工作队员9600人。",
     [C("3200名", "3200", "名"), C("9600人", "9600", "人")]),
    ("cardinal-chinese-ling", "共有一百零五个村实现整村推进。",
     [C("一百零五个", "105", "个")]),
    ("cardinal-inner-yu", "帮助两万余人实现稳定就业。",
     [C("两万余人", "20000", "人", "over")]),
    ("cardinal-shi-ji", "全县十几个乡镇受灾,几十个村断水。",
     [C("十几个", None, "个", low="11", high="19")]),
    ("cardinal-pair", "每年新建五六十个村卫生室。",
     [C("五六十个", None, "个", low="50", high="60")]),
    ("cardinal-traditional-liang", "新建兩個扶貧車間,吸納就業三百餘人。",
     [C("兩個", "2", "個"), C("三百餘人", "300", "人", "over")]),
    ("cardinal-nearly-bare", "惠及贫困群众近10万人,带动8.2万贫困群众增收。",
     [C("10万人", "100000", "人", "nearly"), C("8.2万", "82000")]),
    ("cardinal-separator", "全市共有各类农民专业合作社4,125家。",
     [C("4,125家", "4125", "家")]),
    ("cardinal-renci", "共培训致富带头人1.5万人次。",
     [C("1.5万人次", "15000", "人次")]),
    ("cardinal-about", "约三百户村民完成搬迁。",
     [C("三百户", "300", "户", "about")]),
    ("cardinal-at-least", "每村至少有1名村医,约有三百户完成搬迁。",
     [C("1名", "1", "名", "over"), C("三百户", "300", "户", "about")]),
    ("cardinal-range", "每个村安排3至5名帮扶干部。",
     [C("3至5名", None, "名", low="3", high="5")]),
    ("cardinal-after-cheng", "全省建成十三个特色产业基地,完成千亿元投资。",
     [C("十三个", "13", "个"), M("千亿元", "100000000000")]),
    ("cardinal-list", "全县辖3个乡、12个镇,共186个行政村。",
     [C("3个", "3", "个"), C("12个", "12", "个"), C("186个", "186", "个")]),
    ("cardinal-over-after", "新建幼儿园20所以上。",
     [C("20所", "20", "所", "over")]),
    ("cardinal-fullwidth", "全年新增城镇就业６．８万人。",
     [C("６．８万人", "68000", "人")]),
)


@pytest.mark.parametrize("text,expected,year", CARDINAL_CASES)
def test_cardinal(text, expected, year):
    check(text, expected, year)


# --- PERCENT -----------------------------------------------------------------

PERCENT_CASES = cases(
    ("percent", "贫困发生率由2015年的12.1%下降到2019年的0.6%。",
     [T("2015年", "2015"), P("12.1%", "12.1"), T("2019年", "2019"), P("0.6%", "0.6")]),
    ("percent-points", "贫困发生率下降3.2个百分点,增速高于全省平均水平1.5个百分点以上。",
     [P("3.2个百分点", "3.2", "百分点"), P("1.5个百分点", "1.5", "百分点", "over")]),
    ("percent-fan", "力争到2025年农民收入翻一番。",
     [T("2025年", "2025"), P("一番", "1", "番")]),
    ("percent-fullwidth", "第一产业增加值增长５．２％。",
     [P("５．２％", "5.2")]),
    ("percent-range", "贷款贴息比例为5%-10%。",
     [P("5%-10%", None, low="5", high="10")]),
    ("percent-not-below", "县级配套资金比例不低于30%,年均增长7%左右。",
     [P("30%", "30", qualifier="over"), P("7%", "7", qualifier="about")]),
    ("percent-fraction", "群众满意度达到百分之九十五以上。",
     [P("百分之九十五", "95", qualifier="over")]),
    ("percent-shared-unit", "城乡居民收入增速分别高于经济增速1.2和0.6个百分点。",
     [P("1.2", "1.2", "百分点"), P("0.6个百分点", "0.6", "百分点")]),
    ("percent-fractions", "贫困人口减少三分之一以上,四分之三的县已摘帽,审批事项减少1/4。",
     [P("三分之一", None, qualifier="over"), P("四分之三", "75"), P("1/4", "25")]),
    ("percent-times", "全市财政收入是2010年的3倍,增长1至2倍的县有5个。",
     [T("2010年", "2010"), P("3倍", "3", "倍"), P("1至2倍", None, "倍", low="1", high="2"),
      C("5个", "5", "个")]),
)


@pytest.mark.parametrize("text,expected,year", PERCENT_CASES)
def test_percent(text, expected, year):
    check(text, expected, year)


# --- QUANTITY ----------------------------------------------------------------

QUANTITY_CASES = cases(
    ("quantity-area", "新增高标准农田12.5万亩,改造中低产田3000公顷。",
     [Q("12.5万亩", "125000", "亩"), Q("3000公顷", "3000", "公顷")]),
    ("quantity-road", "新建和改建农村公路1,860公里。",
     [Q("1,860公里", "1860", "公里")]),
    ("quantity-sqm", "改造农村危房面积38万平方米。",
     [Q("38万平方米", "380000", "平方米")]),
    ("quantity-ton", "粮食总产量达到412.6万吨,增产约5万吨。",
     [Q("412.6万吨", "4126000", "吨"), Q("5万吨", "50000", "吨", "about")]),
    ("quantity-chinese-inner", "种植中药材两千余亩。",
     [Q("两千余亩", "2000", "亩", "over")]),
    ("quantity-range", "每亩产量500至600公斤。",
     [Q("500至600公斤", None, "公斤", low="500", high="600")]),
    ("quantity-power", "建成村级光伏电站1200座,总装机容量8.6万千瓦。",
     [C("1200座", "1200", "座"), Q("8.6万千瓦", "86000", "千瓦")]),
    ("quantity-traditional", "新修水渠12公里,鋪設管道3500米。",
     [Q("12公里", "12", "公里"), Q("3500米", "3500", "米")]),
    ("quantity-earthwork", "冬春兴修农田水利完成土方八亿多土方,人均一人一亩基本农田。",
     [Q("八亿多土方", "800000000", "土方", "over"), C("一人", "1", "人"), Q("一亩", "1", "亩")]),
    ("quantity-under", "人均耕地面积在0.5亩以下的农户。",
     [Q("0.5亩", "0.5", "亩", "under")]),
)


@pytest.mark.parametrize("text,expected,year", QUANTITY_CASES)
def test_quantity(text, expected, year):
    check(text, expected, year)


# --- DATE --------------------------------------------------------------------

DATE_CASES = cases(
    ("date-end", "截至2019年底,全省累计减贫120万人。",
     [T("2019年底", "2019", "END"), C("120万人", "1200000", "人")]),
    ("date-start", "2020年初,新冠肺炎疫情突如其来。",
     [T("2020年初", "2020", "START")]),
    ("date-half-quarter", "2021年上半年,全市经济稳中向好;三季度增速有所回落。",
     [T("2021年上半年", "2021-H1"), T("三季度", "2021-Q3")], 2021),
    ("date-month-range", "1—9月,全县完成固定资产投资45亿元。",
     [T("1—9月", "2021-01/2021-09"), M("45亿元", "4500000000")], 2021),
    ("date-chinese", "二〇一九年十二月三十一日",
     [T("二〇一九年十二月三十一日", "2019-12-31")], 2019),
    ("date-iso", "发布日期:2019-11-29",
     [T("2019-11-29", "2019-11-29")], 2019),
    ("date-plan", "“十三五”以来,全省脱贫攻坚取得决定性成就;“十四五”时期要巩固成果。",
     [T("十三五", "2016/2020"), T("十四五", "2021/2025")]),
    ("date-year-range", "2016—2020年,全省累计投入资金500亿元。",
     [T("2016—2020年", "2016/2020"), M("500亿元", "50000000000")]),
    ("date-full", "2021年6月30日,省委召开全会。",
     [T("2021年6月30日", "2021-06-30")], 2021),
    ("date-yearless-end", "各地要在６月底前完成资金拨付。",
     [T("６月底", "2020-06", "END")]),
    ("date-fullwidth-year", "２０１２年全省粮食总产量创历史新高。",
     [T("２０１２年", "2012")], 2012),
    ("date-half-alone", "上半年,全市地区生产总值同比增长6.1%。",
     [T("上半年", "2022-H1"), P("6.1%", "6.1")], 2022),
    ("date-month-span", "2018年3月至2019年6月,开展专项督查。",
     [T("2018年3月至2019年6月", "2018-03/2019-06")], 2019),
    ("date-quarter-year", "2022年第一季度,全省地区生产总值增长4.8%。",
     [T("2022年第一季度", "2022-Q1"), P("4.8%", "4.8")], 2022),
    ("date-range-spaced", "2016年至 2020年,累计减贫85万人。",
     [T("2016年至 2020年", "2016/2020"), C("85万人", "850000", "人")]),
    ("date-year-not-mid", "2019年中、高等职业院校招生8.6万人。",
     [T("2019年", "2019"), C("8.6万人", "86000", "人")], 2019),
    ("date-chinese-range-one-nian", "一九七八——一九八五年全国科学技术发展规划", [T("一九七八——一九八五年", "1978/1985")], 1979),
    ("date-fiscal-year", "下达2020年度财政衔接资金。",
     [T("2020年度", "2020")]),
    ("date-relative-year", "去年12月,全县完成验收。",
     [T("12月", "2019-12")]),
    ("date-not-in-docno", "印发吉发〔2012〕4号文件。",
     [N("吉发〔2012〕4号", "吉发", 2012, 4)], 2012),
    ("date-first-three-quarters", "今年前三季度,全市地区生产总值增长5.1%。",
     [T("前三季度", "2020-Q1/2020-Q3"), P("5.1%", "5.1")]),
    ("date-decade-century", "20世纪90年代以来,特别是九十年代中期以后。",
     [T("20世纪90年代", "199X"), T("九十年代中期", "199X", "MID")]),
    ("date-century-decade", "我国从十九世纪四十年代起逐步沦为半殖民地。",
     [T("十九世纪四十年代", "184X")]),
    ("date-dotted", "发布时间:2020.01.20 来源:省统计局",
     [T("2020.01.20", "2020-01-20")]),
    ("date-slashed", "2021/3/5 10:30",
     [T("2021/3/5", "2021-03-05")], 2021),
    ("date-day-span", "2019年11月29日至12月2日,召开全省培训会。",
     [T("2019年11月29日至12月2日", "2019-11-29/2019-12-02")], 2019),
)


@pytest.mark.parametrize("text,expected,year", DATE_CASES)
def test_date(text, expected, year):
    check(text, expected, year)


# --- DOC_NO ------------------------------------------------------------------

DOCNO_CASES = cases(
    ("docno-square", "按照国办发[2016]22号文件要求。",
     [N("国办发[2016]22号", "国办发", 2016, 22)]),
    ("docno-round", "根据湘政发(2017)8号精神。",
     [N("湘政发(2017)8号", "湘政发", 2017, 8)]),
    ("docno-fullwidth-round", "转发粤府函（2019）115号。",
     [N("粤府函（2019）115号", "粤府函", 2019, 115)]),
    ("docno-lenticular", "执行桂政办发【2020】6号。",
     [N("桂政办发【2020】6号", "桂政办发", 2020, 6)]),
    ("docno-fullwidth-square", "落实川府发［2016］31号。",
     [N("川府发［2016］31号", "川府发", 2016, 31)]),
    ("docno-small-tortoise", "依据豫政﹝2018﹞15号。",
     [N("豫政﹝2018﹞15号", "豫政", 2018, 15)]),
    ("docno-spaces", "见财预〔2019〕 7 号。",
     [N("财预〔2019〕 7 号", "财预", 2019, 7)]),
    ("docno-fullwidth-digits", "吉发〔２０１２〕４号",
     [N("吉发〔２０１２〕４号", "吉发", 2012, 4)], 2012),
    ("docno-traditional", "依據國發〔2016〕64號辦理。",
     [N("國發〔2016〕64號", "國發", 2016, 64)]),
    ("docno-order", "《政府信息公开条例》(国务院令第711号)自2019年5月15日起施行。",
     [L("政府信息公开条例", "国务院令第711号"), N("国务院令第711号", "国务院令", None, 711),
      T("2019年5月15日", "2019-05-15")], 2019),
    ("docno-order-prc", "中华人民共和国国务院令第588号",
     [N("中华人民共和国国务院令第588号", "中华人民共和国国务院令", None, 588)]),
    ("docno-order-year", "根据交通运输部令2018年第2号。",
     [N("交通运输部令2018年第2号", "交通运输部令", 2018, 2)]),
    ("docno-di-serial", "根据浙政发〔2019〕第12号和国办函〔2019〕第31号。",
     [N("浙政发〔2019〕第12号", "浙政发", 2019, 12), N("国办函〔2019〕第31号", "国办函", 2019, 31)]),
    ("docno-order-chinese-serial", "中华人民共和国主席令第三十八号公布。",
     [N("中华人民共和国主席令第三十八号", "中华人民共和国主席令", None, 38)]),
    ("docno-announcement", "执行财政部 国家税务总局公告2019年第39号。",
     [N("国家税务总局公告2019年第39号", "国家税务总局公告", 2019, 39)]),
    ("docno-list", "根据浙人社发〔2019〕45号和浙财社〔2019〕12号文件。",
     [N("浙人社发〔2019〕45号", "浙人社发", 2019, 45), N("浙财社〔2019〕12号", "浙财社", 2019, 12)]),
)


@pytest.mark.parametrize("text,expected,year", DOCNO_CASES)
def test_docno(text, expected, year):
    check(text, expected, year)


# --- LAW ---------------------------------------------------------------------

LAW_CASES = cases(
    ("law-inner-marks", "根据《关于印发〈贵州省扶贫资金管理办法〉的通知》(黔府办发〔2018〕12号)。",
     [L("关于印发〈贵州省扶贫资金管理办法〉的通知", "黔府办发〔2018〕12号"),
      N("黔府办发〔2018〕12号", "黔府办发", 2018, 12)]),
    ("law-plan-name-inside", "《国务院关于印发“十三五”脱贫攻坚规划的通知》(国发〔2016〕64号)",
     [L("国务院关于印发“十三五”脱贫攻坚规划的通知", "国发〔2016〕64号"),
      N("国发〔2016〕64号", "国发", 2016, 64)]),
    ("law-nested", "《关于贯彻落实《中共中央 国务院关于实施乡村振兴战略的意见》的实施意见》",
     [L("关于贯彻落实《中共中央 国务院关于实施乡村振兴战略的意见》的实施意见")]),
    ("law-numbers-inside", "认真落实《中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见》。",
     [L("中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见")]),
    ("law-not-newspaper", "《人民日报》《经济日报》和《辽宁日报》分别报道了《关于学习《人民日报》评论员文章的通知》。",
     [L("关于学习《人民日报》评论员文章的通知")]),
    ("law-broken-lines", "根据《\n中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n》,编制了纲要。",
     [L("中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议")], 2021),
    ("law-fullwidth-paren", "《乡村振兴促进法》（2021年4月29日通过）",
     [L("乡村振兴促进法"), T("2021年4月29日", "2021-04-29")], 2021),
)


@pytest.mark.parametrize("text,expected,year", LAW_CASES)
def test_law(text, expected, year):
    check(text, expected, year)


# --- not entities ------------------------------------------------------------

NEGATIVE_CASES = cases(
    ("neg-phone-postcode", "联系电话:0851-86827721,邮编:550004。", []),
    ("neg-icp", "版权所有 黔ICP备05001806号-1", []),
    ("neg-court-case", "(2019)黔01民终1234号判决书", []),
    ("neg-standard", "依据GB/T 9704-2012《党政机关公文格式》排版。", [L("党政机关公文格式")]),
    ("neg-enumeration", "一是加大投入;二是强化监管;第一,坚持精准方略。", []),
    ("neg-slogan", "实现“两不愁三保障”,推动“一带一路”建设,打好三大攻坚战。", []),
    ("neg-relative", "脱贫攻坚10年来,全年、当年均未发生返贫。", []),
    ("neg-headings", "(一)加强组织领导\n2.1 资金投入\n三、主要任务\n", []),
    ("neg-plenum", "深入学习贯彻党的十九届五中全会精神。", []),
    ("neg-street", "地址:贵阳市中华北路242号", []),
    ("neg-batch", "第三批驻村工作队全部到位。", []),
    ("neg-one-per", "坚持一户一策、一村一品。", []),
    ("neg-doctrine-names", "落实中央八项规定精神,坚持四项基本原则,实现四个现代化,贯彻百花齐放、百家争鸣的方针。", []),
    ("neg-every-cent", "要花好每一分钱,取得一个又一个胜利。", []),
    ("neg-plenum-list", "贯彻党的十九届四中、五中全会精神。", []),
    ("neg-session", "十三届全国人大三次会议和省十三届人大四次会议。", []),
    ("neg-ratio-and-ji", "几十年来,城乡居民收入比由2.56:1缩小。", []),
)


@pytest.mark.parametrize("text,expected,year", NEGATIVE_CASES)
def test_not_entities(text, expected, year):
    check(text, expected, year)
