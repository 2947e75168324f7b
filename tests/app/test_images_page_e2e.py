"""The images tab in a real headless Chromium (Debian's ``chromium``, driven by Playwright):
drawing by clicking cells, a submission to a playable video and a downloadable trace, and
bad input shown beside its field. The app runs on a loopback port with a tiny fast video
(the fixtures in conftest.py, the helpers in browser.py)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from playwright.sync_api import expect

from nnmath.export import from_json
from nnmath.images import read_images_json, shift_report

from .browser import VIDEO_TIMEOUT, box, download, fill, open_page, video_duration, wait_for_video


@pytest.fixture
def page(browser, app_url):
    page = open_page(browser, app_url, '#images-editor [data-cell="0,0,0"]', tab="images", height=1100)
    yield page
    page.close()


def cell(page, image: int, row: int, col: int):
    return page.locator(f'#images-editor [data-cell="{image},{row},{col}"]')


def click_cells(page, image: int, cells) -> None:
    """Click each (row, column) of image ``image`` and wait until it shows black."""
    for row, col in cells:
        cell(page, image, row, col).click()
        expect(cell(page, image, row, col)).to_have_class(re.compile(r"\bon\b"))


def drawn(page, image: int, size: int = 6) -> list[list[int]]:
    """The image as the page shows it: 1 where a cell is black."""
    classes = page.eval_on_selector_all(f'#images-editor [data-cell^="{image},"]',
                                        "cells => cells.map(c => c.className)")
    values = [1 if re.search(r"\bon\b", c) else 0 for c in classes]
    return [values[r * size:(r + 1) * size] for r in range(size)]


def open_file(page, path) -> None:
    """Press "Open images (JSON)" and choose ``path``."""
    with page.expect_file_chooser() as chooser:
        page.click("#images-open")
    chooser.value.set_files(str(path))


VERTICAL = [(r, 2) for r in range(6)]
HORIZONTAL = [(3, c) for c in range(6)]


def test_draw_by_clicking_submit_and_get_a_video_the_shift_report_and_the_trace(page):
    fill(page, "images-classes", "standing, lying")
    expect(page.locator('#images-editor select[data-class="1"] option[selected]')).to_have_text("lying")
    for image in (0, 1):
        page.click(f'#images-editor [data-clear="{image}"]')
    expect(page.locator("#images-editor td.on")).to_have_count(0)
    click_cells(page, 0, VERTICAL)
    click_cells(page, 1, HORIZONTAL)
    page.click("#images-editor [data-add]")  # a third image, drawn and given the first class
    click_cells(page, 2, [(r, 4) for r in range(1, 6)])
    page.select_option('#images-editor select[data-class="2"]', "0")
    fill(page, "images-max-iterations", 300)
    page.click("#images-submit")
    # the fit's results are on show while the video renders
    expect(page.locator("#images-probabilities .image-row")).to_have_count(3, timeout=VIDEO_TIMEOUT)
    expect(page.locator("#images-shift .shift-cell")).to_have_count(12)
    expect(page.locator("#images-loss svg polyline")).to_have_count(1)
    wait_for_video(page, "images-")
    trace = from_json(download(page, "trace.json", "images-").decode())
    assert trace.kind == "cnn" and trace.model().output_labels == ("standing", "lying")
    assert trace.settings["max_steps"] == 300 and trace.settings["seed"] == 31
    assert trace.outputs.tolist() == [0, 1, 0]
    assert np.array_equal(trace.inputs, [drawn(page, k) for k in range(3)])
    assert trace.inputs[0][:, 2].tolist() == [1] * 6 and trace.inputs[1][3].tolist() == [1] * 6
    report = shift_report(trace)  # what the page says is nnmath's report of this trace
    expect(page.locator("#images-shift .shift-summary")).to_contain_text(report.message())
    assert page.locator("#images-shift .shift-cell").filter(has_text="✓").count() == report.right_count
    assert download(page, "trace.csv", "images-").startswith(b"# nnmath trace")
    assert download(page, "fit.mp4", "images-")[4:8] == b"ftyp"
    assert video_duration(page, "images-") > 1


def test_bad_input_is_shown_beside_its_field_and_nothing_drawn_is_lost(page):
    before = [drawn(page, 0), drawn(page, 1)]
    fill(page, "images-classes", "O, X, Z")
    page.click("#images-submit")
    expect(page.locator("#images-error-images")).to_contain_text(
        "the class 'Z' has no image; draw at least one Z")
    assert [drawn(page, 0), drawn(page, 1)] == before
    fill(page, "images-classes", "O")
    page.click("#images-submit")
    expect(page.locator("#images-error-classes")).to_contain_text("there is 1 class; give at least 2")
    expect(page.locator("#images-error-images")).to_have_text("")
    fill(page, "images-classes", "O, X")
    fill(page, "images-learning-rate", "fast")
    page.click("#images-submit")
    expect(page.locator("#images-error-learning_rate")).to_contain_text("'fast', which is not a number")
    expect(box(page, "images-learning-rate")).to_have_value("fast")
    fill(page, "images-learning-rate", "0.1")
    # a smaller size would cut black pixels off: refused, the drawing and the size stay
    page.locator("#images-size input").click()
    page.get_by_role("option", name="5", exact=True).click()
    expect(page.locator("#images-error-size")).to_contain_text("image 1 has black pixels outside 5x5")
    assert [drawn(page, 0), drawn(page, 1)] == before
    # an image whose class was taken away
    fill(page, "images-classes", "O")
    expect(page.locator('#images-editor select[data-class="1"] option[selected]')).to_have_text("(no class)")
    fill(page, "images-classes", "O, X")
    page.click("#images-editor [data-remove='1']")
    page.click("#images-submit")
    expect(page.locator("#images-error-images")).to_contain_text("the class 'X' has no image")
    page.click("#images-example")  # one click brings the lecture's X and O back
    expect(page.locator("#images-editor .image-card")).to_have_count(2)
    assert [drawn(page, 0), drawn(page, 1)] == before
    expect(page.locator("#images-error-images")).to_have_text("")
    assert "Traceback" not in page.content()


def test_the_images_save_as_json_and_open_again(page, tmp_path):
    click_cells(page, 0, [(0, 0)])  # the O with one more black cell
    before = [drawn(page, 0), drawn(page, 1)]
    page.click("#images-save")
    link = page.locator('#images-saved a[href$="/images.json"]')
    expect(link).to_have_count(1)
    saved = tmp_path / "images.json"
    saved.write_bytes(page.request.get(link.get_attribute("href")).body())
    data = read_images_json(saved)  # the file nnmath fit-images reads
    assert data.class_names == ("O", "X") and data.images.tolist() == before
    broken = tmp_path / "broken.json"
    broken.write_text('{"classes": ["O", "X"], "images": [{"class": "O", "pixels": [[0, 1]]}]}')
    open_file(page, broken)
    expect(page.locator("#images-error-images")).to_contain_text(
        "the file was not opened: image 1's number of rows is 1")
    assert [drawn(page, 0), drawn(page, 1)] == before
    three = tmp_path / "three.json"
    three.write_text(json.dumps({"classes": ["a", "b"], "images": [
        {"class": "b", "pixels": [[1] * 7] + [[0] * 7] * 6},
        {"class": "a", "pixels": [[0] * 7] * 7},
        {"class": "b", "pixels": [[0] * 7] * 6 + [[1] * 7]}]}))
    open_file(page, three)
    expect(page.locator("#images-editor .image-card")).to_have_count(3)
    expect(box(page, "images-classes")).to_have_value("a, b")
    expect(page.locator("#images-error-images")).to_have_text("")
    assert drawn(page, 0, size=7)[0] == [1] * 7 and drawn(page, 2, size=7)[6] == [1] * 7
    expect(page.locator('#images-editor select[data-class="1"] option[selected]')).to_have_text("a")
