"""Numeral grammar: number expressions in Chinese reports to exact ``Decimal`` values.

Pure functions over one already-matched span (a few characters), never over a
whole document: the caller finds the span with its own rules and hands the
number part here, without unit, classifier or qualifier (``6.8亿`` of
``6.8亿元``, ``两三`` of ``两三个``, ``三百`` of ``三百千瓦``).

Grammar. The usual Chinese numeral system (as taught in school and used in
statistical yearbooks): digits 一..九 (两 for 2 before a unit), small units
十 百 千 inside a four-digit section, magnitudes 万 (10^4) and 亿 (10^8)
that multiply everything before them in their scope, 零 marking skipped
places, 点 for the decimal point. 亿 takes a compound multiplier that may
itself contain 万 (``一万五千亿`` = 1.5 * 10^12, ``万亿`` = 10^12); 万 does
not (``一万万`` is rejected). Financial numerals (大写数字 壹贰叁…拾佰仟,
used on cheques and in budget tables) and the Traditional forms 兩 萬 億
貳 參 陸 點 read the same. Arabic numbers (ASCII or full-width, ``.``/``．``
decimal point, ``,``/``，`` or space-like thousands separators) can stand
alone or take the place of a digit coefficient: ``1.5万``, ``3万5千``,
``9,650万``, ``5 575万``, ``47.264287亿``. The annotation guide
(sections 1, 3, 4, 6) fixes which forms occur and what they are worth.

Why not ``cn2an``: it returns ``float`` for non-integers (binary rounding:
``1.5699999999999998``), and raises on forms the reports use:
``三十二点二万``, ``两个``/``两千`` (strict mode), ``六七百``,
``百分之一点五七``, ``一万五``, ``1.5万``. It is kept as a test-only
cross-check on integers.

Exactness. Every value is a ``decimal.Decimal`` computed with a private
context of 200 digits that traps ``Inexact``: a result is exact or it raises;
there is no ``float`` anywhere. Every returned ``Decimal`` is canonical:
exponent <= 0 and no trailing fractional zeros, so ``str(value)`` equals
:func:`format_decimal` (``Decimal("680000000")``, never ``6.8E+8``).

Errors. Every parser raises ``ValueError`` whose message starts with the
input (``repr``) and says why it was rejected; ``TypeError`` for a non-``str``.

Public API:

- :func:`parse_number` -- one number expression -> ``Decimal``
- :func:`parse_digit_sequence` -- digit-by-digit reading (years) -> ``int``
- :func:`parse_approximate` -- ``两三``, ``六七百`` -> ``(low, high)``
- :func:`parse_fraction_percent` -- ``百分之一点五七`` -> percent ``Decimal``
- :func:`format_decimal` -- ``Decimal`` -> canonical decimal string
- character-class constants (``CHINESE_DIGITS`` ...) for regex rule files, so
  that what a rule matches is what the parser reads.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

__all__ = [
    "CHINESE_DIGITS",
    "CHINESE_UNITS_SMALL",
    "CHINESE_MAGNITUDES",
    "CHINESE_DECIMAL_POINTS",
    "CHINESE_ZEROS",
    "FULLWIDTH_DIGITS",
    "THOUSANDS_SEPARATORS",
    "SPACE_SEPARATORS",
    "parse_number",
    "parse_digit_sequence",
    "parse_approximate",
    "parse_fraction_percent",
    "format_decimal",
]

# --------------------------------------------------------------------------
# Character classes (public: regex rule files build their classes from these)
# --------------------------------------------------------------------------

#: Zero characters: 〇 (U+3007 ideographic zero), ○ (U+25CB white circle,
#: common in print and OCR for 〇), 零.
CHINESE_ZEROS = "〇○零"

#: Every character read as a digit 0-9: the zeros, 一..九 with 两/兩 (2), and
#: the financial numerals 壹贰貳叁參叄肆伍陆陸柒捌玖. 幺 (1, only in spoken
#: phone numbers) is deliberately absent.
CHINESE_DIGITS = "〇○零一二两兩三四五六七八九壹贰貳叁參叄肆伍陆陸柒捌玖"

#: Units inside a four-digit section: 十 百 千 and financial 拾 佰 仟.
CHINESE_UNITS_SMALL = "十百千拾佰仟"

#: Magnitudes: 万/萬 (10^4) and 亿/億 (10^8).
CHINESE_MAGNITUDES = "万萬亿億"

#: Decimal point of Chinese numerals: 点, Traditional 點.
CHINESE_DECIMAL_POINTS = "点點"

#: Full-width digits U+FF10..U+FF19 (folded to ASCII before parsing).
FULLWIDTH_DIGITS = "０１２３４５６７８９"

#: Thousands separators allowed between three-digit groups of Arabic digits.
THOUSANDS_SEPARATORS = ",，"

#: Space-like digit-group separators (``5 575``): space, no-break space,
#: thin space U+2009, narrow no-break space U+202F, ideographic space U+3000.
SPACE_SEPARATORS = " \u00a0\u2009\u202f\u3000"

# --------------------------------------------------------------------------
# Precompiled tables
# --------------------------------------------------------------------------

_DIGIT_VALUE: dict[str, int] = {}
for _chars, _v in (
    ("〇○零", 0),
    ("一壹", 1),
    ("二两兩贰貳", 2),
    ("三叁參叄", 3),
    ("四肆", 4),
    ("五伍", 5),
    ("六陆陸", 6),
    ("七柒", 7),
    ("八捌", 8),
    ("九玖", 9),
):
    for _c in _chars:
        _DIGIT_VALUE[_c] = _v
assert set(_DIGIT_VALUE) == set(CHINESE_DIGITS)

_LIANG = frozenset("两兩")  # 2 only as a coefficient, never a units digit
_ZEROS = frozenset(CHINESE_ZEROS)
_UNIT_VALUE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MAG_VALUE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_UNIT_NAME = {10: "十", 100: "百", 1000: "千", 10**4: "万", 10**8: "亿"}
_POINTS = frozenset(CHINESE_DECIMAL_POINTS)
_MINUS = frozenset("-负負")  # after folding − (U+2212) and － (U+FF0D) to "-"

# Plain (non-financial) digits 1-9 that may form an approximate pair.
_PLAIN_DIGIT = {c: v for c, v in _DIGIT_VALUE.items() if c in "一二两兩三四五六七八九"}

_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",  # U+FF0E full-width full stop used as decimal point
        "－": "-",  # U+FF0D
        "−": "-",  # U+2212 minus sign
    }
)

_SP = re.escape(SPACE_SEPARATORS)
# One Arabic literal (after folding): grouped integer part with one kind of
# separator, or plain digits; optional ".digits"; never followed by a digit.
_ARABIC_RE = re.compile(
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:，\d{{3}})+|\d{{1,3}}(?:[{_SP}]\d{{3}})+|\d+)"
    r"(?:\.\d+)?(?!\d)"
)
_STRIP_SEP = str.maketrans("", "", THOUSANDS_SEPARATORS + SPACE_SEPARATORS)

_MAX_LEN = 100  # a number expression is short; longer input is not one number

# Exact arithmetic: any rounding raises decimal.Inexact.
_CTX = decimal.Context(
    prec=200,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)
_ONE = Decimal(1)
_DEC = {v: Decimal(v) for v in (1, 10, 100, 1000, 10**4, 10**7, 10**8)}

# Token kinds
_N = "n"  # Arabic literal or folded Chinese decimal: value Decimal
_D = "d"  # Chinese digit: value int
_U = "u"  # small unit: value int
_M = "m"  # magnitude: value int
_P = "p"  # decimal point 点


class _Reject(ValueError):
    """Internal: the reason an input is not a number (wrapped with the input)."""


# --------------------------------------------------------------------------
# Tokenizer and evaluator
# --------------------------------------------------------------------------


def _tokenize(t: str) -> list[tuple[str, object, str]]:
    """Split folded text into (kind, value, source) tokens; reject stray chars."""
    toks: list[tuple[str, object, str]] = []
    i, n = 0, len(t)
    while i < n:
        c = t[i]
        if "0" <= c <= "9":
            m = _ARABIC_RE.match(t, i)
            if m is None:  # only when a digit run ends in a dangling separator
                raise _Reject(f"malformed Arabic number at {t[i:]!r}")
            lit = m.group()
            toks.append((_N, Decimal(lit.translate(_STRIP_SEP)), lit))
            i = m.end()
            continue
        if c in _DIGIT_VALUE:
            toks.append((_D, _DIGIT_VALUE[c], c))
        elif c in _UNIT_VALUE:
            toks.append((_U, _UNIT_VALUE[c], c))
        elif c in _MAG_VALUE:
            toks.append((_M, _MAG_VALUE[c], c))
        elif c in _POINTS:
            toks.append((_P, None, c))
        else:
            raise _Reject(f"{c!r} is not part of a number")
        i += 1
    return toks


def _fold_point(toks: list) -> list:
    """Replace ``INT 点 DIGITS`` by one Decimal token; magnitudes may follow.

    Everything before 点 is the (Chinese) integer part, then one or more
    Chinese digits (zeros included, 两 not), then only units/magnitudes.
    """
    points = [i for i, tok in enumerate(toks) if tok[0] == _P]
    if not points:
        return toks
    if len(points) > 1:
        raise _Reject("more than one decimal point")
    p = points[0]
    head = toks[:p]
    if not head:
        raise _Reject("点 without an integer part (write 零点…)")
    if any(tok[0] == _N for tok in head):
        raise _Reject("Arabic digits before 点")
    j = p + 1
    frac = []
    while j < len(toks) and toks[j][0] == _D:
        if toks[j][2] in _LIANG:
            raise _Reject("两 is not a fractional digit")
        frac.append(str(toks[j][1]))
        j += 1
    if not frac:
        raise _Reject("点 without fractional digits")
    tail = toks[j:]
    if any(tok[0] not in (_U, _M) for tok in tail):
        raise _Reject("only 万/亿/千/百/十 may follow the fractional digits")
    if head[-1][2] in _LIANG:
        raise _Reject("两 before 点 (write 二点…)")
    _check_liang(head)
    whole = _eval(head)
    value = _CTX.add(whole, Decimal("0." + "".join(frac)))
    return [(_N, value, "".join(tok[2] for tok in toks[: j]))] + tail


def _check_liang(toks: list) -> None:
    """两 is a coefficient: it must precede a unit/magnitude, stand alone,
    or be the abbreviated last digit after 百/千/万/亿 (一千两 = 1200)."""
    for k, tok in enumerate(toks):
        if tok[0] != _D or tok[2] not in _LIANG:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None:
            if nxt[0] in (_U, _M):
                continue
            raise _Reject("两 followed by a digit")
        prev = toks[k - 1] if k > 0 else None
        if prev is None or (prev[0] in (_U, _M) and prev[1] >= 100):
            continue
        raise _Reject("两 as a units digit (write 二)")


def _is_fractional(v: Decimal) -> bool:
    return v != v.to_integral_value()


def _eval(toks: list) -> Decimal:
    """Value of a token list with no 点 (Decimal tokens may carry fractions)."""
    if not toks:
        raise _Reject("missing number")
    mags = [tok[1] for tok in toks if tok[0] == _M]
    if mags:
        top = max(mags)
        i = max(k for k, tok in enumerate(toks) if tok[0] == _M and tok[1] == top)
        high, low = toks[:i], toks[i + 1 :]
        if not high:
            raise _Reject(f"{toks[i][2]} without a coefficient")
        if top == 10**4 and any(tok[0] == _M for tok in high):
            raise _Reject("万 inside the coefficient of 万")
        hv = _eval(high)
        if hv == 0 and not any(tok[0] == _N for tok in high):
            raise _Reject(f"零 as the coefficient of {toks[i][2]}")  # 0万 (Arabic) is fine
        return _place_value(hv, top, low)
    units = [tok[1] for tok in toks if tok[0] == _U]
    if units:
        top = max(units)
        where = [k for k, tok in enumerate(toks) if tok[0] == _U and tok[1] == top]
        if len(where) > 1:
            raise _Reject(f"{toks[where[0]][2]} repeated")
        i = where[0]
        high, low = toks[:i], toks[i + 1 :]
        if not high:
            hv = _ONE
        elif len(high) == 1 and high[0][0] == _N:
            hv = high[0][1]
        elif len(high) == 1 and high[0][0] == _D and high[0][1] != 0:
            hv = Decimal(high[0][1])
        else:
            raise _Reject(f"bad coefficient of {toks[i][2]}")
        return _place_value(hv, top, low)
    if len(toks) != 1:
        raise _Reject("digits without units between them (a digit string or a range?)")
    tok = toks[0]
    if tok[0] == _N:
        return tok[1]
    if tok[0] == _D:
        return Decimal(tok[1])
    raise _Reject("missing number")  # pragma: no cover - units/mags handled above


def _place_value(hv: Decimal, top: int, low: list) -> Decimal:
    """``hv`` × 10**``top`` plus the lower places ``low`` (3万5千: 3, 4, [5千])."""
    base = _CTX.multiply(hv, _DEC[top])
    if not low:
        return base
    if _is_fractional(hv):
        raise _Reject("a fractional coefficient followed by lower places")
    return _CTX.add(base, _low(low, top))


def _low(low: list, unit: int) -> Decimal:
    """Value of the places after ``unit`` (below it): 零-gap, abbreviation or full."""
    zero = low[0][0] == _D and low[0][1] == 0
    rest = low[1:] if zero else low
    if not rest:
        raise _Reject("trailing 零")
    if rest[0][0] == _D and rest[0][1] == 0:
        raise _Reject("repeated 零")
    if zero and unit == 10:
        raise _Reject("零 after 十")
    if len(rest) == 1:
        tok = rest[0]
        if tok[0] == _N:
            raise _Reject(f"bare Arabic digits after {_UNIT_NAME[unit]} are ambiguous")
        if tok[0] == _D:
            if zero or unit == 10:
                return Decimal(tok[1])
            # abbreviation: 一百五 = 150, 一千五 = 1500, 三万五 = 35000
            return _CTX.multiply(Decimal(tok[1]), _DEC[unit // 10])
    v = _eval(rest)
    if v >= _DEC[unit]:
        raise _Reject("lower places not below the unit before them")
    return v


def _canonical(d: Decimal) -> Decimal:
    return Decimal(format_decimal(d))


def _check_str(s: object) -> str:
    if not isinstance(s, str):
        raise TypeError(f"expected str, got {type(s).__name__}: {s!r}")
    return s


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def parse_number(s: str) -> Decimal:
    """Return the exact value of one number expression.

    Accepted shapes (surrounding whitespace is ignored):

    - Arabic: ``2300``, ``90.5``, full-width ``２０１２``/``１．５``,
      thousands separators between 3-digit groups (``9,650``, ``9，650``,
      ``5 575`` with space, U+00A0, U+2009, U+202F or U+3000; one kind per
      number).
    - Chinese: ``十二`` 12, ``二十`` 20, ``一百零五`` 105, ``千`` 1000,
      ``百万`` 1000000, ``两千`` 2000, ``一万五`` 15000 (abbreviated last
      place), ``一万五千亿`` 1500000000000 (万 inside the multiplier of 亿),
      financial ``壹佰零伍`` 105, Traditional ``兩萬`` 20000.
    - Chinese decimals: ``一点五七`` 1.57, ``三十二点二万`` 322000.
    - Mixed: Arabic numbers as coefficients, ``1.5万`` 15000, ``6.8亿``
      680000000, ``3万5千`` 35000, ``25万6千`` 256000, ``1.5万亿``.
    - A leading minus ``-``/``−``/``－``/``负`` negates.

    Units of the result: none -- the number as written; currency, classifier
    and qualifier words are the caller's (strip ``元``, ``个``, ``余`` first).

    Returns a canonical ``Decimal`` (exponent <= 0, no trailing fractional
    zeros): ``parse_number("6.8亿") == Decimal("680000000")``.

    Raises ``ValueError`` naming the input for anything that is not exactly
    one number: ``""``, ``"万"``, ``"两三"`` (an approximation: see
    :func:`parse_approximate`), ``"一二"``/``"二〇一二"`` (digit strings: see
    :func:`parse_digit_sequence`), ``"3万5"``/``"2万3456"`` (bare Arabic digits
    after a magnitude: ambiguous), ``"十两"`` (两 as a units digit),
    ``"三百千"``, ``"abc"``, ``"6.8 亿"`` (space before a magnitude), input
    longer than 100 characters. ``TypeError`` if ``s`` is not a ``str``.
    """
    _check_str(s)
    t = s.strip()
    try:
        if not t:
            raise _Reject("empty")
        if len(t) > _MAX_LEN:
            raise _Reject(f"longer than {_MAX_LEN} characters")
        t = t.translate(_FOLD)
        negative = t[0] in _MINUS
        if negative:
            t = t[1:]
        toks = _fold_point(_tokenize(t))
        _check_liang(toks)
        value = _eval(toks)
    except _Reject as e:
        raise ValueError(f"{s!r} is not a number: {e}") from None
    except decimal.DecimalException:
        raise ValueError(f"{s!r} is not a number: out of exact range") from None
    return _canonical(-value if negative else value)


def parse_digit_sequence(s: str) -> int:
    """Read a digit-by-digit numeral, as years are written, and return an ``int``.

    ``二〇一二``/``二○一二``/``二零一二`` -> 2012, ``一九九八`` -> 1998,
    ``２０１２``/``2012`` -> 2012. Every character must be a digit: Chinese
    digits (zeros 〇○零, 一..九, financial 壹..玖), ASCII or full-width
    digits; scripts may mix (OCR reads 〇 as 0: ``二0一二``). 两 is rejected
    (never used digit by digit), as are units (``一九九十``), separators and
    signs. Surrounding whitespace is ignored.

    Raises ``ValueError`` naming the input otherwise (also for ``""``);
    ``TypeError`` if ``s`` is not a ``str``.
    """
    _check_str(s)
    t = s.strip().translate(_FOLD)
    if not t:
        raise ValueError(f"{s!r} is not a digit sequence: empty")
    out = []
    for c in t:
        if "0" <= c <= "9":
            out.append(c)
        elif c in _DIGIT_VALUE and c not in _LIANG:
            out.append(str(_DIGIT_VALUE[c]))
        else:
            raise ValueError(f"{s!r} is not a digit sequence: {c!r} is not a digit")
    return int("".join(out))


def parse_approximate(s: str) -> tuple[Decimal, Decimal]:
    """Read an approximation by two adjacent numerals; return ``(low, high)``.

    The form is one number expression in which exactly one place holds two
    consecutive plain digits (一二, 一两, 两三/二三, 三四, … 八九): the low and
    high values are the expression read with the first and with the second
    digit in that place:

    ``两三`` (2, 3); ``一两`` (1, 2); ``六七百`` (600, 700); ``五六百``
    (500, 600); ``三四十`` (30, 40); ``十三四`` (13, 14); ``七八千``
    (7000, 8000); ``二三十万`` (200000, 300000); ``一百五六十`` (150, 160);
    ``三万四五千`` (34000, 35000).

    Values are canonical ``Decimal``; units are the caller's as in
    :func:`parse_number`. Note ``十四五`` reads as (14, 15): the plan name
    十四五 is a DATE and must be matched before this is tried.

    Raises ``ValueError`` naming the input when there is no such pair, more
    than one (``一二三``), a non-adjacent pair (``三五``), a decimal point,
    or when either reading is not a number; ``TypeError`` if not a ``str``.
    """
    _check_str(s)
    t = s.strip()
    pairs = [
        i
        for i in range(len(t) - 1)
        if t[i] in _PLAIN_DIGIT
        and t[i + 1] in _PLAIN_DIGIT
        and _PLAIN_DIGIT[t[i + 1]] == _PLAIN_DIGIT[t[i]] + 1
    ]
    if len(pairs) != 1:
        why = "no pair of adjacent numerals" if not pairs else "more than one pair"
        raise ValueError(f"{s!r} is not an approximation: {why}")
    if any(c in _POINTS or c in ".．" for c in t):
        raise ValueError(f"{s!r} is not an approximation: decimal point")
    i = pairs[0]
    try:
        low = parse_number(t[: i + 1] + t[i + 2 :])
        high = parse_number(t[:i] + t[i + 1 :])
    except ValueError as e:
        raise ValueError(f"{s!r} is not an approximation: {e}") from None
    if not low < high:  # pragma: no cover - consecutive digits in one place
        raise ValueError(f"{s!r} is not an approximation: low not below high")
    return low, high


def parse_fraction_percent(s: str) -> Decimal:
    """Return the percent value of an ``N分之X`` phrase, as a canonical ``Decimal``.

    ``百分之一点五七`` -> 1.57, ``百分之十五`` -> 15, ``百分之五十`` -> 50,
    ``十分之一`` -> 10, ``千分之五`` -> 0.5, ``万分之三`` -> 0.03. Any
    denominator :func:`parse_number` reads (or 万/萬 alone) works when the
    result is an exact decimal: ``四分之一`` -> 25. The numerator X is any
    non-negative expression :func:`parse_number` accepts (``百分之15`` -> 15).
    Result unit: per cent (X / N * 100).

    Raises ``ValueError`` naming the input when there is no ``分之``, either
    side is not a number, the denominator is not a positive integer, the
    numerator is negative, or the percent is not a terminating decimal
    (``三分之一`` = 33.33… is rejected, not rounded); ``TypeError`` if not a
    ``str``.
    """
    _check_str(s)
    t = s.strip()
    k = t.find("分之")
    if k <= 0:
        raise ValueError(f"{s!r} is not a fraction phrase: no N分之X")
    den_s, num_s = t[:k], t[k + 2 :]
    try:
        den = Decimal(_MAG_VALUE[den_s]) if den_s in _MAG_VALUE else parse_number(den_s)
        num = parse_number(num_s)
    except ValueError as e:
        raise ValueError(f"{s!r} is not a fraction phrase: {e}") from None
    if den <= 0 or _is_fractional(den):
        raise ValueError(f"{s!r} is not a fraction phrase: denominator not a positive integer")
    if num < 0:
        raise ValueError(f"{s!r} is not a fraction phrase: negative numerator")
    try:
        value = _CTX.divide(_CTX.multiply(num, _DEC[100]), den)
    except decimal.Inexact:
        raise ValueError(f"{s!r}: percent is not an exact decimal") from None
    return _canonical(value)


def format_decimal(d: Decimal) -> str:
    """Return the canonical decimal string of ``d`` used in records.

    Plain positional notation (no exponent), no trailing fractional zeros and
    no trailing point, no ``-0``: ``Decimal("6.8E+8")`` -> ``"680000000"``,
    ``Decimal("32.20")`` -> ``"32.2"``, ``Decimal("0.50")`` -> ``"0.5"``,
    ``Decimal("2.3E+3")`` -> ``"2300"``, ``Decimal("-0.0")`` -> ``"0"``.
    ``int`` is accepted too. The digits are never rounded.

    Raises ``TypeError`` for ``float`` (or anything not ``Decimal``/``int``)
    and ``ValueError`` for NaN and infinities.
    """
    if isinstance(d, bool) or not isinstance(d, (Decimal, int)):
        raise TypeError(f"expected Decimal, got {type(d).__name__}: {d!r}")
    if isinstance(d, int):
        return str(d)
    if not d.is_finite():
        raise ValueError(f"{d!r} is not a finite number")
    if d.is_zero():
        return "0"
    out = format(d, "f")
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    return out
