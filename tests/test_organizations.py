"""ORG and PERSON through the whole pipeline (rules/organizations.yaml, rules/persons.yaml
and the place + office composition of extract.places).

Every expected span is written out. Sources: the annotation guide (§3 ORG, §6 byline),
gold/jilin-2012-poverty.json and ../shared/gold-more (004, 006, 008, 013, 018, 024,
026, 030); the negative cases come from the gov-work-reports corpus.
"""

from __future__ import annotations

import pytest

from extract.pipeline import process


def spans(text: str, label: str, year: int = 2012) -> list[str]:
    return [r.text for r in process(text, is_text=True, year=year).records if r.label == label]


# ---------------------------------------------------------------- ORG


@pytest.mark.parametrize("text, expected", [
    ("(吉林省扶贫办 徐东亮)", ["吉林省扶贫办"]),
    ("记者从辽宁省政府扶贫开发办公室获悉", ["辽宁省政府扶贫开发办公室"]),
    ("2006年,辽宁省委、省政府将扶贫开发列为", ["辽宁省委"]),
    ("汉阴县人民政府办公室关于印发", ["汉阴县人民政府办公室"]),
    ("陕西省财政厅等11部门", ["陕西省财政厅"]),
    ("泉州市丰泽区东湖街道办事处关于下达", ["泉州市丰泽区东湖街道办事处"]),
    ("法库县石门村党支部书记王刚向记者介绍", ["法库县石门村党支部"]),
    ("河北新闻网讯(记者刘海涛)从工信部获悉", ["河北新闻网", "工信部"]),
    ("遼寧省扶貧辦公室主任李軍説", ["遼寧省扶貧辦公室"]),
])
def test_place_and_office_is_one_org(text, expected):
    assert spans(text, "ORG") == expected


def test_place_of_an_org_is_not_also_a_gpe():
    assert spans("吉林省扶贫办", "GPE") == []


@pytest.mark.parametrize("text, expected", [
    ("其中新华社26篇、人民日报10篇、国务院扶贫办网站9篇", ["新华社", "人民日报", "国务院扶贫办网站"]),
    ("中共中央、国务院关于实现巩固拓展脱贫攻坚成果", ["中共中央", "国务院"]),
    ("来源:辽宁日报\n", ["辽宁日报"]),
    ("来源: 沈阳晚报 点击这里给我发消息", ["沈阳晚报"]),
    ("母体文献\n湖北植保\n年卷期", ["湖北植保"]),
    ("中央政府门户网站 www.gov.cn", ["中央政府门户网站"]),
    ("|\n彰北办事处周家营村 |", ["彰北办事处"]),
])
def test_named_bodies_media_and_sources(text, expected):
    assert spans(text, "ORG") == expected


@pytest.mark.parametrize("text", [
    "省委省政府的总体部署", "各级党委政府高度重视", "中央扶贫开发工作会议", "来源:本网 时间:2017",
    "财政部门要加强财政监察", "保证国防部队和公安部队的需要", "实事求是地缩减", "严控新建政府性楼堂馆所",
    "各街道办事处要按时上报",
])
def test_generic_bodies_are_not_orgs(text):
    assert spans(text, "ORG") == []


# ---------------------------------------------------------------- PERSON


@pytest.mark.parametrize("text, expected", [
    ("(吉林省扶贫办 徐东亮)", ["徐东亮"]),
    ("等。(记者 唐心萌)\n\n责任编辑:郝杰", ["唐心萌", "郝杰"]),
    ("作者:林涛赵文军  责任编辑:孙明", ["林涛", "赵文军", "孙明"]),
    ("作者\n周建华\n作者单位\n湖南省扶贫办", ["周建华"]),
    ("辽宁省扶贫办公室主任李军说,今年", ["李军"]),
    ("村党支部书记王刚向记者介绍", ["王刚"]),
    ("走进法库县叶茂台镇石门村的王秀英家,只见", ["王秀英"]),
])
def test_person_names_where_the_context_says_so(text, expected):
    assert spans(text, "PERSON") == expected


@pytest.mark.parametrize("text", [
    # jieba tags 汪清县, 靖宇县 as persons and 吉发 as a name: never trusted
    "汪清县、靖宇县", "(吉发〔2012〕4号)", "同亚洲的任何国家,", "专业的文学家、艺术家",
    "毛主席常常告诉我们", "收购农民余粮、", "(吉林省扶贫办 扶贫处)",
])
def test_no_person_without_a_person_context(text):
    assert spans(text, "PERSON") == []


@pytest.mark.parametrize("text,expected", [
    ("贵州大学与兰州大学合作开展培训。", ["贵州大学", "兰州大学"]),
    ("甘肃省农村信用社发放贷款", ["甘肃省农村信用社"]),
    ("长春市人民医院派出医疗队", ["长春市人民医院"]),
    ("吉林省大学生村官", []),
    ("黑龙江省银行业金融机构", []),
])
def test_schools_banks_and_hospitals_named_after_a_place(text, expected):
    assert [r.text for r in process(text, is_text=True, year=2019).records if r.label == "ORG"] == expected
