"""`extract show`: the HTML report, checked without a browser (tests/test_show_browser.py
checks it rendered). The page is parsed with the standard library's HTML parser, as a
browser would tokenize it, so escaping is checked by structure, not by substrings alone."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from extract.context import Check
from extract.pipeline import process
from extract.records import Law, Money, Org
from extract.report import render_report

REF = "corpus/jilin-2012-poverty.txt"
HOSTILE = ('吉林省<script>alert(1)</script>投入"quotes"资金6.8亿元。\r\n'
           '《<script>alert(1)</script>》和《"quotes"&amp;</script><!--》\r\n'
           '其中国家资金2亿元,省级1亿元。\r末行\n')


class Page(HTMLParser):
    """Tags, scripts, the text of ``#doc`` (as the DOM's textContent) and where each
    ``mark[data-label]`` starts in it (in code points)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.marks: list[dict] = []
        self.doc_text: list[str] = []
        self._doc_depth = 0  # > 0 inside <div id="doc">
        self._script: dict | None = None
        self._mark: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script = a
            self._script_text = []
        if self._doc_depth:
            if tag not in ("br",):
                self._doc_depth += 1
        elif tag == "div" and a.get("id") == "doc":
            self._doc_depth = 1
        if tag == "mark" and "data-label" in a:
            self._mark = {"attrs": a, "text": [], "in_doc": bool(self._doc_depth),
                          "offset": len("".join(self.doc_text))}
            self.marks.append(self._mark)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag == "mark":
            self._mark = None
        if self._doc_depth:
            self._doc_depth -= 1

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        if self._doc_depth:
            self.doc_text.append(data)
        if self._mark is not None:
            self._mark["text"].append(data)


def marks_of(page: Page) -> list[tuple[str, str, int]]:
    return [(m["attrs"]["data-label"], "".join(m["text"]), int(m["attrs"]["data-start"])) for m in page.marks]


@pytest.fixture(scope="module")
def ref_doc():
    return process(REF)


@pytest.fixture(scope="module")
def ref_html(ref_doc):
    return render_report(ref_doc)


def test_one_mark_per_record_carrying_its_label(ref_doc, ref_html):
    records = ref_doc.records
    assert len(records) >= 120
    assert ref_html.count("<mark data-label=") == len(records)
    page = Page(ref_html)
    assert sorted(marks_of(page)) == sorted((r.label, r.text, r.start) for r in records)
    assert all(m["in_doc"] for m in page.marks)  # all placed in the text


def test_text_is_the_document_and_marks_sit_at_their_offsets(ref_doc, ref_html):
    page = Page(ref_html)
    assert "".join(page.doc_text) == ref_doc.text
    for m in page.marks:
        assert m["offset"] == int(m["attrs"]["data-start"])


def test_page_is_self_contained(ref_html):
    page = Page(ref_html)
    for tag, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)  # handlers only via the script
        for k in ("src", "href", "action"):
            v = attrs.get(k)
            assert v is None or v.startswith("#"), (tag, k, v)  # nothing fetched, no link out
    assert [t for t, _ in page.tags].count("link") == 0
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_sections_checks_legend_and_table(ref_doc, ref_html):
    page = Page(ref_html)
    ids = {a.get("id") for _, a in page.tags}
    for k, sec in enumerate(ref_doc.sections):
        assert f"sec-{k}" in ids
        assert f'<a href="#sec-{k}">{sec.title}</a>' in ref_html
    assert {"records", "checks", "detail", "q", "label-filter", "report-data"} <= ids
    rows = [a for t, a in page.tags if t == "tr" and "data-i" in a]
    assert len(rows) == len(ref_doc.records)
    data = json.loads(next(text for a, text in page.scripts if a.get("type") == "application/json"))
    assert data["records"] == [r.model_dump(mode="json") for r in ref_doc.records]
    assert sum(1 for t, a in page.tags if t == "button" and a.get("data-kind")) == len({r.label for r in ref_doc.records})


def _assert_hostile_is_inert(html: str, doc) -> None:
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = Page(html)
    # Exactly our two script elements: the JSON data and the constant code.
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    data_text = next(text for a, text in page.scripts if a.get("type") == "application/json")
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    assert json.loads(data_text)["records"] == [r.model_dump(mode="json") for r in doc.records]
    assert "alert" not in page.scripts[1][1]
    assert sorted(marks_of(page)) == sorted((r.label, r.text, r.start) for r in doc.records)
    assert html.count("<mark data-label=") == len(doc.records)
    assert "".join(page.doc_text) == doc.text  # CR, CRLF and markup-like text kept exactly
    for m in page.marks:
        if m["in_doc"]:
            assert m["offset"] == int(m["attrs"]["data-start"])
        # Attribute values came through the parser intact: quoting held.
        assert set(m["attrs"]) >= {"data-label", "class", "id", "data-i", "data-start", "data-end", "title"}
    titles = [m["attrs"]["title"] for m in page.marks]
    assert any('"quotes"&amp;</script><!--' in t for t in titles)


def test_hostile_document_through_the_pipeline_is_escaped(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_bytes(HOSTILE.encode("utf-8"))
    doc = process(str(path))
    assert any(r.text == "<script>alert(1)</script>" for r in doc.records)
    _assert_hostile_is_inert(render_report(doc), doc)


def test_hostile_records_checks_and_unplaceable_records():
    text = HOSTILE
    s = text.index("<script>")
    e = text.index("</script>") + len("</script>")
    q = text.index('"quotes"&amp;')
    records = [
        Org(text=text[s:e], start=s, end=e),
        Law(text=text[q:q + 26], start=q, end=q + 26, doc_no='"x" <b>'),
        Money(text="6.8亿元", start=text.index("6.8亿元"), end=text.index("6.8亿元") + 5,
              value=Decimal("680000000"), subject='<img src=x onerror="alert(1)">', section="</script>"),
        Money(text="2亿元", start=text.index("2亿元"), end=text.index("2亿元") + 3, value=Decimal(200000000),
              part_of=text.index("6.8亿元")),
        # Not placeable: overlapping, text not at its offsets, outside the text, empty.
        Org(text=text[s + 1:e], start=s + 1, end=e),
        Org(text="<i>not here</i>", start=0, end=15),
        Org(text="x", start=len(text) + 5, end=len(text) + 6),
        Org(text="", start=3, end=3),
    ]
    checks = [Check(records[2].start, '6.8亿元<script>', Decimal(680000000), (records[3].start,),
                    Decimal(200000000), "partial")]
    sections = [SimpleNamespace(title='<h1 onclick="x">标题</h1>', start=0, end=len(text))]
    doc = SimpleNamespace(path='<b>"evil".txt', text=text, records=records, sections=sections,
                          sentences=[], checks=checks, year=2012, encoding="utf-8")
    html = render_report(doc)
    _assert_hostile_is_inert(html, doc)
    page = Page(html)
    assert sum(m["in_doc"] for m in page.marks) == 4
    assert sum(not m["in_doc"] for m in page.marks) == 4
    # None of the document's markup became a tag: only ours, and ours without stray attributes.
    assert "img" not in {t for t, _ in page.tags} and "i" not in {t for t, _ in page.tags}
    assert [a for t, a in page.tags if t == "h1"] == [{}]
    assert not [a for t, a in page.tags if t == "b" and a]
    assert "&lt;h1 onclick=&quot;x&quot;&gt;标题&lt;/h1&gt;" in html
    assert "partial: 6.8亿元&lt;script&gt;" in html


def test_crlf_and_lone_cr_keep_offsets_and_show_breaks(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("吉林省扶贫开发\r\n\r\n【资金投入】投入资金6.8亿元。\r其中2亿元。\n281个贫困村\r\n".encode("utf-8"))
    doc = process(str(path))
    assert "\r\n" in doc.text and len(doc.records) >= 3
    html = render_report(doc)
    page = Page(html)
    assert "".join(page.doc_text) == doc.text
    assert html.count('<span class="eol crlf"></span>&#13;\n') == 3
    assert html.count('<span class="eol cr"></span>&#13;<br>') == 1
    assert "\r" not in html  # every CR is a character reference (the parser would fold a raw one)
    for m in page.marks:
        assert m["offset"] == int(m["attrs"]["data-start"])


def test_empty_document_renders():
    doc = SimpleNamespace(path=None, text="", records=[], sections=[], sentences=[], checks=[])
    html = render_report(doc)
    assert "<mark data-label=" not in html and "no records" in html


def extract(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from extract.cli import main; main()", *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def test_cli_show_writes_stdout_or_file_atomically(tmp_path, ref_doc):
    p = extract("show", REF)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("<!DOCTYPE html>")
    assert p.stdout.count("<mark data-label=") == len(ref_doc.records)

    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    p = extract("show", REF, "-o", str(out))
    assert p.returncode == 0 and p.stdout == "", p.stderr
    assert out.read_text(encoding="utf-8") == render_report(ref_doc)
    assert sorted(os.listdir(tmp_path)) == ["report.html"]  # no temporary file left

    out.write_text("old", encoding="utf-8")
    p = extract("show", "missing.txt", "-o", str(out))
    assert p.returncode == 1 and p.stderr == "extract: missing.txt: no such file\n"
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["report.html"]

    p = extract("show", "corpus", "-o", str(tmp_path / "new.html"))  # a folder holding one document
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "new.html").read_text(encoding="utf-8").count("<mark data-label=") == len(ref_doc.records)


def test_cli_show_failing_mid_write_leaves_the_old_file(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import extract.report
    from extract.cli import app

    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    # A page that cannot be encoded fails inside the write, after the temporary file exists.
    monkeypatch.setattr(extract.report, "render_report", lambda doc: "<!DOCTYPE html>" + "x" * 100000 + "\ud800")
    result = CliRunner().invoke(app, ["show", REF, "-o", str(out)])
    assert result.exit_code != 0 and isinstance(result.exception, UnicodeEncodeError)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["report.html"]


def test_cli_show_refuses_a_folder_of_several(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("吉林省投入资金6.8亿元。\n", encoding="utf-8")
    p = extract("show", str(tmp_path))
    assert p.returncode == 2 and p.stderr.startswith(f"extract: {tmp_path}: show takes one document")
    assert p.stdout == ""
