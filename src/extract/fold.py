"""The matching copy: ``fold(text)`` has exactly ``len(text)`` characters.

Rules and dictionaries match against ``fold(text)``; since the folded copy
has one character per character of the document text, a match at
``[start, end)`` in the copy is the span ``text[start:end]`` of the document
(offsets always refer to the document text, never to this copy).

What is folded, and nothing else:

* **Full-width ASCII** U+FF01-U+FF5E to ASCII U+0021-U+007E: digits
  ``２０１２`` -> ``2012``, letters, and *also the full-width forms of ASCII
  punctuation*, which Chinese text uses as its ordinary punctuation::

      ， U+FF0C -> ,     （ U+FF08 -> (     ） U+FF09 -> )
      ； U+FF1B -> ;     ： U+FF1A -> :     ！ U+FF01 -> !
      ？ U+FF1F -> ?     ％ U+FF05 -> %     ［ ］ -> [ ]    ～ -> ~

  So a rule written against the folded copy says ``,`` and ``(``, never
  ``，`` or ``（``.
* **U+3000 ideographic space** -> ``" "``.
* **Lone surrogates** U+D800-U+DFFF (only a Python ``str`` handed to
  :func:`extract.process` can hold one; no decoded file does) -> U+FFFD, so
  that nothing downstream (jieba-rs, spaCy's string store) meets a code point
  it cannot encode.
* **Traditional -> Simplified**, one character at a time, with OpenCC
  ``t2s`` (``遼寧省億元`` -> ``辽宁省亿元``). OpenCC converts phrases,
  which may change length, so each distinct character is converted alone
  (in one batch call per new set of characters) and a conversion is taken
  only when it gives exactly one character. ``t2s`` rather than ``tw2s`` or
  ``hk2s``: per character those two add Taiwan/Hong Kong variant mappings
  but ``tw2s`` also maps ``著`` -> ``着`` and ``么`` -> ``幺``, which would
  corrupt Simplified text (``显著``, ``什么``). The handful of extra
  ``tw2s``/``hk2s`` mappings (``衞``->``卫``, ``衹``->``只``, ``敍``->``叙``,
  ``粧``->``妆``, ``痺``->``痹``, ``簷``->``檐`` ...) are added for characters
  that are not GB2312 characters, so they cannot occur in Simplified text.
  A few GB2312 characters are converted by ``t2s`` (``乾``->``干``,
  ``後``->``后``, ``於``->``于``, ``徵``->``征``, ``夥``->``伙``,
  ``麽``->``么``, ``摺``->``折``, ``菸``->``烟`` ...), so ``乾隆`` folds to
  ``干隆``: harmless for matching yearbook text.

Kept as they are: Chinese punctuation outside the full-width ASCII block
(``，`` is folded but ``。、《》【】〔〕“”‘’…`` are not), ``〇`` U+3007 (a
numeral, mapped to itself; number rules read ``〇`` and ``○`` themselves),
the dash variants ``—`` U+2014, ``–`` U+2013, ``―`` U+2015, ``〜`` U+301C
(rules handle them; only the full-width hyphen ``－`` U+FF0D and tilde
``～`` U+FF5E, being in the full-width block, become ``-`` and ``~``),
full-width signs outside the block (``￥`` U+FFE5, ``￠``), line breaks and
all other characters.

Speed: the translation table is a module-level dict, extended (under a
lock) only with characters not seen before, so folding is one
``set(text)`` plus one ``str.translate``: about 0.11 s for the 1.1M
characters of the government work report corpus once the table is warm
(0.04 s of it the ``set``), 0.15 s cold (OpenCC loaded, ~500 characters
converted). Building the table for all ~97k Han code points up front would
save the ``set`` but costs 0.27 s at start-up.
"""

from __future__ import annotations

import threading

__all__ = ["fold", "is_traditional_heavy"]

_lock = threading.Lock()
# ord -> replacement (str of length 1). Only characters that change.
_table: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_table[0x3000] = " "
_table.update({cp: "\ufffd" for cp in range(0xD800, 0xE000)})
# Every character already considered (whether or not it changes).
_seen: set[str] = {chr(cp) for cp in _table}
_converters: dict[str, object] = {}


def _converter(config: str):
    conv = _converters.get(config)
    if conv is None:
        import opencc

        conv = _converters[config] = opencc.OpenCC(config)
    return conv


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= cp <= 0x4DBF  # Extension A
        or 0xF900 <= cp <= 0xFAFF  # Compatibility Ideographs
        or 0x2E80 <= cp <= 0x2FDF  # radicals
        or 0x20000 <= cp <= 0x323AF  # Extensions B-H
    )


def _convert_each(chars: list[str], config: str) -> list[str]:
    """OpenCC conversion of each char on its own, in one call."""
    if not chars:
        return []
    out = _converter(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # cannot happen with 1:1 lines; be safe
        conv = _converter(config)
        out = [conv.convert(c) for c in chars]
    return out


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _learn(new: set[str]) -> None:
    with _lock:
        new = new - _seen
        han = sorted(c for c in new if _is_han(c))
        if han:
            additions: dict[int, str] = {}
            rest: list[str] = []
            for ch, out in zip(han, _convert_each(han, "t2s")):
                if len(out) == 1 and out != ch:
                    additions[ord(ch)] = out
                elif not _in_gb2312(ch):
                    rest.append(ch)
            # Taiwan / Hong Kong variants t2s leaves alone (衞, 衹, 痺 ...).
            for config in ("hk2s", "tw2s"):
                left = []
                for ch, out in zip(rest, _convert_each(rest, config)):
                    if len(out) == 1 and out != ch:
                        additions[ord(ch)] = out
                    else:
                        left.append(ch)
                rest = left
            _table.update(additions)
        _seen.update(new)


def fold(text: str) -> str:
    """The matching copy of ``text``: same length, one character for one.

    Full-width ASCII (U+FF01-U+FF5E, including the full-width punctuation
    ``，（）；：``) becomes ASCII, U+3000 becomes a space, and Traditional
    characters become Simplified one by one (OpenCC ``t2s``, plus the
    non-GB2312 ``hk2s``/``tw2s`` variants); see the module docstring for
    exactly what is kept. ``len(fold(s)) == len(s)`` for every ``str``,
    surrogates and unassigned code points included. Never raises.

    OpenCC is loaded lazily on the first text with Han characters not seen
    before; the per-character table is cached for the process.
    """
    new = set(text)
    new.difference_update(_seen)
    if new:
        _learn(new)
    return text.translate(_table)


def is_traditional_heavy(text: str, sample: int = 20_000) -> bool:
    """True when at least 20% of the Han characters in the first ``sample``
    characters are Traditional (changed by :func:`fold`): a cheap signal
    that a document is in Traditional script (e.g. a Big5 page)."""
    head = text[:sample]
    folded = fold(head)
    han = changed = 0
    for a, b in zip(head, folded):
        if _is_han(a):
            han += 1
            if a != b:
                changed += 1
    return han > 0 and changed >= 0.2 * han
