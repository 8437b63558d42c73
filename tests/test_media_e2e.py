"""End to end in Chromium: a webcam played from a .y4m file, a video clip and a photo batch with their CSVs."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import test_e2e
from media import encode_clip, moving_face_frames, photo_zip, two_face_jpeg, write_y4m
from test_faces import needs_data

from bench.paint import CHROMIUM, DONE
from bench.paint import CHROMIUM_ARGS as ARGS
from core import classes, texts

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    needs_data,
]
app_url = test_e2e.app_url
"""The real app on a free port with the fixture models and reports."""
LABELS = set(classes.labels("en"))
ROOT = Path(__file__).resolve().parents[1]


def _settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector(DONE, timeout=180_000)


def _open(browser, app_url: str, mode: str):
    """The media page in English with one of its three views chosen."""
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    page.goto(f"{app_url}/media", wait_until="networkidle")
    _settle(page)
    page.get_by_text("English").first.click()
    _settle(page)
    page.get_by_role("radio", name=texts.text(f"media_mode_{mode}", "en"), exact=True).click()
    _settle(page)
    return page


def _metric(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True))
    return metric.get_by_test_id("stMetricValue").first.inner_text().strip()


def _launch(p, *extra: str):
    return p.chromium.launch(executable_path=str(CHROMIUM), args=[*ARGS, *extra])


def test_webcam_stream_shows_both_scenarios_labels(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    frames = moving_face_frames(30, step=3)
    feed = write_y4m(tmp_path / "webcam.y4m", frames + frames[::-1])
    fake = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    with sync_playwright() as p:
        browser = _launch(p, *fake, f"--use-file-for-fake-video-capture={feed}")
        try:
            page = _open(browser, app_url, "stream")
            component = page.frame_locator("iframe[title*='webrtc']").first
            component.get_by_role("button", name=texts.text("stream_start", "en")).click()
            names = [
                texts.text("scenario_role", "en", n=n, name=s) for n, s in enumerate(("baseline", "optimized"), start=1)
            ]
            seen: list[tuple[str, ...]] = []
            for _ in range(150):
                page.wait_for_timeout(1000)
                values = tuple(_metric(page, name) for name in names)
                if all(v in LABELS for v in values):
                    confidences = page.get_by_test_id("stMetricDelta").all_inner_texts()[:2]
                    seen.append((*values, *confidences, _metric(page, "Frames analysed/s"), _metric(page, "Delay")))
                if len(set(seen)) >= 3:
                    break
            assert seen, "both scenarios' labels never appeared on the stream"
            assert len(set(seen)) >= 3, f"the labels and figures must update while the stream plays: {seen}"
            assert all(float(s[4]) > 0 for s in seen), seen
            _save(page, tmp_path, "media_stream_en.png")
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=90_000)
        finally:
            browser.close()


def _save(page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot; kept in docs/screenshots with SAVE_SCREENSHOTS=1 (as tests/test_e2e.py does)."""
    page.screenshot(path=str(tmp_path / name), full_page=True)
    assert (tmp_path / name).stat().st_size > 10_000
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        shutil.copy(tmp_path / name, ROOT / "docs" / "screenshots" / name)


def _download(page, button) -> bytes:
    with page.expect_download() as info:
        button.click()
    return open(info.value.path(), "rb").read()


def test_a_clip_end_to_end_with_its_csvs(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    clip = tmp_path / "talk.mp4"
    clip.write_bytes(encode_clip(moving_face_frames(20), "mp4"))
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = _open(browser, app_url, "video")
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(clip))
            _settle(page)
            expect(page.get_by_text("4 frames to analyse", exact=False)).to_be_visible(timeout=60_000)
            page.get_by_role("button", name=texts.text("video_analyse", "en")).click()
            _settle(page)
            expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=120_000)
            buttons = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV")
            expect(buttons).to_have_count(2)
            frames = pd.read_csv(io.BytesIO(_download(page, buttons.nth(0))))
            timeline = pd.read_csv(io.BytesIO(_download(page, buttons.nth(1))))
            assert (
                len(frames) == 8 and set(frames["face"]) == {1, 2} and list(frames["sample"].unique()) == [0, 1, 2, 3]
            )
            assert set(frames["baseline_label"]) | set(frames["optimized_label"]) <= set(classes.CLASSES)
            assert len(timeline) == 16 and set(timeline["scenario"]) == {"baseline", "optimized"}
            assert (timeline[list(classes.CLASSES)].sum(axis=1) - 1).abs().max() < 1e-3
            expect(page.get_by_text("Sample 0, 0.00 s")).to_be_visible()
            page.locator(".js-plotly-plot .scatterlayer .trace").first.locator("path.point").nth(2).click(force=True)
            _settle(page)
            expect(page.get_by_text("Sample 2, 1.00 s")).to_be_visible(timeout=60_000)
            _save(page, tmp_path, "media_video_en.png")
        finally:
            browser.close()


def test_a_photo_batch_end_to_end_with_its_csv(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    (tmp_path / "faces.zip").write_bytes(photo_zip({"a/two.jpg": two_face_jpeg(), "b/two_again.jpg": two_face_jpeg()}))
    (tmp_path / "bad.jpg").write_bytes(b"this is not an image")
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = _open(browser, app_url, "batch")
            files = [str(tmp_path / "faces.zip"), str(tmp_path / "bad.jpg")]
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(files)
            _settle(page)
            page.get_by_role("button", name=texts.text("batch_analyse", "en")).click()
            _settle(page)
            expect(page.get_by_text(re.compile(r"bad\.jpg: not a readable image"))).to_be_visible(timeout=120_000)
            expect(page.get_by_text("4 of 4 faces from 2 photos.")).to_be_visible()
            button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV")
            table = pd.read_csv(io.BytesIO(_download(page, button)))
            assert list(table["file"]) == ["faces.zip/a/two.jpg"] * 2 + ["faces.zip/b/two_again.jpg"] * 2
            assert list(table["face"]) == [1, 2, 1, 2] and "bad.jpg" not in set(table["file"])
            assert {"baseline_label", "optimized_label", "baseline_p_happy", "agree"} <= set(table.columns)
            _save(page, tmp_path, "media_batch_en.png")
        finally:
            browser.close()


def test_a_long_clip_can_be_stopped_and_keeps_what_was_done(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    clip = tmp_path / "long.avi"
    clip.write_bytes(encode_clip(moving_face_frames(60, step=1), "avi"))
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            page = _open(browser, app_url, "video")
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(clip))
            _settle(page)
            expect(page.get_by_text("12 frames to analyse", exact=False)).to_be_visible(timeout=60_000)
            page.get_by_role("button", name=texts.text("video_analyse", "en")).click()
            progress = page.get_by_test_id("stProgress")
            expect(progress).to_contain_text(re.compile(r"\b[2-9] of 12 · about \d+ s left"), timeout=120_000)
            page.get_by_test_id("stMainBlockContainer").get_by_role(
                "button", name=texts.text("media_stop", "en")
            ).click()
            _settle(page)
            stopped = page.get_by_text(re.compile(r"Stopped after \d+ of 12 frames"))
            expect(stopped).to_be_visible(timeout=60_000)
            done = int(re.search(r"after (\d+) of", stopped.inner_text()).group(1))
            assert 2 <= done < 12
            expect(page.get_by_role("button", name=texts.text("video_continue", "en"))).to_be_visible()
            expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=60_000)
        finally:
            browser.close()
