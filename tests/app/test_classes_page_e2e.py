"""The classes tab in a real headless Chromium (Debian's ``chromium``, driven by Playwright),
the app started on a loopback port by the test itself with a tiny fast video (the fixtures in
conftest.py, the helpers in browser.py). Rows go in through the paste box and one typed
cell: typing many cells of a Dataframe is slow and timing-sensitive."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .browser import box, download, open_page, set_cell, video_duration, wait_for_video

VIDEO_TIMEOUT = 180_000  # ms: a queued job waits for the ones before it


@pytest.fixture
def page(browser, app_url):
    page = open_page(browser, app_url, "#classes-submit", tab="classes")
    yield page
    page.close()


def cell(page, row: int, col: int):
    return page.locator(f'#classes-table [data-testid="cell-{row}-{col}"]')


def paste(page, text: str) -> None:
    if not page.locator("#classes-paste textarea").is_visible():
        page.click("#classes-paste-box button, #classes-paste-box .label-wrap")
    page.locator("#classes-paste textarea").fill(text)
    page.click("#classes-paste-button")


ROWS = "width, height, kind\n0.1, 0.2, cat\n0.2, 0.1, cat\n0.9, 0.8, dog\n0.8, 0.9, dog\n"


def test_typed_rows_to_a_playable_video_and_a_downloadable_trace(page):
    paste(page, ROWS)
    expect(cell(page, 3, 2)).to_contain_text("dog")
    expect(box(page, "classes-name1")).to_have_value("width")
    expect(box(page, "classes-name2")).to_have_value("height")
    set_cell(page, "classes-table", 1, 0, "0.25")  # one typed cell
    box(page, "classes-max-iterations").fill("300")
    box(page, "classes-learning-rate").fill("0.1")
    box(page, "classes-row").fill("3")
    page.click("#classes-submit")
    # the fit is on show before the video: the rows by class, the cross entropy, the numbers
    expect(page.locator("#classes-loss svg polyline")).to_have_count(1, timeout=VIDEO_TIMEOUT)
    assert page.locator("#classes-points svg circle").count() == 4
    expect(page.locator("#classes-results")).to_contain_text("Rows classified right")
    expect(page.locator("#classes-results")).to_contain_text("Row 3 (width 0.9, height 0.8, class dog)")
    wait_for_video(page, "classes-", VIDEO_TIMEOUT)
    trace = json.loads(download(page, "trace.json", "classes-"))
    assert trace["data"]["inputs"] == [[0.1, 0.2], [0.25, 0.1], [0.9, 0.8], [0.8, 0.9]]
    assert trace["model"]["inputs"] == ["width", "height"] and trace["model"]["outputs"] == ["cat", "dog"]
    assert trace["settings"]["max_steps"] == 300 and trace["settings"]["learning_rate"] == 0.1
    assert download(page, "trace.csv", "classes-").startswith(b"# nnmath trace")
    assert download(page, "fit.mp4", "classes-")[4:8] == b"ftyp"
    assert download(page, "fit.vtt", "classes-").startswith(b"WEBVTT")
    right = sum(1 for p, c in zip(trace["final"]["predictions"], trace["data"]["outputs"])
                if max(range(2), key=lambda k: p[k]) == c)
    expect(page.locator("#classes-results")).to_contain_text(f"{right} of 4")
    assert page.locator("#classes-video track").count() == 1  # the captions ride along
    assert video_duration(page, "classes-") > 1


def test_bad_input_is_shown_beside_its_field_and_nothing_typed_is_lost(page):
    box(page, "classes-name2").fill("Petal Width")
    page.click("#classes-submit")
    expect(page.locator("#classes-error-names")).to_contain_text("both inputs are named 'petal width'")
    expect(box(page, "classes-name2")).to_have_value("Petal Width")
    box(page, "classes-name2").fill("sepal width")
    set_cell(page, "classes-table", 1, 1, "abc")
    page.click("#classes-submit")
    expect(page.locator("#classes-error-rows")).to_contain_text("row 2's sepal width is 'abc', which is not a number")
    expect(page.locator("#classes-error-names")).to_have_text("")
    expect(cell(page, 1, 1)).to_contain_text("abc")
    set_cell(page, "classes-table", 1, 1, "0.54")
    box(page, "classes-row").fill("7")
    page.click("#classes-submit")
    expect(page.locator("#classes-error-row")).to_contain_text("choose a whole number from 1 to 3")
    expect(box(page, "classes-row")).to_have_value("7")
    paste(page, "1, 2, a\n3, 4, a\n")
    expect(page.locator("#classes-error-paste")).to_contain_text("every row is of the class 'a'")
    expect(cell(page, 0, 2)).to_contain_text("setosa")  # the table is kept as it was
    assert "Traceback" not in page.content()


def test_the_iris_example_fills_the_table(page):
    page.click("#classes-example-iris")
    expect(cell(page, 0, 0)).to_have_text(re.compile(r"^\s*0\.04"))
    expect(cell(page, 0, 1)).to_have_text(re.compile(r"^\s*0\.62"))
    expect(cell(page, 0, 2)).to_contain_text("setosa")
    expect(box(page, "classes-learning-rate")).to_have_value("0.005")
    choose(page, "classes-iris-x", "petal length")
    choose(page, "classes-iris-y", "sepal length")
    page.click("#classes-example-iris")
    expect(box(page, "classes-name1")).to_have_value("petal length")
    expect(box(page, "classes-name2")).to_have_value("sepal length")
    expect(cell(page, 0, 0)).to_have_text(re.compile(r"^\s*0\.07"))
    expect(cell(page, 0, 1)).to_have_text(re.compile(r"^\s*0\.22"))
    choose(page, "classes-iris-y", "petal length")
    page.click("#classes-example-iris")
    expect(page.locator("#classes-error-example")).to_contain_text("both measurements are petal length")
    expect(box(page, "classes-name2")).to_have_value("sepal length")  # kept
    page.click("#classes-example-lecture")
    expect(cell(page, 2, 2)).to_contain_text("versicolor")
    expect(page.locator("#classes-error-example")).to_have_text("")
    expect(box(page, "classes-learning-rate")).to_have_value("0.01")


def choose(page, elem_id: str, option: str) -> None:
    page.click(f"#{elem_id} input")
    page.locator(f"#{elem_id} input").fill(option)
    page.locator(f'ul[role="listbox"] li:has-text("{option}")').first.click()
    expect(box(page, elem_id)).to_have_value(option)
