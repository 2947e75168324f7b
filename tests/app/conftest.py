"""One small Dask cluster per test module that asks for it (two worker processes on
127.0.0.1), the folder where the fake render jobs record their runs, and for the browser
tests the page's server on a loopback port and a headless Chromium (one of each per module)."""

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


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """Start ``python -m app.server`` on a loopback port with a tiny fast video; stop it
    after the module."""
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from .browser import CHROMIUM, free_port

    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install chromium"
    cache = tmp_path_factory.mktemp("app-cache")
    port = free_port()
    env = {**os.environ, "LECTURE_PACE": "0.1", "GRADIO_ANALYTICS_ENABLED": "False"}
    log = open(cache / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "app.server", "--port", str(port),
                               "--cache-dir", str(cache), "--video-size", "320x180",
                               "--time-limit", "120"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the app did not start: {(cache / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright; closed after the module."""
    from playwright.sync_api import sync_playwright

    from .browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
