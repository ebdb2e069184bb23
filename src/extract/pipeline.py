"""The pipeline: text -> segments -> spans -> records.

``process(text_or_path, year=None)`` reads a document (or takes its text),
folds a matching copy, segments it, runs the spaCy NER stage
(:func:`extract.ner.build_nlp`), normalizes each entity's value, adds the
context fields and returns a :class:`Document`. Start-up costs (rules, spaCy,
jieba, gazetteer) are paid once per process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

import regex

from . import context as ctx
from .fold import fold
from .ingest import Source, read_document
from .normalize import law_doc_no, normalize_date, normalize_docno, normalize_number
from .records import MODELS, NUMERIC_LABELS, Span
from .segment import Locator, Section, Sentence, cut, find_sections, find_sentences, spans_of

_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|-\d{1,2}-\d{1,2}|\.\d{1,2}\.\d{1,2})")
_CN_YEAR = regex.compile(r"([一二〇○零三四五六七八九]{4})年")
_DATELINE = regex.compile(
    r"(?m)^[\s\u3000]*(?:(?:发布|发文|印发|成文)?(?:时间|日期)[:：]\s*)?(?P<y>(?:19|20)\d{2})(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})[\s\u3000]*$"
    r"|(?:发布|发文|成文)?(?:时间|日期)[:：]\s*(?P<y2>(?:19|20)\d{2})[-年./]")


@dataclass
class Document:
    """A processed document.

    ``text``: the document text (offsets index it); ``sections``/``sentences``: segments;
    ``tokens``: ``(start, end)`` of the spaCy tokens after entity-boundary splits;
    ``records``: :data:`extract.records.Record` models in document order; ``year``:
    the report year used; ``dated``: the year from a dateline or title, if any (for
    yearless dates); ``checks``: consistency checks of totals and parts.
    """

    path: Optional[str]
    text: str
    year: Optional[int]
    dated: Optional[int]
    sections: list[Section]
    sentences: list[Sentence]
    tokens: list[tuple[int, int]]
    records: list[Span]
    checks: list[ctx.Check] = field(default_factory=list)
    encoding: Optional[str] = None


def _nonblank_lines(text: str, n: int, from_end: bool = False) -> list[str]:
    """The first (or last) ``n`` non-blank lines, without splitting a whole large text."""
    out: list[str] = []
    pos = len(text) if from_end else 0
    while len(out) < n and (pos > 0 if from_end else pos < len(text)):
        if from_end:
            cut = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos))
            line, pos = text[cut + 1:pos], cut
        else:
            cut = min((i for i in (text.find("\n", pos), text.find("\r", pos)) if i != -1), default=len(text))
            line, pos = text[pos:cut], cut + 1
        if line.strip():
            out.append(line)
    return out[::-1] if from_end else out


def dateline_year(text: str) -> Optional[int]:
    """The year of the document's title line or dateline, or None.

    Title: the first non-blank line, if it names a year (2012年, 二〇一二年). Dateline: a
    line holding only a date, or a 发布时间/日期 field, within the first and last 10 lines.
    """
    head = _nonblank_lines(text, 10)
    if not head:
        return None
    title = head[0]
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(title)
    if m:
        from .numerals import parse_digit_sequence

        try:
            return parse_digit_sequence(m.group(1))
        except ValueError:
            pass
    for ln in head + _nonblank_lines(text, 10, from_end=True):
        d = _DATELINE.search(fold(ln))
        if d:
            return int(d.group("y") or d.group("y2"))
    return None


def report_year(text: str) -> Optional[int]:
    """The report year by the guide's rule (section 4): dateline or title, else the
    latest year the first paragraph (after the title) names; None if none."""
    y = dateline_year(text)
    if y:
        return y
    lines = _nonblank_lines(text, 2)
    for para in lines[1:2] or lines[:1]:
        years = [int(m.group(1)) for m in _YEAR.finditer(fold(para))]
        if years:
            return max(years)
    return None


def process(text_or_path, year: Optional[int] = None, *, encoding: Optional[str] = None,
            rules_dir: Optional[str] = None, is_text: Optional[bool] = None) -> Document:
    """Process one document.

    ``text_or_path``: a path (``os.PathLike``, or a one-line str that names an existing
    file or ends in .txt/.html/.htm) or the document text itself (any other str; force
    either reading with ``is_text``). A missing path raises instead of being read as text.
    ``year``: the report year (default: inferred, guide section 4).
    Raises :class:`extract.errors.InputError` for unreadable input and
    :class:`extract.errors.RuleError` for a malformed rule file.
    """
    if isinstance(text_or_path, Source):
        source = text_or_path
    elif is_text or (is_text is None and isinstance(text_or_path, str) and not _looks_like_path(text_or_path)):
        source = Source(None, text_or_path, "utf-8", "text/plain")
    else:
        source = read_document(text_or_path, encoding=encoding)
    return process_source(source, year=year, rules_dir=rules_dir)


def _looks_like_path(s: str) -> bool:
    """A one-line str naming an existing file or a document file name (a missing
    ``report.txt`` must fail as a missing file, not be processed as the text "report.txt")."""
    if "\n" in s or len(s) > 4096:
        return False
    from .ingest import DOCUMENT_SUFFIXES

    return os.path.isfile(s) or s.lower().endswith(DOCUMENT_SUFFIXES)


#: Documents are processed in chunks of about this many characters, cut at line
#: breaks (a sentence never spans a line break), so memory stays bounded by the chunk
#: for spaCy, jieba and candidates; records and checks are produced chunk by chunk.
CHUNK_CHARS = 100_000


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text`` of about ``size`` characters, cut after a line break
    in the piece's second half, else after a sentence end, else at ``size``."""
    out, pos, n = [], 0, len(text)
    while pos < n:
        end = min(pos + size, n)
        if end < n:
            cut = text.rfind("\n", pos + size // 2, end)
            if cut == -1:  # one long line: cut after a sentence end instead
                cut = max(text.rfind(p, pos + size // 2, end) for p in "。！？!?")
            if cut != -1:
                end = cut + 1
        out.append((pos, end))
        pos = end
    return out


@dataclass
class Prepared:
    """What every chunk of a document shares: texts, report year, segments."""

    source: Source
    folded: str
    year: Optional[int]
    dated: Optional[int]
    sections: list[Section]
    sentences: list[Sentence]
    locator: Locator


def prepare(source: Source, year: Optional[int] = None) -> Prepared:
    """Fold, infer the report year and segment a decoded document (no NER yet)."""
    text = source.text
    sections = find_sections(text)
    sentences = find_sentences(text)
    # Yearless dates take the --year given, else the dateline's or title's year (guide §3).
    return Prepared(source, fold(text), year or report_year(text), year or dateline_year(text),
                    sections, sentences, Locator(sections, sentences))


@dataclass
class Ahead:
    """The rule stage's work on a document, done before the NER stage and without spaCy:
    per chunk of :func:`chunk_bounds`, the matches as
    :meth:`extract.rules.RuleSet.find_spans` triples (offsets within the chunk), found by
    the rule set whose :attr:`~extract.rules.RuleSet.key` is ``rules_key``. Plain data: it
    crosses processes (:mod:`extract.runner` has it made while the pipeline starts up)."""

    rules_key: str
    chunks: list[list[tuple[int, int, int]]]


def work_ahead(prep: Prepared, rules_dir: Optional[str] = None) -> Ahead:
    """The :class:`Ahead` of ``prep``: the rule stage only (over a third of a document's
    work; it needs no spaCy and no segmenter). Raises :class:`extract.errors.RuleError`
    for a malformed rule file."""
    from .rules import default_ruleset

    ruleset = default_ruleset(rules_dir)
    return Ahead(ruleset.key, [ruleset.find_spans(prep.folded[cs:ce])
                               for cs, ce in chunk_bounds(prep.source.text, CHUNK_CHARS)])


def stream(prep: Prepared, rules_dir: Optional[str] = None, keep_tokens: bool = False,
           ahead: Optional[Ahead] = None):
    """Yield ``(records, checks, tokens)`` chunk by chunk, records in document order.

    ``tokens`` is the chunk's ``(start, end)`` word list when ``keep_tokens`` is true,
    else an empty list. Offsets are global (they index ``prep.source.text``).
    ``ahead``: the rule matches of :func:`work_ahead`, used instead of being found again
    when they come from these rules (else ignored).
    """
    from .ner import RULE_MATCHES, build_nlp, make_doc, token_spans

    nlp = build_nlp(rules_dir)
    ruleset = nlp.get_pipe("extract_rules").ruleset
    text, folded = prep.source.text, prep.folded
    bounds = chunk_bounds(text, CHUNK_CHARS)
    if ahead is not None and (ahead.rules_key != ruleset.key or len(ahead.chunks) != len(bounds)):
        ahead = None
    for k, (cs, ce) in enumerate(bounds):
        ws = cut(folded[cs:ce])
        spans = spans_of(ws)
        doc = make_doc(nlp, ws, prep.year, spans)
        if ahead is not None:
            doc.user_data[RULE_MATCHES] = ruleset.matches(ahead.chunks[k])
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        records = build_records(doc, text, folded, prep.source.path, prep.dated, prep.locator, cs, spans)
        tokens = [] if not keep_tokens else list(token_spans(doc)) if cs == 0 else [
            (a + cs, b + cs) for a, b in token_spans(doc)]
        yield records, ctx.consistency_checks(records), tokens


def process_source(source: Source, year: Optional[int] = None, rules_dir: Optional[str] = None) -> Document:
    """Process a decoded :class:`~extract.ingest.Source` (see :func:`process`)."""
    prep = prepare(source, year)
    records: list[Span] = []
    checks: list[ctx.Check] = []
    tokens: list[tuple[int, int]] = []
    for recs, chk, toks in stream(prep, rules_dir, keep_tokens=True):
        records.extend(recs)
        checks.extend(chk)
        tokens.extend(toks)
    return Document(source.path, source.text, prep.year, prep.dated, prep.sections, prep.sentences,
                    tokens, records, checks, source.encoding)


def build_records(doc, text: str, folded: str, path: Optional[str], dated: Optional[int],
                  locator: Locator, base: int = 0, words: Optional[list[tuple[int, int]]] = None) -> list[Span]:
    """Records from ``doc.ents`` of a chunk starting at ``base``: normalized values and
    context fields (pure; no I/O). ``text``/``folded`` are the whole document's;
    ``words``: the chunk's jieba words (:func:`extract.segment.words`, offsets relative
    to ``base``), if at hand (the context then reuses them)."""

    ents = doc.user_data.get("ents")
    if ents is None:  # spaCy rebuilds doc.ents from the tokens on every access
        ents = doc.ents
    docnos = {e.start_char + base: (e.end_char + base, text[e.start_char + base:e.end_char + base])
              for e in ents if e.label_ == "DOC_NO"}
    out: list[Span] = []
    for ent in ents:
        label, s, e = ent.label_, ent.start_char + base, ent.end_char + base
        fields: dict = {"doc": path, "label": label, "text": text[s:e], "start": s, "end": e}
        try:
            if label in NUMERIC_LABELS:
                fields.update(normalize_number(label, folded, s, e, text))
            elif label == "DATE":
                fields.update(normalize_date(folded, s, e, dated))
            elif label == "DOC_NO":
                fields.update(normalize_docno(text, folded, s, e))
        except (ValueError, ArithmeticError):
            pass  # the span stands; fields it could not read stay null
        if label == "LAW":
            fields["doc_no"] = law_doc_no(folded, e, docnos)
        elif label == "GPE":
            place = ent._.match.data.get("place") if ent._.match else None
            if place is not None:
                fields.update(name=place.name, adcode=place.adcode, level=place.level, parents=list(place.parents))
        if label in NUMERIC_LABELS:
            sec = locator.section(s)
            sent = locator.sentence(s)
            fields.update(section=sec.title if sec else None, sentence=sent.index if sent else None,
                          each=ctx.is_each(folded, s, e))
        out.append(MODELS[label](**fields))
    ctx.link_context(out, folded, text, words=words, words_base=base)
    return out
