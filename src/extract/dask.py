"""Beyond one machine: records of many documents as a Dask bag.

``records_bag(paths)`` builds a :class:`dask.bag.Bag` with one partition per
document; each partition runs :func:`extract.pipeline.process` on a Dask worker
(which pays the pipeline's start-up cost once per worker process) and yields the
document's records as JSON-ready dicts (``Record.model_dump(mode="json")``), in
document order. With a ``dask.distributed.Client`` connected (``Client(address)``
or ``extract run --scheduler tcp://host:8786``) the bag runs on that cluster.

Requires the optional dependency ``dask[distributed]`` (``pip install
'extract[dask]'``); importing this module without it raises ImportError.
"""

from __future__ import annotations

from typing import Iterable, Optional

import dask.bag as db


def _document_records(path: str, year: Optional[int], encoding: Optional[str]) -> list[dict]:
    from .pipeline import process

    return [r.model_dump(mode="json") for r in process(path, year=year, encoding=encoding, is_text=False).records]


def records_bag(paths: Iterable[str], year: Optional[int] = None, encoding: Optional[str] = None) -> db.Bag:
    """A bag of record dicts, one partition per path (input order kept).

    ``paths``: document files (use :func:`extract.ingest.iter_documents` to expand
    folders). Errors of a document (:class:`extract.errors.ExtractError`) surface
    when the bag is computed.
    """
    paths = list(paths)
    return db.from_sequence(paths, npartitions=max(1, len(paths))).map_partitions(
        lambda part: [rec for p in part for rec in _document_records(p, year, encoding)])


def run_on_scheduler(paths: Iterable[str], address: str, year: Optional[int] = None,
                     encoding: Optional[str] = None) -> list[dict]:
    """Compute :func:`records_bag` on the Dask scheduler at ``address`` (``tcp://host:port``)."""
    from dask.distributed import Client

    with Client(address) as client:
        return records_bag(paths, year, encoding).compute(scheduler=client.get)
