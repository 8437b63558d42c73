"""The training pixels are part of the model contract: a model whose card says its faces were equalized
is fed equalized faces on every path, one whose card says none (or an old card) is not; the step is
inferred on original pixels when nobody declared it."""

from __future__ import annotations

import io
import json

import cv2
import numpy as np
import pytest
from PIL import Image

from core.classes import CLASSES
from core.data import preprocessing
from core.data.preprocessing import apply_pixel_step, detect_pixel_step, preprocess
from core.model.card import declare_pixel_step, read_card, step_record
from core.model.conventions import RAW_FILE, infer_pixel_step, raw_public
from tests.conftest import ROOT, SHARED_DATA

EQUALIZED = {"convention": "raw", "source": "declared", "pixel_step": {"step": "equalize", "source": "declared"}}
NONE = {"convention": "raw", "source": "declared", "pixel_step": {"step": "none", "source": "declared"}}


def dark_faces(n: int, seed: int = 0) -> np.ndarray:
    """Low-contrast (n, 48, 48) faces: equalization changes them a lot (like original FER-2013 pixels)."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(40, 90, 48)[None, :, None] + np.linspace(0, 20, 48)[None, None, :]
    return np.clip(ramp + rng.normal(0, 6, (n, 48, 48)), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def cards(tiny_model, tmp_path_factory) -> dict:
    """The tiny model saved three times: its card says equalize, says none, or predates the field."""
    folder = tmp_path_factory.mktemp("contract")
    base = {"card_version": 1, "input_shape": [48, 48, 3], "classes": list(CLASSES)}
    entries = {"equalize": EQUALIZED, "none": NONE, "old": "grayscale, [0, 255], normalised inside"}
    files = {}
    for name, entry in entries.items():
        tiny_model.save(folder / f"{name}.keras")
        (folder / f"{name}.json").write_text(json.dumps({**base, "scenario": name, "preprocessing": entry}))
        files[name] = folder / f"{name}.keras"
    return files


@pytest.fixture
def applied(monkeypatch) -> list[str]:
    """Every pixel step the one preprocessing function applies, in order."""
    seen: list[str] = []
    original = preprocessing.apply_pixel_step

    def spy(faces, step):
        seen.append(step)
        return original(faces, step)

    monkeypatch.setattr(preprocessing, "apply_pixel_step", spy)
    return seen


def test_the_step_equalizes_each_face_and_none_keeps_it():
    faces = dark_faces(3)
    np.testing.assert_array_equal(apply_pixel_step(faces, "equalize")[1], cv2.equalizeHist(faces[1]))
    np.testing.assert_array_equal(apply_pixel_step(faces, "none"), faces)
    x = preprocess(faces, (48, 48, 3), EQUALIZED)
    np.testing.assert_array_equal(x[..., 0], apply_pixel_step(faces, "equalize").astype(np.float32))
    np.testing.assert_array_equal(preprocess(faces, (48, 48, 1), EQUALIZED, done="equalize")[..., 0], faces)
    with pytest.raises(ValueError, match="unknown pixel step"):
        preprocess(faces, (48, 48, 3), {"convention": "raw", "pixel_step": "clahe2"})


def test_a_set_of_equalized_faces_is_recognised_and_original_pixels_are_not():
    faces = dark_faces(40)
    assert detect_pixel_step(faces) == "none"
    assert detect_pixel_step(apply_pixel_step(faces, "equalize")) == "equalize"


def test_cards_without_the_field_mean_no_step_and_a_bad_step_is_refused(cards, tmp_path):
    from core.model.loading import ModelFileError

    assert step_record(read_card(cards["old"])) == {"step": "none", "source": "default"}
    assert step_record(read_card(tmp_path / "nocard.keras")) == {"step": "none", "source": "unknown"}
    assert step_record(read_card(cards["equalize"]))["step"] == "equalize"
    (tmp_path / "bad.json").write_text(json.dumps({"preprocessing": {**EQUALIZED, "pixel_step": "sharpen"}}))
    with pytest.raises(ModelFileError) as err:
        read_card(tmp_path / "bad.keras")
    assert err.value.kind == "card_invalid"


def test_the_shipped_cards_say_their_faces_were_equalized():
    for scenario in ("baseline", "optimized"):
        for card_file in (ROOT / "models" / f"{scenario}.json", ROOT / "reports" / scenario / "model_card.json"):
            if card_file.exists():
                assert step_record(json.loads(card_file.read_text()))["step"] == "equalize"


@pytest.mark.parametrize("name, expected", [("equalize", "equalize"), ("none", "none"), ("old", "none")])
def test_every_path_feeds_the_cards_step(name, expected, cards, applied, tmp_path):
    """Live upload, camera snapshot, probes, explanation, batch evaluation and the benchmark's input."""
    from bench.parts.face import face_views
    from core.explain.gradcam import Explainer
    from core.model.inference import load_predictor, predict_probabilities
    from core.views import live

    predictor = load_predictor(cards[name])
    explainer = Explainer(predictor.model, None, predictor.convention)
    face = dark_faces(1)[0]
    snapshot = io.BytesIO()
    Image.fromarray(face).save(snapshot, "PNG")
    paths = {
        "camera snapshot": lambda: live.predict(live.analyse(snapshot.getvalue()).faces, {"x": predictor}),
        "live upload": lambda: live.predict([live.Face(face, None)], {"x": predictor}),
        "probes": lambda: predictor.probabilities(np.stack([face, face // 2])),
        "explanation": lambda: explainer.explain(face),
        "evaluation": lambda: predict_probabilities(predictor.model, face[None], conv=predictor.convention),
        "benchmark": lambda: face_views({"x": predictor}, [face]),
    }
    for path, run in paths.items():
        applied.clear()
        run()
        if expected == "none":
            assert applied == [], path
        else:
            assert applied and set(applied) == {expected}, path
    want = predictor.model.predict(preprocess(apply_pixel_step(face, expected), (48, 48, 3)), verbose=0)
    np.testing.assert_allclose(predictor.probabilities(face), want, atol=1e-5)


def test_faces_already_equalized_are_not_equalized_twice(cards, applied):
    """Bundled-copy faces (a split marked equalize) go to an equalize model as they are."""
    from core.data.dataset import Split
    from core.model.inference import choose_flip, load_predictor

    predictor = load_predictor(cards["equalize"])
    faces = apply_pixel_step(dark_faces(14), "equalize")
    bundled = Split(faces, np.arange(14) % 7, [f"f{i}" for i in range(14)], detect_pixel_step(faces))
    applied.clear()
    choose_flip(predictor.model, bundled, conv=predictor.convention)
    predictor.probabilities(bundled.images, done=bundled.pixel_step)
    assert applied == []


def test_training_learns_equalized_faces_once():
    from core.data.dataset import Split
    from core.train.card import TRAINING_STEP, trained_faces

    raw = Split(dark_faces(7), np.arange(7), list("abcdefg"), "none")
    learned = trained_faces(raw)
    assert learned.pixel_step == TRAINING_STEP
    np.testing.assert_array_equal(learned.images, apply_pixel_step(raw.images, "equalize"))
    assert trained_faces(learned) is learned


class Oracle:
    """A stand-in model that is right only on faces whose pixels span the range (equalized ones), or only
    on narrow ones, or regardless: the class is the brightest of seven vertical bands."""

    input_shape = (None, 48, 48, 1)

    def __init__(self, wants: str) -> None:
        self.wants = wants

    def predict(self, x, batch_size=64, verbose=0):
        bands = np.stack([x[:, :, 6 * k + 3 : 6 * k + 9, 0].mean(axis=(1, 2)) for k in range(7)], axis=1)
        wide = x[..., 0].reshape(len(x), -1).std(axis=1) > 60
        right = {"equalize": wide, "none": ~wide, "either": np.ones(len(x), bool)}[self.wants]
        return np.eye(7)[np.where(right, bands.argmax(axis=1), 0)]


@pytest.fixture
def raw_csv(tmp_path):
    """A test-only Kaggle-format CSV of original-looking pixels (PublicTest and PrivateTest), as RAW_FILE."""
    rng = np.random.default_rng(1)
    labels = rng.integers(1, 7, 120)
    faces = dark_faces(120, seed=2).astype(np.int16)
    for face, label in zip(faces, labels, strict=True):
        face[:, 6 * label + 3 : 6 * label + 9] += 25
    rows = [
        {
            "emotion": int(label),
            "pixels": " ".join(map(str, face.clip(0, 255).ravel())),
            "Usage": usage,
            "file": f"f{i}",
        }
        for i, (face, label, usage) in enumerate(zip(faces, labels, ["PublicTest", "PrivateTest"] * 60, strict=True))
    ]
    import pandas as pd

    pd.DataFrame(rows).to_csv(tmp_path / RAW_FILE, index=False)
    return tmp_path


@pytest.mark.parametrize("wants, step, source", [("equalize", "equalize", "inferred"), ("none", "none", "inferred")])
def test_the_step_is_inferred_on_original_public_pixels(wants, step, source, raw_csv):
    raw = raw_public(raw_csv)
    assert len(raw) == 60 and raw.pixel_step == "none" and raw.files[0] == "f0"
    found = infer_pixel_step(Oracle(wants), {"convention": "raw"}, raw)
    assert (found["step"], found["source"], found["split"], found["images"]) == (step, source, "PublicTest", 60)
    assert found["scores"][step] > found["scores"]["none" if step == "equalize" else "equalize"]


def test_a_tie_is_a_tie_and_no_original_pixels_is_unknown(raw_csv, tmp_path_factory):
    tie = infer_pixel_step(Oracle("either"), {"convention": "raw"}, raw_public(raw_csv))
    assert (tie["step"], tie["source"]) == ("none", "tie") and tie["scores"]["none"] == tie["scores"]["equalize"]
    assert raw_public(tmp_path_factory.mktemp("empty")) is None
    assert infer_pixel_step(Oracle("either"), {"convention": "raw"}, None)["source"] == "unknown"


def test_a_user_declares_the_step_and_every_path_follows(cards, tmp_path):
    import shutil

    file = tmp_path / "mine.keras"
    shutil.copy(cards["old"], file)
    card = declare_pixel_step(file, "equalize")
    assert step_record(read_card(file)) == {"step": "equalize", "source": "declared"} == step_record(card)
    assert preprocessing.pixel_step(card["preprocessing"]) == "equalize"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_models_page_shows_a_tie_and_the_user_declares_it(model_zoo, tmp_path, monkeypatch, lang):
    import shutil

    from tests.test_app import open_page

    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(model_zoo["flat"], folder / "flat.keras")
    tie = {"step": "none", "source": "tie", "scores": {"none": 0.41, "equalize": 0.41}, "images": 500}
    card = {"scenario": "flat", "input_shape": [32, 32, 3], "preprocessing": {**NONE, "pixel_step": tie}}
    (folder / "flat.json").write_text(json.dumps(card))
    monkeypatch.setenv("FER_MODELS_DIR", str(folder))
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    at = open_page("models", {"role_unlocked": True}, lang=lang)  # the presenter declares
    warnings = " ".join(w.value for w in at.warning)
    assert ("Seri" if lang == "id" else "A tie") in warnings and "41.0%" in warnings
    at.selectbox(key="pixel_step_flat.keras").select_index(1).run()  # PIXEL_STEPS: none, equalize
    at.button(key="pixel_step_flat.keras_save").click().run()
    assert not at.exception
    assert step_record(read_card(folder / "flat.keras")) == {"step": "equalize", "source": "declared"}
    assert ("diekualisasi" if lang == "id" else "histogram-equalized") in " ".join(s.value for s in at.success)


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not available")
def test_the_card_command_infers_or_takes_the_step(cards, small_fer, raw_csv, dirs, tmp_path, capsys):
    import shutil

    from core.model.__main__ import main

    data = tmp_path / "data"
    shutil.copytree(small_fer, data)
    shutil.copy(raw_csv / RAW_FILE, data / RAW_FILE)
    file = tmp_path / "theirs.keras"
    shutil.copy(cards["old"], file)
    main(["--card", str(file), "--data", str(data)])
    record = step_record(read_card(file))
    assert (
        record["source"] in ("inferred", "tie") and record["images"] == 60 and "pixel step" in capsys.readouterr().out
    )
    main(["--card", str(file), "--data", str(data), "--pixel-step", "equalize"])
    assert step_record(read_card(file)) == {"step": "equalize", "source": "declared"}
