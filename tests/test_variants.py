"""The same facts from every form of a report (issue: robust input).

The reference document is converted, in ``tmp_path``, to full-width punctuation,
full-width digits, GB18030 bytes, UTF-8 with a BOM, Traditional script (OpenCC
``s2t`` one character at a time, so every offset carries over), Big5 bytes of
Taiwan-standard Traditional (``s2tw``), UTF-16 and CRLF line endings. Its gold is
converted the same way: entity texts, and the fields that are "as written"
(``unit`` of CARDINAL/QUANTITY, DOC_NO ``issuer``, LAW ``doc_no``, ``subject``),
with the same per-character mapping; normalized fields (GPE ``name``, values,
PERCENT ``unit``) stay as they are. Each variant is scored with
:func:`extract.gold.load_gold`, :func:`extract.pipeline.process` and
:func:`extract.evaluate.evaluate` and must be within 0.02 strict F1 of the original.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import string
from pathlib import Path
from typing import Callable, Optional

import opencc
import pytest

from extract.evaluate import evaluate
from extract.gold import load_gold
from extract.ingest import read_document
from extract.pipeline import process

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "corpus" / "jilin-2012-poverty.txt"
GOLD = REPO / "gold" / "jilin-2012-poverty.json"
TOLERANCE = 0.02

#: Gold fields whose value is the text as written (converted with the text).
AS_WRITTEN = {"CARDINAL": ("unit",), "QUANTITY": ("unit",), "DOC_NO": ("issuer",), "LAW": ("doc_no",)}


def per_char(config: str) -> Callable[[str], str]:
    """OpenCC ``config`` applied to one character at a time; a character whose
    conversion is not exactly one character is kept, so lengths never change."""
    conv = opencc.OpenCC(config)
    cache: dict[str, str] = {}

    def convert(ch: str) -> str:
        if ch not in cache:
            out = conv.convert(ch)
            cache[ch] = out if len(out) == 1 else ch
        return cache[ch]
    return convert


_s2tw = per_char("s2tw")
_NOT_BIG5 = {"\xa0": " ", "©": " "}  # no Big5 code: replaced one for one

CHAR_MAPS: dict[str, Callable[[str], str]] = {
    "fullwidth-punctuation": lambda c: chr(ord(c) + 0xFEE0) if c in string.punctuation else c,
    "fullwidth-digits": lambda c: chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c,
    "traditional": per_char("s2t"),
    "big5": lambda c: _NOT_BIG5.get(c, _s2tw(c)),
}


class Variant:
    """How a variant is made: a per-character mapping of the text (same length),
    the bytes of the text, and CRLF line endings (offsets shift by one per line)."""

    def __init__(self, name: str, char_map: Optional[Callable[[str], str]] = None,
                 encode: Callable[[str], bytes] = lambda t: t.encode("utf-8"), crlf: bool = False) -> None:
        self.name, self.char_map, self.encode, self.crlf = name, char_map, encode, crlf

    def text(self, s: str) -> str:
        if self.char_map is not None:
            s = "".join(map(self.char_map, s))
        return s.replace("\n", "\r\n") if self.crlf else s

    def offset(self, original: str, pos: int) -> int:
        return pos + original.count("\n", 0, pos) if self.crlf else pos


VARIANTS = {v.name: v for v in [
    Variant("fullwidth-punctuation", CHAR_MAPS["fullwidth-punctuation"]),
    Variant("fullwidth-digits", CHAR_MAPS["fullwidth-digits"]),
    Variant("gb18030", encode=lambda t: t.encode("gb18030")),
    Variant("utf-8-bom", encode=lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    Variant("traditional", CHAR_MAPS["traditional"]),
    Variant("big5", CHAR_MAPS["big5"], encode=lambda t: t.encode("big5")),
    Variant("utf-16", encode=lambda t: t.encode("utf-16")),
    Variant("crlf", crlf=True),
    Variant("fullwidth-everything-gb18030-crlf",
            lambda c: CHAR_MAPS["fullwidth-digits"](CHAR_MAPS["fullwidth-punctuation"](c)),
            encode=lambda t: t.encode("gb18030"), crlf=True),
]}


def original_text() -> str:
    return REF.read_bytes().decode("utf-8")


def make_variant(variant: Variant, folder: Path) -> tuple[Path, Path, str]:
    """Write the variant document and its gold into ``folder``: ``(doc, gold, text)``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = original_text()
    converted = variant.text(text)
    data = variant.encode(converted)
    doc = folder / "doc.txt"
    doc.write_bytes(data)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    entities = []
    for ent in gold["entities"]:
        ent = dict(ent)
        ent["text"] = variant.text(ent["text"])
        ent["start"], ent["end"] = variant.offset(text, ent["start"]), variant.offset(text, ent["end"])
        if ent.get("part_of") is not None:
            ent["part_of"] = variant.offset(text, ent["part_of"])
        for name in AS_WRITTEN.get(ent["label"], ()) + ("subject",):
            if isinstance(ent.get(name), str):
                ent[name] = variant.text(ent[name])
        entities.append(ent)
    gold.update(doc="doc.txt", sha256=hashlib.sha256(data).hexdigest(), chars=len(converted), entities=entities)
    gold_path = folder / "gold.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return doc, gold_path, converted


def score(gold_path: Path, encoding: Optional[str] = None):
    gold = load_gold(gold_path)
    doc = process(gold.doc_path, encoding=encoding, is_text=False)
    return evaluate([(gold, doc.records)]), doc


@pytest.fixture(scope="module")
def original():
    report, doc = score(GOLD)
    return report, doc


# --- the conversions themselves -----------------------------------------------------


@pytest.mark.parametrize("name", list(CHAR_MAPS))
def test_conversion_is_one_character_for_one(name):
    text = original_text()
    convert = CHAR_MAPS[name]
    assert all(len(convert(c)) == 1 for c in set(text))
    changed = sum(1 for c in text if convert(c) != c)
    assert changed >= {"fullwidth-punctuation": 100, "fullwidth-digits": 250}.get(name, 700), changed


def test_gold_converts_with_the_text(tmp_path):
    for variant in VARIANTS.values():
        _, gold_path, converted = make_variant(variant, tmp_path / variant.name)
        gold = load_gold(gold_path)  # validates text[start:end] == entity text, the hash, the length
        assert gold.text == converted


# --- every variant scores as the original does ---------------------------------------


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_scores_like_the_original(tmp_path, original, name):
    base, _ = original
    report, doc = score(make_variant(VARIANTS[name], tmp_path)[1])
    for total in ("all", "core"):
        b, v = base.row(total), report.row(total)
        assert abs(v.f1 - b.f1) <= TOLERANCE, (name, total, v.f1, b.f1)
        assert v.value_accuracy is not None and abs(v.value_accuracy - b.value_accuracy) <= TOLERANCE, (name, total)
    # Offsets index the decoded text; ``text`` is the variant's own, not the folded copy.
    for r in doc.records:
        assert doc.text[r.start:r.end] == r.text


@pytest.mark.parametrize("name", ["gb18030", "utf-8-bom", "utf-16"])
def test_encoding_variant_gives_identical_records(tmp_path, original, name):
    _, base = original
    doc_path, _, _ = make_variant(VARIANTS[name], tmp_path)
    doc = process(doc_path, is_text=False)
    assert doc.text == base.text
    strip = lambda records: [r.model_dump(exclude={"doc"}) for r in records]  # noqa: E731
    assert strip(doc.records) == strip(base.records)


@pytest.mark.parametrize("name", ["traditional", "big5", "fullwidth-punctuation", "fullwidth-digits"])
def test_converted_text_gives_the_same_spans_and_values(tmp_path, original, name):
    """Same spans, same normalized values; ``text`` is the converted original's."""
    _, base = original
    variant = VARIANTS[name]
    doc = process(make_variant(variant, tmp_path)[0], is_text=False)
    assert [(r.label, r.start, r.end) for r in doc.records] == [(r.label, r.start, r.end) for r in base.records]
    for r, b in zip(doc.records, base.records):
        assert r.text == variant.text(b.text)
        for field in ("value", "low", "high", "qualifier", "currency", "name", "adcode", "level", "year", "serial", "mod"):
            assert getattr(r, field, None) == getattr(b, field, None), (r.text, field)


# --- through the command line: detection and --encoding --------------------------------




def records_of(stdout: str) -> list[dict]:
    return [{k: v for k, v in json.loads(line).items() if k != "doc"} for line in stdout.splitlines()]


@pytest.mark.parametrize(("name", "encodings"), [
    ("gb18030", [None, "gb18030", "gbk"]),
    ("big5", [None, "big5", "cp950"]),
    ("utf-16", [None, "utf-16"]),
    ("utf-8-bom", [None, "utf-8-sig"]),
    ("crlf", [None, "utf-8"]),
])
def test_cli_detects_encoding_and_obeys_override(run_main, tmp_path, name, encodings):
    variant = VARIANTS[name]
    doc_path, gold_path, converted = make_variant(variant, tmp_path)
    outputs = []
    for enc in encodings:
        args = ["run", doc_path] + (["--encoding", enc] if enc else [])
        code, out, err = run_main(*args)
        assert (code, err) == (0, ""), (enc, err)
        records = records_of(out)
        assert records and all(converted[r["start"]:r["end"]] == r["text"] for r in records)
        outputs.append(records)
    assert all(o == outputs[0] for o in outputs)
    # The records are the gold's spans (those the original finds), in the variant's offsets.
    gold = {(e["label"], e["start"], e["end"]) for e in load_gold(gold_path).entities}
    found = {(r["label"], r["start"], r["end"]) for r in outputs[0]}
    assert len(gold & found) >= 0.95 * len(gold)


def test_utf16_without_bom_is_detected(tmp_path):
    text = original_text()
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        src = read_document(path)
        assert (src.text, src.encoding) == (text, codec)


def test_override_decides_when_detection_could_not(run_main, tmp_path):
    """Big5 bytes that are also valid GB18030: ``--encoding`` says which they are."""
    text = "關於印發通知"
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("big5"))
    code, out, err = run_main("run", "--encoding", "big5", "--save-text", tmp_path / "saved", path)
    assert (code, err) == (0, "")
    saved = tmp_path / "saved" / Path(*[p for p in path.parts if p != path.anchor])
    assert saved.read_text(encoding="utf-8") == text
