"""Both scenarios build flat, with exactly the thesis' trainable layers, and the SE layer round-trips."""

from __future__ import annotations

import numpy as np
import pytest

from core.model.architectures import (
    SqueezeExcite,
    build_model,
    load_model,
    se_layer,
    vgg_layer_names,
)
from core.model.loading import ModelFileError

VGG16_LAYERS = [
    "block1_conv1",
    "block1_conv2",
    "block1_pool",
    "block2_conv1",
    "block2_conv2",
    "block2_pool",
    "block3_conv1",
    "block3_conv2",
    "block3_conv3",
    "block3_pool",
    "block4_conv1",
    "block4_conv2",
    "block4_conv3",
    "block4_pool",
    "block5_conv1",
    "block5_conv2",
    "block5_conv3",
    "block5_pool",
]


@pytest.fixture(scope="module")
def models():
    return {s: build_model(s, (32, 32, 3), init="random", seed=0) for s in ("baseline", "optimized")}


def _trainable(model) -> list[str]:
    return [layer.name for layer in model.layers if layer.trainable and layer.weights]


def test_models_are_flat_with_every_vgg16_layer_at_the_top(models):
    for model in models.values():
        assert vgg_layer_names(model) == VGG16_LAYERS
        assert not any(hasattr(layer, "layers") for layer in model.layers)
        assert model.output_shape == (None, 7)


def test_baseline_freezes_the_whole_backbone(models):
    assert _trainable(models["baseline"]) == ["fc1", "predictions"]


def test_optimized_trains_layers_11_to_18_and_se(models):
    assert _trainable(models["optimized"]) == [
        "block4_conv1",
        "block4_conv2",
        "block4_conv3",
        "block5_conv1",
        "block5_conv2",
        "block5_conv3",
        "se",
        "fc1",
        "predictions",
    ]
    names = [layer.name for layer in models["optimized"].layers]
    assert names.index("block5_conv3") < names.index("se") < names.index("block5_pool")
    from core.explain.layers import last_conv_layer

    assert se_layer(models["baseline"]) is None and last_conv_layer(models["optimized"]) == "block5_conv3"


def test_random_init_is_seeded_and_not_glorot(models):
    again = build_model("optimized", (32, 32, 3), init="random", seed=0)
    kernel = models["optimized"].get_layer("block3_conv1").get_weights()[0]
    assert np.array_equal(kernel, again.get_layer("block3_conv1").get_weights()[0])
    assert np.std(kernel) == pytest.approx(np.sqrt(2.0 / (3 * 3 * 128)), rel=0.05)


def test_se_layer_round_trips_under_safe_mode(models, tmp_path):
    model = models["optimized"]
    x = np.random.default_rng(1).uniform(0, 255, size=(2, 32, 32, 3)).astype("float32")
    path = tmp_path / "optimized.keras"
    model.save(path)
    loaded = load_model(path)
    assert isinstance(se_layer(loaded), SqueezeExcite) and se_layer(loaded).ratio == 16
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_se_excitation_is_what_call_multiplies_in():
    layer = SqueezeExcite(4)
    x = np.random.default_rng(2).uniform(0, 1, size=(1, 3, 3, 8)).astype("float32")
    weights = np.asarray(layer.excitation(x))
    assert weights.shape == (1, 8) and ((weights > 0) & (weights < 1)).all()
    np.testing.assert_allclose(np.asarray(layer(x)), x * weights[:, None, None, :], rtol=1e-6)


def test_bad_files_and_options_are_refused(tmp_path):
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="corrupt") as err:
        load_model(junk)
    assert err.value.kind == "corrupt"
    with pytest.raises(ModelFileError, match="not found"):
        load_model(tmp_path / "absent.keras")
    with pytest.raises(ValueError, match="unknown scenario"):
        build_model("mystery")
    with pytest.raises(FileNotFoundError, match="backbone weights"):
        build_model("baseline", (32, 32, 3), init=str(tmp_path / "missing.h5"))
