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


# --- compiled patterns kept between runs (rules.PatternCache) -------------------------------

_ONE_RULE = """family: t
rules:
  - id: t-money
    label: MONEY
    pattern: '(?P<span>\\d+万元)(?=用于)'
    trim_left: '\\d'
    positive: ['⟦5万元⟧用于']
    negative: ['5万元']
"""


def _rules_folder(tmp_path, monkeypatch, body=_ONE_RULE):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "t.yaml").write_text(body, encoding="utf-8")
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def _compiles(monkeypatch) -> list[str]:
    """Patch ``regex.compile`` as the rules module calls it; returns the list of sources compiled."""
    import regex

    from extract import rules

    seen: list[str] = []
    real = regex.compile

    def counting(source, flags=0, *a, **kw):
        seen.append(source)
        return real(source, flags, *a, **kw)

    monkeypatch.setattr(rules.regex, "compile", counting)
    return seen


def test_pattern_cache_second_load_compiles_nothing_and_matches_the_same(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    first = RuleSet.load(folder)
    assert len(list((tmp_path / "cache").glob("rule-patterns.marshal"))) == 1
    seen = _compiles(monkeypatch)
    second = RuleSet.load(folder)
    assert seen == []
    rule = second.rules[0]
    assert rule.pattern.pattern == first.rules[0].pattern.pattern
    assert rule.pattern.groupindex == {"span": 1}
    assert [(m.start, m.end) for m in second.find("共5万元用于建设,8万元")] == [(2, 4)]  # 5万元 less its first digit
    assert rule.trim_left.pattern == "\\d"


def test_pattern_cache_compiles_an_edited_rule_afresh(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    _rules_folder(tmp_path, monkeypatch, _ONE_RULE.replace("万元", "亿元"))
    seen = _compiles(monkeypatch)
    rs = RuleSet.load(folder)
    assert seen == ["(?P<span>\\d+亿元)(?=用于)"]  # trim_left is unchanged: from the cache
    assert [(m.start, m.end) for m in rs.find("共15亿元用于")] == [(2, 5)]


def test_pattern_cache_ignores_a_corrupt_file_and_rewrites_it(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    (cached,) = (tmp_path / "cache").glob("rule-patterns.marshal")
    cached.write_bytes(b"\x00not marshal")
    rs = RuleSet.load(folder)
    assert [(m.start, m.end) for m in rs.find("5万元用于")] == [(1, 3)]
    assert cached.read_bytes() != b"\x00not marshal"


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX file modes")
def test_pattern_cache_ignores_a_file_others_may_write(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    (cached,) = (tmp_path / "cache").glob("rule-patterns.marshal")
    cached.chmod(0o666)
    seen = _compiles(monkeypatch)
    RuleSet.load(folder)
    assert len(seen) == 2  # pattern and trim_left, compiled again


def test_pattern_cache_is_shared_by_folders_and_keeps_the_latest_patterns(tmp_path, monkeypatch):
    from extract.rules import PatternCache, RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    other = tmp_path / "other"
    other.mkdir()
    (other / "t.yaml").write_text(_ONE_RULE.replace("万元", "亿元"), encoding="utf-8")
    seen = _compiles(monkeypatch)
    RuleSet.load(other)
    assert seen == ["(?P<span>\\d+亿元)(?=用于)"]  # its trim_left pattern is the first folder's
    seen.clear()
    RuleSet.load(folder)
    RuleSet.load(other)
    assert seen == []  # both folders' patterns are kept
    monkeypatch.setattr(PatternCache, "MAX_PATTERNS", 2)
    (other / "t.yaml").write_text(_ONE_RULE.replace("万元", "千元"), encoding="utf-8")
    RuleSet.load(other)  # the file keeps its 2 patterns and drops the older ones
    seen.clear()
    RuleSet.load(folder)
    assert seen == ["(?P<span>\\d+万元)(?=用于)"]


def test_pattern_cache_off_compiles_every_time(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder, cache=False)
    assert not (tmp_path / "cache").exists()
    RuleSet.load(folder)
    seen = _compiles(monkeypatch)
    RuleSet.load(folder, cache=False)
    assert len(seen) == 2


def test_pattern_cache_in_an_unwritable_place_still_loads(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even as root
    rs = RuleSet.load(folder)
    assert [r.id for r in rs.rules] == ["t-money"]


def test_find_spans_are_find_as_plain_triples_and_matches_rebuild_them(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    rs = RuleSet.load(_rules_folder(tmp_path, monkeypatch))
    text = "共5万元用于建设,8万元"
    assert rs.find_spans(text) == [(0, 2, 4)]
    assert rs.matches(rs.find_spans(text)) == rs.find(text)
    (m,) = rs.matches([(0, 2, 4)])
    assert (m.label, m.start, m.end, m.priority, m.rule) == ("MONEY", 2, 4, 0, rs.rules[0])


def test_rule_set_key_changes_with_any_rule_field(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    key = RuleSet.load(folder).key
    assert RuleSet.load(folder).key == key
    for old, new in [("万元)", "亿元)"), ("id: t-money", "id: t-money2"), ("label: MONEY", "label: CARDINAL"),
                     ("trim_left: '\\d'", "trim_left: '\\d\\d'"), ("    positive", "    priority: 3\n    positive")]:
        _rules_folder(tmp_path, monkeypatch, _ONE_RULE.replace(old, new))
        assert RuleSet.load(folder).key != key, (old, new)


def _cache_file(tmp_path):
    import marshal

    (cached,) = (tmp_path / "cache").glob("rule-patterns.marshal")
    stamp, digest, payload = marshal.loads(cached.read_bytes())
    return cached, stamp, digest, payload


def test_pattern_cache_ignores_a_damaged_file_whose_checksum_fails(tmp_path, monkeypatch):
    """Damaged compiled code could crash or hang regex's matcher: a file whose SHA-256
    does not hold is compiled afresh and rewritten."""
    import marshal

    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    cached, stamp, digest, payload = _cache_file(tmp_path)
    damaged = bytearray(payload)
    damaged[len(damaged) // 2] ^= 0xFF
    cached.write_bytes(marshal.dumps((stamp, digest, bytes(damaged))))
    seen = _compiles(monkeypatch)
    RuleSet.load(folder)
    assert len(seen) == 2
    seen.clear()
    RuleSet.load(folder)
    assert seen == []  # rewritten whole


def test_pattern_cache_rewrites_entries_this_regex_cannot_rebuild(tmp_path, monkeypatch):
    import hashlib
    import marshal

    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    cached, stamp, _, payload = _cache_file(tmp_path)
    broken = marshal.dumps([(src, flags, ("broken",)) for src, flags, _ in marshal.loads(payload)])
    cached.write_bytes(marshal.dumps((stamp, hashlib.sha256(broken).hexdigest(), broken)))
    seen = _compiles(monkeypatch)
    RuleSet.load(folder)
    assert len(seen) == 2
    seen.clear()
    RuleSet.load(folder)
    assert seen == []


@pytest.mark.skipif(not hasattr(__import__("os"), "O_NOFOLLOW"), reason="POSIX open flags")
def test_pattern_cache_does_not_follow_a_link(tmp_path, monkeypatch):
    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    cached, *_ = _cache_file(tmp_path)
    elsewhere = tmp_path / "elsewhere.marshal"
    cached.rename(elsewhere)
    cached.symlink_to(elsewhere)
    seen = _compiles(monkeypatch)
    RuleSet.load(folder)
    assert len(seen) == 2


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes")
def test_pattern_cache_that_is_a_named_pipe_does_not_block(tmp_path, monkeypatch):
    import os

    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    (tmp_path / "cache").mkdir()
    os.mkfifo(tmp_path / "cache" / "rule-patterns.marshal")
    assert [r.id for r in RuleSet.load(folder).rules] == ["t-money"]  # a blocking open would hang here


def test_pattern_cache_removes_temporary_files_killed_writers_left(tmp_path, monkeypatch):
    import os
    import time

    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    RuleSet.load(folder)
    old = tmp_path / "cache" / "rule-patterns.marshal.999.tmp"
    fresh = tmp_path / "cache" / "rule-patterns.marshal.998.tmp"
    for f in (old, fresh):
        f.write_bytes(b"half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    RuleSet.load(folder)  # a load from a good cache writes nothing, but sweeps
    assert not old.exists() and fresh.exists()  # a write in flight is left alone


@pytest.mark.skipif(not hasattr(__import__("os"), "O_NOFOLLOW"), reason="POSIX open flags")
def test_pattern_cache_write_does_not_follow_a_link_planted_at_its_temporary_name(tmp_path, monkeypatch):
    import os

    from extract.rules import RuleSet

    folder = _rules_folder(tmp_path, monkeypatch)
    (tmp_path / "cache").mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (tmp_path / "cache" / f"rule-patterns.marshal.{os.getpid()}.tmp").symlink_to(victim)
    RuleSet.load(folder)
    assert victim.read_text() == "keep"
