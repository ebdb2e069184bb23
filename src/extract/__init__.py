"""extract: typed, source-grounded records from Chinese yearbook-style reports.

Data flows one way: ingest (bytes -> text) -> segment (sections, sentences,
words) -> rules + ner (spans) -> normalize (values) -> context -> records.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["process", "__version__"]


def process(text_or_path, year=None, **kwargs):
    """Run the whole pipeline; see :func:`extract.pipeline.process`."""
    from .pipeline import process as _process

    return _process(text_or_path, year=year, **kwargs)
