"""Segmentation: sections, sentences and words, all as offsets into the document text.

Definitions follow ``../shared/annotation-guide.md`` section 5:

- a *section* starts at a 【…】 heading standing at the start of a line (after
  optional white space) and runs to the next heading; text before the first
  heading (the title line included) belongs to no section;
- a *sentence* ends at 。！？ (or their ASCII/full-width forms) or at a line
  break; sentences holding only white space are not counted;
- *words* are jieba's precise-mode words with HMM (the words ``jieba.lcut`` gives),
  computed by jieba-rs (:func:`cut`) over the whole folded text in one call; every
  character belongs to exactly one word.
"""

from __future__ import annotations

import bisect
import functools
import os
from itertools import accumulate
from dataclasses import dataclass
from typing import Optional

import regex

#: A heading: 【title】 at the start of a line; the title holds no bracket and is not a number
#: (【2013】 in 吉政办发【2013】5号 is a DOC_NO bracket, not a heading).
_HEADING = regex.compile(r"(?m)^[ \t\u3000]*【(?P<title>[^【】\n\r\d][^【】\n\r]{0,29})】")
_SENTENCE_END = regex.compile(r"[。！？!?]+[”’」』)）]*|\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Section:
    """A 【…】 section: ``title`` (text inside the brackets), ``start`` (offset of 【),
    ``end`` (offset of the next heading or the end of the text)."""

    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
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


#: Characters jieba-rs counts as Han but jieba (``re_han_default``: U+4E00-U+9FD5) does not:
#: jieba yields each as a word of its own and cuts the text around it apart.
_WIDE_HAN = regex.compile(r"[\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF\U00020000-\U0002FA1F]")
#: A word of two or more characters none of which is Han in jieba's sense.
_NON_HAN_WORD = regex.compile(r"[^\u4E00-\u9FD5]{2,}")
#: A run of two or more characters, none Han in jieba's sense nor white space.
_NON_HAN_RUN = regex.compile(r"[^\u4E00-\u9FD5\s]{2,}")
_ASCII_ALNUM = regex.compile(r"[a-zA-Z0-9]")
#: jieba's ``finalseg.re_skip``: how its HMM stage cuts a run of non-Han characters.
_HMM_SKIP = regex.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def cut(text: str, hmm: bool = True) -> list[str]:
    """The words ``jieba.lcut(text, HMM=hmm)`` gives (precise mode), about 18 x faster.

    Computed by jieba-rs (package ``rjieba``, the Rust port of jieba with jieba's own
    ``dict.txt`` and HMM model), with the two places where jieba-rs departs from jieba
    0.42 put back: characters outside jieba's Han range (U+4E00-U+9FD5: CJK extension A,
    U+9FD6-U+9FFF, compatibility ideographs, the supplementary planes) are words of their
    own with the text cut around them, and in HMM mode a non-Han word that is not in the
    dictionary is cut by jieba's ``finalseg.re_skip`` (``2011-2020`` -> ``2011 - 2020``,
    ``www.gov.cn`` -> ``www . gov . cn``; ``C++`` stays whole). The words concatenate
    to ``text``, which must hold no lone surrogate (:func:`extract.fold.fold` removes them).

    Equal to ``jieba.lcut`` word for word on the 52 government work reports, the gold-more
    reports and the reference (613,845 words) and on random text (``tests/test_segment.py``),
    except where two segmentations score exactly the same: jieba counts dict.txt's
    duplicate line ``B超`` twice in its total (``一一一尉`` -> jieba ``一一|一``, jieba-rs
    ``一|一一``), and HMM paths whose scores differ in the last bit of a float
    (``人计计计于``). Such ties were not met in any real text here.
    """
    import rjieba

    if not _WIDE_HAN.search(text):
        return _hmm_fixed(text, rjieba.cut(text, hmm=hmm)) if hmm else rjieba.cut(text, hmm=False)
    out: list[str] = []
    pos = 0
    for m in _WIDE_HAN.finditer(text):
        if m.start() > pos:
            out.extend(cut(text[pos:m.start()], hmm))
        out.append(m.group())
        pos = m.end()
    if pos < len(text):
        out.extend(cut(text[pos:], hmm))
    return out


def _hmm_fixed(text: str, ws: list[str]) -> list[str]:
    """``ws`` (jieba-rs's HMM-mode words of ``text``) with each non-Han word cut as jieba's
    HMM stage cuts it. Only words inside a run of non-Han, non-space characters that
    ``re_skip`` does not match whole can differ, so only those are looked at."""
    risky = [m.span() for m in _NON_HAN_RUN.finditer(text)
             if _ASCII_ALNUM.search(m.group()) and not _HMM_SKIP.fullmatch(m.group())]
    if not risky:
        return ws
    ends = list(accumulate(map(len, ws)))
    out: list[str] = []
    k = 0  # ws[:k] are in out
    for a, b in risky:
        i = max(bisect.bisect_right(ends, a), k)  # the first word ending after a
        j = bisect.bisect_left(ends, b) + 1  # past the word ending at or after b
        out.extend(ws[k:i])
        for w in ws[i:j]:
            if len(w) > 1 and _NON_HAN_WORD.fullmatch(w):
                parts = [p for p in _HMM_SKIP.split(w) if p]
                if len(parts) > 1 and not word_tags().freq(w):
                    out.extend(parts)
                    continue
            out.append(w)
        k = max(j, k)
    out.extend(ws[k:])
    return out


def jieba_dict_path() -> str:
    """Path of jieba's ``dict.txt`` (``word freq tag`` per line), found without importing
    jieba (whose import and start-up are not needed: :func:`cut` segments)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed: its dict.txt holds the word tags and frequencies")
    return os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")


class WordTags:
    """jieba's dictionary: per word its POS tag (ICTCLAS tag set: n, v, ns, m …) and its
    frequency, looked up per word.

    Source: jieba's ``dict.txt`` (``word freq tag`` per line, 350K entries), the table
    ``jieba.posseg`` and ``jieba.initialize`` load (0.5-0.7 s each). Here it is copied
    once into an SQLite file in the cache folder (:func:`extract.paths.cache_dir`,
    keyed by the dictionary's size and mtime) and queried per word, so a run pays
    milliseconds for the words it looks up. ``tags.get(word)`` returns the tag or None;
    ``tags.freq(word)`` the frequency, 0 for a word not in the dictionary.
    """

    def __init__(self) -> None:
        import sqlite3

        from .paths import cache_dir, prune_cache

        path = jieba_dict_path()
        st = os.stat(path)
        db = cache_dir() / f"jieba-dict-{st.st_size}-{int(st.st_mtime)}.sqlite"
        self._memo: dict[str, tuple] = {}
        for _attempt in range(2):  # a damaged file is removed and built again, once
            if not db.exists():
                tmp = db.with_name(f"{db.name}.{os.getpid()}.tmp")
                try:
                    db.parent.mkdir(parents=True, exist_ok=True)
                    _fill_tags(sqlite3.connect(tmp), path).close()
                    os.replace(tmp, db)
                    prune_cache(db, "jieba-dict-*.sqlite")
                except (OSError, sqlite3.Error):  # no writable cache: an in-memory table
                    if os.path.exists(tmp):
                        os.unlink(tmp)
                    break
            try:
                con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, check_same_thread=False)
                try:
                    con.execute("SELECT word FROM words LIMIT 1").fetchall()
                except sqlite3.Error:
                    con.close()
                    raise
                self._con = con
                return
            except sqlite3.Error:  # vanished (another install's prune_cache) or damaged
                try:
                    db.unlink()
                except OSError:
                    break
        self._con = _fill_tags(sqlite3.connect(":memory:", check_same_thread=False), path)

    def _row(self, word: str) -> tuple:
        hit = self._memo.get(word)
        if hit is None:
            row = self._con.execute("SELECT tag, freq FROM words WHERE word = ?", (word,)).fetchone()
            hit = self._memo[word] = row or (None, 0)
        return hit

    def get(self, word: str, default=None):
        """The tag of ``word`` in jieba's dictionary, or ``default``."""
        tag = self._row(word)[0]
        return default if tag is None else tag

    def freq(self, word: str) -> int:
        """The frequency of ``word`` in jieba's dictionary (0 when it is not there)."""
        return self._row(word)[1]

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None


def _fill_tags(con, dict_path: str):
    """Copy jieba's ``dict.txt`` (``word freq tag``) into table ``words`` of ``con``; returns ``con``.
    A repeated word keeps its last line, as jieba's loader does."""
    con.execute("CREATE TABLE words (word TEXT PRIMARY KEY, tag TEXT, freq INTEGER) WITHOUT ROWID")
    with open(dict_path, encoding="utf-8") as fh:
        rows = ((p[0], p[2], int(p[1])) for p in (ln.split() for ln in fh) if len(p) >= 3)
        con.executemany("INSERT OR REPLACE INTO words VALUES (?, ?, ?)", rows)
    con.commit()
    return con


@functools.lru_cache(maxsize=1)
def word_tags() -> WordTags:
    """The process-wide :class:`WordTags` (a forked child opens its own connection)."""
    return WordTags()


def close_word_tags() -> None:
    """Close the process-wide :class:`WordTags` connection if one is open (before a fork:
    an SQLite connection must not cross it); the next lookup opens a new one."""
    if word_tags.cache_info().currsize:
        word_tags()._con.close()
        word_tags.cache_clear()


if hasattr(os, "register_at_fork"):  # an SQLite connection must not cross a fork
    os.register_at_fork(after_in_child=word_tags.cache_clear)


def word_freq(word: str) -> int:
    """The frequency of ``word`` in jieba's dictionary, 0 when absent (:class:`WordTags`)."""
    return word_tags().freq(word)


def words(folded: str) -> list[tuple[int, int]]:
    """jieba words (:func:`cut`) of ``folded`` as ``(start, end)`` offsets covering the whole text.

    ``folded`` is the matching copy (:func:`extract.fold.fold`), the same length as
    the document text, so the offsets index the original too. The text is cut in one
    call (jieba cuts at white space, so no word crosses a line break).
    """
    return spans_of(cut(folded))


def spans_of(ws: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of consecutive words ``ws`` (the first starting at 0)."""
    ends = list(accumulate(map(len, ws)))
    return list(zip([0] + ends[:-1], ends))


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
