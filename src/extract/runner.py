"""Running many documents: in order, optionally in parallel worker processes.

Each worker pays the start-up cost (rules, spaCy, jieba, gazetteer) once; results
come back in input order. A document that fails yields its
:class:`~extract.errors.ExtractError` in its place, so the others still run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from .errors import ExtractError


@dataclass
class Result:
    """One document's output: ``records`` and ``checks`` as iterables of chunks
    (``[(records, checks), ...]``), the document ``text``, the report ``year``."""

    path: str
    text: str
    year: Optional[int]
    chunks: Iterable


def _stream(path: str, year: Optional[int], encoding: Optional[str]) -> Result:
    from .ingest import read_document
    from .pipeline import prepare, stream

    prep = prepare(read_document(path, encoding=encoding), year)
    return Result(path, prep.source.text, prep.year, ((r, c) for r, c, _ in stream(prep)))


def _whole(args) -> tuple[str, Union[Result, ExtractError]]:
    path, year, encoding = args
    try:
        res = _stream(path, year, encoding)
        res.chunks = list(res.chunks)  # materialized in the worker, pickled back
        return path, res
    except ExtractError as err:
        return path, err


def run_documents(paths: Iterable[str], year: Optional[int] = None, encoding: Optional[str] = None,
                  jobs: int = 1) -> Iterator[tuple[str, Union[Result, ExtractError]]]:
    """Yield ``(path, Result | ExtractError)`` for each path, in input order.

    With ``jobs == 1`` a result's chunks are produced lazily as the caller consumes
    them, so memory is bounded by one chunk of one document whatever the file size
    (errors inside a document's chunks propagate as :class:`ExtractError` from the
    iteration). ``jobs > 1`` uses a process pool (``concurrent.futures``) whose
    workers each pay the start-up cost once; each document's records are built in a
    worker and returned whole, in input order.
    """
    tasks = [(p, year, encoding) for p in paths]
    if jobs <= 1 or len(tasks) <= 1:
        for path, y, enc in tasks:
            try:
                yield path, _stream(path, y, enc)
            except ExtractError as err:
                yield path, err
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_whole, tasks, chunksize=1)
