"""Snapshot of every record of the reference document (pytest-regressions).

The stored file (tests/test_snapshot/test_reference_document_records.yml) was
reviewed by hand against ../shared/annotation-guide.md and gold/: its spans and
values equal the gold annotation; its context fields differ from gold only in
the two subjects listed in the note of the commit that stored it. Regenerate
with ``pytest tests/test_snapshot.py --force-regen`` and review the diff before
committing. The meaning of each rule is pinned by the small unit tests; this
test guards the whole output against unnoticed change.
"""

from extract.pipeline import process


def test_reference_document_records(data_regression):
    doc = process("corpus/jilin-2012-poverty.txt", is_text=False)
    data_regression.check({"year": doc.year, "records": [r.model_dump(mode="json") for r in doc.records],
                           "checks": [c.as_json() for c in doc.checks]})
