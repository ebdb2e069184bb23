"""Gold files: loading and validation.

A gold file (``../shared/interface.md``, "Gold files") is a JSON object::

    {"doc": "../corpus/jilin-2012-poverty.txt", "sha256": "<of the file's bytes>",
     "chars": 2642, "entities": [{"label": "GPE", "text": "吉林省", "start": 0, "end": 3,
     "name": "吉林省", "adcode": "220000", "level": "province"}, ...]}

``doc`` is the document's path relative to the gold file's own folder. :func:`load_gold`
reads the document's bytes, checks their SHA-256, decodes them into the *document
text* of the annotation guide (section 1) with :func:`extract.ingest.read_document`,
checks ``chars`` (the text's length in code points), and validates every entity:

- ``label`` is one of the guide's labels (section 2);
- ``start``/``end`` are ints with ``0 <= start < end <= len(text)`` and
  ``text[start:end] == entity["text"]``;
- entities are sorted by ``start`` and do not overlap (guide section 1: flat);
- every other field belongs to the label (guide sections 4 and 5; unknown fields
  are rejected) and is well formed: decimal strings match ``^-?\\d+(\\.\\d+)?$``,
  ``qualifier`` is about/nearly/over/under, ``mod`` START/MID/END, ``currency`` an
  ISO 4217 code, ``adcode`` 6 digits (county and above) or 12 (township, village)
  and shaped for its ``level``, ``year``/``serial``/``sentence`` ints, ``each`` a
  bool, ``part_of`` the ``start`` of another numeric entity, DATE ``value`` a
  TIMEX3-style string, a range has ``low`` <= ``high`` and no ``value``.

A field that does not apply may be absent: absent means null (false for ``each``,
an empty list for ``parents``). The loaded entities have every field of their label,
absent ones filled in so.

Every failure raises :class:`~extract.errors.GoldError` whose message is one line
naming the gold file, the entity and the cause, e.g.::

    gold/x.json: entity 12 MONEY '6.8亿元' [867:872]: text[867:872] is '6.8亿' not '6.8亿元'
    gold/x.json: document changed: sha256 9f2c… (file) != 3cb2… (gold)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

from .errors import ExtractError, GoldError
from .records import NUMERIC_LABELS

__all__ = ["Gold", "load_gold", "LABEL_FIELDS", "DEFAULTS"]

# --- field checks ------------------------------------------------------------------
# Each check takes the field's value (never None: null is always allowed, since an
# absent field means null) and returns None when well formed, else the cause.

_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_ADCODE = re.compile(r"^(\d{6}|\d{12})$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TIMEX_ONE = r"[0-9X]{4}(?:-(?:[0-9X]{2}(?:-[0-9X]{2})?|H[12]|Q[1-4]|W\d{2}|SP|SU|FA|WI))?"
_TIMEX = re.compile(rf"^{_TIMEX_ONE}(?:/{_TIMEX_ONE})?$")

QUALIFIERS = ("about", "nearly", "over", "under")
MODS = ("START", "MID", "END")
LEVELS = ("country", "province", "prefecture", "county", "township", "village")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _decimal(v: Any) -> Optional[str]:
    if not isinstance(v, str) or not _DECIMAL.match(v):
        return f"is {_show(v)}, not a decimal string (^-?\\d+(\\.\\d+)?$)"
    return None


def _string(v: Any) -> Optional[str]:
    if not isinstance(v, str) or not v.strip():
        return f"is {_show(v)}, not a non-empty string"
    return None


def _one_of(allowed: tuple[str, ...]) -> Callable[[Any], Optional[str]]:
    def check(v: Any) -> Optional[str]:
        if v not in allowed:
            return f"is {_show(v)}, not one of {', '.join(allowed)}"
        return None

    return check


def _pattern(rx: re.Pattern, what: str) -> Callable[[Any], Optional[str]]:
    def check(v: Any) -> Optional[str]:
        if not isinstance(v, str) or not rx.match(v):
            return f"is {_show(v)}, not {what}"
        return None

    return check


def _int(minimum: Optional[int] = None) -> Callable[[Any], Optional[str]]:
    def check(v: Any) -> Optional[str]:
        if not _is_int(v):
            return f"is {_show(v)}, not an int"
        if minimum is not None and v < minimum:
            return f"is {v}, below {minimum}"
        return None

    return check


def _bool(v: Any) -> Optional[str]:
    if not isinstance(v, bool):
        return f"is {_show(v)}, not true or false"
    return None


def _part_of(v: Any) -> Optional[str]:
    # Whether it points at another numeric entity is checked once all are read.
    return None if _is_int(v) else f"is {_show(v)}, not an int (the start of the whole)"


def _parents(v: Any) -> Optional[str]:
    if not isinstance(v, list) or not all(isinstance(c, str) and _ADCODE.match(c) for c in v):
        return f"is {_show(v)}, not a list of 6- or 12-digit adcodes"
    return None


_DEC = _decimal
_QUAL = _one_of(QUALIFIERS)
_BOUNDS = {"qualifier": _QUAL, "low": _DEC, "high": _DEC}
_CONTEXT = {
    "section": _string,
    "sentence": _int(0),
    "subject": _string,
    "part_of": _part_of,
    "each": _bool,
}

#: Per label: its fields beyond label/text/start/end (guide sections 4 and 5), each
#: with its check. Kept equal to the models of :mod:`extract.records` (a test checks).
LABEL_FIELDS: dict[str, dict[str, Callable[[Any], Optional[str]]]] = {
    "MONEY": {"value": _DEC, "currency": _pattern(_CURRENCY, "an ISO 4217 code"), **_BOUNDS, **_CONTEXT},
    "CARDINAL": {"value": _DEC, "unit": _string, **_BOUNDS, **_CONTEXT},
    "QUANTITY": {"value": _DEC, "unit": _string, **_BOUNDS, **_CONTEXT},
    "PERCENT": {"value": _DEC, "unit": _string, **_BOUNDS, **_CONTEXT},
    "DATE": {"value": _pattern(_TIMEX, "a TIMEX3 date (2012, 2012-02, 2011/2020, XXXX-06-05)"),
             "mod": _one_of(MODS)},
    "DOC_NO": {"issuer": _string, "year": _int(), "serial": _int()},
    "LAW": {"doc_no": _string},
    "GPE": {"name": _string, "adcode": _pattern(_ADCODE, "a 6- or 12-digit adcode"),
            "level": _one_of(LEVELS), "parents": _parents},
    "LOC": {},
    "ORG": {},
    "PERSON": {},
}

#: Labels whose entities carry the context fields (guide section 5).
NUMERIC = NUMERIC_LABELS

#: What an absent field means: null, except these.
DEFAULTS: dict[str, Any] = {"each": False, "parents": []}

_SPAN_KEYS = ("label", "text", "start", "end")


@dataclass
class Gold:
    """One loaded, validated gold file.

    ``path``: the gold file as given; ``doc_path``: the document, resolved;
    ``text``: the document text the offsets index; ``entities``: one dict per entity,
    in document order, with every field of its label (absent ones filled with null,
    ``False`` for ``each``, ``[]`` for ``parents``); values as in the JSON (decimal
    strings stay strings). ``sha256`` is the document's checked hash.
    """

    path: Path
    doc_path: Path
    text: str
    entities: list[dict] = field(default_factory=list)
    sha256: str = ""
    #: Fields carried (present, even as null) by at least one entity of the file;
    #: None when unknown (a Gold built in code). Evaluation skips a context field no
    #: entity carries: the file does not annotate it.
    annotated: Optional[frozenset] = None

    @property
    def doc_display(self) -> str:
        """The document's path for messages: relative to the working folder when
        below it, else absolute."""
        try:
            return str(self.doc_path.relative_to(Path.cwd()))
        except ValueError:
            return str(self.doc_path)


def load_gold(path: str | os.PathLike[str]) -> Gold:
    """Read and validate one gold file; see the module docstring.

    Raises :class:`~extract.errors.GoldError` ``(path, cause)`` on the first fault.
    """
    where = os.fspath(path)

    def fail(cause: str) -> GoldError:
        return GoldError(where, cause)

    try:
        raw = Path(where).read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a directory") from None
    except OSError as err:
        raise fail(f"cannot read: {(err.strerror or type(err).__name__).lower()}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise fail(f"not UTF-8: {err.reason} at byte {err.start}") from None
    except json.JSONDecodeError as err:
        raise fail(f"not valid JSON: line {err.lineno} column {err.colno}: {err.msg}") from None
    if not isinstance(data, dict):
        raise fail(f"not a JSON object but {type(data).__name__}")
    unknown = sorted(set(data) - {"doc", "sha256", "chars", "entities"})
    if unknown:
        raise fail(f"unknown key {', '.join(map(repr, unknown))} (known: doc, sha256, chars, entities)")
    for key, ok, what in (
        ("doc", lambda v: isinstance(v, str) and v, "a path"),
        ("sha256", lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v), "64 lower-case hex digits"),
        ("chars", _is_int, "an int"),
        ("entities", lambda v: isinstance(v, list), "a list"),
    ):
        if key not in data:
            raise fail(f"missing key {key!r}")
        if not ok(data[key]):
            raise fail(f"{key} is {_show(data[key])}, not {what}")

    doc_path = (Path(where).parent / data["doc"]).resolve()
    try:
        doc_bytes = doc_path.read_bytes()
    except FileNotFoundError:
        raise fail(f"document {data['doc']}: no such file") from None
    except OSError as err:
        raise fail(f"document {data['doc']}: cannot read: {(err.strerror or type(err).__name__).lower()}") from None
    digest = hashlib.sha256(doc_bytes).hexdigest()
    if digest != data["sha256"]:
        raise fail(f"document changed: sha256 {digest} (file) != {data['sha256']} (gold)")

    from .ingest import read_document  # lazily: gold loading needs ingest only here

    try:
        text = read_document(doc_path).text
    except ExtractError as err:
        raise fail(f"document {data['doc']}: {err.cause}") from None
    if len(text) != data["chars"]:
        raise fail(f"chars is {data['chars']} but the document text has {len(text)}")

    entities = [_check_entity(i, e, text, fail) for i, e in enumerate(data["entities"])]
    _check_order(entities, fail)
    _check_part_of(entities, fail)
    annotated = frozenset(k for e in data["entities"] if isinstance(e, dict) for k in e)
    return Gold(path=Path(where), doc_path=doc_path, text=text, entities=entities, sha256=digest,
                annotated=annotated)


def _check_entity(i: int, e: Any, text: str, fail: Callable[[str], GoldError]) -> dict:
    if not isinstance(e, dict):
        raise fail(f"entity {i}: is {_show(e)}, not an object")
    who = _describe(i, e)
    label = e.get("label")
    if label not in LABEL_FIELDS:
        raise fail(f"{who}: unknown label {_show(label)} (known: {', '.join(LABEL_FIELDS)})")
    if not isinstance(e.get("text"), str) or not e["text"]:
        raise fail(f"{who}: text is {_show(e.get('text'))}, not a non-empty string")
    start, end = e.get("start"), e.get("end")
    for name, v in (("start", start), ("end", end)):
        if not _is_int(v):
            raise fail(f"{who}: {name} is {_show(v)}, not an int")
    if not 0 <= start < end <= len(text):
        raise fail(f"{who}: offsets outside 0 <= start < end <= {len(text)}")
    if text[start:end] != e["text"]:
        raise fail(f"{who}: text[{start}:{end}] is {_quote(text[start:end])} not {_quote(e['text'])}")
    checks = LABEL_FIELDS[label]
    unknown = [k for k in e if k not in _SPAN_KEYS and k not in checks]
    if unknown:
        raise fail(f"{who}: unknown field {', '.join(map(repr, unknown))} for {label}"
                   f" (known: {', '.join(checks) or 'none'})")
    out = {k: e[k] for k in _SPAN_KEYS}
    for name, check in checks.items():
        v = e.get(name)
        if v is not None:
            cause = check(v)
            if cause:
                raise fail(f"{who}: {name} {cause}")
        if v is None:
            v = DEFAULTS.get(name)
            v = list(v) if isinstance(v, list) else v
        out[name] = v
    if label in NUMERIC:
        _check_range(out, who, fail)
    if label == "GPE" and out["adcode"] is not None and out["level"] is not None:
        cause = _adcode_level(out["adcode"], out["level"])
        if cause:
            raise fail(f"{who}: adcode {out['adcode']} {cause}")
    return out


def _check_range(e: dict, who: str, fail: Callable[[str], GoldError]) -> None:
    low, high = e["low"], e["high"]
    if (low is None) != (high is None):
        raise fail(f"{who}: a range needs both low and high (low={_show(low)}, high={_show(high)})")
    if low is not None:
        if e["value"] is not None:
            raise fail(f"{who}: a range (low {low}, high {high}) has value null, not {_show(e['value'])}")
        if Decimal(low) > Decimal(high):
            raise fail(f"{who}: low {low} is above high {high}")


def _adcode_level(code: str, level: str) -> Optional[str]:
    """Why ``code`` cannot be the adcode of a division of ``level`` (GB/T 2260 shape), or None."""
    if level in ("township", "village"):
        return None if len(code) == 12 else f"has {len(code)} digits; a {level} has a 12-digit code or null"
    if len(code) != 6:
        return f"has {len(code)} digits; a {level} has a 6-digit code"
    if level == "province" and not code.endswith("0000"):
        return "is not a province code (dd0000)"
    if level == "prefecture" and (not code.endswith("00") or code.endswith("0000")):
        return "is not a prefecture code (dddd00)"
    if level == "county" and code.endswith("00"):
        return "is not a county code (ends in 00)"
    return None


def _check_order(entities: list[dict], fail: Callable[[str], GoldError]) -> None:
    for i in range(1, len(entities)):
        prev, e = entities[i - 1], entities[i]
        if e["start"] < prev["start"]:
            raise fail(f"{_describe(i, e)}: not sorted: starts before entity {i - 1}"
                       f" {prev['label']} {_quote(prev['text'])} [{prev['start']}:{prev['end']}]")
        if e["start"] < prev["end"]:
            raise fail(f"{_describe(i, e)}: overlaps entity {i - 1}"
                       f" {prev['label']} {_quote(prev['text'])} [{prev['start']}:{prev['end']}]")


def _check_part_of(entities: list[dict], fail: Callable[[str], GoldError]) -> None:
    numeric_starts = {e["start"] for e in entities if e["label"] in NUMERIC}
    for i, e in enumerate(entities):
        p = e.get("part_of")
        if p is None:
            continue
        if p == e["start"]:
            raise fail(f"{_describe(i, e)}: part_of {p} is the entity itself")
        if p not in numeric_starts:
            raise fail(f"{_describe(i, e)}: part_of {p} is not the start of a numeric entity"
                       f" ({', '.join(NUMERIC)})")


# --- message helpers -----------------------------------------------------------------


def _quote(s: str, limit: Optional[int] = 40) -> str:
    """``s`` in single quotes on one line (line breaks escaped), shortened past ``limit``
    (never when None)."""
    s = s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    return f"'{s}'"


def _show(v: Any) -> str:
    """A JSON value as written in the gold file, on one line, shortened."""
    if isinstance(v, str):
        return _quote(v)
    try:
        s = json.dumps(v, ensure_ascii=False)
    except (TypeError, ValueError):
        s = repr(v)
    return s if len(s) <= 40 else s[:39] + "…"


def _describe(i: int, e: dict) -> str:
    """``entity 12 MONEY '6.8亿元' [867:872]`` (whatever of it the entity has)."""
    parts = [f"entity {i}"]
    label = e.get("label")
    if label is not None:
        parts.append(label if isinstance(label, str) else _show(label))
    if "text" in e:
        parts.append(_show(e["text"]))
    parts.append(f"[{_show(e.get('start'))}:{_show(e.get('end'))}]")
    return " ".join(parts)
