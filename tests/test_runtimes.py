"""core.model.runtimes: each installed runtime matches Keras on the same batch; TensorFlow is the fallback."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from core.model import runtimes
from core.model.inference import Predictor, predict_probabilities


@pytest.fixture(scope="module")
def batch(tiny_model):
    return np.random.default_rng(0).random((5, *tiny_model.input_shape[1:])).astype(np.float32)


@pytest.mark.parametrize("name", list(runtimes.BUILDERS))
def test_runtime_matches_keras(tiny_model, batch, name):
    needs = {"onnxruntime": ("onnxruntime", "tf2onnx"), "openvino": ("openvino", "tf2onnx")}.get(name, ())
    if any(importlib.util.find_spec(module) is None for module in needs):
        pytest.skip(f"{name} is not installed")
    runtime = runtimes.BUILDERS[name](tiny_model)
    assert runtime.name == name
    expected = np.asarray(tiny_model(batch, training=False))
    np.testing.assert_allclose(runtime(batch), expected, atol=1e-5)
    np.testing.assert_allclose(runtime(batch[:1]), expected[:1], atol=1e-5), "any batch size"


def test_missing_package_falls_back_to_tensorflow(tiny_model, monkeypatch):
    def absent(model):
        raise ImportError("No module named 'onnxruntime'", name="onnxruntime")

    monkeypatch.setitem(runtimes.BUILDERS, "onnxruntime", absent)
    assert runtimes.build_runtime(tiny_model, "onnxruntime").name == "tensorflow"
    with pytest.raises(ValueError, match="unknown runtime"):
        runtimes.build_runtime(tiny_model, "tensorrt")


def test_predictor_and_batch_evaluation_share_the_runtime(tiny_model, tmp_path):
    predictor = Predictor(tiny_model, {"test_time_flip": {"used": True}}, tmp_path / "tiny.keras")
    assert predictor.forward.name == runtimes.DEFAULT_RUNTIME
    faces = np.random.default_rng(1).integers(0, 256, (7, 48, 48), dtype=np.uint8)
    batch = predict_probabilities(tiny_model, faces, batch_size=3, flip=True, runtime=predictor.forward)
    np.testing.assert_allclose(predictor.probabilities(faces), batch, atol=1e-5)
    np.testing.assert_allclose(batch, predict_probabilities(tiny_model, faces, flip=True), atol=1e-5)
