"""The rule stage: regular-expression rules kept as data in ``rules/*.yaml``.

A rule file (loaded with ``yaml.safe_load``) holds::

    family: numbers                 # one file per family
    data: {...}                     # optional: word lists for components (places.py)
    defines:                        # named fragments, shared by every rule file
      NUM: '\\d+(?:\\.\\d+)?'
    rules:
      - id: money-arabic            # unique across files
        label: MONEY                # a guide label, or NONE: a blocker that claims
                                    # characters so no entity can overlap them
        priority: 50                # higher wins an overlap; then the longer span
        pattern: '{NUM}(?:万|亿)?元'  # {NAME} expands a define; compiled VERBOSE
        trim_left: '.*(?:了|的)'     # optional: a prefix of the match to leave out
        positive:                   # the expected spans marked ⟦…⟧
          - '共投入资金⟦6.8亿元⟧。'
        negative:                   # texts where this label must find nothing
          - '电话:84419655'

Patterns run over the *folded* text (:func:`extract.fold.fold`: full-width
ASCII folded, Traditional converted to Simplified, same length), so one rule
serves every script and width; offsets index the original text. Patterns are
compiled with the ``regex`` module (VERBOSE: write a literal space as ``\\ ``
or ``[ ]``). A named group ``span`` narrows the entity to that group (for
look-around context that must be matched but not annotated).

Errors: a malformed file raises :class:`extract.errors.RuleError` naming the
file, the rule and its line.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

import regex
import yaml

from .errors import RuleError
from .paths import cache_dir, rules_dir
from .records import LABELS

#: Where the rule files live: ``$EXTRACT_RULES_DIR``, else ``rules/`` beside ``src/``, else the
#: copy a wheel installs (:func:`extract.paths.rules_dir`).
DEFAULT_RULES_DIR = rules_dir()

BLOCK = "NONE"
#: ``family: facts`` marks a data file of ``rules/`` read by a component (places.yaml), not rules.
FACTS = "facts"
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
_DEFINE_REF = regex.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_RULE_KEYS = {"id", "label", "priority", "pattern", "trim_left", "positive", "negative", "note"}


@dataclass(frozen=True)
class Rule:
    """One compiled rule; ``where`` is ``file:line`` of its ``id``."""

    id: str
    label: str
    family: str
    priority: int
    pattern: "regex.Pattern[str]"
    where: str
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    trim_left: "Optional[regex.Pattern[str]]" = None


@dataclass(frozen=True)
class Match:
    """A candidate span: ``label``, ``start``/``end`` offsets (end exclusive), its
    ``priority``, the ``rule`` that found it (None for other sources, such as the
    gazetteer), and ``data`` a component attaches (``{"place": Place}`` for a GPE)."""

    label: str
    start: int
    end: int
    priority: int
    rule: Optional[Rule] = None
    data: dict = field(default_factory=dict, compare=False, hash=False)


class RuleSet:
    """All rules of a rules folder, compiled; :meth:`find` yields candidate matches."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)

    @classmethod
    def load(cls, directory: Path | str | None = None, cache: bool = True) -> "RuleSet":
        """Load and compile every ``*.yaml`` rule file of ``directory``.

        ``cache``: keep the compiled patterns in the cache folder between runs
        (:class:`PatternCache`).
        Raises :class:`RuleError` for unreadable YAML, unknown keys or labels,
        duplicate ids or defines, unknown ``{NAME}`` references and bad patterns.
        """
        directory = Path(directory or DEFAULT_RULES_DIR)
        patterns = PatternCache(cache)
        files = sorted(directory.glob("*.yaml"))
        docs = [(p, d) for p, d in ((p, _read_yaml(p)) for p in files) if d.get("family") != FACTS]
        defines = _collect_defines(docs)
        rules: list[Rule] = []
        seen: dict[str, str] = {}
        for path, doc in docs:
            lines = _id_lines(path)
            for raw in doc.get("rules") or []:
                rule = _compile_rule(path, doc, raw, defines, lines, patterns.compile)
                if rule.id in seen:
                    raise RuleError(path, f"rule {rule.id!r} (line {_line_of(path, rule.id)}): duplicate id, first at {seen[rule.id]}")
                seen[rule.id] = rule.where
                rules.append(rule)
        patterns.save()
        return cls(rules)

    def find(self, folded: str, labels: Optional[Iterable[str]] = None) -> list[Match]:
        """Every match of every rule over ``folded`` (overlapping candidates included)."""
        return self.matches(self.find_spans(folded, labels))

    def find_spans(self, folded: str, labels: Optional[Iterable[str]] = None) -> list[tuple[int, int, int]]:
        """:meth:`find`'s matches as plain ``(rule index, start, end)`` triples: what a
        process without this rule set's objects can be sent (:meth:`matches` rebuilds them)."""
        wanted = set(labels) if labels else None
        out: list[tuple[int, int, int]] = []
        for i, rule in enumerate(self.rules):
            if wanted is not None and rule.label not in wanted:
                continue
            narrow = "span" in rule.pattern.groupindex
            for m in rule.pattern.finditer(folded, overlapped=False):
                s, e = m.span("span") if narrow and m.start("span") >= 0 else m.span()
                if rule.trim_left is not None:
                    t = rule.trim_left.match(folded, s, e)
                    if t and t.end() < e:
                        s = t.end()
                if e <= s:
                    continue
                out.append((i, s, e))
        return out

    def matches(self, spans: Iterable[tuple[int, int, int]]) -> list[Match]:
        """:class:`Match` objects of :meth:`find_spans` triples (of a rule set with the same
        :attr:`key`)."""
        rules = self.rules
        return [Match(rules[i].label, s, e, rules[i].priority, rules[i]) for i, s, e in spans]

    @cached_property
    def key(self) -> str:
        """A digest of the rules (ids, labels, priorities, patterns, in order): equal keys,
        equal :meth:`find_spans` on every text. Computed once (a rule set is not changed
        after it is built)."""
        h = hashlib.sha256()
        for r in self.rules:
            trim = r.trim_left.pattern if r.trim_left is not None else ""
            h.update(repr((r.id, r.label, r.priority, r.pattern.pattern, int(r.pattern.flags), trim)).encode())
        return h.hexdigest()


def select(candidates: Iterable[Match], length: int) -> list[Match]:
    """Resolve overlaps: higher ``priority`` first, then the longer span, then the
    earlier one; keeps a candidate only if none of its characters is taken.
    Blockers (label ``NONE``) take part and are dropped from the result.

    Returns the kept matches sorted by ``start``. ``length`` is the text length.
    """
    taken = bytearray(length)
    kept: list[Match] = []
    for m in sorted(candidates, key=lambda m: (-m.priority, -(m.end - m.start), m.start)):
        if m.end > length or any(taken[m.start:m.end]):
            continue
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        if m.label != BLOCK:
            kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


def parse_marked(example: str) -> tuple[str, list[tuple[int, int]]]:
    """Split a ⟦marked⟧ example into its text and the marked ``(start, end)`` spans.

    >>> parse_marked("投入⟦6.8亿元⟧。")
    ('投入6.8亿元。', [(2, 7)])
    """
    text, spans, pos, open_at = [], [], 0, None
    for ch in example:
        if ch == MARK_OPEN:
            open_at = pos
        elif ch == MARK_CLOSE:
            spans.append((open_at, pos))
            open_at = None
        else:
            text.append(ch)
            pos += 1
    return "".join(text), spans


def safe_load(text: str):
    """``yaml.safe_load``, with libyaml's C ``CSafeLoader`` when PyYAML has it (the same
    safe subset of YAML: plain data, no object construction; about 10x faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=4)
def default_ruleset(directory: str | None = None) -> RuleSet:
    """The rule set of ``directory`` (default: :data:`DEFAULT_RULES_DIR`), loaded once per process."""
    return RuleSet.load(directory)


def _read_yaml(path: Path) -> dict:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, f"cannot read rule file: {exc}") from None
    try:
        doc = safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(path, f"{line}invalid YAML: {problem}") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise RuleError(path, "line 1: a rule file is a mapping with 'family', 'defines' and 'rules'")
    if doc.get("family") == FACTS:
        return doc
    unknown = set(doc) - {"family", "defines", "rules", "data", "note"}
    if unknown:
        raise RuleError(path, f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    if not isinstance(doc.get("rules") or [], list) or not isinstance(doc.get("defines") or {}, dict):
        raise RuleError(path, "'rules' must be a list and 'defines' a mapping")
    return doc


def _collect_defines(docs) -> dict[str, str]:
    raw: dict[str, tuple[str, Path]] = {}
    for path, doc in docs:
        for name, value in (doc.get("defines") or {}).items():
            if name in raw:
                raise RuleError(path, f"define {name!r} (line {_line_of(path, name, key=True)}): already defined in {raw[name][1]}")
            if not isinstance(value, str) or not regex.fullmatch(r"[A-Z][A-Z0-9_]*", str(name)):
                raise RuleError(path, f"define {name!r} (line {_line_of(path, name, key=True)}): names are UPPER_CASE and values strings")
            raw[name] = (value, path)
    resolved: dict[str, str] = {}

    def expand(name: str, stack: tuple[str, ...]) -> str:
        if name in resolved:
            return resolved[name]
        if name in stack:
            raise RuleError(raw[name][1], f"define {name!r}: refers to itself through {' -> '.join(stack)}")
        value, path = raw[name]

        def sub(m):
            ref = m.group(1)
            if ref not in raw:
                raise RuleError(path, f"define {name!r} (line {_line_of(path, name, key=True)}): unknown reference {{{ref}}}")
            return "(?:" + expand(ref, stack + (name,)) + ")"

        resolved[name] = _DEFINE_REF.sub(sub, value)
        return resolved[name]

    for name in raw:
        expand(name, ())
    return resolved


def _compile_rule(path: Path, doc: dict, raw, defines: dict[str, str], lines: dict[str, int],
                  compile=regex.compile) -> Rule:
    if not isinstance(raw, dict) or "id" not in raw:
        raise RuleError(path, f"a rule without 'id': {str(raw)[:60]!r}")
    rid = str(raw["id"])
    line = lines.get(rid, 0)
    where = f"{path}:{line}"

    def fail(cause: str):
        raise RuleError(path, f"rule {rid!r} (line {line}): {cause}")

    unknown = set(raw) - _RULE_KEYS
    if unknown:
        fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    label = raw.get("label")
    if label not in LABELS and label != BLOCK:
        fail(f"unknown label {label!r}")
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern.strip():
        fail("'pattern' must be a non-empty string")
    priority = raw.get("priority", 0)
    if not isinstance(priority, int):
        fail("'priority' must be an integer")

    def sub(m):
        if m.group(1) not in defines:
            fail(f"unknown reference {{{m.group(1)}}}")
        return "(?:" + defines[m.group(1)] + ")"

    source = _DEFINE_REF.sub(sub, pattern)
    try:
        compiled = compile(source, regex.VERBOSE)
    except regex.error as exc:
        fail(f"bad pattern: {exc}")
    examples = {}
    for key in ("positive", "negative"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(f"'{key}' must be a list of strings")
        examples[key] = tuple(value)
    for ex in examples["positive"]:
        if MARK_OPEN not in ex:
            fail(f"positive example without a ⟦marked⟧ span: {ex!r}")
    trim = None
    if raw.get("trim_left") is not None:
        try:
            trim = compile(_DEFINE_REF.sub(sub, str(raw["trim_left"])), regex.VERBOSE)
        except regex.error as exc:
            fail(f"bad trim_left pattern: {exc}")
    return Rule(rid, label, str(doc.get("family") or path.stem), priority, compiled, where,
                examples["positive"], examples["negative"], trim)


class PatternCache:
    """Compiled rule patterns kept in the cache folder between runs
    (:func:`extract.paths.cache_dir`, file ``rule-patterns.marshal``): compiling the ~80
    patterns of ``rules/`` costs about 0.17 s per process, loading them about 3 ms.

    Patterns are keyed by source and flags, whatever folder they come from; the file
    keeps those of the latest loads, at most :attr:`MAX_PATTERNS`. What is kept per
    pattern is what ``regex`` itself pickles (``Pattern._pickled_data``: source, flags
    and compiled code), rebuilt by the function ``regex`` unpickles with
    (``regex._regex.compile``), read with ``marshal`` (plain data, no object built by
    name). The compiled code is run by regex's matcher unchecked, as when regex unpickles
    a pattern, so the file is trusted as a pickle would be: it is used only when this
    user owns it and no one else may write it (on POSIX; opened without following a
    link), and only when its SHA-256 checksum holds (a damaged file, which could crash
    or hang the matcher, is compiled afresh and rewritten). It records the ``regex``
    and Python versions and is used only by the same ones; a pattern not in it (an
    edited rule) is compiled and the file rewritten. Anything unexpected (a ``regex``
    without these internals, a cache folder that cannot be written) falls back to
    compiling, silently: the cache only saves time. ``PatternCache(enabled=False)``
    compiles every time.
    """

    #: Bump when the file's layout changes.
    FORMAT = 2
    #: The file keeps at most this many patterns (the latest load's first).
    MAX_PATTERNS = 1000

    def __init__(self, enabled: bool = True) -> None:
        self.path = cache_dir() / "rule-patterns.marshal" if enabled else None
        self.stored: dict = self._read(self.path) if enabled else {}
        self.used: dict = {}
        self.stale = False  # an entry of the file could not be used
        if enabled:
            self._sweep()

    def _sweep(self) -> None:
        """Remove temporary files that killed writers left (older than a minute: not a
        write in flight)."""
        try:
            leftovers = list(self.path.parent.glob(f"{self.path.name}.*.tmp"))
        except OSError:
            return
        for old in leftovers:
            try:
                if old.stat().st_mtime < time.time() - 60:
                    old.unlink()
            except OSError:
                pass

    @classmethod
    def _stamp(cls) -> tuple:
        return (cls.FORMAT, regex.__version__, sys.version)

    @classmethod
    def _read(cls, path: Path) -> dict:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            return {}
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):  # a pipe there would block the run
                return {}
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                return {}
            with os.fdopen(fd, "rb", closefd=False) as fh:
                stamp, digest, payload = marshal.loads(fh.read())
            if stamp != cls._stamp() or hashlib.sha256(payload).hexdigest() != digest:
                return {}
            return {(src, flags): data for src, flags, data in marshal.loads(payload)
                    if isinstance(src, str) and isinstance(flags, int) and isinstance(data, tuple)}
        except Exception:  # noqa: BLE001 - unreadable or damaged: compile instead
            return {}
        finally:
            os.close(fd)

    def compile(self, source: str, flags: int = 0) -> "regex.Pattern[str]":
        """``regex.compile(source, flags)``, from the cache when it holds the pattern.
        Raises ``regex.error`` as ``regex.compile`` does."""
        key = (source, int(flags))
        data = self.stored.get(key)
        if data is not None:
            try:
                pattern = regex._regex.compile(*data)
                if pattern.pattern == source:
                    self.used[key] = data
                    return pattern
            except Exception:  # noqa: BLE001 - not what this regex can rebuild: compile it
                pass
            self.stale = True
        pattern = regex.compile(source, flags)
        data = getattr(pattern, "_pickled_data", None)
        if isinstance(data, tuple):
            self.used[key] = data
        return pattern

    def save(self) -> None:
        """Write the patterns compiled or loaded since :meth:`__init__`, then those the
        file held, up to :attr:`MAX_PATTERNS`, when some were compiled (atomically: a new
        temporary file of mode 0600, then ``os.replace``)."""
        if self.path is None or (not self.stale and self.used.keys() <= self.stored.keys()):
            return
        keep = {**self.used, **{k: v for k, v in self.stored.items() if k not in self.used}}
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            payload = marshal.dumps([(s, f, d) for (s, f), d in keep.items()][:self.MAX_PATTERNS])
            blob = marshal.dumps((self._stamp(), hashlib.sha256(payload).hexdigest(), payload))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, self.path)
        except FileExistsError:  # not ours (a link planted there, or a pid reused mid-write): leave it
            return
        except (OSError, ValueError):  # not writable, or a value marshal cannot store
            try:
                tmp.unlink()
            except OSError:
                pass


_ID_LINE = regex.compile(r"""^[ \t]*-?[ \t]*id[ \t]*:[ \t]*['"]?(.*?)['"]?[ \t]*$""", regex.MULTILINE)


def _id_lines(path: Path) -> dict[str, int]:
    """1-based line of each rule id (``id: name``) in ``path``, read once (the first line
    when an id repeats)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, int] = {}
    for m in _ID_LINE.finditer(text):
        out.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    return out


def _line_of(path: Path, name: str, key: bool = False) -> int:
    """1-based line where rule ``name`` (``id: name``) or define ``name:`` stands; 0 if not found."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    needle = regex.compile(rf"^\s*{regex.escape(name)}\s*:" if key else rf"^\s*-?\s*id\s*:\s*['\"]?{regex.escape(name)}['\"]?\s*$")
    for i, line in enumerate(lines, 1):
        if needle.search(line):
            return i
    return 0
