"""Throughput of the rule stage (chars/s) on the government work reports.

Usage (from anywhere)::

    python benchmarks/rules_throughput.py [--repeat N] [--json]

Reads ``../shared/corpus/gov-work-reports.jsonl`` (relative to the repository root:
``Path(__file__).resolve().parents[1].parent / "shared" / "corpus"``), one JSON object
per line with ``title`` and ``content``; those texts are third-party and are not
copied into this repository. When the file is absent, prints a message saying so and
exits 0.

Measured: :meth:`extract.rules.RuleSet.find` (every rule of ``rules/*.yaml`` over the
folded text) plus :func:`extract.rules.select` (overlap resolution), per document;
folding is done once beforehand and not timed, nor are spaCy, the gazetteer or
normalization. Prints characters, seconds (best of ``--repeat`` runs, default 3),
chars/s, candidate and kept match counts, and the five slowest rules (seconds in
``find`` over the corpus, one run).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "gov-work-reports.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported (default: 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSON lines file (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"rules_throughput: {args.corpus} not found; skipped")
        return 0

    from extract.fold import fold
    from extract.rules import RuleSet, default_ruleset, select

    texts = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                texts.append(fold((d.get("title") or "") + "\n" + (d.get("content") or "")))
    chars = sum(map(len, texts))
    rules = default_ruleset()

    best = float("inf")
    candidates = kept = 0
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        candidates = kept = 0
        for text in texts:
            found = rules.find(text)
            candidates += len(found)
            kept += len(select(found, len(text)))
        best = min(best, time.perf_counter() - t0)

    per_rule = []
    for rule in rules.rules:
        one = RuleSet([rule])
        t0 = time.perf_counter()
        for text in texts:
            one.find(text)
        per_rule.append((time.perf_counter() - t0, rule.id))
    per_rule.sort(reverse=True)

    report = {"documents": len(texts), "chars": chars, "seconds": round(best, 4),
              "chars_per_second": int(chars / best) if best else None, "candidates": candidates,
              "kept": kept, "slowest_rules": [{"rule": rid, "seconds": round(s, 4)} for s, rid in per_rule[:5]]}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(f"{report['documents']} documents, {chars} chars, {best:.3f} s (best of {args.repeat}): "
              f"{report['chars_per_second']:,} chars/s; {candidates} candidates, {kept} kept")
        for item in report["slowest_rules"]:
            print(f"  {item['rule']:<32} {item['seconds']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
