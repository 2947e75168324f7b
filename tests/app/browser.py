"""What the page's browser tests share: Debian's Chromium and its flags, a page opened on
one tab, a box filled, a table cell typed, the video waited for and measured, a download
fetched. The page's fixtures (``app_url``, ``browser``) are in conftest.py.

A tab's elements are named by its prefix: "" for the curve, "classes-" and "images-".
"""

from __future__ import annotations

import re
import socket
import time

from playwright.sync_api import expect

__all__ = ["CHROMIUM", "ARGS", "VIDEO_TIMEOUT", "free_port", "open_page", "box", "fill",
           "set_cell", "wait_for_video", "download", "video_duration"]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIDEO_TIMEOUT = 120_000  # ms: a queued job waits for the ones before it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_page(browser, url: str, ready: str, tab: str | None = None, height: int = 1000):
    """A new page at ``url``, on the tab ``tab`` (its id) when given, once ``ready`` shows."""
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.goto(url)
    if tab:
        page.click(f"#tab-{tab}-button")
    page.wait_for_selector(ready)
    return page


def box(page, elem_id: str):
    """The text input of a Gradio box (an input or a textarea)."""
    return page.locator(f"#{elem_id} input, #{elem_id} textarea").first


def fill(page, elem_id: str, value) -> None:
    box(page, elem_id).fill(str(value))


def set_cell(page, table: str, row: int, col: int, text: str) -> None:
    """Put ``text`` into a cell of the table ``table`` (its id) through the cell's editor and
    wait until the cell shows it; the table re-renders after each edit, so an edit made too
    early is tried again (at most 3 times). The editor is filled, not typed into after
    Control+A: the select-all does not always reach it, and the typing is then appended."""
    cell = page.locator(f'#{table} [data-testid="cell-{row}-{col}"]')

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


def wait_for_video(page, prefix: str = "", timeout: int = VIDEO_TIMEOUT) -> None:
    """Wait until the tab shows its video and its status says the job finished."""
    page.wait_for_selector(f"#{prefix}video video", timeout=timeout)
    # "Done" for a clean fit, "Finished ..., but not a clean fit: <verdict>" otherwise
    expect(page.locator(f"#{prefix}status")).to_contain_text(re.compile("Done|Finished"), timeout=5000)


def download(page, name: str, prefix: str = "") -> bytes:
    """The file ``name`` from the tab's downloads, fetched through its link."""
    link = page.locator(f'#{prefix}downloads a[href$="/{name}"]')
    expect(link).to_have_count(1)
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    return response.body()


def video_duration(page, prefix: str = "") -> float:
    """The length in seconds the browser reads from the tab's video (once it has loaded it)."""
    return page.evaluate(
        "(id) => new Promise(done => { const v = document.querySelector(`#${id} video`);"
        " if (v.readyState >= 1) done(v.duration);"
        " else v.onloadedmetadata = () => done(v.duration); })", f"{prefix}video")
