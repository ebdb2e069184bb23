"""Score the pipeline on the extra gold in ``../shared/gold-more``.

Usage (from anywhere)::

    python benchmarks/eval_more.py [--errors] [--json]

The gold files ``../shared/gold-more/*.json`` annotate the documents in
``../shared/corpus/more/`` (the ``shared`` folder next to the repository:
``Path(__file__).resolve().parents[1].parent / "shared"``). Those are third-party
texts; they are deliberately **not copied into this repository**, and neither is
their gold. When ``../shared`` (or its ``gold-more`` folder) is absent, this script
prints a message saying so and exits 0, so that it can run anywhere.

Each gold file is loaded and validated with :func:`extract.gold.load_gold`, its
document is run through :func:`extract.pipeline.process`, and the records are
scored with :func:`extract.evaluate.evaluate`. Prints the table of
:func:`extract.evaluate.render_table`; ``--errors`` adds every false positive, false
negative and wrong field; ``--json`` prints the report as JSON instead of the table.
Exit status: 0, or 1 when a gold file is invalid or a document cannot be processed
(the one-line error is printed to standard error).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD_MORE = SHARED / "gold-more"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every error after the table")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--gold", type=Path, default=GOLD_MORE, help="folder of gold files (default: %(default)s)")
    args = parser.parse_args(argv)

    golds = sorted(args.gold.glob("*.json")) if args.gold.is_dir() else []
    if not golds:
        print(f"eval_more: no gold files in {args.gold} (the shared folder is not here); nothing to do")
        return 0

    from extract.errors import ExtractError
    from extract.evaluate import evaluate_files, render_errors, render_table  # lazily: heavy

    try:
        report = evaluate_files(golds)
    except ExtractError as err:
        print(f"eval_more: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.to_json(errors=args.errors), ensure_ascii=False, indent=1))
        return 0
    print(f"{report.documents} documents from {args.gold}")
    print(render_table(report))
    if args.errors:
        errors = render_errors(report)
        print()
        print(errors if errors else "no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
