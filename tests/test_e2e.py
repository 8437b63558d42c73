"""End to end: `streamlit run` in a subprocess, driven in Debian's headless Chromium through an upload."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from test_faces import jpeg, needs_data, photo

from bench.paint import CHROMIUM, DONE, streamlit_server
from bench.paint import CHROMIUM_ARGS as ARGS
from core import texts

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture
def app_url(scenario_models, synthetic_reports):
    """The real app served by `streamlit run` on a free port, with the fixture models and reports.

    The file watcher is off: edits to the working tree during a run would show a "source changed" status.
    """
    env = {
        **os.environ,
        "FER_MODELS_DIR": str(scenario_models),
        "FER_REPORTS_DIR": str(synthetic_reports),
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    with streamlit_server(env) as (url, _pid):
        yield url


def _prediction_page(browser, app_url: str):
    """A tall tab on the live prediction page, reached from home through the sidebar (as a user would)."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    page.goto(app_url, wait_until="networkidle")
    page.get_by_test_id("stSidebarNav").get_by_text("Prediksi Langsung").click()
    expect(page.get_by_text("Bahasa / Language")).to_be_visible(timeout=60_000)
    return page


@needs_data
def test_upload_shows_both_predictions(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    image = tmp_path / "face.jpg"
    image.write_bytes(jpeg(photo([(0, 200, 100, 240)])))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = _prediction_page(browser, app_url)
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(image))
            metrics = page.get_by_test_id("stMetric")
            expect(metrics).to_have_count(2, timeout=180_000)
            expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)
            for scenario in ("Skenario 1 (baseline)", "Skenario 2 (optimized)"):
                expect(page.get_by_text(scenario, exact=True)).to_be_visible()
            labels = {"Marah", "Jijik", "Takut", "Senang", "Sedih", "Terkejut", "Netral"}
            for index in range(2):
                value = metrics.nth(index).get_by_test_id("stMetricValue").inner_text().strip()
                assert value in labels
            expect(page.get_by_text("ms per wajah")).to_have_count(2, timeout=30_000)
            expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=60_000)
            shot = tmp_path / "prediction.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            if os.environ.get("SAVE_SCREENSHOTS") == "1":
                (ROOT / "docs" / "screenshots").mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, ROOT / "docs" / "screenshots" / "prediction.png")
        finally:
            browser.close()


@pytest.mark.parametrize("page_name", ["metrics", "explorer"])
def test_a_deep_link_as_the_first_request_goes_through_the_router(app_url, page_name):
    """Issue 15 item 1: on a fresh server, /metrics first must not take Streamlit's v1 multipage (pages/) path."""
    from playwright.sync_api import expect, sync_playwright

    title = texts.text(f"nav_{page_name}", "id")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.goto(f"{app_url}/{page_name}", wait_until="networkidle")
            page.wait_for_selector(DONE, timeout=120_000)
            expect(page.get_by_text("Bahasa / Language")).to_be_visible(timeout=60_000)
            expect(page.get_by_role("heading", level=1)).to_contain_text(title)
            expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=120_000)
            nav = page.get_by_test_id("stSidebarNav").inner_text()
            assert texts.text("nav_home", "id") in nav and title in nav
            assert "streamlit app" not in nav.lower() and "app_pages" not in nav, nav
            assert page.title() != page_name and page_name not in page.title().lower()
        finally:
            browser.close()


def _settle(page) -> None:
    """Wait until Streamlit has started and finished the rerun the last action caused."""
    page.wait_for_timeout(500)
    page.wait_for_selector(DONE, timeout=180_000)


def test_probe_sliders_show_what_is_applied_after_a_second_upload(app_url, tmp_path):
    """Issue 15 item 3 in the browser: after replacing the upload, the sliders' positions are the probe applied."""
    from PIL import Image
    from playwright.sync_api import expect, sync_playwright

    files = []
    for seed in (1, 2):
        files.append(tmp_path / f"face{seed}.png")
        Image.fromarray(np.random.default_rng(seed).integers(0, 256, (48, 48), dtype=np.uint8)).save(files[-1])
    brightness = texts.text("explain_probe_brightness", "id")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"{app_url}/explain", wait_until="networkidle")
            _settle(page)
            page.get_by_text(texts.text("explain_source_upload", "id"), exact=True).click()
            _settle(page)
            uploader = page.get_by_test_id("stFileUploader").locator("input[type=file]")
            uploader.set_input_files(str(files[0]))
            _settle(page)
            page.get_by_role("radio", name=texts.text("explain_panel_probes", "id")).click()
            _settle(page)
            thumb = page.get_by_test_id("stSlider").filter(has_text=brightness).get_by_role("slider")
            thumb.focus()
            thumb.press("Home")
            _settle(page)
            uploader.set_input_files(str(files[1]))
            _settle(page)
            expect(thumb).to_have_value("0.3", timeout=60_000)
            roles = ((1, "baseline"), (2, "optimized"))
            names = "|".join(re.escape(texts.text("scenario_role", "id", n=n, name=s)) for n, s in roles)
            changes = page.get_by_test_id("stMarkdown").filter(has_text=re.compile(rf"^({names}): .* → "))
            expect(changes).to_have_count(2, timeout=60_000)
            for line in changes.all_inner_texts():
                before, after = line.split(": ", 1)[1].split(" → ")
                assert before != after, f"brightness 0.3 must change the prediction's probability: {line}"
        finally:
            browser.close()


@needs_data
def test_two_faces_and_a_decompression_bomb(app_url, tmp_path):
    """Both faces of a two-face photo are analysed; a 20,000 x 20,000 PNG is refused and the server lives on."""
    import urllib.request

    from playwright.sync_api import expect, sync_playwright
    from test_preprocessing import bomb_png

    (tmp_path / "bomb.png").write_bytes(bomb_png())
    (tmp_path / "two.jpg").write_bytes(jpeg(photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480))))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = _prediction_page(browser, app_url)
            files = [str(tmp_path / "bomb.png"), str(tmp_path / "two.jpg")]
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(files)
            expect(page.get_by_test_id("stMetric")).to_have_count(4, timeout=180_000)
            expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=60_000)
            expect(page.get_by_text("bomb.png terlalu besar: 400,000,000 piksel")).to_be_visible()
            expect(page.get_by_text("2 wajah terdeteksi.")).to_be_visible()
            expect(page.get_by_text("Wajah 2", exact=True)).to_be_visible()
            with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=10) as response:
                assert response.status == 200, "the server is still up after the bomb"
        finally:
            browser.close()
