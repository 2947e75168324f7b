"""The classes tab in a real headless Chromium (Debian's ``chromium``, driven by Playwright),
the app started on a loopback port by the test itself with a tiny fast video (the fixtures of
test_page_e2e). Rows go in through the paste box and one typed cell: typing many cells of a
Dataframe is slow and timing-sensitive."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.app.test_page_e2e import app_url, browser  # noqa: F401 - fixtures

VIDEO_TIMEOUT = 180_000  # ms: a queued job waits for the ones before it


@pytest.fixture
def page(browser, app_url):  # noqa: F811 - the fixtures imported above
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(app_url)
    page.click("#tab-classes-button")
    page.wait_for_selector("#classes-submit")
    yield page
    page.close()


def set_cell(page, row: int, col: int, text: str) -> None:
    """Type ``text`` into a cell of the classes table and wait until it shows it (tried
    again at most 3 times: the table re-renders after an edit)."""
    cell = page.locator(f'#classes-table [data-testid="cell-{row}-{col}"]')

    def shown() -> str:
        return cell.inner_text().split("\n")[0].strip()

    for _ in range(3):
        cell.dblclick()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if shown() == text:
                return
            time.sleep(0.1)
    raise AssertionError(f"table cell {row},{col} shows {shown()!r}, not {text!r}")


def cell(page, row: int, col: int):
    return page.locator(f'#classes-table [data-testid="cell-{row}-{col}"]')


def box(page, elem_id: str):
    return page.locator(f"#{elem_id} input, #{elem_id} textarea").first


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
    set_cell(page, 1, 0, "0.25")  # one typed cell
    box(page, "classes-max-iterations").fill("300")
    box(page, "classes-learning-rate").fill("0.1")
    box(page, "classes-row").fill("3")
    page.click("#classes-submit")
    # the fit is on show before the video: the rows by class, the cross entropy, the numbers
    expect(page.locator("#classes-loss svg polyline")).to_have_count(1, timeout=VIDEO_TIMEOUT)
    assert page.locator("#classes-points svg circle").count() == 4
    expect(page.locator("#classes-results")).to_contain_text("Rows classified right")
    expect(page.locator("#classes-results")).to_contain_text("Row 3 (width 0.9, height 0.8, class dog)")
    page.wait_for_selector("#classes-video video", timeout=VIDEO_TIMEOUT)
    expect(page.locator("#classes-status")).to_contain_text(re.compile("Done|Finished"), timeout=5000)
    trace = json.loads(download_from(page, "trace.json"))
    assert trace["data"]["inputs"] == [[0.1, 0.2], [0.25, 0.1], [0.9, 0.8], [0.8, 0.9]]
    assert trace["model"]["inputs"] == ["width", "height"] and trace["model"]["outputs"] == ["cat", "dog"]
    assert trace["settings"]["max_steps"] == 300 and trace["settings"]["learning_rate"] == 0.1
    assert download_from(page, "trace.csv").startswith(b"# nnmath trace")
    assert download_from(page, "fit.mp4")[4:8] == b"ftyp"
    assert download_from(page, "fit.vtt").startswith(b"WEBVTT")
    right = sum(1 for p, c in zip(trace["final"]["predictions"], trace["data"]["outputs"])
                if max(range(2), key=lambda k: p[k]) == c)
    expect(page.locator("#classes-results")).to_contain_text(f"{right} of 4")
    assert page.locator("#classes-video track").count() == 1  # the captions ride along
    duration = page.evaluate("() => new Promise(done => { const v = document.querySelector('#classes-video video');"
                             " if (v.readyState >= 1) done(v.duration);"
                             " else v.onloadedmetadata = () => done(v.duration); })")
    assert duration > 1


def download_from(page, name: str) -> bytes:
    link = page.locator(f'#classes-downloads a[href$="/{name}"]')
    expect(link).to_have_count(1)
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    return response.body()


def test_bad_input_is_shown_beside_its_field_and_nothing_typed_is_lost(page):
    box(page, "classes-name2").fill("Petal Width")
    page.click("#classes-submit")
    expect(page.locator("#classes-error-names")).to_contain_text("both inputs are named 'petal width'")
    expect(box(page, "classes-name2")).to_have_value("Petal Width")
    box(page, "classes-name2").fill("sepal width")
    set_cell(page, 1, 1, "abc")
    page.click("#classes-submit")
    expect(page.locator("#classes-error-rows")).to_contain_text("row 2's sepal width is 'abc', which is not a number")
    expect(page.locator("#classes-error-names")).to_have_text("")
    expect(cell(page, 1, 1)).to_contain_text("abc")
    set_cell(page, 1, 1, "0.54")
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
