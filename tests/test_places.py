"""GPE and LOC through the whole pipeline: short forms only in place-making context,
year-aware codes, ambiguity decided by context, townships and villages.

Every expected span and code is written out. Sources: the issue's examples, the
annotation guide (§3 GPE/LOC, §6 hard cases), ../shared/cases (case-019, 025, 027, 029),
gold/jilin-2012-poverty.json and ../shared/gold-more (004, 018, 024, 026).
"""

from __future__ import annotations

import pytest

from extract.pipeline import process


def ents(text: str, labels=("GPE", "LOC", "ORG"), year: int = 2012) -> list[tuple]:
    """``(label, text, adcode)`` of the records of ``labels`` (adcode only for GPE)."""
    out = []
    for r in process(text, is_text=True, year=year).records:
        if r.label in labels:
            out.append((r.label, r.text, getattr(r, "adcode", None)) if r.label == "GPE" else (r.label, r.text))
    return out


# ---------------------------------------------------------------- ambiguous names, decided by context


@pytest.mark.parametrize("text, expected", [
    ("地址:北京朝阳区太阳宫北街1号", [("GPE", "北京", "110000"), ("GPE", "朝阳区", "110105")]),
    ("长春市朝阳区新建社区服务站。", [("GPE", "长春市", "220100"), ("GPE", "朝阳区", "220104")]),
    ("吉林长春", [("GPE", "吉林", "220000"), ("GPE", "长春", "220100")]),
    ("长春和吉林", [("GPE", "长春", "220100"), ("GPE", "吉林", "220200")]),
    ("吉林省吉林市", [("GPE", "吉林省", "220000"), ("GPE", "吉林市", "220200")]),
    ("通化县和通化市", [("GPE", "通化县", "220521"), ("GPE", "通化市", "220500")]),
    ("到白城和通化", [("GPE", "白城", "220800"), ("GPE", "通化", "220500")]),
])
def test_ambiguous_names_follow_context(text, expected):
    assert ents(text) == expected


def test_former_prefecture_name_gets_the_code_of_the_report_year():
    assert ents("吉林省西部白城地区的通榆县") == [
        ("GPE", "吉林省", "220000"), ("GPE", "白城地区", "220800"), ("GPE", "通榆县", "220822")]


# ---------------------------------------------------------------- short forms need place-making context


@pytest.mark.parametrize("text", [
    "长白山", "新华社", "光明日报", "互助金试点", "大安全", "合作组织", "其中国家财政",
    "发展互助合作", "惠农惠民政策", "推进乡村振兴", "新建DN100主管道", "坚持和平政策",
    "解放台湾", "平安中国建设", "上海合作组织", "在沿海城市", "公社的干部和县的干部",
])
def test_common_words_are_not_places(text):
    assert [e for e in ents(text) if e[0] == "GPE" and e[1] not in ("台湾", "中国", "上海")] == []


def test_full_name_across_a_word_boundary_is_rejected():
    # 其中|国家: the full name 中国 straddles two jieba words.
    assert ents("其中国家财政专项扶贫资金5.7亿元", ("GPE",)) == []


@pytest.mark.parametrize("text, expected", [
    # case-019, case-025: adjacent short names, one inside the other
    ("2011-2012学年新疆乌鲁木齐新增中职学生。", [("GPE", "新疆", "650000"), ("GPE", "乌鲁木齐", "650100")]),
    ("青海西宁实施易地扶贫搬迁。", [("GPE", "青海", "630000"), ("GPE", "西宁", "630100")]),
    # a list of counties of one province (gold-more 018)
    ("河北省将该片区的隆化、阜平、康保等10个贫困县", [
        ("GPE", "河北省", "130000"), ("GPE", "隆化", "130825"), ("GPE", "阜平", "130624"), ("GPE", "康保", "130723")]),
    # a short form in a list with a full name (gold-more 008)
    ("继大悟、建始县之后", [("GPE", "大悟", "420922"), ("GPE", "建始县", "422822")]),
    # a province short form stands alone
    ("辽宁共有贫困人口439731人", [("GPE", "辽宁", "210000")]),
    # a county short form after its province
    ("四川汶川特大地震", [("GPE", "四川", "510000"), ("GPE", "汶川", "513221")]),
])
def test_short_forms_in_place_making_context(text, expected):
    assert ents(text, ("GPE",)) == expected


def test_alias_whose_first_character_jieba_glues_to_a_verb():
    # case-029: 到达茂旗 -> 达茂旗 (150223)
    assert ents("工作组到达茂旗开展调研。") == [("GPE", "达茂旗", "150223")]


def test_typo_item_of_a_list_of_counties():
    # guide §6: 和龙井 is one GPE meant as 和龙市 (222406); 龙井 alone is not found
    out = ents("镇赉县、靖宇县、和龙井三个县(市)连片开发试点", ("GPE",))
    assert out == [("GPE", "镇赉县", "220821"), ("GPE", "靖宇县", "220622"), ("GPE", "和龙井", "222406")]
    rec = [r for r in process("镇赉县、靖宇县、和龙井三个县(市)", is_text=True, year=2012).records if r.text == "和龙井"]
    assert rec[0].name == "和龙市" and rec[0].level == "county"


def test_traditional_script_links_to_the_same_codes():
    out = process("遼寧省彰武縣和長白縣", is_text=True, year=2014).records
    assert [(r.text, r.name, r.adcode) for r in out if r.label == "GPE"] == [
        ("遼寧省", "辽宁省", "210000"), ("彰武縣", "彰武县", "210922"), ("長白縣", "长白朝鲜族自治县", "220623")]


def test_one_character_abbreviations_in_compounds():
    assert ents("京津冀协同发展,沪滇协作") == [
        ("GPE", "京", "110000"), ("GPE", "津", "120000"), ("GPE", "冀", "130000"),
        ("GPE", "沪", "310000"), ("GPE", "滇", "530000")]


def test_abbreviations_inside_a_name_are_not_split_off():
    # 辽宁日报: not 辽 | 宁日报
    assert ents("来源:辽宁日报\n") == [("ORG", "辽宁日报")]


def test_generic_county_names_only_after_their_city():
    assert ents("城区面积和矿区人口", ("GPE",)) == []
    assert ents("阳泉市矿区", ("GPE",)) == [("GPE", "阳泉市", "140300"), ("GPE", "矿区", "140303")]


# ---------------------------------------------------------------- townships and villages


def test_township_and_village_after_a_county():
    out = process("岫岩满族自治县大营子镇青峰村是全县有名的贫困山村", is_text=True, year=2006).records
    assert [(r.text, r.name, r.adcode, r.level) for r in out if r.label == "GPE"] == [
        ("岫岩满族自治县", "岫岩满族自治县", "210323", "county"),
        ("大营子镇", "大营子镇", None, "township"),
        ("青峰村", "青峰村", None, "village")]


def test_villages_in_a_list_of_allocations():
    assert ents("分配如下:木兰村0.6万,顶墩村0.2万,肖厝村0.2万。", ("GPE",)) == [
        ("GPE", "木兰村", None), ("GPE", "顶墩村", None), ("GPE", "肖厝村", None)]


def test_village_stem_after_its_township():
    out = ents("城关镇前张庄道路建设项目 |\n城关镇前张庄村 |", ("GPE",))
    assert out == [("GPE", "城关镇", None), ("GPE", "前张庄", None), ("GPE", "城关镇", None), ("GPE", "前张庄村", None)]


@pytest.mark.parametrize("text", [
    "继续开展155个贫困村互助金试点", "各村要严格按照规定", "实施整村推进扶贫工程2293个村",
    "扩大试点村范围", "加强农村建设", "统筹城乡发展", "推动乡村振兴", "广播电视村村通工程",
    "文明村镇建设", "农民工返乡创业", "解决空心村问题",
])
def test_generic_villages_are_not_places(text):
    assert ents(text, ("GPE",)) == []


# ---------------------------------------------------------------- LOC


@pytest.mark.parametrize("text, expected", [
    ("被列入国家大兴安岭南麓片区。", [("LOC", "大兴安岭南麓片区")]),
    ("黑龙江省大兴安岭地区", [("GPE", "黑龙江省", "230000"), ("GPE", "大兴安岭地区", "232700")]),
    ("国家确定的燕太片区涉及河北", [("LOC", "燕太片区"), ("GPE", "河北", "130000")]),
    ("六盘山区和武陵山区", [("LOC", "六盘山区"), ("LOC", "武陵山区")]),
    ("并向辽西北地区倾斜", [("LOC", "辽西北地区")]),
])
def test_named_regions(text, expected):
    assert ents(text) == expected


def test_full_names_that_start_with_a_numeral_are_places_not_counts():
    text = "黑龙江省七台河市、河南省三门峡市、吉林省九台市各投入3亿元,新建五个站点。"
    recs = process(text, is_text=True, year=2012).records
    got = [(r.label, r.text, getattr(r, "adcode", None)) for r in recs if r.label in ("GPE", "CARDINAL")]
    assert got == [("GPE", "黑龙江省", "230000"), ("GPE", "七台河市", "230900"), ("GPE", "河南省", "410000"),
                   ("GPE", "三门峡市", "411200"), ("GPE", "吉林省", "220000"), ("GPE", "九台市", "220181"),
                   ("CARDINAL", "五个", None)]


def test_settlement_whose_name_starts_with_a_numeral_after_its_place():
    # right after a place, 十八洞/八家子/三家子 name settlements; 三个/十余个 still count
    assert ents("花垣县十八洞村", ("GPE", "CARDINAL")) == [("GPE", "花垣县", "433124"), ("GPE", "十八洞村", None)]
    assert ents("和龙市八家子镇", ("GPE", "CARDINAL")) == [("GPE", "和龙市", "222406"), ("GPE", "八家子镇", None)]
    assert ents("通榆县三个村", ("GPE", "CARDINAL")) == [("GPE", "通榆县", "220822"), ("CARDINAL", "三个")]
    assert ents("全县十余个村", ("GPE", "CARDINAL")) == [("CARDINAL", "十余个")]


def test_township_named_with_a_common_word_after_its_county():
    # 太平 and 东湖 are common words; right after their county/district they are names.
    assert ents("盘山县太平镇投入资金", ("GPE",)) == [("GPE", "盘山县", "211122"), ("GPE", "太平镇", None)]
    assert ents("全县太平盛世", ("GPE",)) == []


def test_county_short_form_before_a_township_suffix_is_not_the_county():
    # 那坡镇 (a township of 田阳区) is not 那坡县 (451026).
    assert ("GPE", "那坡", "451026") not in ents("百色市田阳区那坡镇", ("GPE",), year=2019)


def test_city_in_a_news_dateline():
    assert ents("新华社昆明6月5日电", ("GPE",), year=2019) == [("GPE", "昆明", "530100")]
    assert ents("本报长春1月3日讯", ("GPE",), year=2019) == [("GPE", "长春", "220100")]
    assert ents("兰州3月5日", ("GPE",), year=2019) == []  # no agency: no evidence


def test_short_form_of_a_city_or_province_is_not_a_district_of_a_province_in_context():
    # 西安 after 黑龙江省/哈尔滨市 is the city, not 牡丹江's 西安区 (same province);
    # 河北 after 天津 is the province, not 天津's 河北区
    got = ents("黑龙江省哈尔滨市、西安、湘潭等地的电机厂", ("GPE",), year=2020)
    assert got == [("GPE", "黑龙江省", "230000"), ("GPE", "哈尔滨市", "230100"), ("GPE", "西安", "610100")]
    got = ents("天津市加快建设。建成河北潘家口水库", ("GPE",), year=2020)
    assert got == [("GPE", "天津市", "120000"), ("GPE", "河北", "130000")]
    # a county-level reading still wins inside a prefecture named before (朝阳 after 长春)
    assert ("GPE", "朝阳区", "220104") in ents("长春市朝阳区", ("GPE",), year=2020)


def test_district_named_with_a_common_word_needs_a_boundary_or_a_place_before_it():
    # 和平 is a common word (jieba: nz), not a place name: 印度洋和平区 is a zone of peace
    assert ents("建立印度洋和平区、南亚无核区和尼泊尔和平区的主张", ("GPE",), year=1978) == [("GPE", "尼泊尔", None)]
    assert ents("天津市和平区", ("GPE",), year=2020) == [("GPE", "天津市", "120000"), ("GPE", "和平区", "120101")]
    assert ents("在和平区", ("GPE",), year=2020) == [("GPE", "和平区", "120101")]
    # a stem that is a place name stays a place after any text (北京 in 北京市)
    assert ents("首都北京市", ("GPE",), year=2020) == [("GPE", "北京市", "110000")]
