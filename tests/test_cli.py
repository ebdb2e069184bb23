"""The commands users script against (../shared/interface.md), run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REF = "corpus/jilin-2012-poverty.txt"
FIELDS = {"doc", "label", "text", "start", "end"}
NUMERIC_FIELDS = {"value", "qualifier", "low", "high", "section", "sentence", "subject", "part_of", "each"}


def extract(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from extract.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def ref_run():
    return extract("run", REF)


def test_run_prints_one_json_record_per_line_with_every_field(ref_run):
    assert ref_run.returncode == 0, ref_run.stderr
    text = Path(REF).read_text(encoding="utf-8")
    records = [json.loads(line) for line in ref_run.stdout.splitlines()]
    assert len(records) >= 120
    for r in records:
        assert FIELDS <= set(r) and r["doc"] == REF
        assert text[r["start"]:r["end"]] == r["text"]
        if r["label"] in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT"):
            assert NUMERIC_FIELDS <= set(r)
    money = next(r for r in records if r["text"] == "6.8亿元")
    assert money["value"] == "680000000" and money["currency"] == "CNY" and money["section"] == "资金投入"


def test_missing_file_is_one_line_and_exit_1():
    p = extract("run", "missing.txt")
    assert p.returncode == 1
    assert p.stderr.strip() == "extract: missing.txt: no such file"


def test_empty_file_is_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    p = extract("run", str(empty))
    assert p.returncode == 1
    assert p.stderr.strip() == f"extract: {empty}: empty file"


def test_output_file_is_written_whole(tmp_path, ref_run):
    out = tmp_path / "records.jsonl"
    p = extract("run", REF, "-o", str(out))
    assert p.returncode == 0 and p.stdout == ""
    assert out.read_text(encoding="utf-8") == ref_run.stdout
    assert [f.name for f in tmp_path.iterdir()] == ["records.jsonl"]


def test_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "records.jsonl"
    p = extract("run", "missing.txt", "-o", str(out))
    assert p.returncode == 1 and not out.exists() and list(tmp_path.iterdir()) == []


def test_usage_error_exits_2():
    p = extract("run", REF, "--format", "yaml")
    assert p.returncode == 2 and p.stderr.startswith("extract: usage:")


def test_schema_is_the_record_union():
    p = extract("schema")
    schema = json.loads(p.stdout)
    assert set(schema["discriminator"]["mapping"]) == {
        "MONEY", "CARDINAL", "QUANTITY", "PERCENT", "DATE", "DOC_NO", "LAW", "GPE", "LOC", "ORG", "PERSON"}


def test_eval_prints_the_table_with_totals():
    p = extract("eval", "gold/jilin-2012-poverty.json")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].split()[:4] == ["label", "gold", "pred", "tp"]
    assert any(line.startswith("core") for line in lines) and any(line.startswith("all") for line in lines)


def test_eval_rejects_a_gold_file_with_a_wrong_offset(tmp_path):
    gold = json.loads(Path("gold/jilin-2012-poverty.json").read_text(encoding="utf-8"))
    gold["doc"] = str(Path(REF).resolve())
    gold["entities"][0]["end"] += 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    p = extract("eval", str(bad))
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1 and "entity 0 GPE" in p.stderr


def test_output_file_is_readable_by_others(tmp_path, run_main):
    import os
    import stat

    out = tmp_path / "r.jsonl"
    old = os.umask(0o022)
    try:
        assert run_main("run", REF, "-o", out)[0] == 0  # in-process, so the umask applies
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_output_to_a_directory_is_a_usage_error(tmp_path, run_main):
    code, out, err = run_main("run", REF, "-o", tmp_path)
    assert (code, out, err.strip()) == (2, "", f"extract: {tmp_path}: is a directory")


def test_checks_with_another_format_is_a_usage_error(run_main):
    code, _, err = run_main("run", REF, "--checks", "--format", "json")
    assert code == 2 and err.startswith("extract: --checks: ")


def test_scheduler_with_another_format_is_a_usage_error(run_main):
    code, _, err = run_main("run", REF, "--scheduler", "tcp://127.0.0.1:1", "--format", "csv")
    assert code == 2 and err.startswith("extract: --scheduler: ")


@pytest.mark.parametrize("fmt", [["-f", "jsonl"], ["-f", "json"], ["-f", "csv"], ["-f", "citations"], ["--checks"]],
                         ids=["jsonl", "json", "csv", "citations", "checks"])
def test_two_jobs_write_what_one_job_writes(fmt, run_main):
    """Workers render each document's text (extract.output) and the parent only writes it:
    the bytes are those of a run in one process, in input order."""
    docs = [REF, "tests/fixtures/jilin-2013-poverty.txt"]
    two = extract("run", "--jobs", "2", *fmt, *docs)
    assert two.returncode == 0, two.stderr
    code, one, _ = run_main("run", "--jobs", "1", *fmt, *docs)
    assert code == 0
    assert two.stdout == one.replace("\r\n", "\n")  # the subprocess's text mode reads CSV's \r\n as \n
    if fmt == ["-f", "json"]:
        assert [d["doc"] for d in json.loads(one)] == docs
    elif fmt == ["-f", "csv"]:
        assert one.count("doc,label,text,start,end") == 1 and len(one.splitlines()) > 200
    elif fmt == ["--checks"]:
        assert {line.split(": ")[0] for line in one.splitlines()} == set(docs)
    else:
        assert REF in one and docs[1] in one
