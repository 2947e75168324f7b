"""One small Dask cluster per test module that asks for it (two worker processes on
127.0.0.1), and the folder where the fake render jobs record their runs."""

from __future__ import annotations

import os

import pytest

from app.cluster import connect


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """FAKE_RUNS_DIR, set before the module's cluster starts (its workers inherit it)."""
    folder = tmp_path_factory.mktemp("runs")
    old = os.environ.get("FAKE_RUNS_DIR")
    os.environ["FAKE_RUNS_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("FAKE_RUNS_DIR", None)
    else:
        os.environ["FAKE_RUNS_DIR"] = old


@pytest.fixture(scope="module")
def cluster(runs):
    """A local cluster of two worker processes, closed after the module."""
    with connect(workers=2) as running:
        yield running
