"""Records: the one definition of what `extract run` writes.

One pydantic model per label of the annotation guide (``../shared/annotation-guide.md``
section 4; labels after OntoNotes 5, plus our ``DOC_NO``), joined in the
discriminated union :data:`Record` on ``label``. The same classes give
validation, JSON Schema (``extract schema``) and serialization: decimal values
serialize as canonical decimal strings (``"680000000"``, ``"32.2"``), never
floats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter

from .numerals import format_decimal

#: A decimal number, exact; written as its canonical decimal string.
DecimalStr = Annotated[
    Decimal,
    PlainSerializer(format_decimal, return_type=str),
    Field(json_schema_extra={"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]

Qualifier = Literal["about", "nearly", "over", "under"]
Mod = Literal["START", "MID", "END"]
Level = Literal["country", "province", "prefecture", "county", "township", "village"]

#: Labels whose records carry the context fields of guide section 5.
NUMERIC_LABELS = ("MONEY", "CARDINAL", "QUANTITY", "PERCENT")
#: The mission's core labels (guide section 2), totalled separately in evaluation.
CORE_LABELS = ("MONEY", "CARDINAL", "DOC_NO", "GPE")
#: Every label, in the guide's order.
LABELS = ("MONEY", "CARDINAL", "QUANTITY", "PERCENT", "DATE", "DOC_NO", "LAW", "GPE", "LOC", "ORG", "PERSON")


class Span(BaseModel):
    """Fields every record has.

    ``start``/``end`` are Python ``str`` indices (code points) into the document
    text as the guide defines it, end exclusive: ``text == doc_text[start:end]``.
    ``doc`` is the document's path as given (None for text passed directly).
    """

    model_config = ConfigDict(extra="forbid", frozen=False)

    doc: Optional[str] = None
    label: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Context(BaseModel):
    """Context fields of guide section 5 (numeric records only).

    ``section``: the 【…】 heading the record stands in (None before the first);
    ``sentence``: 0-based sentence index; ``subject``: shortest noun phrase of the
    clause naming what is measured; ``part_of``: ``start`` of the total this item
    belongs to (其中/包括); ``each``: the figure applies to each of several subjects.
    """

    section: Optional[str] = None
    sentence: Optional[int] = None
    subject: Optional[str] = None
    part_of: Optional[int] = None
    each: bool = False


class _Value(BaseModel):
    """``value``: the exact number (None for a range)."""

    value: Optional[DecimalStr] = None


class _Currency(BaseModel):
    """``currency``: ISO 4217 code (``"CNY"`` for 元/人民币)."""

    currency: Optional[str] = "CNY"


class _Unit(BaseModel):
    """``unit``: the classifier or physical unit as written."""

    unit: Optional[str] = None


class _Bounds(BaseModel):
    """``qualifier`` (about, nearly, over, under) and range bounds ``low``/``high``."""

    qualifier: Optional[Qualifier] = None
    low: Optional[DecimalStr] = None
    high: Optional[DecimalStr] = None


class Money(Context, _Bounds, _Currency, _Value, Span):
    """MONEY: a sum with its currency word. ``value`` in units of the currency
    (yuan for CNY; 角/分 as fractions), ``currency`` ISO 4217 (``"CNY"``)."""

    label: Literal["MONEY"] = "MONEY"


class Cardinal(Context, _Bounds, _Unit, _Value, Span):
    """CARDINAL: a count; ``unit`` is the classifier as written (个, 人, 篇次) or None."""

    label: Literal["CARDINAL"] = "CARDINAL"


class Quantity(Context, _Bounds, _Unit, _Value, Span):
    """QUANTITY: a measurement; ``unit`` is the physical unit as written (亩, 千米, 平方米)."""

    label: Literal["QUANTITY"] = "QUANTITY"


class Percent(Context, _Bounds, _Unit, _Value, Span):
    """PERCENT: a rate; ``value`` is the number as stated, ``unit`` one of
    ``"%"``, ``"百分点"``, ``"倍"``, ``"番"``."""

    label: Literal["PERCENT"] = "PERCENT"


class Date(Span):
    """DATE: ``value`` a TIMEX3 / ISO 8601 string (``"2012"``, ``"2012-02"``,
    ``"2011/2020"``, ``"2010-H1"``, ``"XXXX-06-05"``); ``mod`` START, MID or END."""

    label: Literal["DATE"] = "DATE"
    value: Optional[str] = None
    mod: Optional[Mod] = None


class DocNo(Span):
    """DOC_NO: a 发文字号 per GB/T 9704-2012: ``issuer`` (机关代字 as written),
    ``year`` (None for order numbers such as 国务院令第588号), ``serial``."""

    label: Literal["DOC_NO"] = "DOC_NO"
    issuer: Optional[str] = None
    year: Optional[int] = None
    serial: Optional[int] = None


class Law(Span):
    """LAW: a title inside the outermost 《》; ``doc_no`` the text of the number in
    the parentheses right after the closing 》 (the first where several follow)."""

    label: Literal["LAW"] = "LAW"
    doc_no: Optional[str] = None


class Gpe(Span):
    """GPE: an administrative division or country. ``name`` official full name
    (Simplified), ``adcode`` GB/T 2260 code valid in the report year (6 digits; 12
    for township/village when known), ``level``, ``parents`` (adcodes, province first)."""

    label: Literal["GPE"] = "GPE"
    name: Optional[str] = None
    adcode: Optional[str] = None
    level: Optional[Level] = None
    parents: list[str] = Field(default_factory=list)


class Loc(Span):
    """LOC: a named non-administrative region (大兴安岭南麓片区)."""

    label: Literal["LOC"] = "LOC"


class Org(Span):
    """ORG: a named organization, media outlet or website."""

    label: Literal["ORG"] = "ORG"


class Person(Span):
    """PERSON: a person's name."""

    label: Literal["PERSON"] = "PERSON"


Record = Annotated[
    Union[Money, Cardinal, Quantity, Percent, Date, DocNo, Law, Gpe, Loc, Org, Person],
    Field(discriminator="label"),
]
"""Any record; pydantic picks the model by ``label``."""

MODELS: dict[str, type[Span]] = {
    "MONEY": Money, "CARDINAL": Cardinal, "QUANTITY": Quantity, "PERCENT": Percent,
    "DATE": Date, "DOC_NO": DocNo, "LAW": Law, "GPE": Gpe, "LOC": Loc, "ORG": Org,
    "PERSON": Person,
}

RecordAdapter: TypeAdapter = TypeAdapter(Record)


def value_fields(label: str) -> tuple[str, ...]:
    """The normalized fields of ``label`` (guide section 4), excluding span and context fields.

    >>> value_fields("MONEY")
    ('value', 'currency', 'qualifier', 'low', 'high')
    """
    skip = set(Span.model_fields) | set(Context.model_fields) | {"parents"}
    return tuple(f for f in MODELS[label].model_fields if f not in skip)


CONTEXT_FIELDS: tuple[str, ...] = tuple(Context.model_fields)


def json_schema() -> dict:
    """The JSON Schema of :data:`Record` (what ``extract schema`` prints)."""
    return RecordAdapter.json_schema()
