"""Normalization: a matched span -> the normalized fields of its label.

Pure functions over the *folded* text (same length as the document text; see
:mod:`extract.fold`), following ``../shared/annotation-guide.md`` sections 3–4:

- numbers (MONEY, CARDINAL, QUANTITY, PERCENT): ``value`` as an exact
  :class:`decimal.Decimal` (yuan for money), ``unit``/``currency``, ``qualifier``
  read from the span (余, 多 inside) and from the words around it (近, 约,
  以上 … outside), ranges into ``low``/``high``;
- DATE: TIMEX3 values (``2012``, ``2012-02``, ``2011/2020``, ``2010-H1``,
  ``2013-Q1``, ``XXXX-06-05``) and ``mod`` (START, MID, END);
- DOC_NO: ``issuer``, ``year``, ``serial`` per GB/T 9704-2012.

Numeral values come from :mod:`extract.numerals` (exact arithmetic; cn2an is
not used because it returns floats).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

import regex

from . import numerals

# --- numbers ---------------------------------------------------------------

#: ISO 4217 codes of the currency words (guide section 4).
CURRENCIES = {"元人民币": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "欧元": "EUR",
              "港元": "HKD", "港币": "HKD", "日元": "JPY", "英镑": "GBP"}
PERCENT_UNITS = {"%": "%", "%": "%", "‰": "‰", "个百分点": "百分点", "百分点": "百分点", "倍": "倍", "番": "番"}
CLASSIFIERS = sorted(
    "篇次 人次 户次 辆次 个 名 家 人 户 项 篇 次 批 期 所 座 处 眼 盏 套 台 条 头 只 辆 间 栋 张 部 件 种 位 支 场 "
    "册 本 份 例 起 匹 株 棵 口 艘 架 门 类 届 笔 对 片 块 级".split(), key=len, reverse=True)
MEASURES = sorted(
    "平方公里 平方千米 平方米 立方米 延长米 千米 公里 公顷 千克 公斤 千瓦时 千瓦 兆瓦 万千瓦 吨 亩 米 斤 立方 平米 km kW MW".split(),
    key=len, reverse=True)

#: Qualifier words outside the span (guide section 4), longest first.
QUALIFIERS_BEFORE = [("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"), ("大约", "about"),
                     ("约", "about"), ("超过", "over"), ("逾", "over"), ("至少", "over"),
                     ("不少于", "over"), ("不低于", "over"), ("不足", "under"), ("不到", "under"),
                     ("小于", "under"), ("低于", "under"), ("不超过", "under"), ("不高于", "under")]
QUALIFIERS_AFTER = [("以上", "over"), ("以下", "under"), ("左右", "about"), ("上下", "about"), ("多", "over")]
QUALIFIERS_INSIDE = "余多"

_RANGE = regex.compile(r"^(?P<low>.+?)(?:——|[-—–~～〜至到])(?P<high>.+)$")
_APPROX = regex.compile(r"^(?:一二|两三|二三|三四|四五|五六|六七|七八|八九)")
_MAGNITUDE_TAIL = regex.compile(r"[十百千万亿]+$")


def strip_unit(span: str, label: str) -> tuple[str, Optional[str], Optional[str]]:
    """Split a folded number span into ``(number, unit, currency)``.

    ``unit`` is the classifier / measure / percent unit as it stands in the span
    (callers map it back to the original characters); ``currency`` the ISO code
    for MONEY. Raises ValueError when the span has no unit its label allows.
    """
    if label == "MONEY":
        jiao = regex.search(r"元(\d+)角(?:(\d+)分)?$", span)
        if jiao:
            return span[: jiao.start() + 1], None, "CNY"
        for word in sorted(CURRENCIES, key=len, reverse=True):
            if span.endswith(word):
                return span[: -len(word)], None, CURRENCIES[word]
        return span, None, "CNY"  # a bare 万/亿 amount whose currency is implied
    if label == "PERCENT":
        for word in sorted(PERCENT_UNITS, key=len, reverse=True):
            if span.endswith(word):
                return span[: -len(word)], word, None
        if "分之" in span:
            return span, "%", None
        raise ValueError(f"no percent unit in {span!r}")
    units = MEASURES if label == "QUANTITY" else CLASSIFIERS
    for word in units:
        if span.endswith(word):
            return span[: -len(word)], word, None
    if label == "CARDINAL":
        return span, None, None
    raise ValueError(f"no {label} unit in {span!r}")


def _value(number: str) -> tuple[Optional[Decimal], Optional[Decimal], Optional[Decimal], bool]:
    """``(value, low, high, inner_over)`` of a unit-less number string."""
    inner = False
    cleaned = number
    if any(q in number for q in QUALIFIERS_INSIDE):
        inner = True
        cleaned = number.replace("余", "").replace("多", "")
    if _APPROX.match(cleaned):
        low, high = numerals.parse_approximate(cleaned)
        return None, low, high, inner
    m = _RANGE.match(cleaned)
    if m:
        low_s, high_s = m.group("low"), m.group("high")
        for word in sorted(CURRENCIES, key=len, reverse=True) + MEASURES + CLASSIFIERS + ["%"]:
            if low_s.endswith(word):
                low_s = low_s[: -len(word)]
                break
        tail = _MAGNITUDE_TAIL.search(high_s)
        if tail and not _MAGNITUDE_TAIL.search(low_s) and regex.fullmatch(r"[\d.,]+", low_s):
            low_s += tail.group()  # 3至5万元: the magnitude is shared
        return None, numerals.parse_number(low_s), numerals.parse_number(high_s), inner
    return numerals.parse_number(cleaned), None, None, inner


def outer_qualifier(folded: str, start: int, end: int) -> Optional[str]:
    """The qualifier written just outside ``folded[start:end]`` (近, 约, 以上, 左右 …), or None."""
    before = folded[max(0, start - 3):start]
    for word, q in QUALIFIERS_BEFORE:
        if before.endswith(word):
            return q
    after = folded[end:end + 2]
    for word, q in QUALIFIERS_AFTER:
        if after.startswith(word):
            if word == "多" and end < len(folded) - 1 and folded[end + 1] in "万亿元":
                continue
            return q
    return None


def normalize_number(label: str, folded: str, start: int, end: int, original: str) -> dict:
    """Normalized fields of a MONEY/CARDINAL/QUANTITY/PERCENT span.

    ``folded`` is the matching copy, ``original`` the document text (units are
    reported as written: 個 stays 個). Returns ``{"value", "unit" | "currency",
    "qualifier", "low", "high"}`` with Decimals. Raises ValueError when the span
    is not a number of that label.
    """
    span = folded[start:end]
    if label == "PERCENT" and "分之" in span:
        value = numerals.parse_fraction_percent(span)
        return {"value": value, "unit": "%", "qualifier": outer_qualifier(folded, start, end), "low": None, "high": None}
    number, unit, currency = strip_unit(span, label)
    value, low, high, inner = _value(number)
    if label == "MONEY":
        jiao = regex.search(r"元(\d+)角(?:(\d+)分)?$", span)
        if jiao and value is not None:
            value += Decimal(jiao.group(1)) / 10 + Decimal(jiao.group(2) or 0) / 100
    qualifier = "over" if inner else outer_qualifier(folded, start, end)
    out: dict = {"value": value, "qualifier": qualifier, "low": low, "high": high}
    if label == "MONEY":
        out["currency"] = currency
    elif label == "PERCENT":
        out["unit"] = PERCENT_UNITS.get(unit, unit)
    else:
        out["unit"] = original[end - len(unit):end] if unit else None
    return out


# --- dates -------------------------------------------------------------------

_FYP = {"十一五": "2006/2010", "十二五": "2011/2015", "十三五": "2016/2020", "十四五": "2021/2025", "十五五": "2026/2030"}
_MODS = [("上半年", "H1"), ("下半年", "H2"), ("前三季度", None), ("年初", "START"), ("年中", "MID"),
         ("年底", "END"), ("年末", "END"), ("上旬", "START"), ("中旬", "MID"), ("下旬", "END"),
         ("初", "START"), ("中", "MID"), ("底", "END"), ("末", "END")]
_QUARTER = regex.compile(r"(?:第)?([一二三四1-4])季度")
_CN_SMALL = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_NUM_DATE = regex.compile(
    r"(?P<y>\d{4}|[一二〇○零三四五六七八九]{4})年(?:(?P<m>\d{1,2}|[十一二三四五六七八九]{1,2})月"
    r"(?:(?P<d>\d{1,2}|[十一二三四五六七八九]{1,3})[日号])?)?")
_MONTH_DAY = regex.compile(r"(?P<m>\d{1,2}|[十一二三四五六七八九]{1,2})月(?:(?P<d>\d{1,2}|[十一二三四五六七八九]{1,3})[日号])?")


def _small(s: str) -> int:
    """1–31 in Arabic or Chinese numerals (十二, 二十六, 三十一)."""
    return int(s) if s.isdigit() else int(numerals.parse_number(s))


def _year(s: str) -> int:
    return int(s) if s.isdigit() else numerals.parse_digit_sequence(s)


def normalize_date(folded: str, start: int, end: int, doc_year: Optional[int] = None) -> dict:
    """TIMEX3 ``value`` and ``mod`` of a DATE span (guide section 3 "DATE").

    ``doc_year`` completes yearless dates (``6月底`` → ``2018-06``); without it
    the year is ``XXXX``. Returns ``{"value": str | None, "mod": str | None}``.
    """
    s = folded[start:end]
    if s in _FYP:
        return {"value": _FYP[s], "mod": None}
    m = regex.fullmatch(r"(\d{4})年?(?:——|[-—–~～〜至到])(\d{4})(?:年度|学年|年)?", s)
    if m:
        return {"value": f"{m.group(1)}/{m.group(2)}", "mod": None}
    m = regex.fullmatch(r"(?:(19|20)?([一二三四五六七八九])十|([1-9])0)年代", s)
    if m:
        digit = str(_CN_SMALL[m.group(2)]) if m.group(2) else m.group(3)
        return {"value": f"{m.group(1) or '19'}{digit}X", "mod": None}
    m = regex.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
    if m:
        return {"value": f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", "mod": None}
    if regex.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return {"value": s, "mod": None}
    mod = None
    suffix = None
    for word, code in _MODS:
        if s.endswith(word):
            suffix = code
            s_core = s[: -len(word)] + ("年" if word.startswith("年") else "")
            break
    else:
        s_core = s
    if suffix in ("START", "MID", "END"):
        mod = suffix
    q = _QUARTER.search(s)
    m = _NUM_DATE.match(s_core)
    if m:
        value = f"{_year(m.group('y')):04d}"
        if m.group("m"):
            value += f"-{_small(m.group('m')):02d}"
            if m.group("d"):
                value += f"-{_small(m.group('d')):02d}"
    else:
        year = f"{doc_year:04d}" if doc_year else "XXXX"
        md = _MONTH_DAY.match(s_core)
        if md:
            value = f"{year}-{_small(md.group('m')):02d}"
            if md.group("d"):
                value += f"-{_small(md.group('d')):02d}"
            # 1月4日至5日: a range with the month shared
            r = regex.fullmatch(r"(?P<m>\d{1,2})月(?P<d1>\d{1,2})[日号](?:——|[-—–~～〜至到])(?P<d2>\d{1,2})[日号]", s)
            if r:
                ym = f"{year}-{int(r.group('m')):02d}"
                value = f"{ym}-{int(r.group('d1')):02d}/{ym}-{int(r.group('d2')):02d}"
        elif q or suffix in ("H1", "H2"):
            value = year
        else:
            return {"value": None, "mod": None}
    if q:
        value += f"-Q{_CN_SMALL.get(q.group(1), q.group(1))}"
    elif suffix in ("H1", "H2"):
        value += f"-{suffix}"
    return {"value": value, "mod": mod}


# --- document numbers --------------------------------------------------------

_DOCNO = regex.compile(
    r"^(?P<issuer>.+?)\s?[〔\[(（【［﹝]?\s?(?P<year>(?:19|20)\d{2})\s?[〕\])）】］﹝]?\s?(?P<serial>\d{1,5})\s?号$")
_ORDER = regex.compile(r"^(?P<issuer>.+?令)第(?P<serial>\d+)号$")


def normalize_docno(original: str, folded: str, start: int, end: int) -> dict:
    """``issuer`` (as written, from the original text), ``year`` and ``serial`` of a DOC_NO.

    Order numbers (国务院令第588号) have year None. Raises ValueError if the span
    is not a document number.
    """
    f = folded[start:end]
    m = _ORDER.match(f)
    if m:
        return {"issuer": original[start:start + m.end("issuer") - m.start()], "year": None, "serial": int(m.group("serial"))}
    m = _DOCNO.match(f)
    if not m:
        raise ValueError(f"not a document number: {f!r}")
    issuer = original[start:start + m.end("issuer")].rstrip()
    return {"issuer": issuer, "year": int(m.group("year")), "serial": int(m.group("serial"))}


_LAW_DOCNO_GAP = regex.compile(r"》\s?[(（]")


def law_doc_no(folded: str, law_end: int, docnos: dict[int, tuple[int, str]]) -> Optional[str]:
    """The DOC_NO text in the parentheses right after a title's closing 》, or None.

    ``law_end`` is the end of the LAW span (the offset of 》); ``docnos`` maps a
    DOC_NO's start offset to ``(end, text)``.
    """
    m = _LAW_DOCNO_GAP.match(folded, law_end)
    if not m:
        return None
    hit = docnos.get(m.end())
    return hit[1] if hit else None
