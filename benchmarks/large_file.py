"""One large document through ``extract run``: wall time and peak memory (run on demand,
never in the tests).

    python benchmarks/large_file.py [--mb 50] [--encoding utf-8|gb18030] [--max-rss-mb N] [--keep]

Builds a file of about ``--mb`` megabytes by repeating the reference document
(``corpus/jilin-2012-poverty.txt``, each copy followed by a blank line) in a temporary
folder, runs ``extract run FILE -o OUT`` on it in a child process, and prints the
file's size and length, the wall time, the throughput, the child's peak RSS
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``: the script starts no other child)
and the number of records. It then checks the output: every record's
``text == document[start:end]``, and every copy of the reference gives the same
records as the first (shifted by the copy's offset) -- chunked processing must not
lose or change records at chunk boundaries.

Exit status: 0; 1 when the run fails, the output is wrong, or the peak RSS exceeds
``--max-rss-mb`` (when given). ``--keep`` leaves the temporary folder in place.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "corpus" / "jilin-2012-poverty.txt"


def build(path: Path, megabytes: float, encoding: str) -> tuple[int, int, int]:
    """Write the repeated document; returns ``(copies, chars per copy, bytes)``."""
    unit = REF.read_text(encoding="utf-8") + "\n\n"
    data = unit.encode(encoding)
    copies = max(1, round(megabytes * 1_000_000 / len(data)))
    with path.open("wb") as fh:
        for _ in range(copies):
            fh.write(data)
    return copies, len(unit), copies * len(data)


def check(out: Path, doc: Path, encoding: str, copies: int, unit_chars: int) -> list[str]:
    """Problems with the records in ``out`` (empty when all is well)."""
    text = doc.read_bytes().decode(encoding)
    problems: list[str] = []
    per_copy: dict[int, list[tuple]] = defaultdict(list)
    n = 0
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            n += 1
            if text[r["start"]:r["end"]] != r["text"]:
                problems.append(f"record {n}: text[{r['start']}:{r['end']}] != {r['text']!r}")
            copy, start = divmod(r["start"], unit_chars)
            per_copy[copy].append((r["label"], start, r["end"] - copy * unit_chars, r.get("value")))
    first = per_copy.get(0, [])
    if not first:
        problems.append("no records for the first copy")
    # The first copy opens the file (title, dateline): compare the others with the second.
    model = per_copy.get(1, first)
    for copy in range(2, copies):
        if per_copy.get(copy, []) != model:
            problems.append(f"copy {copy}: {len(per_copy.get(copy, []))} records, not the {len(model)} of copy 1")
            if len(problems) > 10:
                break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the generated file in MB (default 50)")
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gb18030"], help="bytes of the file")
    parser.add_argument("--max-rss-mb", type=float, default=None, help="fail when the peak RSS exceeds this")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="extract-large-"))
    try:
        doc = tmp / "large.txt"
        out = tmp / "records.jsonl"
        copies, unit_chars, size = build(doc, args.mb, args.encoding)
        print(f"file      {doc} ({args.encoding})")
        print(f"size      {size / 1e6:.1f} MB, {copies * unit_chars:,} characters ({copies} copies)")
        cmd = [sys.executable, "-c", "from extract.cli import main; main()", "run", str(doc), "-o", str(out)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        print(f"exit      {proc.returncode}")
        print(f"wall      {wall:.1f} s ({copies * unit_chars / wall:,.0f} characters/s)")
        print(f"peak RSS  {rss_mb:.0f} MB")
        if proc.returncode != 0:
            print(f"stderr    {proc.stderr.strip()}")
            return 1
        records = sum(1 for _ in out.open(encoding="utf-8"))
        print(f"records   {records:,}")
        problems = check(out, doc, args.encoding, copies, unit_chars)
        for p in problems[:10]:
            print(f"WRONG     {p}")
        if args.max_rss_mb is not None and rss_mb > args.max_rss_mb:
            print(f"TOO BIG   peak RSS {rss_mb:.0f} MB > {args.max_rss_mb:.0f} MB")
            return 1
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"kept      {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
