"""Stored bundled faces on the dashboard: the PrivateTest faces in reports/ are already equalized, so a model
whose card says it learned equalized faces gets them as they are on the prediction and explain pages, while
an uploaded photo is still equalized; and the two assigned scenarios' agreement, whatever their names."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest
from test_pixel_step import EQUALIZED, dark_faces

from core import paths
from core.artifacts.reports import load_test_images, save_test_images
from core.data import preprocessing
from core.data.preprocessing import apply_pixel_step, resize_gray
from core.model.inference import Prediction
from core.views import live
from dashboard.requests import ExplainImage

APP = str(paths.ROOT / "streamlit_app.py")
EXPLAIN = str(paths.ROOT / "app_pages" / "explain.py")
SIZE = (32, 32)
"""The fixture models' input size."""


@pytest.fixture(scope="module")
def equalize_dirs(scenario_models, synthetic_reports, tmp_path_factory) -> dict:
    """Both fixture models with cards saying they learned equalized faces; PrivateTest stored equalized."""
    root = tmp_path_factory.mktemp("stored")
    models, reports = root / "models", root / "reports"
    shutil.copytree(scenario_models, models)
    shutil.copytree(synthetic_reports, reports)
    for card_file in models.glob("*.json"):
        card = json.loads(card_file.read_text())
        card_file.write_text(json.dumps({**card, "preprocessing": EQUALIZED}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FER_REPORTS_DIR", str(reports))
        stored = load_test_images()
        faces = apply_pixel_step(dark_faces(len(stored["labels"]), seed=3), "equalize")
        save_test_images(paths.test_images_path("private"), faces, stored["labels"], files=list(stored["files"]))
    return {"models": models, "reports": reports, "faces": faces, "labels": stored["labels"]}


@pytest.fixture
def fed(equalize_dirs, monkeypatch) -> list[tuple[np.ndarray, str]]:
    """Every model input the one preprocessing function makes: (the faces at the model's size, done)."""
    from core.explain import gradcam
    from core.model import inference

    monkeypatch.setenv("FER_REPORTS_DIR", str(equalize_dirs["reports"]))
    monkeypatch.setenv("FER_MODELS_DIR", str(equalize_dirs["models"]))
    st.cache_data.clear()
    seen: list[tuple[np.ndarray, str]] = []
    original = preprocessing.preprocess

    def spy(images, input_shape, convention=None, *, done="none"):
        x = original(images, input_shape, convention, done=done)
        if convention is not None:  # without one it only resizes a face for a view, no model input
            seen.append((x[..., 0], done))
        return x

    for module in (inference, gradcam):
        monkeypatch.setattr(module, "preprocess", spy)
    return seen


def inputs_of(fed: list, face: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """The model inputs whose first face is ``face`` as it was (not equalized again), at the models' size."""
    small = resize_gray(face, SIZE).astype(np.float32)
    return [(x, done) for x, done in fed if np.array_equal(x[0], small)]


def test_a_stored_example_is_not_equalized_twice_and_an_upload_is_equalized(equalize_dirs, fed):
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("app_pages/prediction.py").run()
    next(b for b in at.button if b.key and b.key.startswith("prediction_example_")).click().run()
    assert not at.exception, at.exception
    assert len(at.metric) == 2
    example = equalize_dirs["faces"][0]
    assert len(inputs_of(fed, example)) == 2, "both models got the stored face as it is"
    assert {done for _, done in inputs_of(fed, example)} == {"equalize"}
    twice = resize_gray(apply_pixel_step(resize_gray(example, SIZE), "equalize"), SIZE)
    assert not np.array_equal(twice, resize_gray(example, SIZE)), "equalizing it again would change it"

    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("prediction_explain_"))).click().run()
    assert at.session_state["request_ExplainImage"].done == "equalize", "the face keeps its step on the explain page"

    photo = dark_faces(1, seed=9)[0]
    png = io.BytesIO()
    Image.fromarray(photo).save(png, "PNG")
    fed.clear()
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("app_pages/prediction.py").run()
    at.file_uploader(key="prediction_upload").set_value([("photo.png", png.getvalue(), "image/png")]).run()
    assert not at.exception, at.exception
    once = apply_pixel_step(resize_gray(photo, SIZE), "equalize").astype(np.float32)
    uploads = [(x, done) for x, done in fed if np.array_equal(x[0], once)]
    assert len(uploads) == 2 and {done for _, done in uploads} == {"none"}, "the photo is equalized once"


def test_a_stored_face_on_the_explain_page_is_not_equalized_twice(equalize_dirs, fed):
    at = AppTest.from_file(EXPLAIN, default_timeout=180)
    face = equalize_dirs["faces"][0]
    for panel in ("gradcam", "se", "occlusion", "probes"):
        fed.clear()
        at.session_state["explain_panel"] = panel
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        found = inputs_of(fed, face)
        assert found and {done for _, done in found} == {"equalize"}, panel

    sent = dark_faces(1, seed=4)[0]
    fed.clear()
    at = AppTest.from_file(EXPLAIN, default_timeout=180)
    at.session_state["request_ExplainImage"] = ExplainImage(sent, 2, "explorer: x.jpg", done="equalize")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    found = inputs_of(fed, sent)
    assert found and {done for _, done in found} == {"equalize"}, "a sent face keeps its step"


def test_the_stored_step_is_measured_on_the_stored_faces(equalize_dirs, monkeypatch):
    from dashboard import cache

    monkeypatch.setenv("FER_REPORTS_DIR", str(equalize_dirs["reports"]))
    assert cache.stored_pixel_step() == "equalize"
    raw = Path(equalize_dirs["reports"]).parent / "raw_reports"
    shutil.copytree(equalize_dirs["reports"], raw)
    monkeypatch.setenv("FER_REPORTS_DIR", str(raw))
    stored = load_test_images()
    save_test_images(
        paths.test_images_path("private"),
        dark_faces(len(stored["labels"])),
        stored["labels"],
        files=list(stored["files"]),
    )
    assert cache.stored_pixel_step() == "none"


def test_agreement_of_any_assigned_pair():
    happy, sad = np.eye(7)[3], np.eye(7)[4]
    pair = {"run_a": [Prediction(happy, 0.01)], "run_b": [Prediction(happy, 0.01)]}
    assert live.agree(pair, 0) is True
    assert live.agree({**pair, "run_b": [Prediction(sad, 0.01)]}, 0) is False
    assert live.agree({"run_a": pair["run_a"]}, 0) is None
    assert live.agree({**pair, "run_c": pair["run_a"]}, 0) is None
