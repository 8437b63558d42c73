"""In the browser: two card-less student models (a nested VGG16 and one with its own SE Layer class), evaluated with
the project's evaluation code and assigned as the pair, are what every report page shows, in both languages."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bench.paint import CHROMIUM, DONE, streamlit_server
from bench.paint import CHROMIUM_ARGS as ARGS
from core import paths, texts
from tests.conftest import SHARED_DATA

PAIR = ("nested_vgg", "se_layer")
PAGES = ["home", "metrics", "comparison", "training", "explorer"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not available"),
]


@pytest.fixture(scope="module")
def student_pair(model_zoo, small_fer, synthetic_reports, tmp_path_factory) -> dict[str, Path]:
    """Reports: the shipped-named synthetic ones, then the two student models evaluated and assigned."""
    from core.artifacts import assignment
    from core.evaluate.run import evaluate

    root = tmp_path_factory.mktemp("pair")
    folders = {"FER_REPORTS_DIR": root / "reports", "FER_MODELS_DIR": root / "models", "FER_CACHE_DIR": root / "cache"}
    for name in paths.SCENARIOS:
        shutil.copytree(synthetic_reports / name, folders["FER_REPORTS_DIR"] / name)
    folders["FER_MODELS_DIR"].mkdir()
    files = {PAIR[0]: model_zoo["nested_sequential"], PAIR[1]: model_zoo["se_custom"]}
    with pytest.MonkeyPatch.context() as mp:
        for key, folder in folders.items():
            mp.setenv(key, str(folder))
        for name, source in files.items():
            model = folders["FER_MODELS_DIR"] / f"{name}.keras"
            shutil.copy(source, model)
            custom = model_zoo["layers_py"] if name == PAIR[1] else None
            evaluate(model, "private", small_fer, scenario=name, custom_objects=custom)
        assignment.assign(*PAIR)
    return folders


@pytest.fixture(scope="module")
def app_url(student_pair):
    env = {**os.environ, **{k: str(v) for k, v in student_pair.items()}, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with streamlit_server(env) as (url, _pid):
        yield url


def _metrics(folders: dict[str, Path], name: str) -> dict:
    return json.loads((folders["FER_REPORTS_DIR"] / name / "metrics.json").read_text())


def _open(browser, url: str, lang: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(DONE, timeout=180_000)
    if lang == "en":
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.wait_for_timeout(500)
        page.wait_for_selector(DONE, timeout=180_000)
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    return page


def _check(page, name: str, lang: str, folders: dict[str, Path]) -> None:
    """The page's own figures for the pair: the numbers come from the pair's metrics.json and predictions."""
    first, second = (_metrics(folders, s) for s in PAIR)
    role = [texts.text("scenario_role", lang, n=n + 1, name=s) for n, s in enumerate(PAIR)]
    if name in ("home", "metrics", "comparison"):  # the comparison is computed before its cards are drawn
        page.get_by_test_id("stMetricValue").first.wait_for(timeout=180_000)
    body = page.get_by_test_id("stMain").inner_text()
    for label in role:
        assert label in body, f"{name} ({lang}) does not name {label}"
    for n in (1, 2):
        for shipped in paths.SCENARIOS:
            assert texts.text("scenario_role", lang, n=n, name=shipped) not in body, f"{name} ({lang}): {shipped}"
    accuracy = [f"{m['accuracy']:.2%}" for m in (first, second)]
    if name in ("home", "metrics", "comparison"):
        values = page.get_by_test_id("stMetricValue").all_inner_texts()
        assert all(a in values for a in accuracy), (name, lang, values, accuracy)
    if name == "metrics":
        row = page.locator("table tr").nth(1).locator("td").all_inner_texts()
        assert row[-1].strip() == f"{second['accuracy'] - first['accuracy']:.4f}", row
    if name == "explorer":
        import pandas as pd

        s1, s2 = (pd.read_csv(folders["FER_REPORTS_DIR"] / s / "predictions.csv") for s in PAIR)
        right1, right2 = s1["pred"] == s1["label"], s2["pred"] == s2["label"]
        for key, count in (("fixed", right2 & ~right1), ("broken", right1 & ~right2)):
            label = f"{texts.text(f'explorer_subset_{key}', lang)} ({int(count.sum()):,})"
            assert page.get_by_text(label, exact=True).count() == 1, label


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_report_page_shows_the_student_pair(app_url, student_pair, lang, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for name in PAGES:
                page = _open(browser, app_url if name == "home" else f"{app_url}/{name}", lang)
                _check(page, name, lang, student_pair)
                page.screenshot(path=str(tmp_path / f"{name}_{lang}.png"), full_page=True)
                if os.environ.get("SAVE_PAIR_SCREENSHOTS"):
                    shutil.copy(tmp_path / f"{name}_{lang}.png", os.environ["SAVE_PAIR_SCREENSHOTS"])
                page.close()
        finally:
            browser.close()


def test_live_prediction_and_grad_cam_run_the_student_pair(app_url, tmp_path):
    """The model-running pages load both students, the custom SE class from the code file chosen for it."""
    from playwright.sync_api import expect, sync_playwright

    from tests.test_faces import jpeg, photo

    image = tmp_path / "face.jpg"
    image.write_bytes(jpeg(photo([(0, 200, 100, 240)])))
    role = [texts.text("scenario_role", "id", n=n + 1, name=s) for n, s in enumerate(PAIR)]
    shipped = [texts.text("scenario_role", "id", n=n, name=s) for n in (1, 2) for s in paths.SCENARIOS]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = _open(browser, f"{app_url}/prediction", "id")
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(image))
            expect(page.get_by_test_id("stMetric")).to_have_count(2, timeout=180_000)
            for label in role:
                expect(page.get_by_text(label, exact=True).first).to_be_visible(timeout=60_000)
            page.close()
            page = _open(browser, f"{app_url}/explain", "id")
            for label in role:
                expect(page.get_by_role("heading", name=label)).to_be_visible(timeout=180_000)
            expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=180_000)
            body = page.get_by_test_id("stMain").inner_text()
            assert not any(name in body for name in shipped), body
        finally:
            browser.close()
