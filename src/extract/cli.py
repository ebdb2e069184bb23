"""Command line: ``extract run | eval | diff | show | schema`` (``../shared/interface.md``).

Errors print one line ``extract: <file>: <cause>`` on standard error and exit
non-zero (2 for usage errors, 1 for bad input); ``--debug`` shows tracebacks.
With ``-o`` the output file appears complete or not at all (written to a
temporary file in the same folder, then renamed with ``os.replace``).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from .errors import ExtractError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Typed, source-grounded records from Chinese yearbook-style reports.")
_STATE = {"debug": False}


class RunFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    citations = "citations"


def _fail(err: ExtractError) -> None:
    typer.echo(f"extract: {err}", err=True)


@contextlib.contextmanager
def atomic_output(out: Optional[Path], binary: bool = False) -> Iterator[io.TextIOBase]:
    """Yield a text stream: standard output, or a temporary file renamed onto ``out``
    only when the block finishes without an exception (Ctrl-C included)."""
    if out is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(out, "output folder does not exist")
    if out.is_dir():
        raise UsageError(out, "is a directory")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the output is an ordinary file
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _saved_text_path(folder: Path, doc: str) -> Path:
    """Where ``--save-text`` puts the text of ``doc``: its path as given, below ``folder``
    (anchor, ``.`` and ``..`` dropped), with ``.txt`` added unless it ends so:
    ``corpus/a.txt`` -> ``folder/corpus/a.txt``, ``web/a.html`` -> ``folder/web/a.html.txt``.
    Documents of the same name in different folders, or ``a.txt`` beside ``a.html``, get
    files of their own. The folders are made as needed."""
    p = Path(doc)
    parts = [x for x in p.parts if x not in (p.anchor, ".", "..")]
    target = folder.joinpath(*parts) if parts else folder / "document"
    if target.suffix.lower() != ".txt":
        target = target.with_name(target.name + ".txt")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors.")) -> None:
    _STATE["debug"] = debug


@app.command()
def run(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Files (.txt .html .htm) or folders."),
    format: RunFormat = typer.Option(RunFormat.jsonl, "--format", "-f", help="jsonl, json, csv or citations."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (atomically) instead of stdout."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Documents processed in parallel."),
    year: Optional[int] = typer.Option(None, "--year", help="Report year for place codes and yearless dates."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Decode input with this codec."),
    checks: bool = typer.Option(False, "--checks", help="Print the consistency checks, one line each."),
    save_text: Optional[Path] = typer.Option(None, "--save-text", help="Write each document's text (that offsets index) here."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on a Dask cluster (tcp://host:port); JSONL only."),
) -> None:
    """Extract records from documents (JSONL: one record per line, in document order)."""
    from .ingest import iter_documents
    from .output import csv_header, render
    from .runner import run_documents

    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError("--encoding", f"unknown encoding: {encoding}") from None
    if checks and format is not RunFormat.jsonl:
        raise UsageError("--checks", "prints one line per check; for JSON use --format json without --checks")
    if scheduler and (format is not RunFormat.jsonl or checks or save_text is not None or jobs > 1):
        raise UsageError("--scheduler", "writes JSONL records only (no --format, --checks, --save-text or --jobs)")
    failures = 0
    docs = list(iter_documents(paths))
    if scheduler:
        from .dask import run_on_scheduler

        with atomic_output(output) as out:
            for rec in run_on_scheduler(docs, scheduler, year=year, encoding=encoding):
                out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    fmt = "checks" if checks else format.value
    results = run_documents(docs, year=year, encoding=encoding, jobs=jobs, render=functools.partial(render, fmt))
    with atomic_output(output) as out:
        first = True
        for path, result in results:
            if isinstance(result, ExtractError):
                _fail(result)
                failures += 1
                continue
            if save_text is not None:
                _saved_text_path(save_text, path).write_text(result.text, encoding="utf-8", newline="")
            pieces = iter(result.pieces)
            head = next(pieces, "")  # the first chunk runs before anything is written for it
            if first:  # so a run a rule error ends leaves no stray "[" or header
                out.write(csv_header() if fmt == "csv" else "[" if fmt == "json" else "")
            elif fmt == "json":
                out.write(",\n")
            first = False
            out.write(head)
            for piece in pieces:
                out.write(piece)
        if fmt == "json":
            out.write("[]\n" if first else "]\n")
    if failures:
        raise typer.Exit(1)


@app.command(name="eval")
def eval_(
    gold: List[Path] = typer.Argument(..., metavar="GOLD...", help="Gold files (gold/*.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    errors: bool = typer.Option(False, "--errors", help="List every false positive, false negative and wrong field."),
    year: Optional[int] = typer.Option(None, "--year", help="Report year (default: inferred per document)."),
) -> None:
    """Score the pipeline against gold files: P/R/F1 per label, strict and partial."""
    from .evaluate import evaluate_files, render_errors, render_table

    report = evaluate_files(gold, year=year)
    if as_json:
        typer.echo(json.dumps(report.to_json(errors=errors), ensure_ascii=False, indent=1))
        return
    typer.echo(render_table(report))
    if errors:
        typer.echo(render_errors(report))


@app.command()
def show(
    path: str = typer.Argument(..., metavar="PATH", help="One document (.txt .html .htm), or a folder holding one."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the HTML here (atomically) instead of stdout."),
    year: Optional[int] = typer.Option(None, "--year", help="Report year for place codes and yearless dates."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Decode input with this codec."),
) -> None:
    """Visual report: one self-contained HTML page with the text, highlights, records and checks."""
    from .ingest import iter_documents
    from .pipeline import process
    from .report import render_report

    docs = list(iter_documents([path]))
    if len(docs) != 1:
        raise UsageError(path, f"show takes one document; this folder holds {len(docs)}")
    page = render_report(process(docs[0], year=year, encoding=encoding, is_text=False))
    with atomic_output(output) as out:
        out.write(page)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record (extract.records.Record)."""
    from .records import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


class DiffFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


@app.command(name="diff")
def diff_(
    paths: List[str] = typer.Argument(..., metavar="OLD NEW [MORE...]",
                                      help="Documents or record files of `extract run`, oldest first; 3+ give a wide table."),
    format: DiffFormat = typer.Option(DiffFormat.table, "--format", "-f", help="table, jsonl, csv or html."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (atomically) instead of stdout."),
    labels: Optional[List[str]] = typer.Option(None, "--labels", help="Labels to compare, comma-separated or repeated "
                                               "(default MONEY,CARDINAL,QUANTITY,PERCENT)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                              help="Pairs scoring below this are removed + added (default 0.65)."),
    changes_only: bool = typer.Option(False, "--changes-only", help="Leave out what is the same."),
) -> None:
    """Year-over-year diff: align the records of OLD and NEW and report what changed (see extract.diff)."""
    import shutil

    from . import diff as d

    if len(paths) < 2:
        raise UsageError("diff", "needs OLD and NEW")
    chosen = d.parse_labels(labels)
    sides = [d.load_side(p) for p in paths]
    color = output is None and format is DiffFormat.table and sys.stdout.isatty()
    width = shutil.get_terminal_size((160, 24)).columns if color else 160
    text = d.render(sides, format.value, chosen, d.DEFAULT_THRESHOLD if threshold is None else threshold,
                    changes_only, color=color, width=width)
    with atomic_output(output) as out:
        out.write(text)


def main() -> None:
    """Console-script entry point: runs the app and turns errors into one line."""
    import signal

    def _terminated(signum, frame):  # kill(1): unwind like Ctrl-C, so -o leaves no temp file
        typer.echo("extract: terminated", err=True)
        raise SystemExit(128 + signum)

    interrupted: list[int] = []

    def _interrupt(signum, frame):  # Ctrl-C, remembered: a library may wrap the
        interrupted.append(signum)  # KeyboardInterrupt in its own error (pydantic's
        raise KeyboardInterrupt     # serializer does), which must still read "interrupted"

    previous = previous_int = None
    with contextlib.suppress(ValueError):  # not in the main thread: keep the default
        previous = signal.signal(signal.SIGTERM, _terminated)
        previous_int = signal.signal(signal.SIGINT, _interrupt)
    try:
        rc = app(standalone_mode=False)
        if rc == 130:  # typer turns Ctrl-C (KeyboardInterrupt) into a silent Exit(130)
            typer.echo("extract: interrupted", err=True)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except ExtractError as err:
        if _STATE["debug"]:
            raise
        _fail(err)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        typer.echo("extract: interrupted", err=True)
        sys.exit(130)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        typer.echo("extract: aborted", err=True)
        sys.exit(1)
    except Exception as err:  # click usage errors and the unexpected
        if interrupted:
            typer.echo("extract: interrupted", err=True)
            sys.exit(130)
        # typer >= 0.20 vendors click (typer._click), so match click's classes by name.
        kinds = {c.__name__ for c in type(err).__mro__}
        if "UsageError" in kinds:
            typer.echo(f"extract: usage: {err.format_message()}", err=True)
            sys.exit(2)
        if "ClickException" in kinds:
            typer.echo(f"extract: {err.format_message()}", err=True)
            sys.exit(getattr(err, "exit_code", 1))
        if _STATE["debug"]:
            raise
        typer.echo(f"extract: internal error: {type(err).__name__}: {err} (run with --debug)", err=True)
        sys.exit(1)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)
