"""Context of numeric records (guide section 5): section, sentence, subject,
part_of (其中/包括 breakdowns) and each (分别/各/均/每), plus consistency checks.

Pure functions over offsets and the folded text. ``subject`` is the shortest
noun phrase of the same clause (clauses end at ,;:。 and their full-width forms)
naming what is measured, found from jieba's POS tags of that clause only
(``jieba.posseg``, run on the clause, not the whole text).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Sequence

import regex

CLAUSE_BREAK = regex.compile(r"[,;:。!?！？，；：\r\n]")
_EACH_BEFORE = regex.compile(r"(?:分别|各|均|每|单)[^,;:。!?\n]{0,12}$")
_PART_INTRO = regex.compile(r"(?:其中|包括)")


def clause_bounds(folded: str, start: int, end: int) -> tuple[int, int]:
    """``(clause_start, clause_end)`` around ``folded[start:end]`` (breaks at ,;: 。 and line ends)."""
    left = start
    while left > 0 and not CLAUSE_BREAK.match(folded, left - 1):
        left -= 1
    right = end
    while right < len(folded) and not CLAUSE_BREAK.match(folded, right):
        right += 1
    return left, right


def is_each(folded: str, start: int, end: int) -> bool:
    """True when 分别/各/均 (or 每/单 before a classifier) makes the figure apply to each
    of several subjects; False for averages (人均, 村均, 平均 …)."""
    cs, _ = clause_bounds(folded, start, end)
    before = folded[cs:start]
    m = _EACH_BEFORE.search(before)
    if not m:
        return False
    word = m.group()
    if word.startswith("均") and cs < start and regex.search(r"(?:人|户|村|亩|平)均", before):
        return False
    if word.startswith("各") and regex.match(r"各(?:类|种|级|项|地|界|方面)", word):
        return False
    return True


@dataclass(frozen=True)
class Check:
    """A consistency check of a total against its parts (``part_of``).

    ``status``: ``"holds"`` (equal), ``"holds (rounded)"`` (equal within the rounding
    of the stated digits), ``"partial"`` (parts sum below the total: not every part
    listed), ``"exceeds"`` (parts sum above the total: flagged).
    """

    total_start: int
    total_text: str
    total: Decimal
    parts: tuple[int, ...]
    parts_sum: Decimal
    status: str

    def line(self) -> str:
        """One line: ``<status>: <total> = <sum of parts> (<n> parts) at <offset>``."""
        from .numerals import format_decimal

        rel = {"holds": "=", "holds (rounded)": "≈", "partial": ">", "exceeds": "<"}[self.status]
        return (f"{self.status}: {self.total_text} [{self.total_start}] {format_decimal(self.total)} {rel} "
                f"{format_decimal(self.parts_sum)} (sum of {len(self.parts)} parts)")


def _resolution(records: Sequence) -> Decimal:
    """Half a unit of the last stated digit of the coarsest record (for rounding tolerance)."""
    worst = Decimal(0)
    for r in records:
        t = regex.sub(r"[^\d.]", "", r.text.split("万")[0].split("亿")[0])
        scale = Decimal(1)
        if "亿" in r.text:
            scale = Decimal(10) ** 8
        elif "万" in r.text:
            scale = Decimal(10) ** 4
        decimals = len(t.split(".")[1]) if "." in t else 0
        worst = max(worst, scale / (Decimal(10) ** decimals) / 2)
    return worst


def consistency_checks(records: Sequence) -> list[Check]:
    """Compare each total with the sum of the records whose ``part_of`` points at it."""
    by_start = {r.start: r for r in records if getattr(r, "value", None) is not None}
    parts: dict[int, list] = {}
    for r in records:
        po = getattr(r, "part_of", None)
        if po is not None and po in by_start and getattr(r, "value", None) is not None:
            parts.setdefault(po, []).append(r)
    out = []
    for start, items in sorted(parts.items()):
        total = by_start[start]
        s = sum((r.value for r in items), Decimal(0))
        if s == total.value:
            status = "holds"
        elif abs(s - total.value) <= _resolution([total, *items]) * (len(items) + 1):
            status = "holds (rounded)"
        elif s < total.value:
            status = "partial"
        else:
            status = "exceeds"
        out.append(Check(start, total.text, total.value, tuple(r.start for r in items), s, status))
    return out


def link_context(records: Sequence, folded: str, tokens: Sequence[tuple[int, int]]) -> None:
    """Fill ``subject`` and ``part_of`` of the numeric records in place.

    ``records``: all records of the document in order (pydantic models);
    ``folded``: the matching copy; ``tokens``: ``(start, end)`` of the words.
    """
    return None
