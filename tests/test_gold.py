"""Gold loading and validation (src/extract/gold.py).

Every failure test writes a small gold file and its document into ``tmp_path`` and
asserts the whole one-line message. The document used throughout::

    吉林省投入资金6.8亿元，其中5.7亿元用于281个村。\\n
    0  3    7    12  15   20  22   26     29 (len)

with GPE 吉林省 [0:3], MONEY 6.8亿元 [7:12], MONEY 5.7亿元 [15:20] (part_of 7) and
CARDINAL 281个 [22:26].
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from extract.errors import GoldError
from extract.gold import DEFAULTS, LABEL_FIELDS, Gold, load_gold

TEXT = "吉林省投入资金6.8亿元，其中5.7亿元用于281个村。\n"

ENTITIES = [
    {"label": "GPE", "text": "吉林省", "start": 0, "end": 3, "name": "吉林省", "adcode": "220000",
     "level": "province"},
    {"label": "MONEY", "text": "6.8亿元", "start": 7, "end": 12, "value": "680000000", "currency": "CNY",
     "section": None, "sentence": 0, "subject": "资金"},
    {"label": "MONEY", "text": "5.7亿元", "start": 15, "end": 20, "value": "570000000", "currency": "CNY",
     "sentence": 0, "part_of": 7},
    {"label": "CARDINAL", "text": "281个", "start": 22, "end": 26, "value": "281", "unit": "个",
     "subject": "村", "each": False},
]


def write_case(tmp_path: Path, entities=None, text: str = TEXT, encoding: str = "utf-8", **top) -> Path:
    """Write ``corpus/doc.txt`` and ``gold/doc.json`` (doc relative to the gold's folder)."""
    (tmp_path / "corpus").mkdir(exist_ok=True)
    (tmp_path / "gold").mkdir(exist_ok=True)
    data = text.encode(encoding)
    (tmp_path / "corpus" / "doc.txt").write_bytes(data)
    gold = {
        "doc": "../corpus/doc.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "chars": len(text),
        "entities": copy.deepcopy(ENTITIES) if entities is None else entities,
    }
    gold.update(top)
    path = tmp_path / "gold" / "doc.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(GoldError) as info:
        load_gold(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert info.value.where == str(path)
    return msg


def with_change(index: int, **changes) -> list[dict]:
    ents = copy.deepcopy(ENTITIES)
    for k, v in changes.items():
        if v is KeyError:
            del ents[index][k]
        else:
            ents[index][k] = v
    return ents


# --- valid files -------------------------------------------------------------------------


def test_loads_valid_gold_and_fills_absent_fields(tmp_path):
    path = write_case(tmp_path)
    gold = load_gold(path)
    assert isinstance(gold, Gold)
    assert gold.path == path
    assert gold.doc_path == (tmp_path / "corpus" / "doc.txt").resolve()
    assert gold.text == TEXT
    assert gold.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
    assert [(e["label"], e["start"], e["end"]) for e in gold.entities] == [
        ("GPE", 0, 3), ("MONEY", 7, 12), ("MONEY", 15, 20), ("CARDINAL", 22, 26)]
    money2 = gold.entities[2]
    # absent fields: null, except each (False) and parents ([])
    assert money2["qualifier"] is None and money2["low"] is None and money2["section"] is None
    assert money2["each"] is False and money2["part_of"] == 7
    assert gold.entities[0]["parents"] == []
    assert set(gold.entities[3]) == {"label", "text", "start", "end", *LABEL_FIELDS["CARDINAL"]}


def test_offsets_index_the_decoded_text_of_a_gb18030_document(tmp_path):
    path = write_case(tmp_path, encoding="gb18030")
    assert load_gold(path).text == TEXT


def test_bom_is_removed_and_crlf_kept(tmp_path):
    text = "吉林省\r\n" + TEXT[3:]
    ents = [dict(ENTITIES[0])] + [dict(e, start=e["start"] + 2, end=e["end"] + 2) for e in ENTITIES[1:]]
    ents[2]["part_of"] = 9
    path = write_case(tmp_path, ents, text=text, encoding="utf-8-sig")
    gold = load_gold(path)
    assert gold.text == text  # no BOM, CRLF kept
    assert gold.entities[1]["start"] == 9


def test_labels_fields_agree_with_record_models():
    from extract.records import LABELS, MODELS, Span

    assert tuple(LABEL_FIELDS) == LABELS
    for label, model in MODELS.items():
        assert set(LABEL_FIELDS[label]) == set(model.model_fields) - set(Span.model_fields), label
    assert DEFAULTS == {"each": False, "parents": []}


REAL_GOLD = [Path(__file__).resolve().parents[1] / "gold" / "jilin-2012-poverty.json"]
MORE = Path(__file__).resolve().parents[2] / "shared" / "gold-more"
REAL_GOLD += sorted(MORE.glob("*.json")) if MORE.is_dir() else []


@pytest.mark.parametrize("path", REAL_GOLD, ids=lambda p: p.name)
def test_real_gold_files_are_valid(path):
    gold = load_gold(path)
    assert gold.entities
    for e in gold.entities:
        assert gold.text[e["start"]:e["end"]] == e["text"]


# --- failures: one line naming the file, the entity and the cause -----------------------------


def test_wrong_offset(tmp_path):
    path = write_case(tmp_path, with_change(1, end=11))
    assert error_of(path) == (
        f"{path}: entity 1 MONEY '6.8亿元' [7:11]: text[7:11] is '6.8亿' not '6.8亿元'")


def test_offsets_out_of_range(tmp_path):
    path = write_case(tmp_path, with_change(3, end=30))
    assert error_of(path) == f"{path}: entity 3 CARDINAL '281个' [22:30]: offsets outside 0 <= start < end <= 29"
    path = write_case(tmp_path, with_change(3, start="22"))
    assert error_of(path) == f"{path}: entity 3 CARDINAL '281个' ['22':26]: start is '22', not an int"


def test_changed_document_hash(tmp_path):
    path = write_case(tmp_path)
    expected = json.loads(path.read_text(encoding="utf-8"))["sha256"]
    changed = TEXT.replace("6.8", "6.9")
    (tmp_path / "corpus" / "doc.txt").write_text(changed, encoding="utf-8")
    actual = hashlib.sha256(changed.encode()).hexdigest()
    assert error_of(path) == f"{path}: document changed: sha256 {actual} (file) != {expected} (gold)"


def test_missing_document(tmp_path):
    path = write_case(tmp_path)
    (tmp_path / "corpus" / "doc.txt").unlink()
    assert error_of(path) == f"{path}: document ../corpus/doc.txt: no such file"


def test_wrong_chars(tmp_path):
    path = write_case(tmp_path, chars=30)
    assert error_of(path) == f"{path}: chars is 30 but the document text has 29"


def test_overlap(tmp_path):
    ents = copy.deepcopy(ENTITIES)
    ents.insert(2, {"label": "CARDINAL", "text": "亿元", "start": 10, "end": 12, "value": "1"})
    path = write_case(tmp_path, ents)
    assert error_of(path) == (
        f"{path}: entity 2 CARDINAL '亿元' [10:12]: overlaps entity 1 MONEY '6.8亿元' [7:12]")


def test_unsorted(tmp_path):
    ents = copy.deepcopy(ENTITIES)
    ents[0], ents[1] = ents[1], ents[0]
    path = write_case(tmp_path, ents)
    assert error_of(path) == (
        f"{path}: entity 1 GPE '吉林省' [0:3]: not sorted: starts before entity 0 MONEY '6.8亿元' [7:12]")


def test_bad_decimal(tmp_path):
    path = write_case(tmp_path, with_change(1, value="6.8e8"))
    assert error_of(path) == (
        f"{path}: entity 1 MONEY '6.8亿元' [7:12]: value is '6.8e8', not a decimal string (^-?\\d+(\\.\\d+)?$)")
    path = write_case(tmp_path, with_change(1, value=680000000))
    assert error_of(path) == (
        f"{path}: entity 1 MONEY '6.8亿元' [7:12]: value is 680000000, not a decimal string (^-?\\d+(\\.\\d+)?$)")


def test_unknown_field(tmp_path):
    path = write_case(tmp_path, with_change(1, amount="1"))
    assert error_of(path) == (
        f"{path}: entity 1 MONEY '6.8亿元' [7:12]: unknown field 'amount' for MONEY (known: value, currency,"
        " qualifier, low, high, section, sentence, subject, part_of, each)")
    # context fields belong to numeric labels only
    path = write_case(tmp_path, with_change(0, section="概述"))
    assert error_of(path).startswith(f"{path}: entity 0 GPE '吉林省' [0:3]: unknown field 'section' for GPE")


def test_unknown_label(tmp_path):
    path = write_case(tmp_path, with_change(0, label="FAC"))
    assert error_of(path) == (
        f"{path}: entity 0 FAC '吉林省' [0:3]: unknown label 'FAC' (known: MONEY, CARDINAL, QUANTITY,"
        " PERCENT, DATE, DOC_NO, LAW, GPE, LOC, ORG, PERSON)")


@pytest.mark.parametrize(
    "index, change, cause",
    [
        (1, {"qualifier": "approx"}, "qualifier is 'approx', not one of about, nearly, over, under"),
        (1, {"currency": "元"}, "currency is '元', not an ISO 4217 code"),
        (0, {"adcode": "22000"}, "adcode is '22000', not a 6- or 12-digit adcode"),
        (0, {"adcode": "220100"}, "adcode 220100 is not a province code (dd0000)"),
        (0, {"level": "city"}, "level is 'city', not one of country, province, prefecture, county,"
                               " township, village"),
        (3, {"each": "false"}, "each is 'false', not true or false"),
        (3, {"each": None}, None),  # explicit null is accepted (means false)
        (1, {"sentence": -1}, "sentence is -1, below 0"),
        (1, {"sentence": True}, "sentence is true, not an int"),
        (2, {"part_of": 0}, "part_of 0 is not the start of a numeric entity (MONEY, CARDINAL, QUANTITY, PERCENT)"),
        (2, {"part_of": 15}, "part_of 15 is the entity itself"),
        (2, {"part_of": "7"}, "part_of is '7', not an int (the start of the whole)"),
        (3, {"low": "200", "value": None}, "a range needs both low and high (low='200', high=null)"),
        (3, {"low": "300", "high": "200", "value": None}, "low 300 is above high 200"),
        (3, {"low": "200", "high": "300"}, "a range (low 200, high 300) has value null, not '281'"),
    ],
)
def test_field_checks(tmp_path, index, change, cause):
    path = write_case(tmp_path, with_change(index, **change))
    if cause is None:
        load_gold(path)
        return
    e = ENTITIES[index]
    who = f"entity {index} {e['label']} '{e['text']}' [{e['start']}:{e['end']}]"
    assert error_of(path) == f"{path}: {who}: {cause}"


def test_field_checks_of_other_labels(tmp_path):
    text = "吉发〔2012〕4号2012年2月《纲要》"
    base = [
        {"label": "DOC_NO", "text": "吉发〔2012〕4号", "start": 0, "end": 10, "issuer": "吉发", "year": 2012,
         "serial": 4},
        {"label": "DATE", "text": "2012年2月", "start": 10, "end": 17, "value": "2012-02"},
        {"label": "LAW", "text": "纲要", "start": 18, "end": 20, "doc_no": None},
    ]
    assert len(load_gold(write_case(tmp_path, base, text=text)).entities) == 3
    cases = [
        (0, {"year": "2012"}, "entity 0 DOC_NO '吉发〔2012〕4号' [0:10]: year is '2012', not an int"),
        (1, {"mod": "LATE"}, "entity 1 DATE '2012年2月' [10:17]: mod is 'LATE', not one of START, MID, END"),
        (1, {"value": "2012年"}, "entity 1 DATE '2012年2月' [10:17]: value is '2012年', not a TIMEX3 date"
                               " (2012, 2012-02, 2011/2020, XXXX-06-05)"),
        (2, {"doc_no": ""}, "entity 2 LAW '纲要' [18:20]: doc_no is '', not a non-empty string"),
    ]
    for index, change, cause in cases:
        ents = copy.deepcopy(base)
        ents[index].update(change)
        path = write_case(tmp_path, ents, text=text)
        assert error_of(path) == f"{path}: {cause}"


def test_text_with_line_break_stays_on_one_line(tmp_path):
    text = "吉林\n省"
    path = write_case(tmp_path, [{"label": "ORG", "text": "吉林\n", "start": 0, "end": 2}], text=text)
    assert error_of(path) == f"{path}: entity 0 ORG '吉林\\n' [0:2]: text[0:2] is '吉林' not '吉林\\n'"


def test_file_level_failures(tmp_path):
    path = write_case(tmp_path)
    path.write_text("{", encoding="utf-8")
    assert error_of(path) == f"{path}: not valid JSON: line 1 column 2: Expecting property name enclosed in double quotes"
    path = write_case(tmp_path, notes="x")
    assert error_of(path) == f"{path}: unknown key 'notes' (known: doc, sha256, chars, entities)"
    path = write_case(tmp_path, sha256="abc")
    assert error_of(path) == f"{path}: sha256 is 'abc', not 64 lower-case hex digits"
    path = write_case(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["chars"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert error_of(path) == f"{path}: missing key 'chars'"
    missing = tmp_path / "nope.json"
    assert error_of(missing) == f"{missing}: no such file"
