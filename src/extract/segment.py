"""Segmentation: sections, sentences and words, all as offsets into the document text.

Definitions follow ``../shared/annotation-guide.md`` section 5:

- a *section* starts at a 【…】 heading standing at the start of a line (after
  optional white space) and runs to the next heading; text before the first
  heading (the title line included) belongs to no section;
- a *sentence* ends at 。！？ (or their ASCII/full-width forms) or at a line
  break; sentences holding only white space are not counted;
- *words* come from jieba (``jieba.lcut``, precise mode with HMM), run over
  large pieces of the folded text (one call per line) so that segmentation cost
  stays near jieba's own throughput; every character belongs to exactly one word.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Optional

import regex

#: A heading: 【title】 at the start of a line; the title holds no bracket and is not a number
#: (【2013】 in 吉政办发【2013】5号 is a DOC_NO bracket, not a heading).
_HEADING = regex.compile(r"(?m)^[ \t\u3000]*【(?P<title>[^【】\n\r\d][^【】\n\r]{0,29})】")
_SENTENCE_END = regex.compile(r"[。！？!?]+[”’」』)）]*|\r\n|\r|\n")


@dataclass(frozen=True)
class Section:
    """A 【…】 section: ``title`` (text inside the brackets), ``start`` (offset of 【),
    ``end`` (offset of the next heading or the end of the text)."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence: 0-based ``index`` among non-blank sentences, ``start``/``end`` offsets
    (the end includes the closing punctuation, not the line break)."""

    index: int
    start: int
    end: int


def find_sections(text: str) -> list[Section]:
    """The 【…】 sections of ``text`` in order (empty list when there is no heading)."""
    heads = [(m.start("title") - 1, m.group("title").strip()) for m in _HEADING.finditer(text)]
    out = []
    for i, (start, title) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        out.append(Section(title, start, end))
    return out


def find_sentences(text: str) -> list[Sentence]:
    """The non-blank sentences of ``text``, indexed from 0 (guide section 5)."""
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        is_break = m.group()[0] in "\r\n"
        end = m.start() if is_break else m.end()
        _add_sentence(text, pos, end, out)
        pos = m.end()
    _add_sentence(text, pos, len(text), out)
    return out


def _add_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(len(out), start + lead, end))


def quiet_jieba():
    """jieba, with its start-up messages ("Building prefix dict …") silenced."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


class WordTags:
    """jieba's dictionary POS tags (ICTCLAS tag set: n, v, ns, m …), looked up per word.

    Source: jieba's ``dict.txt`` (``word freq tag`` per line), the table ``jieba.posseg``
    loads at import (0.5 s, 350K entries). Here it is copied once into an SQLite file
    in the cache folder (:func:`extract.gazetteer.cache_dir`, keyed by the dictionary's
    size and mtime) and queried per word, so a run pays milliseconds for the few
    hundred words it tags. ``tags.get(word)`` returns the tag or None.
    """

    def __init__(self) -> None:
        import os
        import sqlite3

        from .gazetteer import cache_dir

        path = os.path.join(os.path.dirname(quiet_jieba().__file__), "dict.txt")
        st = os.stat(path)
        db = cache_dir() / f"jieba-tags-{st.st_size}-{int(st.st_mtime)}.sqlite"
        self._memo: dict[str, object] = {}
        if not db.exists():
            tmp = db.with_name(f"{db.name}.{os.getpid()}.tmp")
            try:
                db.parent.mkdir(parents=True, exist_ok=True)
                _fill_tags(sqlite3.connect(tmp), path).close()
                os.replace(tmp, db)
            except (OSError, sqlite3.Error):  # no writable cache: an in-memory table
                if os.path.exists(tmp):
                    os.unlink(tmp)
                self._con = _fill_tags(sqlite3.connect(":memory:", check_same_thread=False), path)
                return
        self._con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)

    def get(self, word: str, default=None):
        """The tag of ``word`` in jieba's dictionary, or ``default``."""
        hit = self._memo.get(word, self)
        if hit is self:
            row = self._con.execute("SELECT tag FROM tags WHERE word = ?", (word,)).fetchone()
            hit = self._memo[word] = row[0] if row else None
        return default if hit is None else hit

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None


def _fill_tags(con, dict_path: str):
    """Copy jieba's ``dict.txt`` (``word freq tag``) into table ``tags`` of ``con``; returns ``con``."""
    con.execute("CREATE TABLE tags (word TEXT PRIMARY KEY, tag TEXT) WITHOUT ROWID")
    with open(dict_path, encoding="utf-8") as fh:
        rows = (p[0::2] for p in (ln.split() for ln in fh) if len(p) >= 3)
        con.executemany("INSERT OR REPLACE INTO tags VALUES (?, ?)", rows)
    con.commit()
    return con


@functools.lru_cache(maxsize=1)
def word_tags() -> WordTags:
    """The process-wide :class:`WordTags`."""
    return WordTags()


def words(folded: str) -> list[tuple[int, int]]:
    """jieba words of ``folded`` as ``(start, end)`` offsets covering the whole text.

    ``folded`` is the matching copy (:func:`extract.fold.fold`), the same length as
    the document text, so the offsets index the original too. jieba is called once
    per line: large pieces keep its throughput, and no word crosses a line break.
    """
    jieba = quiet_jieba()
    out: list[tuple[int, int]] = []
    pos = 0
    for line in folded.splitlines(keepends=True):
        for w in jieba.lcut(line):
            out.append((pos, pos + len(w)))
            pos += len(w)
    return out


class Locator:
    """Maps an offset to its section and sentence in O(log n).

    Build once per document from :func:`find_sections` and :func:`find_sentences`.
    """

    def __init__(self, sections: list[Section], sentences: list[Sentence]) -> None:
        self.sections = sections
        self.sentences = sentences
        self._sec_starts = [s.start for s in sections]
        self._sent_starts = [s.start for s in sentences]

    def section(self, offset: int) -> Optional[Section]:
        """The section holding ``offset``, or None before the first heading."""
        i = bisect.bisect_right(self._sec_starts, offset) - 1
        return self.sections[i] if i >= 0 else None

    def sentence(self, offset: int) -> Optional[Sentence]:
        """The sentence holding ``offset`` (None in white space between sentences)."""
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None
