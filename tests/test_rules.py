"""Every rule's own examples (rules/*.yaml ``positive``/``negative``) run as tests.

A positive example marks the expected spans ⟦…⟧: the whole pipeline, run on the
unmarked text, must produce exactly those spans for the rule's label. A negative
example must produce no span of that label. A blocker (label NONE) must match
exactly its marked spans, and no entity may overlap them.
"""

from __future__ import annotations

import pytest

from extract.pipeline import process
from extract.rules import BLOCK, default_ruleset, parse_marked

RULES = default_ruleset().rules
POSITIVE = [(r, ex) for r in RULES for ex in r.positive]
NEGATIVE = [(r, ex) for r in RULES for ex in r.negative]


def _spans(text: str, label: str) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in process(text, is_text=True, year=2012).records if r.label == label]


@pytest.mark.parametrize("rule,example", POSITIVE, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(POSITIVE)])
def test_positive_example(rule, example):
    text, marked = parse_marked(example)
    if rule.label == BLOCK:
        found = [m.span() for m in rule.pattern.finditer(text)]
        assert sorted(found) == sorted(marked), f"{rule.where}: {example}"
        for r in process(text, is_text=True, year=2012).records:
            assert not any(r.start < e and s < r.end for s, e in marked), f"{r.label} {r.text!r} overlaps a blocker"
    else:
        assert _spans(text, rule.label) == sorted(marked), f"{rule.where}: {example}"


@pytest.mark.parametrize("rule,example", NEGATIVE, ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_negative_example(rule, example):
    label = rule.label
    if label == BLOCK:
        assert not list(rule.pattern.finditer(example))
    else:
        assert _spans(example, label) == [], f"{rule.where}: {example}"


def test_every_rule_has_positive_and_negative_examples():
    assert [r.id for r in RULES if not r.positive] == []
    assert [r.id for r in RULES if not r.negative] == []


def test_rule_id_lines_skip_blank_lines(tmp_path):
    from extract.rules import _id_lines

    path = tmp_path / "r.yaml"
    path.write_text("rules:\n\n  - id: a\n    pattern: x\n\n  - id: 'b'\n", encoding="utf-8")
    assert _id_lines(path) == {"a": 3, "b": 6}
