"""Stage 1: bytes -> document text.

The *document text* (annotation guide, section 1) is what every offset in
the project indexes: the file's bytes decoded with the right codec, a
leading byte-order mark removed, line endings kept exactly as they are
(CRLF stays CRLF, a lone CR stays CR: no universal newlines). For an HTML
file it is the main text extracted from the page (see :func:`html_to_text`).

Decoding order (:func:`decode`):

1. ``encoding=`` given: that codec, strictly.
2. A byte-order mark: UTF-8 (``"utf-8-sig"``), UTF-32 LE/BE, UTF-16 LE/BE.
3. Strict UTF-8 (``"utf-8"``); pure ASCII lands here.
4. UTF-16 without a BOM when the NUL bytes sit on one parity (ASCII-heavy
   UTF-16); then NUL bytes anywhere else mean a binary file.
5. Detection among GB18030 (the superset of GB2312 and GBK: any such guess
   is decoded as GB18030), Big5 (CP950 when plain Big5 fails) and UTF-16
   without BOM. charset-normalizer gives the first opinion; every candidate
   that decodes strictly is then scored for plausibility (share of common
   Chinese characters and punctuation, penalties for private-use code
   points, kana, bopomofo, Greek, Cyrillic, Hangul, box drawing and control
   characters) and charset-normalizer is overruled only when another
   candidate scores clearly better. The guard exists because
   charset-normalizer is unreliable on short double-byte texts: the GBK
   bytes of ``扶贫开发`` are reported as Big5 (``痴げ羲楷``) and those of
   ``關於印發`` as Johab.

Nothing is ever decoded with replacement characters: bytes that no codec
takes raise :class:`~extract.errors.InputError`. The one exception to strict
decoding is a file cut inside its last character (a truncated download): that
incomplete character is dropped and the rest is the document text
(:func:`_decode_whole`).

Memory: :func:`read_document` reads the whole file, because offsets index
the whole text. Peak memory is about the file size (the bytes) plus the
decoded ``str`` (1, 2 or 4 bytes per character in CPython: 2 for text with
Chinese characters in the Basic Multilingual Plane, so about 2/3 of the
UTF-8 size, or the GB18030/Big5 size), plus the folded matching copy made
later (another ``str`` of the same size). A 300 MB UTF-8 Chinese file thus
needs about 300 + 200 + 200 MB. Detection and plausibility scoring look at
samples only, so they do not add to this.
"""

from __future__ import annotations

import codecs
import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from .errors import InputError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "Source",
    "decode",
    "read_document",
    "iter_documents",
    "html_to_text",
    "is_html",
]

#: File name endings (case-insensitive) that count as documents in a folder.
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")

UNDECODABLE = "cannot decode: not UTF-8, GB18030, Big5 or UTF-16"
BINARY = "binary file, not text"

# How much of a text the plausibility and control-character checks look at.
_SAMPLE_CHARS = 200_000
_SAMPLE_BYTES = 400_000
# Plausibility (see _plausibility) below which a detected decoding is not
# believed. Real reports score 0.98-1.0; Shift-JIS read as GB18030 ~0.3.
_FLOOR = 0.5
_UTF16_FLOOR = 0.6


@dataclass(frozen=True)
class Source:
    """One document, decoded.

    ``path`` is the path as the user gave it (``None`` for in-memory text);
    ``text`` is the document text that offsets index; ``encoding`` the codec
    used (``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"``, ``"big5"``,
    ``"cp950"``, ``"utf-16"``, ``"utf-16-le"``, ``"utf-16-be"``,
    ``"utf-32"``, or the name of an explicit ``encoding=``);
    ``media_type`` is ``"text/plain"`` or ``"text/html"`` (then ``text`` is
    the extracted main text, not the markup).
    """

    path: str | None
    text: str
    encoding: str
    media_type: str


# --------------------------------------------------------------------------
# decoding


def decode(data: bytes, where: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode a document's bytes to its document text.

    Returns ``(text, encoding)``: ``text`` with a leading BOM removed and
    line endings untouched; ``encoding`` the codec used (see
    :class:`Source`). With ``encoding=`` that codec is used strictly and
    nothing is detected (GB2312 and GBK that fail are read as GB18030, Big5 as
    CP950 or Big5-HKSCS: see ``_SUPERSETS``). Detection (module docstring) uses BOMs, strict
    UTF-8, then charset-normalizer among GB18030, Big5 and UTF-16, guarded
    by a plausibility score because charset-normalizer misreads short
    double-byte texts.

    Raises :class:`~extract.errors.InputError` ``(where, cause)`` with cause
    ``"empty file"`` (no bytes, or only a BOM), ``"no text"`` (only
    whitespace), ``"binary file, not text"`` (NUL bytes outside UTF-16/32,
    or more than 10% control characters), ``"cannot decode: not UTF-8,
    GB18030, Big5 or UTF-16"``, ``"cannot decode as <enc>: byte <n>"`` (an
    explicit codec failing at byte offset ``n``) or ``"unknown encoding:
    <enc>"``.
    """
    if not data:
        raise InputError(where, "empty file")
    if encoding is not None:
        text, used = _decode_explicit(data, where, encoding)
    else:
        text, used = _decode_detect(data, where)
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_text(text, where)
    return text, used


def _decode_whole(data: bytes, name: str) -> str:
    """``data.decode(name)``, strictly, except that an incomplete character at the
    very end is dropped instead of failing the whole file.

    A download cut short usually ends inside a multi-byte character (one to three
    bytes of UTF-8, GB18030 or UTF-16, a Big5 lead byte); everything before it is
    the document as far as it arrived, and its offsets are those of the complete
    file. Any other undecodable byte raises :class:`UnicodeDecodeError` as before.
    """
    try:
        return data.decode(name)
    except UnicodeDecodeError as err:
        decoder = codecs.getincrementaldecoder(name)("strict")
        text = decoder.decode(data, final=False)  # raises for a bad byte before the end
        if not decoder.getstate()[0]:
            raise err from None
        return text


def _check_text(text: str, where: str) -> None:
    if not text:
        raise InputError(where, "empty file")
    if not text.strip():
        raise InputError(where, "no text")
    if _too_many_controls(text):
        raise InputError(where, BINARY)


# C0 and C1 controls other than the whitespace ones (\t \n \v \f \r) and
# the old DOS end-of-file mark \x1a, which some text files still end with.
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _decode_explicit(data: bytes, where: str, encoding: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(where, f"unknown encoding: {encoding}") from None
    for codec in (name,) + _SUPERSETS.get(name, ()):
        try:
            return _decode_whole(data, codec), codec
        except UnicodeDecodeError as err:
            bad = err.start  # the superset's, tried last, is the byte nothing takes
    raise InputError(where, f"cannot decode as {encoding}: byte {bad}") from None


# What a page or a user calls GB2312 or GBK is, in practice (and for browsers: WHATWG
# Encoding, where the "gbk" decoder is the gb18030 one), GB18030: such files hold
# characters GBK lacks (U+00A0 from &nbsp;, U+20AC ...). Likewise Big5 files use the
# Microsoft (CP950) and Hong Kong (HKSCS) extensions. An explicit encoding that
# fails is tried as its superset before giving up; the codec used is reported.
_SUPERSETS = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "cp950": ("big5hkscs",),
}


_BOMS = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_detect(data: bytes, where: str) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_whole(data, name), name
            except UnicodeDecodeError:
                if name == "utf-32":  # FF FE 00 00 may be UTF-16 LE BOM + NUL
                    continue
                raise InputError(where, UNDECODABLE) from None
    head = data[:_SAMPLE_BYTES]
    if b"\x00" in head:
        # NUL bytes are valid UTF-8 but never text: UTF-16 without BOM of
        # mostly ASCII (NULs on one parity) or of Chinese with some ASCII
        # (plausible when decoded), else binary.
        name = _nul_utf16(head)
        if name is not None:
            try:
                return _decode_whole(data, name), name
            except UnicodeDecodeError:
                pass
        best = _best_utf16(data) if len(data) % 2 == 0 else None
        if best is not None:
            return best
        raise InputError(where, BINARY)
    try:
        text = _decode_whole(data, "utf-8")
    except UnicodeDecodeError:
        return _detect_double_byte(data, where)
    if len(data) % 2 == 0 and _too_many_controls(text):
        # UTF-16 of CJK text without BOM can be all bytes < 0x80 (吉 U+5409
        # is 09 54), i.e. "valid UTF-8" full of control characters.
        best = _best_utf16(data)
        if best is not None:
            return best
    return text, "utf-8"


def _too_many_controls(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > 0.1 * len(sample)


def _best_utf16(data: bytes) -> tuple[str, str] | None:
    found = []
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = _decode_whole(data, name)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text[:_SAMPLE_CHARS])
        if score >= _UTF16_FLOOR and not _too_many_controls(text):
            found.append((score, name, text))
    if not found:
        return None
    score, name, text = max(found)
    return text, name


def _nul_utf16(head: bytes) -> str | None:
    """UTF-16 without BOM when NUL bytes sit (almost) only on one parity."""
    if len(head) % 2 and len(head) < _SAMPLE_BYTES:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


_CN_NAMES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "gb18030",
    "big5": "big5",
    "cp950": "big5",
    "big5hkscs": "big5",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
}


def _detect_double_byte(data: bytes, where: str) -> tuple[str, str]:
    candidates: dict[str, str] = {}
    for name in ("gb18030", "big5", "utf-16-le", "utf-16-be"):
        if name.startswith("utf-16") and len(data) % 2:
            continue
        try:
            candidates[name] = _decode_whole(data, name)
        except UnicodeDecodeError:
            if name == "big5":
                try:
                    candidates["cp950"] = _decode_whole(data, "cp950")
                except UnicodeDecodeError:
                    pass
    if not candidates:
        raise InputError(where, UNDECODABLE)
    scores = {name: _plausibility(text[:_SAMPLE_CHARS]) for name, text in candidates.items()}
    # UTF-16 without BOM decodes almost any even-length byte string; only a
    # clearly Chinese-looking result is believed.
    for name in ("utf-16-le", "utf-16-be"):
        if name in scores and scores[name] < _UTF16_FLOOR:
            del scores[name]
    if not scores:
        raise InputError(where, UNDECODABLE)
    # Ties go to GB18030: mainland reports far outnumber Big5 ones.
    best = max(scores, key=lambda n: (scores[n], n == "gb18030"))
    if len(scores) > 1:
        # charset-normalizer decides unless its choice reads clearly worse.
        guess = _charset_normalizer_guess(data)
        if guess == "big5" and "cp950" in scores:
            guess = "cp950"
        if guess in scores and scores[guess] >= scores[best] - 0.05:
            best = guess
    if scores[best] < _FLOOR:
        # Mostly rare or implausible characters: some other encoding
        # (Shift-JIS, Latin-1 ...) or random bytes that happen to decode.
        raise InputError(where, UNDECODABLE)
    return candidates[best], best


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    match = from_bytes(
        data[:_SAMPLE_BYTES],
        cp_isolation=["gb18030", "big5", "cp950", "utf_16_le", "utf_16_be"],
    ).best()
    if match is None:
        return None
    return _CN_NAMES.get(match.encoding)


_common_lock = threading.Lock()
_common: frozenset[str] | None = None


def _common_chars() -> frozenset[str]:
    """GB2312 level 1 (3755 most used Simplified) and Big5 level 1 (5401
    most used Traditional) characters: what correctly decoded Chinese is
    mostly made of, and what mis-decoded bytes mostly are not."""
    global _common
    if _common is None:
        with _common_lock:
            if _common is None:
                chars: set[str] = set()
                for lead in range(0xB0, 0xD8):
                    for trail in range(0xA1, 0xFF):
                        try:
                            chars.add(bytes((lead, trail)).decode("gb2312"))
                        except UnicodeDecodeError:
                            pass
                for code in range(0xA440, 0xC67F):
                    try:
                        chars.add(code.to_bytes(2, "big").decode("big5"))
                    except UnicodeDecodeError:
                        pass
                chars.update("，。、；：？！“”‘’（）《》【】〔〕…—·％０１２３４５６７８９　"
                             "–―～〇○［］．－")  # ranges 2011–2020, numerals 二〇一〇
                _common = frozenset(chars)
    return _common


_IMPLAUSIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f"  # control characters
    "\u0370-\u052f"  # Greek, Cyrillic
    "\u2500-\u259f"  # box drawing, blocks
    "\u3040-\u30ff\u31f0-\u31ff"  # kana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul
    "\ue000-\uf8ff"  # private use
    "\ufffd]"
)


def _plausibility(text: str) -> float:
    """(common Chinese chars - 3 * implausible chars) / non-ASCII chars, in
    [-3, 1]; 1.0 for a text without non-ASCII characters."""
    common = _common_chars()
    wide = [c for c in text if c >= "\x80"]
    if not wide:
        return 1.0
    good = sum(1 for c in wide if c in common)
    bad = len(_IMPLAUSIBLE.findall(text))
    return (good - 3 * bad) / len(wide)


# --------------------------------------------------------------------------
# files and folders


def is_html(path: str | os.PathLike[str] | None, text: str) -> bool:
    """True for a ``.html``/``.htm`` path, or text whose first non-blank
    characters are ``<!DOCTYPE html`` or ``<html`` (any case)."""
    if path is not None and os.fspath(path).lower().endswith(_HTML_SUFFIXES):
        return True
    head = text[:1024].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def read_document(path: str | os.PathLike[str], encoding: str | None = None) -> Source:
    """Read one file into a :class:`Source`.

    The whole file is read (offsets need the whole text; see the module
    docstring for memory) and decoded with :func:`decode`. HTML (by suffix
    or content, :func:`is_html`) is then reduced to its main text with
    :func:`html_to_text`, and that text is ``Source.text``. For an HTML file
    that is not UTF-8, a ``<meta charset>`` naming GB2312/GBK/GB18030 or
    Big5 is tried before detection.

    Raises :class:`~extract.errors.InputError` ``(path, cause)``: ``"no such
    file"``, ``"is a directory"``, ``"permission denied"``, ``"cannot read:
    <os error>"``, and every cause of :func:`decode` and
    :func:`html_to_text`.
    """
    where = os.fspath(path)
    try:
        with open(where, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except IsADirectoryError:
        raise InputError(where, "is a directory") from None
    except PermissionError:
        raise InputError(where, "permission denied") from None
    except OSError as err:
        if os.path.isdir(where):
            raise InputError(where, "is a directory") from None
        reason = (err.strerror or type(err).__name__).lower()
        raise InputError(where, f"cannot read: {reason}") from None
    if encoding is None and where.lower().endswith(_HTML_SUFFIXES):
        encoding = _html_declared_encoding(data)
    try:
        text, used = decode(data, where, encoding)
    except InputError:
        if encoding is None or not where.lower().endswith(_HTML_SUFFIXES):
            raise
        text, used = decode(data, where)  # the declared charset was wrong
    if is_html(where, text):
        return Source(where, html_to_text(text, where), used, "text/html")
    return Source(where, text, used, "text/plain")


def _html_declared_encoding(data: bytes) -> str | None:
    """A Chinese charset declared in the page, used only when it is not UTF-8."""
    try:
        _decode_whole(data, "utf-8")
        return None
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    declared = m.group(1).decode("ascii").lower().replace("_", "-")
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        return "gb18030"
    if declared in ("big5", "cp950", "big5-hkscs"):
        return "cp950" if declared == "cp950" else "big5"
    return None


def iter_documents(paths: Sequence[str]) -> Iterator[str]:
    """The document paths named by ``paths``, in order.

    A file is yielded as given if it ends in ``.txt``, ``.html`` or
    ``.htm`` (any case). A folder is walked recursively and its documents
    are yielded sorted by their path components (compared as tuples, so
    ``a/b.txt`` comes before ``a.txt``, since folder ``a`` < ``a.txt``), each
    as ``os.path.join(folder, relative)``.
    Hidden files and folders (name starting with ``.``, e.g. macOS
    ``._x.txt``) are skipped in a walk. Every path is checked before the
    first is yielded, so a bad argument fails before any output.

    Raises :class:`~extract.errors.InputError` ``(path, cause)``: ``"no such
    file"``, ``"not a document (.txt, .html, .htm)"`` for a named file of
    another type, ``"no documents (.txt, .html, .htm) in folder"``.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # a lone path, not a sequence of characters
    found: list[str] = []
    for given in paths:
        given = os.fspath(given)
        if os.path.isdir(given):
            docs = _walk(given)
            if not docs:
                raise InputError(given, "no documents (.txt, .html, .htm) in folder")
            found.extend(docs)
        elif os.path.exists(given):
            if not given.lower().endswith(DOCUMENT_SUFFIXES):
                raise InputError(given, "not a document (.txt, .html, .htm)")
            found.append(given)
        else:
            raise InputError(given, "no such file")
    return iter(found)


def _walk(folder: str) -> list[str]:
    keyed: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_root = os.path.relpath(root, folder)
        parts = () if rel_root == os.curdir else tuple(rel_root.split(os.sep))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(DOCUMENT_SUFFIXES):
                continue
            keyed.append((parts + (name,), os.path.join(root, name)))
    keyed.sort()
    return [path for _, path in keyed]


# --------------------------------------------------------------------------
# HTML


def html_to_text(html: str, where: str) -> str:
    """The main text of an HTML page, one paragraph per line.

    Uses trafilatura (offline; ``extract`` never fetches anything), which
    finds the article body and drops navigation, headers, footers, share
    bars and comments: exactly the boilerplate that breeds false positives.
    ``<nav>``, ``<footer>``, page ``<header>`` and ARIA navigation/banner/
    contentinfo elements are pruned first, since trafilatura keeps them on
    short pages.
    If trafilatura finds nothing (very short pages fall under its minimum
    size), the text of ``<body>`` is taken with the standard library's
    ``html.parser``, dropping ``script``, ``style``, ``nav``, ``header``,
    ``footer`` and a few other non-content elements, block elements ending
    lines. The result has ``\\n`` line breaks and no trailing spaces.

    Raises :class:`~extract.errors.InputError` ``(where, "no text")`` when
    neither finds any text.
    """
    text = ""
    try:
        import trafilatura

        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
            prune_xpath=_PRUNE_XPATH,
        ) or ""
    except Exception:  # noqa: BLE001 - a crash in the extractor: use the fallback
        text = ""
    if not text.strip():
        text = _body_text(html)
    if not text.strip():
        raise InputError(where, "no text")
    return text


# Removed before trafilatura looks at the page: on short pages its own
# boilerplate detection keeps navigation links (``<nav>首页</nav>``).
# A <header> inside an <article> holds the article's title and is kept.
_PRUNE_XPATH = [
    "//nav",
    "//footer",
    "//header[not(ancestor::article)]",
    "//*[@role='navigation' or @role='contentinfo' or @role='banner']",
]

_SKIP_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "noscript", "template", "aside",
     "form", "button", "select", "iframe", "svg", "head", "title"}
)
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
     "param", "source", "track", "wbr"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
     "h6", "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "hr",
     "td", "th", "body", "center"}
)


class _BodyText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _body_text(html: str) -> str:
    parser = _BodyText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; be safe anyway
        pass
    lines = []
    for line in "".join(parser.parts).split("\n"):
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return "\n".join(lines)
