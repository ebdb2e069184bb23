"""The runner's warm-up: once per process, collector left as it was."""

import gc

from extract.runner import warm_up


def test_warm_up_runs_once_and_leaves_the_collector_enabled(monkeypatch):
    from extract import runner

    monkeypatch.setattr(runner, "_WARM", False)  # as in a new process
    before = gc.get_freeze_count()
    warm_up()
    frozen = gc.get_freeze_count()
    assert frozen > before and gc.isenabled()  # what it built is frozen, collection back on
    warm_up()  # a second call freezes nothing more
    assert gc.get_freeze_count() == frozen and gc.isenabled()


def test_warm_up_builds_what_first_use_builds_and_leaves_no_sqlite_connection(monkeypatch):
    """The sample runs through the whole pipeline (lazy imports, patterns, tables), and the
    connection to the word-tag table it opened is closed: it must not cross a fork."""
    import sys

    from extract import runner
    from extract.ner import build_nlp
    from extract.segment import word_tags

    monkeypatch.setattr(runner, "_WARM", False)
    monkeypatch.delitem(sys.modules, "extract.output", raising=False)
    monkeypatch.setattr(runner, "WARM_UP_TEXT", runner.WARM_UP_TEXT + "probe WarmUpProbe7\n")
    assert "WarmUpProbe7" not in build_nlp().vocab.strings
    warm_up()
    assert "extract.output" in sys.modules and "extract.pipeline" in sys.modules
    assert "WarmUpProbe7" in build_nlp().vocab.strings  # the sample went through the pipeline
    assert word_tags.cache_info().currsize == 0
    assert word_tags().get("扶贫") is not None  # a new connection on the next lookup


# --- working ahead while the parent warms up (runner._Ahead) ------------------------------

import multiprocessing  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402
import signal  # noqa: E402

import pytest  # noqa: E402

from extract import runner  # noqa: E402

REF = "corpus/jilin-2012-poverty.txt"
REF_2013 = "tests/fixtures/jilin-2013-poverty.txt"


def _records(res) -> list[str]:
    return [r.model_dump_json() for recs, _ in res.chunks for r in recs]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks")
def test_work_done_ahead_is_taken_instead_of_redone(monkeypatch):
    tasks = [(REF, None, None, None, None), ("missing.txt", None, None, None, None), (REF_2013, None, None, None, None)]
    import time

    ahead = runner._Ahead(tasks, multiprocessing.get_context("fork"))
    try:
        deadline = time.monotonic() + 120
        while len(list(Path(ahead.folder).glob("*.pickle"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # let it finish every document: done, it waits to be stopped
        assert ahead.proc.is_alive()
        done = ahead.stop()
    finally:
        ahead.close()
    assert not os.path.exists(ahead.folder) and not ahead.proc.is_alive()  # read, then removed
    assert sorted(done) == [0, 2]  # the missing file is left for its worker to report
    expected = {i: _records(runner._stream(tasks[i][0], None, None)) for i in done}
    from extract.rules import RuleSet

    def no_rules(*a, **k):
        raise AssertionError("the rule stage ran again")

    monkeypatch.setattr(RuleSet, "find", no_rules)
    for i, blob in done.items():
        assert _records(runner._stream(tasks[i][0], None, None, None, blob)) == expected[i]


def test_unreadable_work_ahead_means_the_work_is_done_again():
    assert runner._load_ahead(b"not a pickle") == (None, None)
    res = runner._stream(REF, None, None, None, b"not a pickle")
    assert len(_records(res)) > 100


def test_an_ahead_process_that_cannot_start_leaves_no_folder_and_the_run_goes_on(monkeypatch, tmp_path):
    class NoFork:
        pid = None

        def __init__(self, *a, **k):
            pass

        def start(self):
            raise BlockingIOError(11, "Resource temporarily unavailable")

    class Context:
        Process = NoFork

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with pytest.raises(OSError):
        runner._Ahead([(REF, None, None, None, None)], Context())
    assert list(tmp_path.iterdir()) == []

    def interrupted():  # stop the run before its pool: what matters is that it got here
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_pool_context", lambda: Context())
    monkeypatch.setattr(runner, "_WARM", False)
    monkeypatch.setattr(runner, "warm_up", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(runner.run_documents([REF, REF_2013], jobs=2))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks")
def test_interrupted_warm_up_stops_the_ahead_process_and_removes_its_files(monkeypatch):
    made = []
    real = runner._Ahead

    def spy(*a):
        made.append(real(*a))
        return made[-1]

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "_Ahead", spy)
    monkeypatch.setattr(runner, "_WARM", False)
    monkeypatch.setattr(runner, "warm_up", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(runner.run_documents([REF, REF_2013], jobs=2))
    (ahead,) = made
    assert not ahead.proc.is_alive() and not os.path.exists(ahead.folder)


def _ahead_in_process(monkeypatch, tmp_path, tasks, ppids, body="_write_ahead"):
    """Run the ahead process's ``body`` here, its signals and parent (pid 7) faked."""
    monkeypatch.setattr(signal, "signal", lambda *a: None)
    monkeypatch.setattr(signal, "pthread_sigmask", lambda *a: set(), raising=False)
    seq = iter(ppids)
    monkeypatch.setattr(os, "getppid", lambda: next(seq))
    folder = tmp_path / "ahead"
    folder.mkdir()
    getattr(runner, body)(tasks, str(folder), 7)
    return folder


def test_ahead_skips_files_over_its_size_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(runner, "AHEAD_MAX_FILE", os.stat(REF_2013).st_size)
    tasks = [(REF, None, None, None, None), (REF_2013, None, None, None, None)]
    folder = _ahead_in_process(monkeypatch, tmp_path, tasks, [7, 7])
    assert os.stat(REF).st_size > os.stat(REF_2013).st_size
    assert sorted(p.name for p in folder.iterdir()) == ["1.pickle"]


def test_an_orphaned_ahead_process_stops_and_removes_its_files(monkeypatch, tmp_path):
    tasks = [(REF, None, None, None, None), (REF_2013, None, None, None, None)]
    folder = _ahead_in_process(monkeypatch, tmp_path, tasks, [7, 1, 1], "_work_ahead")  # died after the first
    assert not folder.exists()


def test_an_ahead_process_done_early_waits_and_removes_its_files_if_its_parent_dies(monkeypatch, tmp_path):
    """Done before the parent's warm-up ends, it waits to be stopped; a parent killed
    meanwhile (kill -9) would otherwise leave the pickled texts in TMPDIR."""
    monkeypatch.setattr("time.sleep", lambda s: None)
    tasks = [(REF_2013, None, None, None, None)]
    folder = _ahead_in_process(monkeypatch, tmp_path, tasks, [7, 7, 7, 7, 1], "_work_ahead")
    assert not folder.exists()


def test_warm_up_marks_the_pipeline_warm_only_once_built(monkeypatch):
    """A second thread must wait for the pipeline, not fork workers without it."""
    seen = []
    monkeypatch.setattr(runner, "_WARM", False)
    monkeypatch.setattr(runner, "_build", lambda: seen.append(runner._WARM))
    warm_up()
    warm_up()
    assert seen == [False] and runner._WARM


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_worker_init_takes_its_run_s_work_done_ahead_and_unblocks_the_stop_signals():
    pid = os.fork()
    if pid == 0:  # the child: blocked as a worker is forked, then initialized
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            runner._worker_init(None, {3: b"blob"})
            ok = (runner._AHEAD == {3: b"blob"} and signal.getsignal(signal.SIGINT) == signal.SIG_IGN
                  and not {signal.SIGINT, signal.SIGTERM} & signal.pthread_sigmask(signal.SIG_BLOCK, set()))
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_ahead_leaves_a_named_pipe_to_its_worker(monkeypatch, tmp_path):
    """What the ahead process read of a pipe would be lost to the worker."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    tasks = [(str(fifo), None, None, None, None), (REF_2013, None, None, None, None)]
    folder = _ahead_in_process(monkeypatch, tmp_path, tasks, [7, 7])  # opening the pipe would block here
    assert sorted(p.name for p in folder.iterdir()) == ["1.pickle"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_worker_ends_when_its_parent_is_gone():
    """Killed outright, the parent cannot shut its pool down; the workers' watch ends them."""
    import time

    def child(parent_pid):
        pid = os.fork()
        if pid == 0:
            runner._exit_when_orphaned(parent_pid, every=0.01)
            os._exit(0)  # not reached
        return pid

    orphan = child(os.getpid() + 100_000)  # "its parent" is some other process: it is gone
    _, status = os.waitpid(orphan, 0)
    assert os.waitstatus_to_exitcode(status) == 1
    watched = child(os.getpid())  # its parent is alive: it keeps watching
    time.sleep(0.2)
    assert os.waitpid(watched, os.WNOHANG) == (0, 0)
    os.kill(watched, signal.SIGKILL)
    os.waitpid(watched, 0)
