"""The page in a real headless Chromium (Debian's ``chromium``, driven by Playwright):
the app is started on a free loopback port by the test itself, with a tiny fast video.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIDEO_TIMEOUT = 120_000  # ms: a queued job waits for the ones before it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """Start ``python -m app.server`` on a loopback port; stop it afterwards."""
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
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(app_url)
    page.wait_for_selector("#submit")
    yield page
    page.close()


def set_cell(page, row: int, col: int, text: str) -> None:
    """Put ``text`` into a table cell through the cell's editor and wait until the cell
    shows it; the table re-renders after each edit, so an edit made too early is tried
    again (at most 3 times). The editor is filled, not typed into after Control+A: the
    select-all does not always reach it, and the typing is then appended."""
    cell = page.locator(f'#data-table [data-testid="cell-{row}-{col}"]')

    def shown() -> str:  # the value; the cell also holds its menu button
        return cell.inner_text().split("\n")[0].strip()

    for _ in range(3):
        cell.dblclick()
        editor = cell.locator("input, textarea")
        editor.wait_for(timeout=3000)
        editor.fill(text)  # replaces whatever the editor holds (select-all then typing may not)
        editor.press("Enter")
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if shown() == text:
                return
            time.sleep(0.1)
    raise AssertionError(f"table cell {row},{col} shows {shown()!r}, not {text!r}")


def set_number(page, elem_id: str, value) -> None:
    page.locator(f"#{elem_id} input").fill(str(value))


def wait_for_video(page) -> None:
    page.wait_for_selector("#video video", timeout=VIDEO_TIMEOUT)
    # "Done" for a clean fit, "Finished ..., but not a clean fit: <verdict>" otherwise
    expect(page.locator("#status")).to_contain_text(re.compile("Done|Finished"), timeout=5000)


def download(page, name: str) -> bytes:
    link = page.locator(f'#downloads a[href$="/{name}"]')
    expect(link).to_have_count(1)
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    return response.body()


def test_enter_data_submit_see_progress_video_results_and_download_the_trace(page):
    for row, (x, y) in enumerate([("0", "0"), ("1", "1"), ("2", "2")]):
        set_cell(page, row, 0, x)
        set_cell(page, row, 1, y)
    set_number(page, "max-iterations", 150)
    page.click("#submit")
    # progress: frames done out of frames total, while rendering
    expect(page.locator("#status")).to_contain_text("Rendering the video: frame", timeout=VIDEO_TIMEOUT)
    # one progress indicator, in its own place under the status, none drawn over the outputs
    assert page.locator("#progress progress").count() == 1
    assert page.locator(".eta-bar, .progress-level, .progress-text, .progress-bar").count() == 0
    status_box, bar_box = page.locator("#status").bounding_box(), page.locator("#progress").bounding_box()
    assert bar_box["y"] >= status_box["y"] + status_box["height"] - 1
    # the fit is on show while the video is still rendering: fitted curve over the data,
    # the loss curve and the final numbers
    assert page.locator("#video video").count() == 0
    expect(page.locator("#fit-curve svg polyline")).to_have_count(1)
    assert page.locator("#fit-curve svg circle").count() == 3
    assert page.locator("#loss-curve svg polyline").count() == 1
    expect(page.locator("#results")).to_contain_text("predicted")
    wait_for_video(page)
    trace = json.loads(download(page, "trace.json"))
    assert trace["data"]["inputs"] == [0.0, 1.0, 2.0] and trace["data"]["outputs"] == [0.0, 1.0, 2.0]
    assert trace["settings"]["max_steps"] == 150
    assert download(page, "trace.csv").startswith(b"# nnmath trace")
    assert download(page, "fit.mp4")[4:8] == b"ftyp"
    final = trace["final"]["params"]
    results = page.inner_text("#results")
    assert "predicted" in results and f"{final['b3']:.4g}" in results
    assert page.locator("#loss-curve svg polyline").count() == 1
    duration = page.evaluate("() => new Promise(done => { const v = document.querySelector('#video video');"
                             " if (v.readyState >= 1) done(v.duration);"
                             " else v.onloadedmetadata = () => done(v.duration); })")
    assert duration > 1


def test_bad_input_shows_its_message_next_to_the_field(page):
    set_cell(page, 1, 0, "abc")
    page.click("#submit")
    expect(page.locator("#error-data")).to_contain_text("input 2 is 'abc', which is not a number")
    set_cell(page, 1, 0, "0.5")
    set_number(page, "max-iterations", 99999999)
    page.click("#submit")
    expect(page.locator("#error-max_iterations")).to_contain_text("the limit is 20000")
    expect(page.locator("#error-data")).to_have_text("")
    set_number(page, "max-iterations", 1000)
    set_number(page, "learning-rate", 100)  # the fit diverges: told next to the learning rate
    page.click("#submit")
    expect(page.locator("#error-learning_rate")).to_contain_text("diverged", timeout=60_000)
    # the advice was checked by a trial run before it was offered
    expect(page.locator("#error-learning_rate")).to_contain_text("(a trial run at")
    # a fractional iteration count is neither rounded nor called empty: it is refused, as typed
    set_number(page, "learning-rate", 0.1)
    set_number(page, "max-iterations", "150.5")
    page.click("#submit")
    expect(page.locator("#error-max_iterations")).to_contain_text("is 150.5; it must be a whole number")
    expect(page.locator("#max-iterations input")).to_have_value("150.5")
    set_number(page, "max-iterations", "1000")
    set_number(page, "learning-rate", "0,5")  # a decimal comma is there, not empty
    page.click("#submit")
    expect(page.locator("#error-learning_rate")).to_contain_text("write decimals with a point: 0.5")
    set_number(page, "learning-rate", "0.1")
    # pasted lists of different lengths
    page.click("#paste-box button, #paste-box .label-wrap")
    page.locator("#paste-inputs textarea").fill("0, 1, 2")
    page.locator("#paste-outputs textarea").fill("0, 1")
    page.click("#paste-button")
    expect(page.locator("#error-paste")).to_contain_text("there are 3 inputs but 2 outputs")
    assert "Traceback" not in page.content()


def test_pasted_lists_fill_the_table(page):
    page.click("#paste-box button, #paste-box .label-wrap")
    page.locator("#paste-inputs textarea").fill("1, 2, 3, 4")
    page.locator("#paste-outputs textarea").fill("0.5 1.5 1 2")
    page.click("#paste-button")
    expect(page.locator('#data-table [data-testid="cell-3-1"]')).to_contain_text("2")
    expect(page.locator('#data-table [data-testid="cell-0-0"]')).to_contain_text("1")


def test_two_submissions_at_once_both_finish(browser, app_url):
    pages = []
    for seed in (21, 22):
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(app_url)
        page.wait_for_selector("#submit")
        set_number(page, "seed", seed)
        set_number(page, "max-iterations", 80)
        pages.append(page)
    for page in pages:
        page.click("#submit")
    for page in pages:
        wait_for_video(page)
    seeds = [json.loads(download(page, "trace.json"))["settings"]["seed"] for page in pages]
    assert seeds == [21, 22]  # each got its own result
    for page in pages:
        page.close()
