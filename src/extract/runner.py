"""Running many documents: in order, optionally in parallel worker processes.

Each worker pays the start-up cost (rules, spaCy, jieba, gazetteer) once; results
come back in input order. A document that fails yields its
:class:`~extract.errors.ExtractError` in its place, so the others still run.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Union

from .errors import ExtractError


def _one(args) -> tuple[str, object]:
    from .pipeline import process

    path, year, encoding = args
    try:
        return path, process(path, year=year, encoding=encoding, is_text=False)
    except ExtractError as err:
        return path, err


def run_documents(paths: Iterable[str], year: Optional[int] = None, encoding: Optional[str] = None,
                  jobs: int = 1) -> Iterator[tuple[str, Union[object, ExtractError]]]:
    """Yield ``(path, Document | ExtractError)`` for each path, in input order.

    ``jobs > 1`` uses a process pool (``concurrent.futures``) with that many
    workers; documents are streamed, not accumulated, so memory stays flat in the
    number of documents.
    """
    tasks = [(p, year, encoding) for p in paths]
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield _one(t)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_one, tasks, chunksize=1)
