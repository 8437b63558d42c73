"""The live prediction page under AppTest: uploads, examples, bad files and missing or broken models."""

from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest
from test_faces import jpeg, needs_data, photo

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def open_page(lang: str = "id") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("app_pages/prediction.py")
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="prediction_upload").set_value([(name, data, "image/jpeg") for name, data in files])
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def with_models(scenario_models, use_reports, monkeypatch) -> Path:
    monkeypatch.setenv("FER_MODELS_DIR", str(scenario_models))
    return scenario_models


def test_missing_models_name_the_files_and_commands(empty_dirs, monkeypatch):
    monkeypatch.setenv("FER_DATA_DIR", str(empty_dirs / "no_dataset"))
    at = open_page()
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2
    for scenario, text in zip(("baseline", "optimized"), warnings, strict=True):
        assert f"{scenario}.keras" in text
        assert f"python -m core.train --scenario {scenario}" in text and "python -m core.evaluate" in text
    assert any("python -m core.evaluate" in i.value for i in at.info), "how to get the examples"
    assert at.file_uploader(key="prediction_upload").accept_multiple_files


@needs_data
def test_without_models_faces_are_still_detected(empty_dirs):
    at = upload(open_page(), ("face.jpg", jpeg(photo([(0, 200, 100, 240)]))))
    assert not at.metric
    assert "1 wajah terdeteksi." in [c.value for c in at.caption]
    assert [c.value for c in at.caption].count("Model tidak tersedia.") == 2


@needs_data
def test_real_face_bad_file_and_corrupt_jpeg(with_models):
    face = jpeg(photo([(0, 200, 100, 240)]))
    at = upload(open_page("en"), ("face.jpg", face), ("notes.jpg", b"not an image"), ("broken.jpg", face[:3000]))
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert errors[0].startswith("notes.jpg cannot be read as an image") and errors[1].startswith("broken.jpg")
    assert [s.value for s in at.subheader] == ["face.jpg", "notes.jpg", "broken.jpg"]
    metrics = at.metric
    assert len(metrics) == 2, "one face, both scenarios"
    assert {m.label for m in metrics} == {"Predicted"}
    assert all(m.value in ("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral") for m in metrics)
    times = [c for c in at.caption if "ms per face" in c.value]
    assert len(times) == 2 and all(c.value.startswith("Confidence ") for c in times)
    plain, flipped = times
    assert plain.value.endswith(" ms per face (one model, one view)")
    assert flipped.value.endswith(" ms per face (one model, both views) · averaged with the mirror image")
    assert "Face detection and decoding are not included" in plain.proto.help, "the time says what it covers"


def test_no_face_offers_the_whole_image(with_models):
    grey = io.BytesIO()
    Image.new("L", (640, 480), 128).save(grey, "PNG")
    at = upload(open_page(), ("grey.png", grey.getvalue()))
    assert any("Tidak ada wajah" in w.value for w in at.warning)
    assert not at.metric
    toggle = next(tg for tg in at.toggle if tg.key and tg.key.startswith("prediction_whole_"))
    toggle.set_value(True)
    at.run()
    assert not at.exception
    assert len(at.metric) == 2
    assert any("640x480" in c.value for c in at.caption)


def test_example_then_explain(with_models):
    at = open_page()
    buttons = [b for b in at.button if b.key and b.key.startswith("prediction_example_")]
    assert len(buttons) == 7, "one PrivateTest sample per class"
    buttons[3].click()
    at.run()
    assert not at.exception
    assert "label asli: Senang" in at.subheader[0].value
    assert len(at.metric) == 2
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("prediction_explain_"))).click()
    at.run()
    explain = at.session_state["request_ExplainImage"]
    assert explain.label == 3 and explain.origin.startswith("PrivateTest_")
    assert explain.image.shape == (48, 48) and explain.image.dtype == np.uint8


@needs_data
def test_a_broken_model_leaves_the_other_working(scenario_models, use_reports, tmp_path, monkeypatch):
    shutil.copy(scenario_models / "baseline.keras", tmp_path / "baseline.keras")
    (tmp_path / "optimized.keras").write_bytes(b"not a keras file")
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path))
    at = upload(open_page(), ("face.jpg", jpeg(photo([(0, 200, 100, 240)]))))
    errors = [e.value for e in at.error]
    assert (
        len(errors) == 1 and "optimized.keras" in errors[0] and "rusak" in errors[0] and "core.train" not in errors[0]
    )
    assert len(at.metric) == 1
    assert "Model tidak tersedia." in [c.value for c in at.caption]


@needs_data
def test_two_faces_and_one_marked_by_hand(with_models):
    two = jpeg(photo([(1, 20, 40, 120), (0, 300, 100, 300)], size=(700, 480)))
    at = upload(open_page("en"), ("two.jpg", two))
    captions = [c.value for c in at.caption]
    assert "2 face(s) detected." in captions
    detector = "YuNet (libfacedetection)" if importlib.util.find_spec("yuface") else "MTCNN"
    assert f"Face detector: {detector}." in captions
    assert len(at.metric) == 4, "two faces, both scenarios"
    at.toggle(key=next(tg.key for tg in at.toggle if tg.key.startswith("prediction_mark_"))).set_value(True)
    at.run()
    horizontal, vertical = (s for s in at.slider if s.key.startswith("prediction_mark_"))
    horizontal.set_value((80, 95))
    vertical.set_value((5, 30))
    at.run()
    assert not at.exception
    assert len(at.metric) == 6, "the marked box is classified by both models too"
    labels = [m.value for m in at.markdown if m.value.startswith("**Face")]
    assert labels == ["**Face 1**", "**Face 2**", "**Face 3 (marked)**"]


def test_a_decompression_bomb_is_refused_with_the_limit(with_models):
    from test_preprocessing import bomb_png

    at = upload(open_page(), ("bomb.png", bomb_png()), ("grey.png", _grey_png()))
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith("bomb.png terlalu besar: 400,000,000 piksel") and "40,000,000" in errors[0]
    assert any("Tidak ada wajah" in w.value for w in at.warning), "the next upload is still handled"


def _grey_png() -> bytes:
    grey = io.BytesIO()
    Image.new("L", (640, 480), 128).save(grey, "PNG")
    return grey.getvalue()
