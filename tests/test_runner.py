"""The runner's warm-up: once per process, collector left as it was."""

import gc

from extract.runner import warm_up


def test_warm_up_runs_once_and_leaves_the_collector_enabled():
    warm_up()
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    warm_up()
    assert gc.get_freeze_count() == frozen
