"""Presenter and viewer in a real browser: `streamlit run` on loopback, Debian's headless Chromium.

On loopback the browser is the presenter; the sidebar's "View as a viewer" switch plays an examiner's
laptop. As a viewer the models page offers no upload, evaluation or pair choice; as the presenter an
upload under a taken name is stored under a new one and the shipped file is untouched."""

from __future__ import annotations

import os
import shutil

import pytest

from bench.paint import CHROMIUM, DONE, streamlit_server
from bench.paint import CHROMIUM_ARGS as ARGS
from core import texts

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


UPLOAD = "[data-testid=stFileUploader] input[type=file]"


def tx(key: str, **values: object) -> str:
    return texts.text(key, "id", **values)


@pytest.fixture
def shared_url(scenario_models, synthetic_reports, tmp_path):
    """The app on a copy of the fixture models and reports (the presenter writes to them)."""
    shutil.copytree(scenario_models, tmp_path / "models")
    shutil.copytree(synthetic_reports, tmp_path / "reports")
    env = {
        **os.environ,
        "FER_MODELS_DIR": str(tmp_path / "models"),
        "FER_REPORTS_DIR": str(tmp_path / "reports"),
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    env.pop("FER_DASHBOARD_MODE", None)
    with streamlit_server(env) as (url, _pid):
        yield url


def _settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_selector(DONE, timeout=180_000)


def _writing_controls(page) -> dict[str, int]:
    return {
        "upload": page.locator(UPLOAD).count(),
        "evaluate": page.get_by_role("button", name="Evaluasi pada PrivateTest", exact=False).count(),
        "assign": page.get_by_role("button", name=tx("models_assign")).count(),
    }


def test_a_viewer_cannot_write_and_the_presenter_can(shared_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    shipped = (tmp_path / "models" / "optimized.keras").read_bytes()
    upload = tmp_path / "optimized.keras"
    upload.write_bytes(b"PK\x03\x04 not really a model")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            page.goto(f"{shared_url}/models", wait_until="networkidle")
            _settle(page)
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text(tx("role_presenter"), exact=True)).to_be_visible(timeout=60_000)
            expect(page.locator(UPLOAD)).to_have_count(1, timeout=60_000)
            assert _writing_controls(page) == {"upload": 1, "evaluate": 2, "assign": 1}

            sidebar.get_by_text(tx("role_view_as_viewer")).click()
            _settle(page)
            expect(page.get_by_text(tx("role_viewer_page", mode=tx("role_mode_local")))).to_be_visible(timeout=60_000)
            expect(page.locator(UPLOAD)).to_have_count(0)
            assert _writing_controls(page) == {"upload": 0, "evaluate": 0, "assign": 0}

            sidebar.get_by_text(tx("role_view_as_viewer")).click()
            _settle(page)
            page.locator(UPLOAD).set_input_files(str(upload))
            expect(page.get_by_text("optimized_2.keras", exact=False).first).to_be_visible(timeout=60_000)
            _settle(page)
        finally:
            browser.close()
    assert (tmp_path / "models" / "optimized.keras").read_bytes() == shipped
    assert (tmp_path / "models" / "optimized_2.keras").read_bytes() == upload.read_bytes()
