"""Outputs of ``extract run``: one document's records and checks as the text written.

``render(fmt, path, year, chunks)`` turns a document's chunks (``[(records, checks), ...]``,
as :func:`extract.runner.run_documents` gives them) into pieces of text, in order:

- ``jsonl``: one record per line (``Record.model_dump_json()``), chunk by chunk;
- ``csv``: one row per record under the columns :func:`csv_columns` (``parents`` joined
  by spaces), chunk by chunk, without the header (:func:`csv_header`, written once by the caller);
- ``json``: one object ``{"doc", "year", "records", "checks"}`` for the whole document,
  without the separators of the array the caller writes around the documents;
- ``citations``: one JSON line per cited document (:func:`extract.citations.citations`)
  with ``doc`` added;
- ``checks``: the consistency checks instead of records, ``<path>: <line>`` each.

Pure (no I/O), so a worker process can render a document and send back text only: the
parent writes it, instead of unpickling thousands of records to serialize them itself.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Iterator, Optional

#: The formats :func:`render` takes.
FORMATS = ("jsonl", "json", "csv", "citations", "checks")


def csv_columns() -> list[str]:
    """Every field of every record model, in model order, each once."""
    from .records import MODELS

    cols: list[str] = []
    for model in MODELS.values():
        for f in model.model_fields:
            if f not in cols:
                cols.append(f)
    return cols


def csv_header() -> str:
    """The CSV header line (``\\r\\n``-terminated, as :mod:`csv` writes rows)."""
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_columns())
    return buf.getvalue()


def render(fmt: str, path: str, year: Optional[int], chunks: Iterable) -> Iterator[str]:
    """The text of one document in ``fmt`` (one of :data:`FORMATS`), piece by piece;
    ``chunks`` is consumed lazily for the formats written chunk by chunk. A generator:
    an unknown format raises ``ValueError`` when it is first iterated."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format: {fmt!r}")
    if fmt in ("json", "citations"):  # these need the whole document
        records: list = []
        checks: list = []
        for recs, chks in chunks:
            records.extend(recs)
            checks.extend(chks)
        if fmt == "json":
            yield json.dumps({"doc": path, "year": year, "records": [r.model_dump(mode="json") for r in records],
                              "checks": [c.as_json() for c in checks]}, ensure_ascii=False)
        else:
            from .citations import citations

            yield "".join(json.dumps({"doc": path, **c}, ensure_ascii=False) + "\n" for c in citations(records))
        return
    columns = csv_columns() if fmt == "csv" else None
    for recs, chks in chunks:
        if fmt == "checks":
            yield "".join(f"{path}: {c.line()}\n" for c in chks)
        elif fmt == "jsonl":
            yield "".join(r.model_dump_json() + "\n" for r in recs)
        else:
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
            for r in recs:
                row = r.model_dump(mode="json")
                row["parents"] = " ".join(row.get("parents") or [])
                writer.writerow(row)
            yield buf.getvalue()


def rendered(fmt: str, path: str, year: Optional[int], chunks: Iterable) -> str:
    """:func:`render`'s pieces joined: the whole document's text."""
    return "".join(render(fmt, path, year, chunks))
