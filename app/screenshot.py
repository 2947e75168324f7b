"""Take the README's screenshot of the page with Playwright and Debian's chromium.

    nnmath-app --port 7860 &            # a running page
    python -m app.screenshot http://127.0.0.1:7860/ app/screenshot.png

It presses "Fit and render" with the default data, waits for the video, shows its last
second, and saves the whole page as a PNG.
"""

from __future__ import annotations

import sys

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "take"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def take(url: str, path: str, timeout_ms: int = 300_000) -> None:
    """Fit the defaults on the page at ``url`` and save a full-page screenshot to ``path``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.click("#submit")
        page.wait_for_selector("#video video", timeout=timeout_ms)
        page.evaluate("""() => new Promise(done => {
            const v = document.querySelector('#video video');
            const seek = () => { v.onseeked = () => done(); v.currentTime = Math.max(0, v.duration - 1); };
            if (v.readyState >= 1) seek(); else v.onloadedmetadata = seek; })""")
        page.wait_for_timeout(500)
        page.screenshot(path=path, full_page=True)
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m app.screenshot URL OUT.png")
    take(sys.argv[1], sys.argv[2])
