"""Screenshots of every page of the real app, for the README.

    python -m tools.screenshots              # -> docs/screenshots/<page>.png
    python -m tools.screenshots --lang en    # -> docs/screenshots/<page>_en.png

Starts `streamlit run streamlit_app.py`, opens each page from the sidebar in headless Chromium
(Debian's chromium package), waits until Streamlit has finished running, and saves a full-page PNG;
``--lang en`` switches the UI to English first (``<page>_en.png``).
On the live-prediction page it first uploads a real PrivateTest face.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench.paint import DONE, streamlit_server
from core import paths, texts
from dashboard.navigation import PAGES

CHROMIUM = "/usr/bin/chromium"


def _settle(page, timeout_ms: float) -> None:
    """Wait until Streamlit has finished the run and no element is still a loading skeleton."""
    page.wait_for_timeout(1000)
    for _ in range(2):
        page.locator(DONE).wait_for(timeout=timeout_ms)
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=timeout_ms
        )
        page.wait_for_timeout(2000)


def capture(out: Path, lang: str, face: Path | None, height: int = 2200, timeout_ms: float = 180_000) -> list[Path]:
    """Save one PNG per page (home first) and return their paths; ``height`` is the window height
    (Streamlit scrolls inside the page, so a full-page shot is only as tall as the window)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with streamlit_server(dict(os.environ)) as (url, _pid), sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": height})
        page.goto(url, timeout=timeout_ms)
        _settle(page, timeout_ms)
        if lang == "en":
            page.get_by_text("English").first.click()
            _settle(page, timeout_ms)
        for name in ["home", *PAGES]:
            if name != "home":  # through the sidebar: a new URL would be a new session, back in Indonesian
                page.get_by_test_id("stSidebarNav").get_by_text(texts.text(PAGES[name].title, lang), exact=True).click()
                _settle(page, timeout_ms)
            if name == "prediction" and face is not None:
                page.locator('input[type="file"]').first.set_input_files(str(face))
                _settle(page, timeout_ms)
            target = out / f"{name}{'' if lang == 'id' else '_en'}.png"
            page.screenshot(path=str(target), full_page=True)
            saved.append(target)
            print(target)
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=paths.ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="UI language of the screenshots")
    parser.add_argument("--face", type=Path, default=None, help="image to upload on the live-prediction page")
    args = parser.parse_args(argv)
    face = args.face
    if face is None:
        candidates = sorted((paths.data_dir() / "test" / "happy").glob("PrivateTest_*"))
        face = candidates[0] if candidates else None
    capture(args.out, args.lang, face)


if __name__ == "__main__":
    main()
