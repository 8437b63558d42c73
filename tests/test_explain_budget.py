"""No explanation can exhaust the server: every view's computation on a 224x224 VGG16 stays in batches
whose estimated memory fits the budget, gives right-shaped results, and a budget too small for one
image is a message (on the page too), never a dead process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.explain.budget import BUDGET_ENV, MB, activation_sizes, plan
from core.explain.errors import ExplainMemoryError
from tests.conftest import ROOT

BUDGET_MB = 256
FACES = np.random.default_rng(21).integers(0, 256, (7, 48, 48), dtype=np.uint8)


def vgg224():
    """keras.applications.VGG16 at 224x224 (random weights), nested as students do, an SE block and a small head."""
    import keras

    from core.model.layers import SqueezeExcite

    keras.utils.set_random_seed(21)
    inputs = keras.Input((224, 224, 3))
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(224, 224, 3))
    x = SqueezeExcite(16, name="se")(base(inputs))
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(7, activation="softmax", name="predictions")(x), name="vgg224")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The 224x224 model, saved as a card-less student file, and its Predictor."""
    from core.model.inference import load_predictor

    folder = tmp_path_factory.mktemp("big_models")
    vgg224().save(folder / "baseline.keras")
    return {"folder": folder, "predictor": load_predictor(folder / "baseline.keras")}


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setenv(BUDGET_ENV, str(BUDGET_MB))
    return BUDGET_MB * MB


class Recording:
    """A Predictor stand-in that records the size of every batch the model is asked to score."""

    def __init__(self, predictor) -> None:
        self.predictor, self.model, self.input_shape, self.sizes = predictor, predictor.model, predictor.input_shape, []

    def probabilities(self, faces: np.ndarray, *, done: str = "none") -> np.ndarray:
        self.sizes.append(len(faces))
        return self.predictor.probabilities(faces, done=done)


def test_activations_are_counted_inside_the_nested_vgg16(big):
    largest, total = activation_sizes(big["predictor"].model)
    assert largest == 224 * 224 * 64
    assert 15_000_000 < total < 16_000_000, "VGG16's conv/pool outputs at 224x224, about 15.3 M values an image"


def test_the_batch_scales_with_the_input_size(big, tiny_model, small_budget):
    forward, gradient = plan(big["predictor"].model), plan(big["predictor"].model, gradients=True)
    assert forward.batch_size == small_budget // forward.image_bytes >= 2
    assert gradient.batch_size == 1 and gradient.image_bytes > forward.image_bytes
    assert plan(tiny_model).batch_size > 100 * forward.batch_size, "a 48x48 model keeps its large batches"
    for step in (forward, gradient):
        assert step.peak_bytes <= small_budget == step.budget_bytes


def test_a_budget_smaller_than_one_image_is_an_error_not_a_crash(big, monkeypatch):
    monkeypatch.setenv(BUDGET_ENV, "10")
    with pytest.raises(ExplainMemoryError, match="budget is 10 MB") as caught:
        plan(big["predictor"].model)
    assert caught.value.image_mb > 10 and isinstance(caught.value, MemoryError)


def test_out_of_memory_from_tensorflow_becomes_the_views_error():
    import tensorflow as tf

    from core.explain.budget import in_batches

    def exhausted(batch):
        raise tf.errors.ResourceExhaustedError(None, None, "OOM when allocating tensor with shape[1370,224,224,64]")

    with pytest.raises(ExplainMemoryError):
        in_batches(exhausted, np.zeros((4, 8, 8)), 2)


def test_every_view_on_a_224_vgg16_stays_within_the_budget(big, small_budget):
    """Grad-CAM / Grad-CAM++ and SE (one image and a batch), occlusion, probes and class averages."""
    from core.explain.class_average import accumulate
    from core.explain.gradcam import Explainer
    from core.explain.occlusion import Probe, occlusion_map, scored

    predictor = Recording(big["predictor"])
    explainer = Explainer(predictor.model)
    sizes = []
    step = explainer._step
    explainer._step = lambda x, targets: sizes.append(int(x.shape[0])) or step(x, targets)
    explanation = explainer.explain(FACES[0])
    assert explanation.layer == "vgg16/block5_conv3" and explanation.heatmaps["gradcam++"].shape == (224, 224)
    assert explanation.excitation.shape == (512,) and np.all(
        (explanation.excitation > 0) & (explanation.excitation < 1)
    )
    batch = explainer.run(FACES[:3])
    assert batch.features["vgg16/block5_conv3"].shape == (3, 14, 14, 512) and batch.excitation.shape == (3, 512)
    sums = accumulate(explainer, FACES, np.arange(7), batch_size=64)
    assert sums.maps.shape == (1, 2, 7, 224, 224) and sums.excitation.shape == (7, 512)
    assert max(sizes) * explainer.plan.image_bytes <= small_budget and sums.largest_batch <= explainer.plan.batch_size

    occluded = occlusion_map(predictor, FACES[1], patch=24, stride=12)
    assert occluded.drop.shape == (224, 224) and occluded.patches == 9, "a 3x3 grid of 112-pixel patches"
    probed = scored(predictor, np.stack([FACES[2], Probe(mask_eyes=True, rotation=10).apply(FACES[2])]))
    assert probed.shape == (2, 7) and np.allclose(probed.sum(axis=1), 1.0, atol=1e-5)
    forward = plan(predictor.model)
    assert 1 < max(predictor.sizes) <= forward.batch_size and max(predictor.sizes) * forward.image_bytes <= small_budget
    assert sum(predictor.sizes[:-1]) == occluded.patches + 1


CHILD = """
import json, os, sys
import numpy as np
from streamlit.testing.v1 import AppTest
from dashboard.requests import ExplainImage
face = np.random.default_rng(5).integers(0, 256, (48, 48), dtype=np.uint8)
at = AppTest.from_file("app_pages/explain.py", default_timeout=500)
at.session_state["lang"] = sys.argv[1]
at.session_state["request_ExplainImage"] = ExplainImage(face, None, "test")
at.session_state["explain_panel"] = "occlusion"
at.run()
print(json.dumps({
    "exception": [str(e.value) for e in at.exception],
    "errors": [e.value for e in at.error],
    "captions": [c.value for c in at.caption],
    "charts": len(at.get("plotly_chart")),
}))
"""


def _child(big, budget_mb: int, lang: str) -> dict:
    """The explainability page's occlusion view with the 224x224 model, in its own process."""
    env = {**__import__("os").environ, BUDGET_ENV: str(budget_mb), "FER_MODELS_DIR": str(big["folder"])}
    env["FER_REPORTS_DIR"] = str(Path(big["folder"]) / "no_reports")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, lang], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"the process died ({done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_occlusion_view_of_a_224_model_leaves_the_process_alive(big):
    """Default settings (patch 12, stride 6 of a 48-pixel face): 49 patches of 56 pixels, in budgeted batches."""
    shown = _child(big, 128, "en")
    assert not shown["exception"] and not shown["errors"], shown
    assert shown["charts"] == 1
    assert any("49 positions scored per model, at most 2 per call" in c for c in shown["captions"]), shown


def test_a_view_over_its_budget_says_so_in_both_languages(big, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard.requests import ExplainImage

    monkeypatch.setenv(BUDGET_ENV, "10")
    monkeypatch.setenv("FER_MODELS_DIR", str(big["folder"]))
    monkeypatch.setenv("FER_REPORTS_DIR", str(Path(big["folder"]) / "no_reports"))
    for lang, words in (("id", "memerlukan lebih banyak memori"), ("en", "needs more memory than its budget")):
        at = AppTest.from_file(str(ROOT / "app_pages" / "explain.py"), default_timeout=300)
        at.session_state["lang"] = lang
        at.session_state["request_ExplainImage"] = ExplainImage(FACES[0], None, "test")
        at.session_state["explain_panel"] = "occlusion"
        at.run()
        assert not at.exception and not at.get("plotly_chart")
        assert any(words in e.value and "FER_EXPLAIN_BUDGET_MB" in e.value for e in at.error), [
            e.value for e in at.error
        ]
