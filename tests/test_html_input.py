"""HTML pages and page furniture (issue: robust input).

The reference document saved as a web page (its text inside ordinary page markup,
with a navigation bar, a share bar and a footer full of entity-like boilerplate)
gives the same records by label, text and value as the plain text; ``--save-text``
writes the extracted text that the records' offsets index. Page furniture left in
a plain-text file (ICP lines, addresses, phone numbers, share buttons) gives no
false entities.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import opencc
import pytest

from extract.ingest import read_document
from extract.pipeline import process

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "corpus" / "jilin-2012-poverty.txt"

NAV = """<div class="top"><nav class="navbar"><ul>
<li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li><li><a href="/policy">政策法规</a></li>
<li><a href="/gd">广东省扶贫</a></li><li><a href="/bj">北京市动态</a></li><li><a href="/data">2013年统计数据</a></li>
</ul></nav></div>"""
SHARE = """<div class="share">分享到:<a href="#">QQ空间</a> <a href="#">豆瓣网</a> <a href="#">新浪微博</a>
<a href="#">人人网</a> 浏览次数:1024次</div>"""
FOOTER = """<footer><p><a href="#top">返回顶部</a></p>
<p>主办单位:国务院扶贫开发领导小组办公室 承办:中国扶贫发展中心</p>
<p>地址:北京市西城区广安门南街45号 邮编:100053 电话:010-63383930</p>
<p>Copyright © 2013 中国扶贫网 京ICP备12345678号 京公网安备11010202000001号</p></footer>"""
#: Strings of the page around the article, none of which may reach the text.
FURNITURE = ["首页", "新闻中心", "广东省", "北京市动态", "2013年统计数据", "QQ空间", "豆瓣网", "浏览次数",
             "返回顶部", "主办单位", "国务院扶贫开发领导小组办公室", "广安门", "63383930", "12345678", "Copyright"]


def page(text: str, charset: str = "utf-8") -> str:
    """``text`` as an ordinary web page: title, navigation, article paragraphs, share bar, footer."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{html.escape(title)}_中国扶贫网</title>
<script>var _hmt = _hmt || []; document.write("2014年1月1日");</script>
<style>body {{ font-size: 14px }}</style></head>
<body>
{NAV}
<div class="main"><article>
<h1>{html.escape(title)}</h1>
{paragraphs}
</article>
{SHARE}
</div>
{FOOTER}
</body></html>"""


def key(records) -> list[tuple]:
    """``(label, text, value)`` of each record (model or JSON dict); values as strings."""
    out = []
    for r in records:
        r = r if isinstance(r, dict) else r.model_dump(mode="json")
        out.append((r["label"], r["text"], None if r.get("value") is None else str(r["value"])))
    return out


@pytest.fixture(scope="module")
def plain():
    return process(REF, is_text=False)


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_page_gives_the_plain_records(tmp_path, plain, suffix):
    path = tmp_path / f"jilin{suffix}"
    path.write_text(page(REF.read_text(encoding="utf-8")), encoding="utf-8")
    doc = process(path, is_text=False)
    assert key(doc.records) == key(plain.records)
    for r in doc.records:
        assert doc.text[r.start:r.end] == r.text
    for junk in FURNITURE:
        assert junk not in doc.text, junk


def test_gbk_page(tmp_path, plain):
    """A GBK page (declared so; holding an &nbsp; that decodes to U+00A0, which GBK lacks)."""
    text = REF.read_text(encoding="utf-8")
    path = tmp_path / "jilin.htm"
    path.write_bytes(page(text, charset="gbk").replace("<p>", "<p>&nbsp;", 1).encode("gb18030"))
    src = read_document(path)
    assert (src.encoding, src.media_type) == ("gb18030", "text/html")
    assert key(process(src).records) == key(plain.records)


def test_big5_traditional_mirror(tmp_path, plain):
    """A Big5 mirror in Traditional script: the same spans and values, texts as written."""
    conv = opencc.OpenCC("s2tw")

    def trad(s: str) -> str:  # one character for one; what Big5 lacks becomes a space
        out = (conv.convert(c) for c in s.replace("\xa0", " ").replace("©", " "))
        return "".join(o if len(o) == 1 else c for c, o in zip(s, out))

    path = tmp_path / "jilin.html"
    path.write_bytes(trad(page(REF.read_text(encoding="utf-8"), charset="big5")).encode("big5"))
    doc = process(path, is_text=False)
    assert read_document(path).encoding == "big5"
    got = key(doc.records)
    want = [(label, trad(t), v) for label, t, v in key(plain.records)]
    assert [(label, v) for label, _, v in got] == [(label, v) for label, _, v in want]
    assert [t for _, t, _ in got] == [t for _, t, _ in want]




def test_save_text_writes_what_offsets_index(run_main, tmp_path, plain):
    """``run --save-text DIR``: one file per document (same names in different folders,
    or a .txt beside a .html, do not overwrite each other), holding the text the
    records' offsets index: the extracted text for a page, the decoded text otherwise."""
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "b").mkdir()
    (docs / "a" / "jilin.html").write_text(page(REF.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "a" / "jilin.txt").write_bytes(REF.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    (docs / "b" / "jilin.txt").write_bytes(REF.read_bytes())
    saved = tmp_path / "saved"
    code, out, err = run_main("run", docs, "--save-text", saved)
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(r["doc"], []).append(r)
    assert len(by_doc) == 3
    files = sorted(p for p in saved.rglob("*") if p.is_file())
    assert len(files) == 3
    for doc, recs in by_doc.items():
        rel = Path(*[p for p in Path(doc).parts if p != Path(doc).anchor])
        target = saved / (rel if rel.suffix == ".txt" else rel.with_name(rel.name + ".txt"))
        text = target.read_bytes().decode("utf-8")  # no newline translation: CRLF stays
        assert text == read_document(doc).text
        assert all(text[r["start"]:r["end"]] == r["text"] for r in recs)
        assert key(recs) == key(plain.records)
    assert "\r\n" in (saved / Path(*Path(str(docs / "a" / "jilin.txt")).parts[1:])).read_bytes().decode("utf-8")


# --- page furniture in plain text --------------------------------------------------------

#: Boilerplate lines as they come out of a page saved as text. The places in an address
#: and the copyright holder are entities like anywhere else (guide section 1); nothing
#: else here is.
FURNITURE_TEXT = """扫描下载手机客户端
返回顶部
分享到:QQ空间 新浪微博 豆瓣网 微信 人人网
【打印本页】【关闭窗口】【返回顶部】
地址:北京朝阳区太阳宫北街1号 邮编100028 电话:+86-10-84419655 传真:+86-10-84419658(电子地图)
联系电话:0431-88905566 传真:(0431)88905567 手机:13904312345
版权所有©中国国际扶贫中心 未经许可不得复制 京ICP备2020039194号-2
京ICP备05070218号 京公网安备11010202000001号
吉ICP备10001234号-1
Copyright © All Rights Reserved
浏览次数:1234 字号:[大 中 小]
ＱＱ空间　豆瓣网　返回顶部
地址：北京朝阳区太阳宫北街１号　邮编１０００２８　电话：＋８６－１０－８４４１９６５５
京ＩＣＰ备２０２００３９１９４号－２
"""
FURNITURE_ENTITIES = [("GPE", "北京"), ("GPE", "朝阳区"), ("ORG", "中国国际扶贫中心"), ("GPE", "北京"), ("GPE", "朝阳区")]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_page_furniture_gives_no_false_entities(newline):
    text = FURNITURE_TEXT.replace("\n", newline)
    doc = process(text, is_text=True)
    assert [(r.label, r.text) for r in doc.records] == FURNITURE_ENTITIES
    for r in doc.records:
        assert text[r.start:r.end] == r.text


def test_previous_next_links_are_not_counts():
    doc = process("上一篇:吉林省扶贫开发\n下一篇:\n", is_text=True)
    assert [r.label for r in doc.records if r.label == "CARDINAL"] == []
