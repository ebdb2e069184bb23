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
