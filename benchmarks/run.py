"""Throughput, memory and cold start of the pipeline (run on demand, never in the tests).

    python benchmarks/run.py [--repeat 3] [--skip-jobs] [--copies N]

On the government work reports (``../shared/corpus/gov-work-reports.jsonl``, about
1.1M characters of real text) it prints, for each stage and end to end, characters
per second and the ratio to ``jieba.lcut`` measured in the same run on the same
text; the peak RSS; the cold-start wall time of ``extract run
corpus/jilin-2012-poverty.txt`` against the floor set by the required libraries
(``python -c "import spacy, jieba; jieba.initialize(); spacy.blank('zh')"``); and the
speed-up of ``extract run --jobs 2`` over ``--jobs 1`` (on ``--copies`` copies of the
corpus, default 1; medians of at least 5 alternated runs), with the serial start-up ``S``
of the run (imports and :func:`extract.runner.warm_up`) and the bound Amdahl's law would
set if nothing overlapped it, ``(S + P) / (S + P / 2)`` for ``P`` = the ``--jobs 1`` time
less ``S`` (the process that works ahead during the warm-up, ``extract.runner._Ahead``,
overlaps part of ``P`` with ``S``). The package's modules are byte-compiled first
(``compileall``), as an installed wheel's are: where ``PYTHONDONTWRITEBYTECODE`` is set,
an editable install would otherwise compile them from source in every process. Figures are medians of
``--repeat`` runs; each stage's ratio is the median of per-run ratios, ``jieba.lcut``
being timed right before each run of the stage (so a machine shared with other work
skews both alike), and the 1-minute load average is printed before and after. Targets (issue «Performance and scale»): end to end ≥ 0.6 × jieba,
cold start ≤ 1.3 × floor, peak RSS ≤ 400 MB, ≥ 1.7 × with 2 jobs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import ROOT, reports  # noqa: E402


def timed(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def paired(fn, ref, repeat: int) -> tuple[float, float]:
    """``(median time of fn, median of ref-time / fn-time)``, ``ref`` timed right before
    each run of ``fn``."""
    times, ratios = [], []
    for _ in range(repeat):
        r = timed(ref, 1)
        t = timed(fn, 1)
        times.append(t)
        ratios.append(r / t)
    return statistics.median(times), statistics.median(ratios)


def peak_rss() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_peak_rss(cmd: list[str]) -> float:
    """Peak RSS in MB of ``cmd`` run alone (through a fresh Python that runs only it)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip()) / 1024


def _burn(n: int) -> float:
    t = time.perf_counter()
    s = 0
    for i in range(n):
        s += i * i
    return time.perf_counter() - t


def parallel_ceiling(n: int = 10_000_000) -> float:
    """What two processes get out of this machine: the time of one pure-Python loop over
    the time of two copies of it run at once in a pool of 2, times 2 (2.0 on two
    independent cores; less where they share caches, memory bandwidth or a host)."""
    import multiprocessing

    def wall_of(tasks: list[int]) -> float:
        t = time.perf_counter()
        pool.map(_burn, tasks, chunksize=1)
        return time.perf_counter() - t

    with multiprocessing.get_context().Pool(2) as pool:
        wall_of([1000, 1000])  # both workers started
        one = min(wall_of([n]) for _ in range(3))
        two = min(wall_of([n, n]) for _ in range(3))
    return 2 * one / two


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-jobs", action="store_true", help="skip the --jobs speed-up measurement")
    ap.add_argument("--copies", type=int, default=1, help="run the --jobs measurement on this many copies of the corpus")
    args = ap.parse_args()
    texts = [r["content"] for r in reports()]
    n = sum(map(len, texts))
    import compileall

    import extract

    compileall.compile_dir(str(Path(extract.__file__).parent), quiet=2)  # a read-only install: as it is
    print(f"machine: {os.cpu_count()} cores, load average {load()}; corpus: {len(texts)} reports, {n:,} characters")

    import jieba

    from extract.context import _pos
    from extract.fold import fold
    from extract.ingest import Source
    from extract.ner import build_nlp
    from extract.pipeline import process_source
    from extract.places import find_places
    from extract.rules import default_ruleset
    from extract.runner import warm_up
    from extract.segment import find_sections, find_sentences, words

    jieba.initialize()
    warm_up()  # as `extract run` does before its documents
    build_nlp()
    process_source(Source(None, texts[-1][:2000], "utf-8", "text/plain"))  # warm every cache

    ref = lambda: [jieba.lcut(t) for t in texts]  # noqa: E731
    t_jieba = timed(ref, args.repeat)
    folded = [fold(t) for t in texts]
    rs = default_ruleset()
    stages = {
        "fold": lambda: [fold(t) for t in texts],
        "segment (sections, sentences)": lambda: [(find_sections(t), find_sentences(t)) for t in texts],
        "words (segment.cut: jieba-rs)": lambda: [words(f) for f in folded],
        "rules (regex)": lambda: [rs.find(f) for f in folded],
        "places (gazetteer)": lambda: [find_places(f, {s for s, _ in words(f)} | {len(f)}, 2020) for f in folded],
        # the clause cache is emptied first: a repeat must not find the same clauses cached
        "end to end (process)": lambda: (_pos.cache_clear(),
                                         [process_source(Source(None, t, "utf-8", "text/plain")) for t in texts]),
    }
    print(f"\n{'stage':34} {'chars/s':>12} {'x jieba.lcut':>13} {'peak RSS so far':>16}")
    print(f"{'jieba.lcut (reference)':34} {n / t_jieba:12,.0f} {1.0:13.2f} {peak_rss():13,.0f} MB")
    for name, fn in stages.items():
        t, ratio = paired(fn, ref, args.repeat)
        print(f"{name:34} {n / t:12,.0f} {ratio:13.2f} {peak_rss():13,.0f} MB")
    print(f"\npeak RSS of this process: {peak_rss():,.0f} MB")

    floor_cmd = [sys.executable, "-c", "import spacy, jieba; jieba.initialize(); spacy.blank('zh')"]
    run_cmd = [sys.executable, "-c", "from extract.cli import main; main()", "run", "corpus/jilin-2012-poverty.txt"]
    floor = wall(floor_cmd, max(args.repeat, 5))
    cold = wall(run_cmd, max(args.repeat, 5))
    print(f"\ncold start: extract run reference {cold:.2f} s; floor (spacy+jieba) {floor:.2f} s; ratio {cold / floor:.2f}")

    if not args.skip_jobs:
        startup_cmd = [sys.executable, "-c", "import extract.cli; from extract.runner import warm_up; warm_up()"]
        startup = wall(startup_cmd, max(args.repeat, 5))
        with tempfile.TemporaryDirectory() as tmp:
            for c in range(args.copies):
                for i, t in enumerate(texts):
                    Path(tmp, f"{c:02d}-{i:03d}.txt").write_text(t, encoding="utf-8")
            base = [sys.executable, "-c", "from extract.cli import main; main()", "run", tmp, "-o", os.devnull]
            ones, twos = [], []
            for _ in range(max(5, args.repeat)):  # alternated, so load changes hit both
                ones.append(wall(base + ["--jobs", "1"], 1))
                twos.append(wall(base + ["--jobs", "2"], 1))
            one, two = statistics.median(ones), statistics.median(twos)
        copies = f" x {args.copies}" if args.copies > 1 else ""
        print(f"extract run on the corpus{copies}: --jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s, speed-up {one / two:.2f}x")
        p = one - startup
        print(f"serial start-up S {startup:.2f} s (imports + warm_up); were nothing done during it, Amdahl's "
              f"bound with 2 jobs (S + P) / (S + P/2) = {one / (startup + p / 2):.2f}x")
        print(f"this machine's ceiling for 2 processes (a pure-Python loop, 2 copies at once): "
              f"{parallel_ceiling():.2f}x")
    # Memory flat in the number of documents: one document, the corpus, the corpus 4 times.
    with tempfile.TemporaryDirectory() as tmp:
        for c in range(4):
            for i, t in enumerate(texts):
                Path(tmp, f"{c:02d}-{i:03d}.txt").write_text(t, encoding="utf-8")
        one_doc = sorted(Path(tmp).iterdir())[0]
        base = [sys.executable, "-c", "from extract.cli import main; main()", "run", "-o", os.devnull]
        rss = [child_peak_rss(base + [str(one_doc)]),
               child_peak_rss(base + [str(p) for p in sorted(Path(tmp).iterdir())[:len(texts)]]),
               child_peak_rss(base + [tmp])]
        print(f"peak RSS of extract run: 1 document {rss[0]:,.0f} MB, {len(texts)} documents {rss[1]:,.0f} MB, "
              f"{4 * len(texts)} documents {rss[2]:,.0f} MB")
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
