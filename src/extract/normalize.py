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

#: ISO 4217 codes of the currency words (guide section 4); 法郎/马克 are the pre-euro
#: French franc and Deutsche Mark as reports before 2002 mean them.
CURRENCIES = {"元人民币": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR",
              "港元": "HKD", "港币": "HKD", "澳门元": "MOP", "澳元": "AUD", "加元": "CAD", "新台币": "TWD",
              "台币": "TWD", "日元": "JPY", "韩元": "KRW", "英镑": "GBP", "新卢布": "RUB", "卢布": "RUB",
              "瑞士法郎": "CHF", "法郎": "FRF", "马克": "DEM"}
_CURRENCY_WORDS = sorted(CURRENCIES, key=len, reverse=True)
PERCENT_UNITS = {"%": "%", "‰": "‰", "个百分点": "百分点", "百分点": "百分点", "倍": "倍", "番": "番"}
_PERCENT_WORDS = sorted(PERCENT_UNITS, key=len, reverse=True)
#: Classifiers of rules/numbers.yaml (folded script), longest first.
CLASSIFIERS = sorted(
    "篇次 人次 户次 辆次 架次 艘次 车次 班次 台套 个 名 家 人 户 项 篇 次 批 期 所 座 处 眼 盏 套 台 条 头 只 匹 株 棵 "
    "口 艘 架 辆 间 栋 幢 张 部 件 种 位 支 场 册 本 份 例 起 枚 门 类 届 笔 对 双 片 块 级 层 首 趟 列".split(),
    key=len, reverse=True)
#: Physical units of rules/numbers.yaml, longest first. 万 before a unit is a magnitude
#: of the number (56万千瓦 is 560000 千瓦), never part of the unit.
MEASURES = sorted(
    "平方公里 平方千米 平方公尺 平方米 平米 立方公尺 立方米 立方 延长米 千米 公里 公尺 公厘 公方 土石方 土方 石方 公顷 千克 公斤 公担 "
    "市斤 斤 克 吨标准煤 吨公里 人公里 吨 亩 千瓦时 千瓦小时 千瓦 兆瓦 吉瓦 瓩 千伏安 千伏 兆伏安 毫米 厘米 米 马力 担 海里 "
    "标箱 升 千卡 大卡 km kW MW kg 度".split(),
    key=len, reverse=True)

#: Qualifier words outside the span (guide section 4), longest first.
QUALIFIERS_BEFORE = sorted(
    [("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"), ("大约", "about"), ("约", "about"),
     ("超过", "over"), ("逾", "over"), ("至少", "over"), ("不少于", "over"), ("不低于", "over"),
     ("不足", "under"), ("不到", "under"), ("小于", "under"), ("低于", "under"), ("不超过", "under"),
     ("不高于", "under")], key=lambda wq: -len(wq[0]))
_QUALIFIER_OF = dict(QUALIFIERS_BEFORE)
#: An adverbial qualifier before a copula or 有 (约有300户, 至少有1名, 近为, 大约占): the
#: qualifier is still the number's. 近 not in 最近/附近/接近/将近 (those read alone).
_ADVERB_BEFORE = regex.compile(r"(?P<q>大约|约|至少|将近|接近|(?<![最附邻靠就])近)(?:有|为|是|达到|达|占)$")
QUALIFIERS_AFTER = [("以上", "over"), ("以下", "under"), ("左右", "about"), ("上下", "about"), ("多", "over")]
QUALIFIERS_INSIDE = "余多"

#: A range separator (rules/numbers.yaml RANGESEP and dates.yaml DSEP).
_SEP = r"(?:——|[-—–―~〜至到])"
_RANGE = regex.compile(rf"^(?P<low>.+?){_SEP}(?P<high>.+)$")
_FRACTION_RANGE = regex.compile(rf"(?P<den>.+?)分之(?P<a>.+?)(?:{_SEP}(?:[百千万十]分之)?(?P<b>.+))?")
_APPROX = regex.compile(r"(?:一二|一两|两三|二三|三四|四五|五六|六七|七八|八九)")
_MAGNITUDE_TAIL = regex.compile(r"[十百千万亿]+$")
_SPACES = regex.compile(f"[{regex.escape(numerals.SPACE_SEPARATORS)}]")
_JIAO = regex.compile(r"元(?:(?P<j>[^角毛分元]+)[角毛](?:(?P<f>[^分]+)分)?|(?P<f2>[^分角毛元]+)分)$")
_SMALL_CHANGE = regex.compile(r"^(?P<n>[^角毛分]+)(?P<u>[角毛分])$")
_PLAIN_NUMBER = regex.compile(r"[\d.,]+")
_ARABIC = regex.compile(r"[\d.]")
_SLASH_FRACTION = regex.compile(r"(?P<a>\d+)/(?P<b>\d+)")


def _parse(number: str) -> Decimal:
    """:func:`numerals.parse_number` with the report forms it leaves to callers: 万万 as
    亿 (old style: 六万万 = 600000000) and stray spaces (``39.8 万``, ``1 0 万``)."""
    number = number.replace("万万", "亿")
    try:
        return numerals.parse_number(number)
    except ValueError:
        if not _SPACES.search(number):
            raise
        return numerals.parse_number(_SPACES.sub("", number))


def strip_unit(span: str, label: str) -> tuple[str, Optional[str], Optional[str]]:
    """Split a folded number span into ``(number, unit, currency)``.

    ``unit`` is the classifier / measure / percent unit as it stands in the span
    (callers map it back to the original characters); ``currency`` the ISO code
    for MONEY (``"CNY"`` where it is implied: a bare 万/亿 amount). Raises
    ValueError when the span has no unit its label allows.
    """
    if label == "MONEY":
        jiao = _JIAO.search(span)
        if jiao:
            return span[: jiao.start()], None, "CNY"
        if _SMALL_CHANGE.match(span):
            return span, None, "CNY"
        for word in _CURRENCY_WORDS:
            if span.endswith(word):
                return span[: -len(word)], None, CURRENCIES[word]
        return span, None, "CNY"  # a bare 万/亿 amount whose currency is implied
    if label == "PERCENT":
        if span.endswith("倍半"):  # 六倍半: six and a half times (the 半 is read by _normalize_number)
            return span[:-2], "倍", None
        for word in _PERCENT_WORDS:
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


_UNIT_WORDS = _CURRENCY_WORDS + MEASURES + CLASSIFIERS + ["个百分点", "百分点", "%", "倍"]


def _value(number: str) -> tuple[Optional[Decimal], Optional[Decimal], Optional[Decimal], bool]:
    """``(value, low, high, inner_over)`` of a unit-less number string (folded).

    Ranges (``3万至5万``, ``3至5万``: a magnitude after the high end is shared when
    the low end is a bare Arabic number), approximate pairs (``六七百``) and 几 in a
    lower place (``十几`` 11..19, ``二十几万``) give ``low``/``high`` and no value. ``inner_over``: 余/多 inside the number.
    """
    inner = False
    cleaned = number
    if any(q in number for q in QUALIFIERS_INSIDE):
        inner = True
        cleaned = number.replace("余", "").replace("多", "")
    if "几" in cleaned:  # 十几 (11..19), 二十几万, 一百几十: 几 is any digit 1..9
        return None, _parse(cleaned.replace("几", "一")), _parse(cleaned.replace("几", "九")), inner
    if _APPROX.search(cleaned) and not _ARABIC.search(cleaned):
        try:
            low, high = numerals.parse_approximate(cleaned)
            return None, low, high, inner
        except ValueError:
            pass
    m = _RANGE.match(cleaned)
    if m:
        low_s, high_s = m.group("low"), m.group("high")
        for word in _UNIT_WORDS:
            if low_s.endswith(word):
                low_s = low_s[: -len(word)]
                break
        tail = _MAGNITUDE_TAIL.search(high_s)
        if tail and not _MAGNITUDE_TAIL.search(low_s) and _PLAIN_NUMBER.fullmatch(low_s):
            low_s += tail.group()  # 3至5万元: the magnitude is shared
        return None, _parse(low_s), _parse(high_s), inner
    return _parse(cleaned), None, None, inner


def outer_qualifier(folded: str, start: int, end: int) -> Optional[str]:
    """The qualifier written just outside ``folded[start:end]`` (近, 约, 以上, 左右 …), or None.

    Longest word first: 不超过 is ``under``, not the ``over`` of 超过."""
    before = folded[max(0, start - 3):start]
    for word, q in QUALIFIERS_BEFORE:
        if before.endswith(word):
            return q
    adverb = _ADVERB_BEFORE.search(folded, max(0, start - 6), start)
    if adverb:
        return _QUALIFIER_OF[adverb.group("q")]
    after = folded[end:end + 2]
    for word, q in QUALIFIERS_AFTER:
        if after.startswith(word):
            if word == "多" and end < len(folded) - 1 and folded[end + 1] in "万亿元":
                continue
            return q
    return None


def _fraction_percent(span: str) -> tuple[Optional[Decimal], Optional[Decimal], Optional[Decimal]]:
    """``(value, low, high)`` of 百分之X, or of a range 百分之十到二十 / 百分之十到百分之二十."""
    m = _SLASH_FRACTION.fullmatch(span)
    if m:
        span = f"{m.group('b')}分之{m.group('a')}"
    m = _FRACTION_RANGE.fullmatch(span)
    if m and m.group("b"):
        den = m.group("den")
        return (None, numerals.parse_fraction_percent(f"{den}分之{m.group('a')}"),
                numerals.parse_fraction_percent(f"{den}分之{m.group('b')}"))
    return numerals.parse_fraction_percent(span), None, None


def normalize_number(label: str, folded: str, start: int, end: int, original: str) -> dict:
    """Normalized fields of a MONEY/CARDINAL/QUANTITY/PERCENT span.

    ``folded`` is the matching copy, ``original`` the document text (units are
    reported as written: 個 stays 個). Returns ``{"value", "unit" | "currency",
    "qualifier", "low", "high"}`` with Decimals: MONEY in units of its currency
    (``6.8亿元`` -> 680000000, ``3元5角`` -> 3.5, ``3分钱``'s ``3分`` -> 0.03);
    PERCENT as stated (``百分之一点五七`` -> 1.57, unit ``%``). Raises ValueError
    when the span is not a number of that label.
    """
    try:
        return _normalize_number(label, folded, start, end, original)
    except (KeyError, IndexError, TypeError) as exc:  # never let a odd span stop a document
        raise ValueError(f"cannot normalize {folded[start:end]!r}: {exc!r}") from None


_AR = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SHARED_TAIL = regex.compile(rf"(?:[、和与及或]{_AR})*[、和与及或]{_AR}(?P<mag>[万亿]*)")
_SHARED_AR = regex.compile(_AR)
_LABEL_UNIT_WORDS = {"MONEY": _CURRENCY_WORDS, "PERCENT": _PERCENT_WORDS, "QUANTITY": MEASURES, "CARDINAL": CLASSIFIERS}


def _shared_unit(label: str, folded: str, start: int, end: int, original: str) -> Optional[dict]:
    """Fields of an Arabic number whose magnitude and unit are written once after the last
    member of its list (``分别高4.2和0.7个百分点``, ``3.5、4.2和5.1亿元``), or None."""
    span = folded[start:end]
    if not _SHARED_AR.fullmatch(span):
        return None
    m = _SHARED_TAIL.match(folded, end)
    if not m:
        return None
    words = _LABEL_UNIT_WORDS[label]
    word = next((w for w in words if folded.startswith(w, m.end())), None)
    if word is None:
        return None
    out: dict = {"value": _parse(span + m.group("mag")), "qualifier": outer_qualifier(folded, start, end),
                 "low": None, "high": None}
    if label == "MONEY":
        out["currency"] = CURRENCIES[word]
    elif label == "PERCENT":
        out["unit"] = PERCENT_UNITS[word]
    else:
        out["unit"] = original[m.end():m.end() + len(word)]
    return out


def _normalize_number(label: str, folded: str, start: int, end: int, original: str) -> dict:
    span = folded[start:end]
    shared = _shared_unit(label, folded, start, end, original)
    if shared is not None:
        return shared
    if label == "PERCENT" and ("分之" in span or "/" in span):
        try:
            value, low, high = _fraction_percent(span)
        except ValueError:  # 三分之一: no exact decimal
            value, low, high = None, None, None
        return {"value": value, "unit": "%", "qualifier": outer_qualifier(folded, start, end), "low": low, "high": high}
    number, unit, currency = strip_unit(span, label)
    m = _SMALL_CHANGE.match(number) if label == "MONEY" else None
    if m:
        value = _parse(m.group("n")) / (100 if m.group("u") == "分" else 10)
        return {"value": value, "qualifier": outer_qualifier(folded, start, end), "low": None, "high": None,
                "currency": "CNY"}
    value, low, high, inner = _value(number)
    if label == "PERCENT" and span.endswith("倍半") and value is not None:
        value += Decimal("0.5")
    if label == "MONEY":
        jiao = _JIAO.search(span)
        if jiao and value is not None:
            j, f = jiao.group("j"), jiao.group("f") or jiao.group("f2")
            value += (_parse(j) / 10 if j else 0) + (_parse(f) / 100 if f else 0)
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

def _plan(n: int) -> str:
    """Years of the n-th five-year plan: 1st 1953/1957, 2nd 1958/1962, 3rd 1966/1970
    (after the 1963–1965 readjustment), then every five years: 11th 2006/2010."""
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return f"{start}/{start + 4}"


_FYP = {("十" if n == 10 else ("十" + "一二三四五"[n - 11] if n > 10 else "一二三四五六七八九"[n - 1])) + "五": _plan(n)
        for n in range(1, 16)}
_MODS = [("上半年", "H1"), ("下半年", "H2"), ("前三季度", "Q1-3"), ("年初", "START"), ("年中", "MID"),
         ("年底", "END"), ("年末", "END"), ("上旬", "START"), ("中旬", "MID"), ("下旬", "END"),
         ("初", "START"), ("中", "MID"), ("底", "END"), ("末", "END")]
_QUARTER = regex.compile(r"(?:第)?([一二三四1-4])季度")
_CN_SMALL = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_D = r"\d{1,2}|[十一二三四五六七八九]{1,3}"
_NUM_DATE = regex.compile(
    rf"(?P<y>\d{{4}}|[一二〇○零三四五六七八九]{{4}})年(?:(?P<m>{_D})月(?:(?P<d>{_D})[日号])?)?")
_MONTH_DAY = regex.compile(rf"(?P<m>{_D})月(?:(?P<d>{_D})[日号])?")
#: Relative year words before a yearless date and their offset from the document's year.
_REL_YEAR = {"今年": 0, "本年": 0, "当年": 0, "同年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


# Date shapes of normalize_date.
_YEAR_RANGE = regex.compile(rf"(\d{{4}})年?\s?{_SEP}\s?(\d{{4}})(?:年度|学年|年)?")
_CN_YEAR_RANGE = regex.compile(rf"([一二〇○零三四五六七八九]{{4}})年?{_SEP}([一二〇○零三四五六七八九]{{4}})年")
_BARE_YEAR = regex.compile(r"(\d{4}|[一二〇○零三四五六七八九]{4})")
_DECADE = regex.compile(r"(?:(19|20|21|十九|二十|二十一)世纪)?(?:(19|20)?([一二三四五六七八九])十|([1-9])0)年代(初期|中期|末期|初|末)?")
_DAY_FIRST = regex.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")
_DOTTED_DATE = regex.compile(r"(\d{4})([./])(\d{1,2})\2(\d{1,2})")
_MONTH_RANGE = regex.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m1>\d{{1,2}})月?{_SEP}(?P<m2>\d{{1,2}})月份?")
_DAY_RANGE = regex.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_D})月(?P<d1>{_D})[日号]{_SEP}(?P<d2>{_D})[日号]")
_DATE_SPAN = regex.compile(rf"(?P<a>\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}[日号])?){_SEP}(?P<b>(?:\d{{4}}年)?\d{{1,2}}月(?:\d{{1,2}}[日号])?)")


def _small(s: str) -> int:
    """1–31 in Arabic or Chinese numerals (十二, 二十六, 三十一)."""
    return int(s) if s.isdigit() else int(numerals.parse_number(s))


def _year(s: str) -> int:
    return int(s) if s.isdigit() else numerals.parse_digit_sequence(s)


def normalize_date(folded: str, start: int, end: int, doc_year: Optional[int] = None) -> dict:
    """TIMEX3 ``value`` and ``mod`` of a DATE span (guide section 3 "DATE").

    Shapes: ``2012`` (2012年, 2012年度, a bare 2012 of a list), ``2012-02``,
    ``2012-02-26`` (also 二○一二年二月二十六日, 26.2.2012, 2012-02-26), ranges
    ``2011/2020`` (2011—2020年, 2011年至2020年, 2011-2012学年, 十二五, 一九七九年到一九八二年),
    ``2012-01/2012-05`` (1—5月), ``2012-01-04/2012-01-05`` (1月4日至5日), ``2010-H1``,
    ``2013-Q1``, ``2012-Q1/2012-Q3`` (前三季度), ``199X`` (九十年代).
    ``mod``: START (初, 上旬), MID (中, 中旬), END (底, 末, 下旬), else None.

    ``doc_year`` (the dateline or title year) completes yearless dates (``6月底`` →
    ``2018-06``), shifted by a relative year word just before the span (去年 -1, 明年 +1);
    without it the year is ``XXXX``. Returns ``{"value": str | None, "mod": str | None}``;
    raises ValueError for a numeral that does not read.
    """
    s = folded[start:end]
    if s in _FYP:
        return {"value": _FYP[s], "mod": None}
    m = _YEAR_RANGE.fullmatch(s)
    if m:
        return {"value": f"{m.group(1)}/{m.group(2)}", "mod": None}
    m = _CN_YEAR_RANGE.fullmatch(s)
    if m:
        return {"value": f"{_year(m.group(1))}/{_year(m.group(2))}", "mod": None}
    m = _BARE_YEAR.fullmatch(s)
    if m:
        return {"value": f"{_year(s):04d}", "mod": None}
    m = _DECADE.fullmatch(s)
    if m:
        digit = str(_CN_SMALL[m.group(3)]) if m.group(3) else m.group(4)
        century = f"{_small(m.group(1)) - 1}" if m.group(1) else (m.group(2) or "19")
        mod = {"初": "START", "中": "MID", "末": "END"}[m.group(5)[0]] if m.group(5) else None
        return {"value": f"{century}{digit}X", "mod": mod}
    m = _DAY_FIRST.fullmatch(s)
    if m:
        return {"value": f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", "mod": None}
    if _ISO_DATE.fullmatch(s):
        return {"value": s, "mod": None}
    m = _DOTTED_DATE.fullmatch(s)
    if m:
        return {"value": f"{m.group(1)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}", "mod": None}
    if doc_year:
        rel = folded[max(0, start - 2):start]
        year = f"{doc_year + _REL_YEAR[rel]:04d}" if rel in _REL_YEAR else f"{doc_year:04d}"
    else:
        year = "XXXX"
    # month ranges: 1—5月份, 1至9月, 2012年1—5月份
    m = _MONTH_RANGE.fullmatch(s)
    if m:
        y = m.group("y") or year
        return {"value": f"{y}-{int(m.group('m1')):02d}/{y}-{int(m.group('m2')):02d}", "mod": None}
    # day ranges with the month shared: 1月4日至5日, 2012年1月4日至5日
    m = _DAY_RANGE.fullmatch(s)
    if m:
        ym = f"{m.group('y') or year}-{_small(m.group('m')):02d}"
        return {"value": f"{ym}-{_small(m.group('d1')):02d}/{ym}-{_small(m.group('d2')):02d}", "mod": None}
    # spans of months or days: 2018年3月至2019年6月, 2019年11月29日至12月2日
    m = _DATE_SPAN.fullmatch(s)
    if m:
        a = _NUM_DATE.fullmatch(m.group("a"))
        b = _NUM_DATE.fullmatch(m.group("b")) or _MONTH_DAY.fullmatch(m.group("b"))
        if a and b:
            ends = []
            for g in (a, b):
                y = g.groupdict().get("y") or a.group("y")
                v = f"{int(y):04d}-{_small(g.group('m')):02d}"
                ends.append(v + (f"-{_small(g.group('d')):02d}" if g.group("d") else ""))
            return {"value": "/".join(ends), "mod": None}
    mod = None
    suffix = None
    s_core = s
    if s.endswith("月份"):
        s_core = s[:-1]
    elif s.endswith("年度"):
        s_core = s[:-1]
    else:
        for word, code in _MODS:
            if s.endswith(word):
                suffix = code
                s_core = s[: -len(word)] + ("年" if word.startswith("年") else "")
                break
    if suffix in ("START", "MID", "END"):
        mod = suffix
    q = _QUARTER.search(s) if suffix != "Q1-3" else None
    m = _NUM_DATE.match(s_core)
    if m:
        value = f"{_year(m.group('y')):04d}"
        if m.group("m"):
            value += f"-{_small(m.group('m')):02d}"
            if m.group("d"):
                value += f"-{_small(m.group('d')):02d}"
    else:
        md = _MONTH_DAY.match(s_core)
        if md:
            value = f"{year}-{_small(md.group('m')):02d}"
            if md.group("d"):
                value += f"-{_small(md.group('d')):02d}"
        elif q or suffix in ("H1", "H2", "Q1-3"):
            value = year
        else:
            return {"value": None, "mod": None}
    if q:
        value += f"-Q{_CN_SMALL.get(q.group(1), q.group(1))}"
    elif suffix in ("H1", "H2"):
        value += f"-{suffix}"
    elif suffix == "Q1-3":
        value = f"{value}-Q1/{value}-Q3"
    return {"value": value, "mod": mod}


# --- document numbers --------------------------------------------------------

_DOCNO = regex.compile(
    r"^(?P<issuer>.+?)\s?[〔\[(（【［﹝]?\s?(?P<year>(?:19|20)\d{2})\s?[〕\])）】］﹞]?\s?第?(?P<serial>\d{1,5})\s?号$")
_ORDER = regex.compile(r"^(?P<issuer>.+?(?:令|公告))(?:(?P<year>(?:19|20)\d{2})年)?第(?P<serial>\d+|[一二三四五六七八九十百千〇○零]+)号$")


def normalize_docno(original: str, folded: str, start: int, end: int) -> dict:
    """``issuer`` (as written, from the original text), ``year`` and ``serial`` of a DOC_NO.

    Order numbers (国务院令第588号) have year None unless they name one
    (交通运输部令2018年第2号, 国家税务总局公告2019年第3号: 2018, 2019). Raises ValueError if the span
    is not a document number.
    """
    f = folded[start:end]
    m = _ORDER.match(f)
    if m:
        year = int(m.group("year")) if m.group("year") else None
        return {"issuer": original[start:start + m.end("issuer") - m.start()], "year": year,
                "serial": int(numerals.parse_number(m.group("serial")))}
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
