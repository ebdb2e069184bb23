"""The citations view: each document a report cites, listed once, with every mention.

``citations(records)`` takes the records of *one* document (``extract.records`` models
or plain dicts with the same fields, in document order) and groups its LAW and DOC_NO
records into cited documents (``extract run --format citations`` writes one JSON line
per cited document, with ``doc`` added by the CLI).

A cited document is identified

- by its document number when it has one: a DOC_NO record, or a LAW whose ``doc_no``
  names the number in the parentheses right after the title (the DOC_NO record of that
  number is a mention of the same document). Numbers are compared by ``(issuer, year,
  serial)`` with the issuer folded (Traditional and full-width forms alike), so
  ``吉发〔2012〕4号`` and ``吉发[2012]4号`` are one document;
- else by its title, compared after folding and with spaces and the inner marks
  ``〈〉<>《》`` removed. A title seen once with its number and once alone is one
  document.

Each item (a JSON-serializable dict)::

    {"title": "中国农村扶贫开发纲要(2011—2020年)" | None,
     "number": "吉发〔2012〕4号" | None,      # text of its first DOC_NO mention
     "issuer": "吉发" | None, "year": 2012 | None, "serial": 4 | None,
     "mentions": [{"label": "LAW", "start": 10, "end": 28}, ...]}

in order of first mention; ``mentions`` are in document order. Records of other
labels are ignored; an empty list when nothing is cited. Raises nothing for
well-formed records (a record lacking a field is read as null).
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

import regex

from .fold import fold

__all__ = ["citations"]

_TITLE_NOISE = regex.compile(r"[\s〈〉<>《》「」『』\"'“”‘’]")


def _get(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    return getattr(record, name, None)


def _title_key(title: str) -> str:
    return _TITLE_NOISE.sub("", fold(title))


def _number_key(issuer: Optional[str], year: Optional[int], serial: Optional[int], text: str) -> tuple:
    if issuer is None and serial is None:  # a number whose fields did not read: its text
        return ("text", regex.sub(r"\s", "", fold(text)))
    return ("no", regex.sub(r"\s", "", fold(issuer or "")), year, serial)


def citations(records: Iterable[Any]) -> list[dict]:
    """Group the LAW and DOC_NO records of one document into cited documents (see module doc)."""
    items: list[dict] = []
    by_number: dict[tuple, dict] = {}
    by_title: dict[str, dict] = {}
    numbers_by_text: dict[str, tuple] = {}
    recs = [r for r in records if _get(r, "label") in ("LAW", "DOC_NO")]
    # First pass: the number key of every DOC_NO text (so a LAW's doc_no text finds it).
    for r in recs:
        if _get(r, "label") == "DOC_NO":
            numbers_by_text.setdefault(
                _get(r, "text"), _number_key(_get(r, "issuer"), _get(r, "year"), _get(r, "serial"), _get(r, "text")))

    def new_item() -> dict:
        item = {"title": None, "number": None, "issuer": None, "year": None, "serial": None, "mentions": []}
        items.append(item)
        return item

    def set_number(item: dict, r: Any) -> None:
        for k in ("number", "issuer", "year", "serial"):
            if item[k] is None:
                item[k] = _get(r, "text" if k == "number" else k)

    def merge(keep: dict, drop: dict) -> None:
        """Fold ``drop`` into ``keep`` (a title met alone before its number)."""
        keep["mentions"].extend(drop["mentions"])
        for k in ("title", "number", "issuer", "year", "serial"):
            if keep[k] is None:
                keep[k] = drop[k]
        items.remove(drop)
        for index in (by_number, by_title):
            for k, v in list(index.items()):
                if v is drop:
                    index[k] = keep

    for r in recs:
        label, text = _get(r, "label"), _get(r, "text")
        mention = {"label": label, "start": _get(r, "start"), "end": _get(r, "end")}
        if label == "DOC_NO":
            key = numbers_by_text[text]
            item = by_number.get(key)
            if item is None:
                item = by_number[key] = new_item()
            set_number(item, r)
        else:
            tkey = _title_key(text)
            doc_no = _get(r, "doc_no")
            nkey = numbers_by_text.get(doc_no) if doc_no else None
            if doc_no and nkey is None:
                nkey = _number_key(None, None, None, doc_no)
            item = by_number.get(nkey) if nkey else None
            titled = by_title.get(tkey)
            if item is None and titled is not None and (nkey is None or titled["number"] is None):
                item = titled
            if item is None:
                item = new_item()
            if titled is not None and titled is not item and titled["number"] is None:
                merge(item, titled)
            if nkey is not None:
                by_number.setdefault(nkey, item)
                if item["number"] is None:
                    item["number"] = doc_no
            if item["title"] is None:
                item["title"] = text
            by_title.setdefault(tkey, item)
        item["mentions"].append(mention)
    for item in items:
        item["mentions"].sort(key=lambda m: (m["start"], m["end"]))
    items.sort(key=lambda it: it["mentions"][0]["start"])
    return items
