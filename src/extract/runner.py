"""Running many documents: in order, optionally in parallel worker processes.

Where processes can be forked (Linux), the parent builds the pipeline (rules, spaCy,
jieba, gazetteer) before it starts the workers, which inherit it instead of each
paying the start-up again; elsewhere each worker pays it once. While the parent builds
it, a process forked first works ahead on the first documents (reading, segments and
the rule stage, which need no spaCy), so the second core is not idle during the start-up
(:class:`_Ahead`); their workers take that work instead of doing it again. Results come back in
input order. A document that cannot be read yields its
:class:`~extract.errors.InputError` in its place, so the others still run; an error
that is not the document's (a malformed rule file: :class:`~extract.errors.RuleError`)
is raised and ends the run, with one process or many.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Union

from .errors import ExtractError, InputError


#: A document's output as text: ``render(path, year, chunks)`` gives its pieces in order
#: (:func:`extract.output.render` with the format bound).
Render = Callable[[str, Optional[int], Iterable], Iterable[str]]


@dataclass
class Result:
    """One document's output: ``records`` and ``checks`` as iterables of chunks
    (``chunks``: ``[(records, checks), ...]``), the document ``text``, the report ``year``;
    with a ``render`` function given to :func:`run_documents`, ``pieces``: the text
    it makes of them, and ``chunks`` is not to be read (it is used up, or left in the worker)."""

    path: str
    text: str
    year: Optional[int]
    chunks: Iterable
    pieces: Iterable[str] = ()


def _stream(path: str, year: Optional[int], encoding: Optional[str], render: Optional[Render] = None,
            ahead_blob: Optional[bytes] = None) -> Result:
    from .ingest import read_document
    from .pipeline import prepare, stream

    prep, ahead = _load_ahead(ahead_blob) if ahead_blob else (None, None)
    if prep is None:
        prep = prepare(read_document(path, encoding=encoding), year)
    res = Result(path, prep.source.text, prep.year, ((r, c) for r, c, _ in stream(prep, ahead=ahead)))
    if render is not None:
        res.pieces = render(path, res.year, res.chunks)
    return res


@dataclass
class _Failed:
    """An :class:`ExtractError` on its way back from a worker process.

    ``ExtractError(where, cause)`` does not survive pickling (its ``args`` hold the
    joined message, so unpickling calls ``cls(message)`` and fails in the parent's
    result thread: ``BrokenProcessPool``); its class, ``where`` and ``cause`` do."""

    kind: type
    where: str
    cause: str

    def error(self) -> ExtractError:
        return self.kind(self.where, self.cause)


def _whole(args) -> tuple[str, Union[Result, _Failed]]:
    path, year, encoding, render, ahead_key = args
    try:
        res = _stream(path, year, encoding, render, _AHEAD.get(ahead_key) if ahead_key is not None else None)
        if render is None:
            res.chunks = list(res.chunks)  # materialized in the worker, pickled back
        else:  # only the text goes back: unpickling records costs the parent more than writing them
            res.pieces, res.chunks = ["".join(res.pieces)], ()
        return path, res
    except ExtractError as err:
        return path, _Failed(type(err), err.where, err.cause)


def _worker_init(parent: Optional[int] = None, ahead: Optional[dict] = None) -> None:
    """Worker initializer: Ctrl-C is the parent's to handle (it cancels the pending
    documents; a worker killed by it would break the pool instead), and a worker ends
    quietly on SIGTERM instead of running the handler it inherited from the CLI (the
    parent forks its workers with both signals blocked, unblocked here once handled).
    With ``parent`` (its pid), a daemon thread ends the worker within a second of the
    parent's death (killed outright, the parent cannot shut its pool down: idle workers
    would wait for work forever). ``ahead``: the run's work done ahead (:class:`_Ahead`),
    ``{task index: bytes}``, inherited through the fork, not pickled."""
    _child_signals()
    _AHEAD.clear()
    _AHEAD.update(ahead or {})
    if parent is not None:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


#: The signals that stop a run: the CLI's to handle, never a child's.
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stop_signals_blocked():
    """SIGINT and SIGTERM held back in this thread for the block (around a fork: the child
    must not run the CLI's handlers before it installs its own); delivered after it."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _child_signals() -> None:
    """In a forked child: ignore Ctrl-C (the parent's to handle), end quietly on SIGTERM,
    then let both through (the parent forked it with them blocked)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _wait_while_alive(parent: int, every: float) -> None:
    """Return once the process ``parent`` is no longer this process's parent (it died)."""
    while os.getppid() == parent:
        time.sleep(every)


def _exit_when_orphaned(parent: int, every: float = 1.0) -> None:
    _wait_while_alive(parent, every)
    os._exit(1)


_WARM = False
_WARM_LOCK = threading.Lock()

#: What :func:`warm_up` runs through the pipeline: a few lines with an entity of each kind,
#: so that what is built on first use (patterns, tables, lazily imported modules) is built
#: once, before the workers are forked, instead of once in each.
WARM_UP_TEXT = (
    "吉林省扶贫开发\n\n【资金投入】2012年,全省共投入财政专项扶贫资金6.8亿元,比2011年增长15%以上,"
    "其中国家财政专项扶贫资金5.7亿元。根据《关于进一步加强扶贫开发工作的意见》(吉发〔2012〕4号),"
    "长春市农安县、延边朝鲜族自治州等地的293个贫困村完成整村推进,省扶贫办主任李明出席会议。\n"
)


def warm_up() -> None:
    """Build what every document needs (rules, spaCy, the segmenter, the gazetteer
    and its automaton, word lists, and whatever is built on first use: it runs
    :data:`WARM_UP_TEXT` through the pipeline) in this process, for forked workers to
    inherit, then move it out of the garbage collector's sight (``gc.freeze``: it lives
    as long as the process; collections neither scan it nor, in a forked worker, copy its
    pages). Called by :func:`run_documents` before several documents; a process that
    runs many documents itself may call it too. Runs once per process (later calls return).

    Errors are left for the workers to meet and report as they do without a warm-up
    (a malformed rule file: after the documents that failed to read before it). Not
    kept: the SQLite connection to the table of word tags (it must not cross a fork;
    closed again)."""
    global _WARM
    with _WARM_LOCK:  # a second thread waits for the pipeline instead of forking without it
        if _WARM:
            return
        try:
            _build()
        finally:
            _WARM = True


def _build() -> None:
    enabled = gc.isenabled()
    gc.disable()  # what is built here lives on: collecting during the build only costs time
    try:
        from .context import load_lists
        from .ingest import Source
        from .ner import build_nlp
        from .output import rendered
        from .pipeline import process_source
        from .places import _automaton, place_office_pattern, settlement_facts
        from .segment import close_word_tags, cut

        build_nlp()
        cut("作为")  # jieba-rs's dictionary
        _automaton()
        settlement_facts()
        place_office_pattern()
        load_lists()
        try:
            doc = process_source(Source(None, WARM_UP_TEXT, "utf-8", "text/plain"))
            rendered("jsonl", "", None, [(doc.records, doc.checks)])
            del doc  # not to be frozen with the pipeline
        finally:
            close_word_tags()
    except Exception:  # noqa: BLE001 - reported by the workers, as before
        pass
    finally:
        # What the warm-up built lives as long as the process: out of the collector's
        # sight, forked workers neither scan it nor copy its pages by touching it (the
        # gc.freeze recipe of the Python docs for fork pools).
        gc.freeze()
        if enabled:
            gc.enable()


# --- working ahead while the pipeline starts up -------------------------------------------


#: :func:`_work_ahead` skips a file larger than this (bytes): its work would not end before
#: the pipeline is built, and its result would be large.
AHEAD_MAX_FILE = 4 << 20
#: ... and stops once its files hold this many bytes in all.
AHEAD_MAX_TOTAL = 64 << 20

#: In a worker: its run's work done ahead, ``{task index: pickled (Prepared, Ahead)}``
#: (set by :func:`_worker_init`; see :class:`_Ahead`).
_AHEAD: dict[int, bytes] = {}

def _work_ahead(tasks: list, folder: str, parent: int) -> None:
    """Body of the process :class:`_Ahead` starts: :func:`_write_ahead`, then wait to be
    stopped (SIGTERM, :meth:`_Ahead.stop`); if ``parent`` (its pid) dies first, nobody
    will read or remove ``folder``: remove it and end."""
    import shutil

    _child_signals()
    _write_ahead(tasks, folder, parent)
    _wait_while_alive(parent, 0.05)
    shutil.rmtree(folder, ignore_errors=True)


def _write_ahead(tasks: list, folder: str, parent: int) -> None:
    """For each task in order, read and prepare the document and run
    :func:`extract.pipeline.work_ahead` (the rule stage: no spaCy to import, nor the
    segmenter's dictionary), then write ``(Prepared, Ahead)`` as ``<index>.pickle`` in
    ``folder`` (whole, or not at all: written aside, then renamed). A document that fails
    is skipped (its worker meets the error again and reports it), and so is what is not a
    regular file (a pipe would lose what this process read of it) or is over
    :data:`AHEAD_MAX_FILE` bytes. Returns after :data:`AHEAD_MAX_TOTAL` bytes written, at
    a write error, when done, or when ``parent`` has died."""
    import pickle
    import stat

    from .ingest import read_document
    from .pipeline import prepare, work_ahead

    written = 0
    for i, (path, year, encoding, *_rest) in enumerate(tasks):
        if os.getppid() != parent:
            return
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > AHEAD_MAX_FILE:
                continue
            prep = prepare(read_document(path, encoding=encoding), year)
            blob = pickle.dumps((prep, work_ahead(prep)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - the worker will meet it and report it
            continue
        tmp = os.path.join(folder, f"{i}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, os.path.join(folder, f"{i}.pickle"))
        except OSError:  # a full or unwritable disk: the workers do all the work
            return
        written += len(blob)
        if written > AHEAD_MAX_TOTAL:
            return


def _load_ahead(blob: bytes):
    """``(Prepared, Ahead)`` from what :func:`_work_ahead` wrote, or ``(None, None)``
    when it cannot be read."""
    import pickle

    try:
        prep, ahead = pickle.loads(blob)  # written by our own child into our private folder
        return prep, ahead
    except Exception:  # noqa: BLE001 - the work is done again instead
        return None, None


class _Ahead:
    """A process that works ahead on the first documents while the parent starts up.

    Building the pipeline (:func:`warm_up`: spaCy's import above all) takes the parent
    most of a second, on one core, before any worker can start. Meanwhile this process,
    forked first, reads, prepares and runs the rule stage on the documents in order
    (none of which needs spaCy: :func:`extract.pipeline.work_ahead`), over a third of
    each document's work. :meth:`stop`, called once the pipeline is built, ends it,
    reads what it finished into this process and removes its private temporary folder;
    the workers, forked next, inherit that (:func:`_worker_init`) and take it instead of
    doing that work again (and do all of it for the other documents). SIGINT and SIGTERM
    are blocked around the fork, so the child never runs the CLI's handlers. Raises
    ``OSError`` when the process cannot be started (the folder is removed then)."""

    def __init__(self, tasks: list, context) -> None:
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="extract-ahead-")
        self.proc = None
        try:
            self.proc = context.Process(target=_work_ahead, args=(tasks, self.folder, os.getpid()), daemon=True)
            with _stop_signals_blocked():
                self.proc.start()
        except BaseException:
            self.close()
            raise

    def stop(self) -> dict[int, bytes]:
        """End the process, read what it finished and remove its folder:
        ``{task index: pickled (Prepared, Ahead)}``."""
        self.close(keep_folder=True)
        done = {}
        try:
            names = os.listdir(self.folder)
        except OSError:
            names = []
        for name in names:
            stem, _, ext = name.partition(".")
            if ext == "pickle" and stem.isdigit():
                try:
                    with open(os.path.join(self.folder, name), "rb") as fh:
                        done[int(stem)] = fh.read()
                except OSError:
                    pass
        self.close()
        return done

    def close(self, keep_folder: bool = False) -> None:
        """End the process if it runs; remove the folder unless ``keep_folder``."""
        import shutil

        if self.proc is not None and self.proc.pid is not None:
            if self.proc.is_alive():
                self.proc.terminate()
            self.proc.join()
        if not keep_folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def _pool_context():
    """``fork`` where the platform has it (workers inherit the warmed pipeline), else
    the default start method (``None``)."""
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def run_documents(paths: Iterable[str], year: Optional[int] = None, encoding: Optional[str] = None,
                  jobs: int = 1, render: Optional[Render] = None) -> Iterator[tuple[str, Union[Result, ExtractError]]]:
    """Yield ``(path, Result | ExtractError)`` for each path, in input order.

    With ``jobs == 1`` a result's chunks (and pieces) are produced lazily as the caller
    consumes them, so memory is bounded by one chunk of one document whatever the file
    size (errors inside a document's chunks propagate as :class:`ExtractError` from the
    iteration). ``jobs > 1`` uses a process pool (``concurrent.futures``), forked
    from this process after a warm-up where the platform allows (see the module doc);
    each document is processed in a worker and returned whole, in input order: its
    text rendered there when ``render`` is given (a picklable function: module-level,
    or a ``functools.partial`` of one), else its records and checks. Where processes
    are forked, a process works ahead on the first documents while this one warms up
    (:class:`_Ahead`). Forking copies only the calling thread: in a program with other
    threads, run it while they hold no lock the pipeline needs (import locks included),
    or use the Dask integration (:mod:`extract.dask`).
    """
    tasks = [(p, year, encoding, render, None) for p in paths]
    if jobs <= 1 or len(tasks) <= 1:
        if len(tasks) > 1:
            warm_up()  # and out of the collector's sight, as for workers
        for path, y, enc, rend, _ in tasks:
            try:
                yield path, _stream(path, y, enc, rend)
            except InputError as err:
                yield path, err
        return
    from concurrent.futures import ProcessPoolExecutor

    context = _pool_context()
    ahead = None
    try:
        if context is not None:
            if not _WARM:  # the second core's work during the warm-up
                try:
                    ahead = _Ahead(tasks, context)
                except OSError:  # no process to spare (EAGAIN, ENOMEM): the workers do it all
                    ahead = None
            try:
                warm_up()
            finally:
                done = ahead.stop() if ahead is not None else {}
            tasks = [(p, y, enc, rend, i if i in done else None) for i, (p, y, enc, rend, _) in enumerate(tasks)]
        else:
            done = {}
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                                   initializer=_worker_init, initargs=(os.getpid(), done))
        try:
            with _stop_signals_blocked():  # the first submit forks every worker (fork context)
                results = pool.map(_whole, tasks, chunksize=1)
            for path, res in results:
                if isinstance(res, _Failed):
                    err = res.error()
                    if not isinstance(err, InputError):
                        raise err  # a bad rule file fails every document: stop, as jobs == 1 does
                    yield path, err
                else:
                    yield path, res
        finally:
            # On Ctrl-C, a fatal error or an abandoned iteration, documents not yet
            # started are dropped instead of being processed before the exit.
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if ahead is not None:
            ahead.close()
