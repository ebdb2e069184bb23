"""extract.output: the text `extract run` writes for one document, per format."""

import json
from decimal import Decimal

import pytest

from extract.context import Check
from extract.output import csv_columns, csv_header, render, rendered
from extract.records import DocNo, Gpe, Law, Money

MONEY = Money(doc="a.txt", text="6.8亿元", start=2, end=7, value=Decimal("680000000"), section="资金投入")
GPE = Gpe(doc="a.txt", text="长春市", start=9, end=12, name="长春市", adcode="220100", level="prefecture",
          parents=["220000"])
CHUNKS = [([MONEY], []), ([GPE], [])]
CHECK = Check(total_start=2, total_text="6.8亿元", total=Decimal("680000000"), parts=(20,),
              parts_sum=Decimal("570000000"), status="partial")


def test_jsonl_is_one_record_per_line_chunk_by_chunk():
    pieces = list(render("jsonl", "a.txt", 2012, CHUNKS))
    assert len(pieces) == 2
    first = json.loads(pieces[0])
    assert (first["label"], first["value"], first["currency"], first["section"]) == ("MONEY", "680000000", "CNY", "资金投入")
    assert pieces[1].endswith("\n") and json.loads(pieces[1])["adcode"] == "220100"


def test_csv_rows_join_parents_with_spaces_and_leave_the_header_out():
    text = rendered("csv", "a.txt", 2012, CHUNKS)
    lines = text.split("\r\n")
    assert not text.startswith("doc,")
    cols = csv_columns()
    money = dict(zip(cols, lines[0].split(",")))
    assert (money["label"], money["value"], money["adcode"]) == ("MONEY", "680000000", "")
    gpe = dict(zip(cols, lines[1].split(",")))
    assert (gpe["parents"], gpe["level"]) == ("220000", "prefecture")
    assert csv_header() == ",".join(cols) + "\r\n"
    assert cols[:5] == ["doc", "label", "text", "start", "end"] and cols.count("value") == 1


def test_json_is_one_object_for_the_whole_document():
    (piece,) = render("json", "a.txt", 2012, [([MONEY], [CHECK]), ([GPE], [])])
    item = json.loads(piece)
    assert (item["doc"], item["year"]) == ("a.txt", 2012)
    assert [r["text"] for r in item["records"]] == ["6.8亿元", "长春市"]
    assert item["checks"] == [{"status": "partial", "total_start": 2, "total_text": "6.8亿元", "total": "680000000",
                               "parts": [20], "parts_sum": "570000000", "tolerance": "0",
                               "line": "partial: 6.8亿元 [2] 680000000 > 570000000 (sum of 1 part)"}]


def test_citations_add_the_document_path():
    law = Law(doc="a.txt", text="关于扶贫的意见", start=1, end=8, doc_no="吉发〔2012〕4号")
    no = DocNo(doc="a.txt", text="吉发〔2012〕4号", start=9, end=19, issuer="吉发", year=2012, serial=4)
    (line,) = rendered("citations", "a.txt", 2012, [([law, MONEY, no], [])]).splitlines()
    item = json.loads(line)
    assert (item["doc"], item["title"], item["number"], len(item["mentions"])) == ("a.txt", "关于扶贫的意见", "吉发〔2012〕4号", 2)


def test_checks_are_one_line_each_prefixed_with_the_path():
    assert rendered("checks", "a.txt", 2012, [([MONEY], [CHECK]), ([GPE], [])]) == (
        "a.txt: partial: 6.8亿元 [2] 680000000 > 570000000 (sum of 1 part)\n")


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="xml"):
        list(render("xml", "a.txt", None, CHUNKS))
