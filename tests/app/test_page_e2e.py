"""The page's curve tab in a real headless Chromium (Debian's ``chromium``, driven by
Playwright): the app is started on a free loopback port by the test itself, with a tiny fast
video (the fixtures in conftest.py, the helpers in browser.py).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from .browser import VIDEO_TIMEOUT, download, fill, open_page, set_cell, video_duration, wait_for_video


@pytest.fixture
def page(browser, app_url):
    page = open_page(browser, app_url, "#submit")
    yield page
    page.close()


def test_enter_data_submit_see_progress_video_results_and_download_the_trace(page):
    for row, (x, y) in enumerate([("0", "0"), ("1", "1"), ("2", "2")]):
        set_cell(page, "data-table", row, 0, x)
        set_cell(page, "data-table", row, 1, y)
    fill(page, "max-iterations", 150)
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
    assert video_duration(page) > 1


def test_bad_input_shows_its_message_next_to_the_field(page):
    set_cell(page, "data-table", 1, 0, "abc")
    page.click("#submit")
    expect(page.locator("#error-data")).to_contain_text("input 2 is 'abc', which is not a number")
    set_cell(page, "data-table", 1, 0, "0.5")
    fill(page, "max-iterations", 99999999)
    page.click("#submit")
    expect(page.locator("#error-max_iterations")).to_contain_text("the limit is 20000")
    expect(page.locator("#error-data")).to_have_text("")
    fill(page, "max-iterations", 1000)
    fill(page, "learning-rate", 100)  # the fit diverges: told next to the learning rate
    page.click("#submit")
    expect(page.locator("#error-learning_rate")).to_contain_text("diverged", timeout=60_000)
    # the advice was checked by a trial run before it was offered
    expect(page.locator("#error-learning_rate")).to_contain_text("(a trial run at")
    # a fractional iteration count is neither rounded nor called empty: it is refused, as typed
    fill(page, "learning-rate", 0.1)
    fill(page, "max-iterations", "150.5")
    page.click("#submit")
    expect(page.locator("#error-max_iterations")).to_contain_text("is 150.5; it must be a whole number")
    expect(page.locator("#max-iterations input")).to_have_value("150.5")
    fill(page, "max-iterations", "1000")
    fill(page, "learning-rate", "0,5")  # a decimal comma is there, not empty
    page.click("#submit")
    expect(page.locator("#error-learning_rate")).to_contain_text("write decimals with a point: 0.5")
    fill(page, "learning-rate", "0.1")
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
        page = open_page(browser, app_url, "#submit")
        fill(page, "seed", seed)
        fill(page, "max-iterations", 80)
        pages.append(page)
    for page in pages:
        page.click("#submit")
    for page in pages:
        wait_for_video(page)
    seeds = [json.loads(download(page, "trace.json"))["settings"]["seed"] for page in pages]
    assert seeds == [21, 22]  # each got its own result
    for page in pages:
        page.close()
