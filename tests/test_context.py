"""Context fields (src/extract/context.py; guide section 5) on small cases worked out by hand.

Subjects, part_of and each are checked through the whole pipeline on short texts
(``process(text, is_text=True)``); the consistency checks on records built by hand.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from extract.context import Check, consistency_checks, half_unit, is_each, load_lists
from extract.fold import fold
from extract.pipeline import process
from extract.records import Money


def _numeric(text: str) -> dict[str, object]:
    """``{record text: record}`` of the numeric records of ``text`` (texts unique per case)."""
    recs = process(text, is_text=True, year=2012).records
    return {r.text: r for r in recs if r.label in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT")}


# --- subject ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,figure,subject", [
    # the guide's three examples
    ("共投入财政专项扶贫资金6.8亿元。", "6.8亿元", "财政专项扶贫资金"),
    ("全省共启动实施281个贫困村整村推进建设。", "281个", "贫困村"),
    ("培训贫困青壮年2.1万人。", "2.1万人", "贫困青壮年"),
    # a modifier verb before a compound head stays (补助资金), the measure verb goes
    ("发放补助资金147.6万元。", "147.6万元", "补助资金"),
    # the giver after a receiving verb is not what is measured
    ("获得国家奖励资金50万元。", "50万元", "奖励资金"),
    # subject before a predicate verb, far from the figure
    ("将新的扶贫标准确定为2800元。", "2800元", "扶贫标准"),
    # no noun phrase in the clause
    ("比2011年增长15%以上。", "15%", None),
    # a count's phrase ends at its counted unit
    ("继续开展155个贫困村互助金试点工作。", "155个", "贫困村"),
    # 投入 ending the phrase names the amount
    ("基层干部培训等扶贫投入1575万元。", "1575万元", "扶贫投入"),
    # 资金投入规模: the size word after the verb is not the subject
    ("试点资金投入规模2300万元。", "2300万元", "试点资金"),
    # a place inside 在…上 is not the subject
    ("全年累计在中央主要媒体上发表104篇次。", "104篇次", None),
])
def test_subject(text, figure, subject):
    assert _numeric(text)[figure].subject == subject


def test_subject_is_written_as_in_the_document():
    # Traditional text: found on the folded copy, cut from the original
    recs = _numeric("遼寧年內將實現60萬貧困人口穩定脫貧。")
    assert recs["60萬"].subject == "貧困人口"


def test_subject_from_the_clause_before_a_copula_clause():
    recs = _numeric("辽宁共有贫困人口439731人,其中葫芦岛市贫困人口最多,为92638人。")
    assert recs["92638人"].subject == "贫困人口"


# --- part_of ----------------------------------------------------------------------------------


def test_part_of_across_a_qizhong_list_of_the_same_label():
    text = "投入各类资金9.96亿元,其中投入财政专项扶贫资金3.29亿元,群众自筹资金6.67亿元,扶贫项目482个。"
    recs = _numeric(text)
    total = recs["9.96亿元"].start
    assert total == 6
    assert recs["3.29亿元"].part_of == total
    assert recs["6.67亿元"].part_of == total
    assert recs["482个"].part_of is None  # a count is not part of a money total
    assert recs["9.96亿元"].part_of is None


def test_part_of_when_qizhong_opens_the_sentence():
    recs = _numeric("全年在中央媒体发表104篇次。其中新华社26篇、人民日报10篇。")
    assert recs["26篇"].part_of == recs["104篇次"].start == 9
    assert recs["10篇"].part_of == 9


def test_qizhong_scope_stops_at_a_clause_opening_with_a_verb():
    text = "继续开展155个贫困村试点。其中,两县各有两个村被评为先进村,获得国家奖励资金50万元。"
    recs = _numeric(text)
    assert recs["两个"].part_of == recs["155个"].start == 4
    assert recs["50万元"].part_of is None


def test_baokuo_without_a_total_before_it():
    recs = _numeric("西部地区包括7个县(市、区);东部地区包括8个县(市)。")
    assert recs["7个"].part_of is None and recs["8个"].part_of is None


# --- each ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,figure,each", [
    ("三个县分别获得国家200万元的奖励试点资金。", "200万元", True),
    ("镇赉县、靖宇县各有两个村被评为先进村。", "两个", True),
    ("各地就业率均达到90%。", "90%", True),
    ("项目补助资金单户一般不超过2000元。", "2000元", True),
    ("投入各类资金9.96亿元。", "9.96亿元", False),           # 各类: all kinds
    ("全年各帮扶单位直接投入帮扶资金1724万元。", "1724万元", False),  # 各 + noun: a total
    ("农民人均纯收入2300元。", "2300元", False),             # an average
    ("平均每村投入资金10万元。", "10万元", False),
    ("每年培育旅游示范村50个。", "50个", False),             # 年 is not a classifier
])
def test_each(text, figure, each):
    assert _numeric(text)[figure].each is each


def test_is_each_on_offsets():
    f = fold("每户补助2000元")
    assert is_each(f, 4, 9) is True
    f = fold("每人平均收入3000元")
    assert is_each(f, 6, 11) is False


# --- consistency checks ------------------------------------------------------------------------


def _money(text: str, start: int, value: str, part_of=None) -> Money:
    return Money(text=text, start=start, end=start + len(text), value=Decimal(value), part_of=part_of)


def test_half_unit_of_the_stated_digits():
    assert half_unit("6.8亿元", Decimal("680000000")) == Decimal("5000000")
    assert half_unit("2300万元", Decimal("23000000")) == Decimal("5000")
    assert half_unit("104篇次", Decimal("104")) == Decimal("0.5")
    assert half_unit("两个", Decimal("2")) == Decimal("0.5")


def test_check_statuses():
    records = [
        _money("9.96亿元", 0, "996000000"),
        _money("3.29亿元", 10, "329000000", part_of=0),
        _money("6.67亿元", 20, "667000000", part_of=0),
        _money("6.8亿元", 30, "680000000"),
        _money("5.7亿元", 40, "570000000", part_of=30),
        _money("1.0亿元", 50, "100000000"),
        _money("0.33亿元", 60, "33000000", part_of=50),
        _money("0.33亿元", 70, "33000000", part_of=50),
        _money("0.33亿元", 80, "33000000", part_of=50),
        _money("100万元", 90, "1000000"),
        _money("60万元", 100, "600000", part_of=90),
        _money("50万元", 110, "500000", part_of=90),
    ]
    checks = consistency_checks(records)
    assert [(c.total_start, c.status, c.parts_sum) for c in checks] == [
        (0, "holds", Decimal("996000000")),
        (30, "partial", Decimal("570000000")),
        # 99000000 against 100000000: within 0.05亿 + 3 x 0.005亿 = 6500000
        (50, "holds (rounded)", Decimal("99000000")),
        (90, "exceeds", Decimal("1100000")),
    ]
    assert checks[2].tolerance == Decimal("6500000")
    assert checks[3].line() == "exceeds: 100万元 [90] 1000000 < 1100000 (sum of 2 parts)"
    assert checks[1].line() == "partial: 6.8亿元 [30] 680000000 > 570000000 (sum of 1 part)"
    assert checks[0].line() == "holds: 9.96亿元 [0] 996000000 = 996000000 (sum of 2 parts)"
    assert checks[2].line().startswith("holds (rounded): 1.0亿元 [50] 100000000 ≈ 99000000")


def test_check_as_json_is_json_safe():
    c = Check(90, "100万元", Decimal("1000000"), (100, 110), Decimal("1100000"), "exceeds", Decimal("55000"))
    data = json.loads(json.dumps(c.as_json(), ensure_ascii=False))
    assert data == {"status": "exceeds", "total_start": 90, "total_text": "100万元", "total": "1000000",
                    "parts": [100, 110], "parts_sum": "1100000", "tolerance": "55000",
                    "line": "exceeds: 100万元 [90] 1000000 < 1100000 (sum of 2 parts)"}


def test_checks_of_a_text_with_parts_above_the_total():
    doc = process("共投入资金100万元,其中省级资金60万元,市级资金50万元。", is_text=True, year=2012)
    assert [(c.status, c.total, c.parts_sum) for c in doc.checks] == [
        ("exceeds", Decimal("1000000"), Decimal("1100000"))]


def test_checks_of_the_reference_document():
    doc = process("corpus/jilin-2012-poverty.txt")
    assert [c.line() for c in doc.checks] == [
        "partial: 6.8亿元 [867] 680000000 > 570000000 (sum of 1 part)",
        "holds: 9.96亿元 [1261] 996000000 = 996000000 (sum of 2 parts)",
        "partial: 155个 [2161] 155 > 2 (sum of 1 part)",
        "holds: 104篇次 [2409] 104 = 104 (sum of 10 parts)",
    ]


def test_word_lists_load():
    lists = load_lists()
    assert "投入" in lists.measure_verbs and "共" in lists.determiners
    assert lists.markers == ("其中", "包括")
