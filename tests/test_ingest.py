"""Stage 1: bytes -> document text (annotation guide section 1)."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from extract import ingest
from extract.errors import InputError
from extract.ingest import Source, decode, html_to_text, iter_documents, read_document

REPO = Path(__file__).resolve().parents[1]
JILIN = REPO / "corpus" / "jilin-2012-poverty.txt"

UNDECODABLE = "cannot decode: not UTF-8, GB18030, Big5 or UTF-16"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def cause_of(path: str, **kw) -> str:
    with pytest.raises(InputError) as info:
        read_document(path, **kw)
    assert info.value.where == path
    assert str(info.value) == f"{path}: {info.value.cause}"
    return info.value.cause


# --- encodings ---------------------------------------------------------------


def test_utf8_plain(tmp_path):
    path = write(tmp_path, "a.txt", "吉林省投入资金6.8亿元。\n".encode("utf-8"))
    assert read_document(path) == Source(path, "吉林省投入资金6.8亿元。\n", "utf-8", "text/plain")


def test_utf8_bom_removed(tmp_path):
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + "吉林省\n".encode("utf-8"))
    src = read_document(path)
    assert src.text == "吉林省\n"
    assert src.encoding == "utf-8-sig"
    assert not src.text.startswith("\ufeff")


def test_utf8_crlf_preserved(tmp_path):
    path = write(tmp_path, "a.txt", "第一行\r\n第二行\r\n第三行\r".encode("utf-8"))
    src = read_document(path)
    assert src.text == "第一行\r\n第二行\r\n第三行\r"
    assert src.text.count("\r\n") == 2
    assert len(src.text) == 14


def test_reference_text_is_utf8():
    src = read_document(str(JILIN))
    assert src.encoding == "utf-8"
    assert len(src.text) == 2642  # the gold file's "chars"
    assert src.text.startswith("吉林省扶贫开发\n")
    assert src.text[867:872] == "6.8亿元"  # interface.md example record


def test_gb18030_decodes_to_same_text(tmp_path):
    text = JILIN.read_bytes().decode("utf-8")
    path = write(tmp_path, "gb.txt", text.encode("gb18030"))
    src = read_document(path)
    assert src.encoding == "gb18030"
    assert src.text == text
    assert src.text[867:872] == "6.8亿元"


@pytest.mark.parametrize(
    "text",
    ["扶贫开发", "關於印發", "吉林省", "资金", "全省投入财政专项扶贫资金6.8亿元。"],
)
def test_short_gbk_not_mistaken(text):
    # charset-normalizer alone says Big5 for 扶贫开发 and Johab for 關於印發.
    assert decode(text.encode("gbk")) == (text, "gb18030")


def test_big5_traditional(tmp_path):
    path = write(tmp_path, "tw.txt", "遼寧省投入資金5億元。".encode("big5"))
    src = read_document(path)
    assert src.text == "遼寧省投入資金5億元。"
    assert src.encoding == "big5"


@pytest.mark.parametrize("text", ["臺灣", "關於印發", "我們第一屆全國人民代表大會第一次會議，在聽了"])
def test_short_big5(text):
    assert decode(text.encode("big5")) == (text, "big5")


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path, "u16.txt", "吉林省\r\n扶贫".encode("utf-16"))  # BOM + native order
    src = read_document(path)
    assert src.text == "吉林省\r\n扶贫"
    assert src.encoding == "utf-16"
    be = codecs.BOM_UTF16_BE + "吉林省".encode("utf-16-be")
    assert decode(be) == ("吉林省", "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text", ["hello world 2012\r\n", "吉林省扶贫开发工作取得了新的成效", "吉林省扶贫开发\n成效，2012年"]
)
def test_utf16_without_bom(codec, text):
    assert decode(text.encode(codec)) == (text, codec)


def test_explicit_encoding_overrides():
    data = "吉林省".encode("gbk")
    assert decode(data, encoding="gbk") == ("吉林省", "gbk")
    # Big5 bytes that GB18030 also accepts: the explicit codec wins.
    data = "遼寧".encode("big5")
    assert decode(data, encoding="gb18030")[0] != "遼寧"
    assert decode(data, encoding="big5") == ("遼寧", "big5")


def test_explicit_wrong_encoding(tmp_path):
    path = write(tmp_path, "a.txt", "吉林省".encode("gbk"))
    assert cause_of(path, encoding="utf-8") == "cannot decode as utf-8: byte 0"
    path = write(tmp_path, "b.txt", b"abc " + "吉林".encode("utf-8"))
    assert cause_of(path, encoding="ascii") == "cannot decode as ascii: byte 4"


def test_unknown_encoding():
    with pytest.raises(InputError, match="x: unknown encoding: klingon"):
        decode(b"abc", "x", encoding="klingon")


# --- bad input ---------------------------------------------------------------


def test_missing_file(tmp_path):
    assert cause_of(str(tmp_path / "nope.txt")) == "no such file"


def test_directory_as_file(tmp_path):
    assert cause_of(str(tmp_path)) == "is a directory"


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "a.txt", b"abc")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", deny, raising=False)
    assert cause_of(path) == "permission denied"


def test_empty_file(tmp_path):
    assert cause_of(write(tmp_path, "e.txt", b"")) == "empty file"
    assert cause_of(write(tmp_path, "bom.txt", codecs.BOM_UTF8)) == "empty file"


def test_whitespace_only(tmp_path):
    path = write(tmp_path, "w.txt", " \r\n\t\u3000\n".encode("utf-8"))
    assert cause_of(path) == "no text"


def test_binary_png(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
    assert cause_of(write(tmp_path, "img.txt", png)) == "binary file, not text"


def test_binary_control_characters(tmp_path):
    assert cause_of(write(tmp_path, "c.txt", bytes(range(1, 9)) * 10)) == "binary file, not text"


def test_nul_in_utf8(tmp_path):
    assert cause_of(write(tmp_path, "n.txt", b"abc\x00def")) == "binary file, not text"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(128, 256)) * 4,
        random.Random(0).randbytes(300).replace(b"\x00", b"\x01"),
        b"\xfd\xfe\xff" * 20,
        "こんにちは世界、日本語のテキストです。".encode("shift_jis"),  # GB18030-valid, implausible
        "café résumé".encode("latin-1"),
    ],
)
def test_undecodable(tmp_path, data):
    assert cause_of(write(tmp_path, "g.txt", data)) == UNDECODABLE


def test_never_replacement_character():
    data = "吉林省".encode("utf-8") + b"\xff"
    with pytest.raises(InputError):
        decode(data)


def test_decode_where_defaults():
    with pytest.raises(InputError) as info:
        decode(b"")
    assert str(info.value) == "<bytes>: empty file"


# --- folders -----------------------------------------------------------------


def test_iter_documents_walks_sorted_and_filters(tmp_path):
    for name in [
        "b.txt", "a.htm", "a/z.html", "a/c.TXT", "a/b/x.txt", "notes.md", "data.json",
        "a/.hidden.txt", ".git/x.txt", "c.html", "a.txt",
    ]:
        write(tmp_path, name, b"x")
    root = str(tmp_path)
    got = [Path(p).relative_to(tmp_path).as_posix() for p in iter_documents([root])]
    assert got == ["a/b/x.txt", "a/c.TXT", "a/z.html", "a.htm", "a.txt", "b.txt", "c.html"]
    assert all(p.startswith(root) for p in iter_documents([root]))


def test_iter_documents_keeps_argument_order(tmp_path):
    b = write(tmp_path, "b.txt", b"x")
    a = write(tmp_path, "d/a.txt", b"x")
    assert list(iter_documents([b, str(tmp_path / "d")])) == [b, a]


def test_iter_documents_missing(tmp_path):
    good = write(tmp_path, "a.txt", b"x")
    missing = str(tmp_path / "missing")
    with pytest.raises(InputError) as info:
        iter_documents([good, missing])  # checked before anything is yielded
    assert str(info.value) == f"{missing}: no such file"


def test_iter_documents_empty_folder(tmp_path):
    folder = tmp_path / "empty"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.md").write_text("x")
    with pytest.raises(InputError) as info:
        iter_documents([str(folder)])
    assert info.value.cause == "no documents (.txt, .html, .htm) in folder"


def test_iter_documents_named_non_document(tmp_path):
    path = write(tmp_path, "SOURCES.jsonl", b"{}")
    with pytest.raises(InputError) as info:
        iter_documents([path])
    assert info.value.cause == "not a document (.txt, .html, .htm)"


# --- HTML --------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>吉林省扶贫开发</title>
<style>body {{ color: #333 }}</style><script>var s = "脚本内容";</script></head>
<body>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/gov">政务公开</a></li><li><a href="#top">返回顶部</a></li></ul></nav>
<article>
<h1>吉林省扶贫开发工作综述</h1>
<p>2012年，吉林省继续把扶贫开发工作作为重点民生实事之一强力推进，并下发了全年实现30万农村贫困人口的脱贫工作方案。</p>
<p>全省投入财政专项扶贫资金6.8亿元，其中中央资金5.7亿元，省级资金1.1亿元，比上年增长15%。</p>
<p>截至2012年底，全省实现32.2万农村贫困人口脱贫，超额完成了年初确定的目标任务。各级党委政府高度重视，不断加大扶贫工作力度。</p>
</article>
<footer><p>版权所有：中国国际扶贫中心 京ICP备2020039194号-2 联系电话：010-12345678</p></footer>
</body></html>
"""

NAV_AND_FOOTER = ["首页", "新闻中心", "政务公开", "返回顶部", "版权所有", "京ICP备", "010-12345678", "脚本内容"]
PARAGRAPHS = [
    "2012年，吉林省继续把扶贫开发工作作为重点民生实事之一强力推进，并下发了全年实现30万农村贫困人口的脱贫工作方案。",
    "全省投入财政专项扶贫资金6.8亿元，其中中央资金5.7亿元，省级资金1.1亿元，比上年增长15%。",
    "截至2012年底，全省实现32.2万农村贫困人口脱贫，超额完成了年初确定的目标任务。各级党委政府高度重视，不断加大扶贫工作力度。",
]


def test_html_drops_nav_and_footer(tmp_path):
    path = write(tmp_path, "page.html", PAGE.format(charset="utf-8").encode("utf-8"))
    src = read_document(path)
    assert src.media_type == "text/html"
    assert src.encoding == "utf-8"
    lines = src.text.split("\n")
    for para in PARAGRAPHS:
        assert para in lines  # one paragraph per line
    for junk in NAV_AND_FOOTER:
        assert junk not in src.text
    start = src.text.index("6.8亿元")
    assert src.text[start : start + 5] == "6.8亿元"  # offsets index the extracted text


def test_html_by_content_and_gbk_meta(tmp_path):
    # .txt holding a page, GBK bytes with a gb2312 meta charset
    path = write(tmp_path, "page.txt", PAGE.format(charset="gb2312").encode("gbk"))
    src = read_document(path)
    assert src.media_type == "text/html"
    assert src.encoding == "gb18030"
    assert PARAGRAPHS[1] in src.text
    assert "返回顶部" not in src.text


def test_html_fallback_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    text = html_to_text(PAGE.format(charset="utf-8"), "p.html")
    assert text.split("\n") == ["吉林省扶贫开发工作综述", *PARAGRAPHS]


def test_html_short_page():
    text = html_to_text("<html><body><nav>首页</nav><p>扶贫资金6.8亿元。</p></body></html>", "p.html")
    assert text == "扶贫资金6.8亿元。"


def test_html_without_text():
    with pytest.raises(InputError) as info:
        html_to_text("<html><body><nav>首页</nav><script>x()</script></body></html>", "p.html")
    assert str(info.value) == "p.html: no text"


def test_html_div_navigation_dropped():
    page = (
        PAGE.format(charset="utf-8")
        .replace('<nav class="nav">', '<div class="nav">').replace("</nav>", "</div>")
        .replace("<footer>", '<div class="footer" id="footer">').replace("</footer>", "</div>")
        .replace("<article>", '<div class="content">').replace("</article>", "</div>")
    )
    text = html_to_text(page, "p.html")
    assert text.split("\n") == ["吉林省扶贫开发工作综述", *PARAGRAPHS]
