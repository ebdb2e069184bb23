"""Shared helpers for the benchmarks: where ../shared is, and the government work reports.

The reports (``../shared/corpus/gov-work-reports.jsonl``: the State Council's annual
government work reports 1954–2025, public domain, 52 texts, about 1.1M characters)
are read from ``../shared`` and never copied into this repository. Scripts exit 0
with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REPORTS = SHARED / "corpus" / "gov-work-reports.jsonl"


def reports() -> list[dict]:
    """The work reports as dicts ``{"year", "title", "content"}``; exits 0 if absent."""
    if not REPORTS.exists():
        print(f"skipped: {REPORTS} not found (the benchmarks read ../shared, which is not in the repo)")
        sys.exit(0)
    with REPORTS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
