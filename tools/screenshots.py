"""Screenshots of every page of the real app, for the README.

    python -m tools.screenshots              # -> docs/screenshots/<page>.png
    python -m tools.screenshots --lang en    # -> docs/screenshots/<page>_en.png

Starts `streamlit run streamlit_app.py`, opens each page from the sidebar in headless Chromium
(Debian's chromium package), waits until Streamlit has finished running, and saves a full-page PNG;
``--lang en`` switches the UI to English first (``<page>_en.png``).
On the live-prediction page it first uploads a real PrivateTest face; on the webcam/video/batch page
it also analyses a short clip and a photo batch made from that face (``media_video``, ``media_batch``).
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


def capture(out: Path, lang: str, face: Path | None, *, height: int = 2200, timeout_ms: float = 180_000) -> list[Path]:
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
            if name == "media" and face is not None:
                saved += _media_views(page, out, lang, face=face, timeout_ms=timeout_ms)
        browser.close()
    return saved


def _media_views(page, out: Path, lang: str, *, face: Path, timeout_ms: float) -> list[Path]:
    """The video view after analysing a 12-frame clip of the face, the batch view after 3 photos of it."""
    import tempfile

    from bench.context import photo_jpeg
    from bench.parts.media import h264_clip, webcam_frames

    photo = photo_jpeg(face.read_bytes())
    folder = Path(tempfile.mkdtemp())
    (folder / "clip.mp4").write_bytes(h264_clip(webcam_frames(photo)))
    for i in range(3):
        (folder / f"photo{i + 1}.jpg").write_bytes(photo)
    saved = []
    for view, files, start in (
        ("video", [folder / "clip.mp4"], "video_analyse"),
        ("batch", sorted(folder.glob("photo*.jpg")), "batch_analyse"),
    ):
        page.get_by_role("radio", name=texts.text(f"media_mode_{view}", lang), exact=True).click()
        _settle(page, timeout_ms)
        page.locator('input[type="file"]').first.set_input_files([str(f) for f in files])
        _settle(page, timeout_ms)
        page.get_by_role("button", name=texts.text(start, lang)).click()
        _settle(page, timeout_ms)
        target = out / f"media_{view}{'' if lang == 'id' else '_en'}.png"
        page.screenshot(path=str(target), full_page=True)
        saved.append(target)
        print(target)
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
