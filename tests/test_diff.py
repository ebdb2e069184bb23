"""``extract diff`` (../shared/interface.md section "Diff"): alignment, exact deltas and
ratios, the formats, and the hand-written diff of the 2012 reference document against
its next-year version (tests/fixtures/jilin-2013-poverty.txt).

The fixture's edits, made by hand (see the expected file for every pair):
figures changed (32.2万→35.6万, 6.8亿元→7.5亿元, 15%→12%, 1.07亿元→1.25亿元 with the
clause reworded, 281个→300个, 90.5%→92.3%, 4573万元→5120万元, 104篇次→106篇次,
人民日报10篇→12篇), the last sentence of 【片区开发】 dropped, a sentence added to
【产业扶贫】, and every year shifted by one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from extract.diff import (DEFAULT_LABELS, Pair, Side, align, align_many, assign, delta_ratio, load_side,
                          make_pair, parse_labels, record_key, render, render_csv, render_jsonl)
from extract.errors import InputError, UsageError
from extract.records import Cardinal, Money, Percent

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "corpus" / "jilin-2012-poverty.txt"
NEW = ROOT / "tests" / "fixtures" / "jilin-2013-poverty.txt"
EXPECTED = ROOT / "tests" / "fixtures" / "jilin-2012-2013.diff.jsonl"
NUMERIC = ("MONEY", "CARDINAL", "QUANTITY", "PERCENT")


# ---------------------------------------------------------------- helpers

def side(text: str, items, name="doc.txt") -> Side:
    """A Side from ``text`` and ``(label, mark, value, unit_or_None, section, subject)``;
    ``mark`` is ``"context[record]"``, found once in ``text``."""
    recs = []
    for label, mark, value, unit, section, subject in items:
        start, end = locate(text, mark)
        fields = dict(doc=name, text=text[start:end], start=start, end=end, value=Decimal(value),
                      section=section, subject=subject)
        if label == "MONEY":
            recs.append(Money(**fields))
        elif label == "CARDINAL":
            recs.append(Cardinal(unit=unit, **fields))
        else:
            recs.append(Percent(unit=unit, **fields))
    recs.sort(key=lambda r: r.start)
    return Side(name, recs, None, {name: text})


def locate(text: str, mark: str) -> tuple[int, int]:
    """``(start, end)`` of the bracketed part of ``mark`` (``"人民日报[10篇]"``) in ``text``;
    the unbracketed string must occur exactly once."""
    m = re.fullmatch(r"(.*)\[(.+)\](.*)", mark)
    plain = m.group(1) + m.group(2) + m.group(3)
    assert text.count(plain) == 1, f"{plain!r} occurs {text.count(plain)} times"
    start = text.index(plain) + len(m.group(1))
    return start, start + len(m.group(2))


def brief(p: Pair) -> tuple:
    return (p.change, p.old.text if p.old else None, p.new.text if p.new else None)


# ---------------------------------------------------------------- exact arithmetic

def test_delta_and_ratio_of_the_interface_example():
    delta, ratio = delta_ratio(Decimal("680000000"), Decimal("750000000"))
    assert str(delta) == "70000000" and str(ratio) == "1.1029"


def test_ratio_rounds_half_even_on_the_exact_quotient():
    assert str(delta_ratio(Decimal("20000"), Decimal("20001"))[1]) == "1.0000"   # 1.00005
    assert str(delta_ratio(Decimal("20000"), Decimal("20003"))[1]) == "1.0002"   # 1.00015
    assert str(delta_ratio(Decimal("20000"), Decimal("20005"))[1]) == "1.0002"   # 1.00025
    assert str(delta_ratio(Decimal("3"), Decimal("2"))[1]) == "0.6667"


def test_ratio_is_null_where_old_is_zero_and_both_null_where_a_value_is_missing():
    assert delta_ratio(Decimal("0"), Decimal("5")) == (Decimal("5"), None)
    assert delta_ratio(None, Decimal("5")) == (None, None)


def test_delta_is_exact_beyond_the_default_decimal_precision():
    delta, _ = delta_ratio(Decimal("0.25"), Decimal("12345678901234567890123456789.5"))
    assert str(delta) == "12345678901234567890123456789.25"


def test_percent_delta_is_in_percentage_points_and_values_compare_as_decimals():
    old = Percent(text="90.5%", start=0, end=5, value=Decimal("90.5"), unit="%")
    new = Percent(text="92.3%", start=0, end=5, value=Decimal("92.3"), unit="%")
    j = make_pair(old, new, 1.0).to_json()
    assert (j["change"], j["delta"], j["ratio"]) == ("changed", "1.8", "1.0199")
    a = Money(text="6.8亿元", start=0, end=5, value=Decimal("6.8E+8"))
    b = Money(text="6.80亿元", start=0, end=6, value=Decimal("680000000"))
    assert make_pair(a, b, 1.0).change == "same"


def test_key_is_section_subject_unit_with_the_currency_unit_for_money():
    m = Money(text="6.8亿元", start=0, end=5, section="资金投入", subject="财政专项扶贫资金")
    assert record_key(m) == "资金投入|财政专项扶贫资金|元"
    c = Cardinal(text="281个", start=0, end=4, unit="个")
    assert record_key(c) == "||个"
    assert record_key(Cardinal(text="3个", start=0, end=2, section="a|b")) == "a｜b||"


# ---------------------------------------------------------------- alignment

def test_assignment_is_optimal_not_greedy():
    # greedy takes (0,0)=0.9 and is left with (1,1)=0.1 below threshold; optimal pairs both
    score = np.array([[0.9, 0.8], [0.85, 0.1]])
    assert assign(score, 0.65) == [(0, 1), (1, 0)]


def test_pairs_below_the_threshold_are_not_assigned():
    assert assign(np.array([[0.5, 0.2], [0.1, 0.7]]), 0.65) == [(1, 1)]


def test_list_items_without_subject_align_on_their_neighbouring_words():
    old = side("其中新华社26篇、人民日报10篇、中央电视台10篇。",
               [("CARDINAL", "新华社[26篇]", "26", "篇", "宣传", None),
                ("CARDINAL", "人民日报[10篇]", "10", "篇", "宣传", None),
                ("CARDINAL", "中央电视台[10篇]", "10", "篇", "宣传", None)])
    new = side("其中新华社26篇、中央电视台10篇、人民日报12篇。",
               [("CARDINAL", "新华社[26篇]", "26", "篇", "宣传", None),
                ("CARDINAL", "中央电视台[10篇]", "10", "篇", "宣传", None),
                ("CARDINAL", "人民日报[12篇]", "12", "篇", "宣传", None)])
    pairs = align(old, new)
    got = [(brief(p), p.old.start, p.new.start) for p in pairs]
    assert got == [(("same", "26篇", "26篇"), 5, 5),
                   (("same", "10篇", "10篇"), 22, 14),
                   (("changed", "10篇", "12篇"), 13, 22)]


def test_subjects_whose_wording_shifts_still_pair():
    old = side("共投入财政专项扶贫资金6.8亿元。另有其他资金3亿元。",
               [("MONEY", "资金[6.8亿元]", "680000000", None, "资金投入", "财政专项扶贫资金"),
                ("MONEY", "其他资金[3亿元]", "300000000", None, "资金投入", "其他资金")])
    new = side("投入省级财政专项扶贫资金7.5亿元。另有其他资金3亿元。",
               [("MONEY", "资金[7.5亿元]", "750000000", None, "资金投入", "省级财政专项扶贫资金"),
                ("MONEY", "其他资金[3亿元]", "300000000", None, "资金投入", "其他资金")])
    pairs = align(old, new)
    assert [brief(p) for p in pairs] == [("changed", "6.8亿元", "7.5亿元"), ("same", "3亿元", "3亿元")]
    assert pairs[0].key == "资金投入|省级财政专项扶贫资金|元" and 0.65 <= pairs[0].score <= 1


def test_unrelated_numbers_are_added_and_removed_not_paired():
    old = side("【片区开发】投入财政专项扶贫资金6350万元。",
               [("MONEY", "资金[6350万元]", "63500000", None, "片区开发", None)])
    new = side("【产业扶贫】扶持龙头企业35家。",
               [("CARDINAL", "企业[35家]", "35", "家", "产业扶贫", None)])
    assert [(p.change, p.score) for p in align(old, new)] == [("removed", 0.0), ("added", 0.0)]


def test_units_must_agree():
    old = side("稳定就业率达到90.5%。", [("PERCENT", "达到[90.5%]", "90.5", "%", "s", None)])
    new = side("稳定就业率达到2倍。", [("PERCENT", "达到[2倍]", "2", "倍", "s", None)])
    assert [p.change for p in align(old, new)] == ["removed", "added"]


def test_without_document_text_records_pair_by_position_within_their_section():
    old = side("甲10篇、乙5篇。", [("CARDINAL", "甲[10篇]", "10", "篇", "s", None),
                               ("CARDINAL", "乙[5篇]", "5", "篇", "s", None)])
    new = side("甲12篇、乙5篇。", [("CARDINAL", "甲[12篇]", "12", "篇", "s", None),
                               ("CARDINAL", "乙[5篇]", "5", "篇", "s", None)])
    old.texts, new.texts = {}, {}
    assert [brief(p) for p in align(old, new)] == [("changed", "10篇", "12篇"), ("same", "5篇", "5篇")]


def test_three_inputs_chain_into_one_row_per_key():
    texts = ["共投入资金6.8亿元,培训2.1万人。", "共投入资金7.5亿元,培训2.1万人。", "共投入资金8亿元。"]
    values = ["680000000", "750000000", "800000000"]
    sides = []
    for n, (t, v) in enumerate(zip(texts, values)):
        items = [("MONEY", f"资金[{t[5:t.index('元') + 1]}]", v, None, "s", None)]
        if "培训" in t:
            items.append(("CARDINAL", "培训[2.1万人]", "21000", "人", "s", None))
        sides.append(side(t, items, name=f"{2012 + n}.txt"))
    rows = align_many(sides)
    assert [(r.label, [c.text if c else None for c in r.cells], r.changed) for r in rows] == [
        ("MONEY", ["6.8亿元", "7.5亿元", "8亿元"], True),
        ("CARDINAL", ["2.1万人", "2.1万人", None], True)]


def test_labels_option_parses_commas_repeats_and_case():
    assert parse_labels(None) == DEFAULT_LABELS
    assert parse_labels(["money,date", "PERCENT"]) == ("MONEY", "DATE", "PERCENT")
    with pytest.raises(UsageError):
        parse_labels(["FOO"])


# ---------------------------------------------------------------- formats

def _small_pairs(section="资金投入"):
    old = side("共投入资金6.8亿元。", [("MONEY", "资金[6.8亿元]", "680000000", None, section, None)])
    new = side("共投入资金7.5亿元。", [("MONEY", "资金[7.5亿元]", "750000000", None, section, None)])
    return align(old, new)


def test_jsonl_object_has_the_interface_fields_in_order():
    obj = json.loads(render_jsonl(_small_pairs()))
    assert list(obj) == ["change", "label", "key", "score", "old", "new", "delta", "ratio"]
    assert (obj["change"], obj["key"], obj["delta"], obj["ratio"]) == ("changed", "资金投入||元", "70000000", "1.1029")
    assert obj["old"]["value"] == "680000000" and obj["new"]["text"] == "7.5亿元" and obj["score"] == 1.0


def test_csv_is_flat_with_one_row_per_pair():
    lines = render_csv(_small_pairs()).splitlines()
    assert lines[0].startswith("change,label,key,score,old_text,old_value")
    assert lines[1] == "changed,MONEY,资金投入||元,1.0,6.8亿元,680000000,5,10,,7.5亿元,750000000,5,10,,70000000,1.1029"


def test_html_escapes_document_text_and_embeds_plotly():
    hostile = "<img src=x onerror=alert(1)>"
    old = side("共投入资金6.8亿元。", [("MONEY", "资金[6.8亿元]", "680000000", None, hostile, None)])
    new = side("共投入资金7.5亿元。", [("MONEY", "资金[7.5亿元]", "750000000", None, hostile, None)])
    page = render([old, new], "html")
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"<script[^>]*\bsrc=", page)      # plotly.js inline: no network
    assert "Plotly.newPlot" in page and "7.5亿元" in page


def test_table_lists_changes_before_same_rows():
    old = side("甲10篇、乙5篇。", [("CARDINAL", "甲[10篇]", "10", "篇", "s", None),
                               ("CARDINAL", "乙[5篇]", "5", "篇", "s", None)])
    new = side("甲10篇、乙6篇。", [("CARDINAL", "甲[10篇]", "10", "篇", "s", None),
                               ("CARDINAL", "乙[6篇]", "6", "篇", "s", None)])
    table = render([old, new], "table")
    assert "1 same, 1 changed, 0 added, 0 removed" in table
    assert table.index("6篇") < table.index("10篇")
    assert "+20.00%" in table and "+1" in table


# ---------------------------------------------------------------- the fixture

@pytest.fixture(scope="module")
def ref_sides():
    return load_side(str(OLD)), load_side(str(NEW))


def _project(pairs):
    return [(p.change, p.label, p.key.split("|")[0], p.key.split("|")[2],
             (p.old.start, p.old.end) if p.old else None, (p.new.start, p.new.end) if p.new else None,
             p.to_json()["delta"], p.to_json()["ratio"]) for p in pairs]


def _expected(old_text, new_text):
    out = []
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        out.append((e["change"], e["label"], e["section"], e["unit"],
                    locate(old_text, e["old"]) if e["old"] else None,
                    locate(new_text, e["new"]) if e["new"] else None, e["delta"], e["ratio"]))
    return out


def test_fixture_diff_is_exactly_the_hand_made_edits(ref_sides):
    old, new = ref_sides
    ot, nt = old.texts[str(OLD)], new.texts[str(NEW)]
    got = _project(align(old, new))
    want = _expected(ot, nt)
    assert got == want
    # every numeric record of both documents appears once
    assert len([r for r in old.records if r.label in NUMERIC]) == sum(1 for w in want if w[4])
    assert len([r for r in new.records if r.label in NUMERIC]) == sum(1 for w in want if w[5])


def test_fixture_diff_holds_when_records_carry_subjects(ref_sides):
    """The subject field is optional: fill it (as a subject finder might, from the clause
    before the number) on both sides, and the diff is the same."""
    old, new = ref_sides

    def with_subjects(s: Side) -> Side:
        text = s.texts[s.name]
        recs = []
        for r in s.records:
            if r.label in NUMERIC:
                clause = re.split(r"[,，;；:：。、]", text[:r.start])[-1]
                r = r.model_copy(update={"subject": re.sub(r"[\d.]+", "", clause)[-8:] or None})
            recs.append(r)
        return Side(s.name, recs, s.year, s.texts)

    ot, nt = old.texts[str(OLD)], new.texts[str(NEW)]
    got = [t[:2] + t[4:] for t in _project(align(with_subjects(old), with_subjects(new)))]
    assert got == [t[:2] + t[4:] for t in _expected(ot, nt)]


def test_document_diffed_with_itself_is_all_same(ref_sides):
    old, _ = ref_sides
    pairs = align(old, old)
    assert pairs and {p.change for p in pairs} == {"same"}
    assert all(p.score == 1.0 and p.old is p.new for p in pairs)


def test_record_files_diff_like_their_documents(ref_sides, tmp_path):
    old, new = ref_sides
    jsonl = tmp_path / "old.jsonl"
    jsonl.write_text("".join(r.model_dump_json() + "\n" for r in old.records), encoding="utf-8")
    listed = tmp_path / "new.json"
    listed.write_text(json.dumps([{"doc": str(NEW), "year": 2013, "records": [r.model_dump(mode="json")
                                   for r in new.records], "checks": []}], ensure_ascii=False), encoding="utf-8")
    a, b = load_side(str(jsonl)), load_side(str(listed))
    assert b.year == 2013 and a.texts and b.texts
    assert render_jsonl(align(a, b)) == render_jsonl(align(old, new))


def test_malformed_record_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "MONEY", "text": "1元", "start": 0, "end": 2}\n{"label": "MONEY", "start": "x"}\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: not a record"):
        load_side(str(bad))


# ---------------------------------------------------------------- the command

def extract(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-c", "from extract.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


def test_cli_jsonl_matches_the_library_and_writes_atomically(ref_sides, tmp_path):
    out = tmp_path / "d.jsonl"
    r = extract("diff", str(OLD), str(NEW), "--format", "jsonl", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == render_jsonl(align(*ref_sides))
    assert [p.name for p in tmp_path.iterdir()] == ["d.jsonl"]


def test_cli_missing_input_is_one_line_exit_1_and_no_output(tmp_path):
    out = tmp_path / "d.html"
    r = extract("diff", "missing.txt", str(NEW), "--format", "html", "-o", str(out))
    assert r.returncode == 1
    assert r.stderr == "extract: missing.txt: no such file\n"
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_three_inputs_give_a_wide_table_with_a_column_per_year_and_bad_labels_exit_2(tmp_path):
    third = tmp_path / "jilin-2014.txt"
    third.write_text(NEW.read_text(encoding="utf-8").replace("2013年", "2014年"), encoding="utf-8")
    r = extract("diff", str(OLD), str(NEW), str(third), "--format", "csv", "--changes-only")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "label,key,changed,2012,2013,2014"
    assert "CARDINAL,概述||,yes,322000,356000,356000" in [re.sub(r"\|[^|]*\|", "||", ln, count=1) for ln in lines]
    bad = extract("diff", str(OLD), str(NEW), "--labels", "FOO")
    assert bad.returncode == 2 and bad.stderr.startswith("extract: --labels: unknown label")
