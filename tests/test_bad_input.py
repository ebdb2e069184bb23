"""Bad input fails clearly, one line each, and loses nothing (../shared/interface.md).

Every case checks the exact line ``extract: <file>: <cause>`` on standard error and
the exit status (1 for bad input, 2 for usage errors). Most run ``extract.cli.main``
in this process (the pipeline's start-up is paid once); the cases that need their
own process (a rules folder chosen by environment variable, worker processes,
signals) run it as a subprocess, as a user would.
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract import ingest

REPO = Path(__file__).resolve().parents[1]
REF = REPO / "corpus" / "jilin-2012-poverty.txt"
GOLD = REPO / "gold" / "jilin-2012-poverty.json"
UNDECODABLE = "cannot decode: not UTF-8, GB18030, Big5 or UTF-16"




def extract(*args, env=None, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    """``extract ARGS`` as a subprocess."""
    return subprocess.run([sys.executable, "-c", "from extract.cli import main; main()", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)


def lines(stderr: str) -> list[str]:
    return stderr.strip().splitlines()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def ref_jsonl() -> list[dict]:
    """The records of the reference document alone (``extract run REF``), without ``doc``."""
    p = extract("run", REF)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""  # nothing on stderr for a good run (jieba's start-up log silenced)
    return [{k: v for k, v in json.loads(line).items() if k != "doc"} for line in p.stdout.splitlines()]


# --- one bad document -------------------------------------------------------------


BAD_FILES = {
    "empty": (b"", "empty file"),
    "bom-only": (codecs.BOM_UTF8, "empty file"),
    "blank": (" \r\n\t\u3000\r\n".encode("utf-8"), "no text"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06", "binary file, not text"),
    "controls": (bytes(range(1, 9)) * 10, "binary file, not text"),
    "nul": ("吉林省".encode("utf-8") + b"\x00\x00abc", "binary file, not text"),
    "undecodable": (b"\xfd\xfe\xff" * 20, UNDECODABLE),
    "latin-1": ("café résumé".encode("latin-1"), UNDECODABLE),
    "shift-jis": ("こんにちは世界、日本語のテキストです。".encode("shift_jis"), UNDECODABLE),
    "utf-8 with a bad byte": ("吉林省投入资金".encode("utf-8") + b"\xff" + "6.8亿元。".encode("utf-8"), UNDECODABLE),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_one_line_and_exit_1(run_main, tmp_path, case):
    data, cause = BAD_FILES[case]
    path = write(tmp_path / "bad.txt", data)
    code, out, err = run_main("run", path)
    assert (code, out, lines(err)) == (1, "", [f"extract: {path}: {cause}"])


def test_folder_without_documents(run_main, tmp_path):
    folder = tmp_path / "reports"
    write(folder / "report.pdf", b"%PDF-1.4")
    write(folder / "report.docx", b"PK\x03\x04")
    write(folder / ".hidden.txt", "吉林省".encode("utf-8"))  # hidden files are skipped
    (folder / "empty-sub").mkdir()
    code, out, err = run_main("run", folder)
    assert (code, out, lines(err)) == (1, "", [f"extract: {folder}: no documents (.txt, .html, .htm) in folder"])


def test_unreadable_file(run_main, tmp_path, monkeypatch):
    # Tests run as root, who can read anything: deny the open instead.
    path = write(tmp_path / "locked.txt", REF.read_bytes())
    real_open = open

    def deny(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", deny, raising=False)
    code, out, err = run_main("run", path)
    assert (code, out, lines(err)) == (1, "", [f"extract: {path}: permission denied"])


def test_missing_file_fails_before_any_output(run_main, tmp_path):
    """A path that does not exist is a bad argument: checked before the first document."""
    out_file = tmp_path / "out.jsonl"
    missing = tmp_path / "nope.txt"
    code, out, err = run_main("run", REF, missing, "-o", out_file)
    assert (code, out, lines(err)) == (1, "", [f"extract: {missing}: no such file"])
    assert list(tmp_path.iterdir()) == []


def test_named_file_that_is_not_a_document(run_main, tmp_path):
    path = write(tmp_path / "report.pdf", b"%PDF-1.4")
    code, out, err = run_main("run", path)
    assert (code, out, lines(err)) == (1, "", [f"extract: {path}: not a document (.txt, .html, .htm)"])


def test_wrong_explicit_encoding(run_main, tmp_path):
    path = write(tmp_path / "a.txt", "吉林省投入资金6.8亿元。".encode("utf-8"))
    code, out, err = run_main("run", "--encoding", "big5", path)
    assert (code, out, lines(err)) == (1, "", [f"extract: {path}: cannot decode as big5: byte 0"])


def test_unknown_encoding_is_a_usage_error(run_main):
    code, out, err = run_main("run", "--encoding", "klingon", REF)
    assert (code, out, lines(err)) == (2, "", ["extract: --encoding: unknown encoding: klingon"])


def test_output_folder_missing_is_a_usage_error(run_main, tmp_path):
    out_file = tmp_path / "no" / "such" / "out.jsonl"
    code, out, err = run_main("run", REF, "-o", out_file)
    assert (code, out, lines(err)) == (2, "", [f"extract: {out_file}: output folder does not exist"])
    assert list(tmp_path.iterdir()) == []


def test_truncated_download_keeps_what_arrived(run_main, tmp_path, ref_jsonl):
    """A file cut inside its last character is not 'undecodable': the text before
    the cut is the document, and it gives the records the complete file gives there."""
    data = REF.read_bytes()
    cut = data.index("扫描下载".encode("utf-8")) + 4  # inside 描 (3 bytes in UTF-8)
    for codec in ("utf-8", "gb18030"):
        body = data[:cut].decode("utf-8", errors="ignore")
        raw = data[:cut] if codec == "utf-8" else (body + "描").encode(codec)[:-1]
        path = write(tmp_path / f"cut-{codec}.txt", raw)
        code, out, err = run_main("run", path)
        assert (code, err) == (0, ""), codec
        got = [{k: v for k, v in json.loads(line).items() if k != "doc"} for line in out.splitlines()]
        assert got == [r for r in ref_jsonl if r["end"] <= len(body)], codec


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
@pytest.mark.parametrize("cut", [1, 2, 3])
def test_truncated_in_every_encoding(codec, cut):
    text = "關於印發吉林省扶貧開發資金管理辦法的通知，共投入資金6.8億元。" * 3
    data = text.encode(codec)[:-cut]
    got, used = ingest.decode(data)
    assert text.startswith(got) and len(text) - len(got) <= 2
    assert used == codec


def test_truncated_is_not_a_licence_for_bad_bytes():
    data = "吉林省".encode("utf-8") + b"\xff" + "投入资金".encode("utf-8")[:-1]
    with pytest.raises(ingest.InputError) as info:
        ingest.decode(data)
    assert info.value.cause == UNDECODABLE


def test_explicit_gbk_reads_gb18030(run_main, tmp_path):
    """``--encoding gbk`` (or gb2312) on a page holding GB18030-only characters (U+00A0
    from &nbsp;) reads it as GB18030, as browsers do; bytes GB18030 lacks still fail."""
    path = write(tmp_path / "a.txt", "吉林省\xa0投入资金6.8亿元。".encode("gb18030"))
    for enc in ("gbk", "gb2312", "GBK"):
        assert ingest.decode(path.read_bytes(), encoding=enc) == ("吉林省\xa0投入资金6.8亿元。", "gb18030")
    bad = write(tmp_path / "b.txt", "吉林省".encode("gb18030") + b"\xff\xff")
    code, out, err = run_main("run", "--encoding", "gbk", bad)
    assert (code, out, lines(err)) == (1, "", [f"extract: {bad}: cannot decode as gbk: byte 6"])


# --- bad documents among good ones -------------------------------------------------


def test_bad_files_among_good_ones(run_main, tmp_path, ref_jsonl):
    """The good documents are all processed, in order; one line per bad one; exit 1."""
    good1 = write(tmp_path / "a-good.txt", REF.read_bytes())
    empty = write(tmp_path / "b-empty.txt", b"")
    binary = write(tmp_path / "c-binary.txt", BAD_FILES["png"][0])
    good2 = write(tmp_path / "d-good.txt", REF.read_text(encoding="utf-8").encode("gb18030"))
    code, out, err = run_main("run", tmp_path)
    assert code == 1
    assert lines(err) == [f"extract: {empty}: empty file", f"extract: {binary}: binary file, not text"]
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["doc"] for r in records] == [str(good1)] * len(ref_jsonl) + [str(good2)] * len(ref_jsonl)
    assert [{k: v for k, v in r.items() if k != "doc"} for r in records] == ref_jsonl * 2


def test_bad_file_among_good_ones_with_output_file(run_main, tmp_path, ref_jsonl):
    """With ``-o`` the good documents' records are written (whole), the bad one reported."""
    good = write(tmp_path / "in" / "a.txt", REF.read_bytes())
    bad = write(tmp_path / "in" / "b.txt", b"\xfd\xfe\xff" * 20)
    out_file = tmp_path / "out.jsonl"
    code, out, err = run_main("run", good, bad, "-o", out_file)
    assert (code, out, lines(err)) == (1, "", [f"extract: {bad}: {UNDECODABLE}"])
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == len(ref_jsonl)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]  # no temp file left


def test_bad_file_among_good_ones_in_parallel(tmp_path, ref_jsonl):
    """``--jobs 2``: a worker's error crosses the process boundary as one line (it used
    to break the pool: ExtractError did not unpickle)."""
    good1 = write(tmp_path / "a.txt", REF.read_bytes())
    empty = write(tmp_path / "b.txt", b"")
    good2 = write(tmp_path / "c.txt", REF.read_bytes())
    binary = write(tmp_path / "d.txt", BAD_FILES["png"][0])
    p = extract("run", "--jobs", "2", good1, empty, good2, binary)
    assert p.returncode == 1
    assert lines(p.stderr) == [f"extract: {empty}: empty file", f"extract: {binary}: binary file, not text"]
    docs = [json.loads(line)["doc"] for line in p.stdout.splitlines()]
    assert docs == [str(good1)] * len(ref_jsonl) + [str(good2)] * len(ref_jsonl)


# --- rule files -------------------------------------------------------------------


def broken_rules(tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, Path]:
    """A copy of rules/ with ``old`` replaced by ``new`` (once) in ``file``."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for src in (REPO / "rules").glob("*.yaml"):
        (rules / src.name).write_bytes(src.read_bytes())
    target = rules / file
    text = target.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {file}: update this test's fixture"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rules, target


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_rule_file_with_a_bad_pattern(tmp_path, jobs):
    rules, target = broken_rules(tmp_path, "blockers.yaml", "(?:邮编|邮政编码)", "(?:邮编|邮政编码")
    out_file = tmp_path / "out.jsonl"
    env = {**os.environ, "EXTRACT_RULES_DIR": str(rules)}
    p = extract("run", "--jobs", jobs, REF, REF, "-o", out_file, env=env)
    line = line_of(target, "id: postcode")
    assert p.returncode == 1
    # One line for the run, not one per document: the file, the rule, its line.
    assert lines(p.stderr) == [f"extract: {target}: rule 'postcode' (line {line}): bad pattern: missing ) at position 25"]
    assert not out_file.exists() and sorted(x.name for x in tmp_path.iterdir()) == ["rules"]


def test_a_run_ended_by_a_rule_error_writes_nothing_to_stdout(tmp_path):
    """Not even the "[" of --format json: nothing is written before the first document."""
    rules, target = broken_rules(tmp_path, "blockers.yaml", "(?:邮编|邮政编码)", "(?:邮编|邮政编码")
    p = extract("run", "-f", "json", REF, env={**os.environ, "EXTRACT_RULES_DIR": str(rules)})
    assert (p.returncode, p.stdout) == (1, "")
    assert len(lines(p.stderr)) == 1 and "bad pattern" in p.stderr


def test_rule_file_with_broken_yaml(tmp_path):
    rules, target = broken_rules(tmp_path, "dates.yaml", "    label: DATE\n", "    label: DATE: broken\n")
    env = {**os.environ, "EXTRACT_RULES_DIR": str(rules)}
    p = extract("run", REF, env=env)
    line = line_of(target, "DATE: broken")
    assert (p.returncode, p.stdout) == (1, "")
    # "... not allowed here" (PyYAML) or "... not allowed in this context" (libyaml)
    assert len(lines(p.stderr)) == 1
    assert p.stderr.startswith(f"extract: {target}: line {line}: invalid YAML: mapping values are not allowed "), p.stderr


# --- gold files (extract eval) --------------------------------------------------------


def _gold() -> dict:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    gold["doc"] = str(REF)
    return gold


def _edit(change):
    def make() -> str:
        gold = _gold()
        change(gold)
        return json.dumps(gold, ensure_ascii=False)
    return make


def _set(*path_value):
    *path, value = path_value

    def change(gold):
        obj = gold
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value
    return change


GOLD_CASES = {
    # cut after the comma that ends an entity, wherever the document's path puts it
    "truncated JSON": (lambda: (lambda t: t[:t.index(', {"label"', 300) + 1] + "\n")(
                           json.dumps(_gold(), ensure_ascii=False)),
                       "not valid JSON: line 2 column 1: Expecting value"),
    "not an object": (lambda: "[]", "not a JSON object but list"),
    "document changed": (_edit(_set("sha256", "0" * 64)),
                         "document changed: sha256 3cb2531148d0480f876ba0d13fd2fa93181b320750629e26365dab66814a74ea"
                         " (file) != " + "0" * 64 + " (gold)"),
    "missing document": (_edit(_set("doc", "nowhere.txt")), "document nowhere.txt: no such file"),
    "wrong offset": (_edit(_set("entities", 0, "end", 4)),
                     "entity 0 GPE '吉林省' [0:4]: text[0:4] is '吉林省扶' not '吉林省'"),
    "unknown label": (_edit(_set("entities", 5, "label", "MONEYS")),
                      "entity 5 MONEYS '32.2万' [184:189]: unknown label 'MONEYS' (known: MONEY, CARDINAL, "
                      "QUANTITY, PERCENT, DATE, DOC_NO, LAW, GPE, LOC, ORG, PERSON)"),
}


@pytest.mark.parametrize("case", list(GOLD_CASES))
def test_invalid_gold_file(run_main, tmp_path, case):
    make, cause = GOLD_CASES[case]
    bad = tmp_path / "bad.json"
    bad.write_text(make(), encoding="utf-8")
    code, out, err = run_main("eval", bad)
    assert (code, out, len(lines(err))) == (1, "", 1), err
    assert lines(err) == [f"extract: {bad}: {cause}"]


def test_missing_gold_file(run_main, tmp_path):
    code, out, err = run_main("eval", tmp_path / "none.json")
    assert (code, out, lines(err)) == (1, "", [f"extract: {tmp_path / 'none.json'}: no such file"])


# --- interrupted runs ---------------------------------------------------------------


@pytest.mark.parametrize(("fork", "sig", "status", "message"), [
    (1, signal.SIGTERM, 143, "extract: terminated"),  # the process that works ahead
    (2, signal.SIGTERM, 143, "extract: terminated"),  # the first worker
    (2, signal.SIGINT, 130, "extract: interrupted"),
])
def test_a_signal_while_the_run_forks_is_not_lost(tmp_path, fork, sig, status, message):
    """Blocked around each fork, a stop signal is handled by the parent right after it (it
    used to reach the CLI's handler inside an after-fork hook, and the run went on to exit 0)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"r{i}.txt").write_bytes(REF.read_bytes())
    script = ("import os, signal, sys\n"
              "n = [0]\n"
              "def hook():\n"
              "    n[0] += 1\n"
              f"    if n[0] == {fork}:\n"
              f"        os.kill(os.getpid(), {int(sig)})\n"
              "os.register_at_fork(after_in_parent=hook)\n"
              "from extract.cli import main\n"
              "main()\n")
    out_file = tmp_path / "out.jsonl"
    p = subprocess.run([sys.executable, "-c", script, "run", "--jobs", "2", "-o", str(out_file), str(docs)],
                       capture_output=True, text=True, timeout=300)
    assert (p.returncode, lines(p.stderr)) == (status, [message])
    assert not out_file.exists()


@pytest.mark.parametrize(("sig", "jobs", "status", "message"), [
    (signal.SIGINT, "1", 130, "extract: interrupted"),
    (signal.SIGINT, "2", 130, "extract: interrupted"),
    (signal.SIGTERM, "1", 143, "extract: terminated"),
])
def test_interrupted_run_leaves_no_output(tmp_path, sig, jobs, status, message):
    """Ctrl-C in the middle of ``run -o``: no output file, no temporary file, exit non-zero."""
    docs = tmp_path / "docs"
    docs.mkdir()
    long_doc = (REF.read_text(encoding="utf-8") + "\n") * 10
    for i in range(30):
        (docs / f"r{i:02}.txt").write_text(long_doc, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out_file = out_dir / "records.jsonl"
    tmp_dir = tmp_path / "tmp"  # the temporary folder of the process that works ahead (--jobs 2)
    tmp_dir.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", "from extract.cli import main; main()",
                             "run", "--jobs", jobs, "-o", str(out_file), str(docs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmp_dir)},
                            # A shell's background job (pytest ... &) inherits SIGINT
                            # ignored, and so would the run: give it the default back.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        # Wait until records are being written to the temporary file: mid-run.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            temps = list(out_dir.iterdir())
            if temps and temps[0].stat().st_size > 0:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert [t.name.startswith(".records.jsonl.") for t in out_dir.iterdir()] == [True]
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == status
    assert lines(err) == [message]
    assert list(out_dir.iterdir()) == [] and list(tmp_dir.iterdir()) == []
