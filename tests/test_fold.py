"""The matching copy: same length, full-width and Traditional folded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.fold import fold, is_traditional_heavy

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "gov-work-reports.jsonl"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("２０１２年", "2012年"),
        ("遼寧省億元", "辽宁省亿元"),
        ("（吉发〔2012〕4号）", "(吉发〔2012〕4号)"),
        ("资金，共计：１２万元；", "资金,共计:12万元;"),
        ("ＡＢＣ－ｘｙｚ！？％", "ABC-xyz!?%"),
        ("全省\u3000共计", "全省 共计"),
        ("二〇一〇年", "二〇一〇年"),  # 〇 U+3007 kept
        ("2011—2020年 3–5 1―2 〜", "2011—2020年 3–5 1―2 〜"),  # dashes kept
        ("。、《》【】〔〕“”‘’…·", "。、《》【】〔〕“”‘’…·"),  # Chinese punctuation kept
        ("￥100", "￥100"),  # outside U+FF01-U+FF5E
        ("個縣萬億", "个县万亿"),
        ("衞生", "卫生"),  # Hong Kong variant (hk2s), not a GB2312 char
        ("显著提高，什么", "显著提高,什么"),  # Simplified untouched (tw2s would give 着, 幺)
        ("吉林省扶贫开发\r\n", "吉林省扶贫开发\r\n"),
        ("", ""),
    ],
)
def test_fold_values(text, folded):
    assert fold(text) == folded


def test_phrase_conversion_not_applied():
    # OpenCC t2s converts the phrase 乾隆 as a whole (kept); per character
    # 乾 -> 干. fold is per character, so the length never changes.
    assert fold("乾隆") == "干隆"
    assert len(fold("頭髮")) == 2


@given(st.text())
@settings(max_examples=300)
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF)))
@settings(max_examples=300)
def test_fold_keeps_length_cjk(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded  # idempotent


def test_fold_lone_surrogates_to_replacement_character_keeps_astral():
    text = "\ud800x\U00020000\U0002a6a5遼\udfff"
    assert fold(text) == "\ufffdx\U00020000\U0002a6a5辽\ufffd"


def test_reference_text_unchanged():
    text = (REPO / "corpus" / "jilin-2012-poverty.txt").read_text(encoding="utf-8")
    folded = fold(text)
    assert len(folded) == len(text) == 2642
    assert folded[867:872] == "6.8亿元"


def test_is_traditional_heavy():
    assert is_traditional_heavy("我們第一屆全國人民代表大會第一次會議，在聽了劉少奇同志關於憲法草案的報告")
    assert not is_traditional_heavy("吉林省继续把扶贫开发工作作为重点民生实事之一强力推进")
    assert not is_traditional_heavy("2012, ABC")


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_fold_keeps_length_on_the_whole_corpus():
    # Speed is measured in benchmarks/run.py (never in a timed unit test).
    text = "\n".join(json.loads(line)["content"] for line in CORPUS.open(encoding="utf-8"))
    assert len(text) > 1_000_000
    assert len(fold(text)) == len(text)
