"""The Dask integration gives the records of the single-process run."""

import pytest

pytest.importorskip("dask.distributed")

from dask.distributed import LocalCluster  # noqa: E402

from extract.dask import records_bag, run_on_scheduler  # noqa: E402
from extract.pipeline import process  # noqa: E402

REF = "corpus/jilin-2012-poverty.txt"


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      processes=True) as c:
        yield c


def test_bag_on_a_local_cluster_equals_single_process_run(cluster, tmp_path):
    other = tmp_path / "copy.txt"
    other.write_bytes(open(REF, "rb").read())
    paths = [REF, str(other)]
    expected = [r.model_dump(mode="json") for p in paths for r in process(p, is_text=False).records]
    got = run_on_scheduler(paths, cluster.scheduler_address)
    assert got == expected
    assert len(got) == 2 * len(process(REF, is_text=False).records)


def test_bag_has_one_partition_per_document():
    assert records_bag([REF, REF, REF]).npartitions == 3


def test_run_with_scheduler_writes_the_same_jsonl(cluster, run_main):
    code, plain, _ = run_main("run", REF)
    code2, distributed, err = run_main("run", REF, "--scheduler", cluster.scheduler_address)
    assert (code, code2) == (0, 0), err
    assert distributed == plain

