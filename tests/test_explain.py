"""Grad-CAM, Grad-CAM++, SE read-out, occlusion, probes, the class-average CLI and its report."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from core.artifacts import explanations as explain_reports
from core.artifacts.reports import ReportError, save_test_images
from core.classes import CLASSES, NUM_CLASSES

ROOT = explain_reports.paths.ROOT


@pytest.fixture(scope="module")
def quadrant_model():
    """A hand-built CNN with a known answer: class 0 scores bright pixels, class 1 dark ones.

    conv: channel 0 = relu(x - 0.6) (bright), channel 1 = relu(0.4 - x) (dark), x in [0, 1];
    class 0's logit is the mean of channel 0, class 1's the mean of channel 1, the others 0.
    """
    import keras
    from keras import layers

    size = 16
    inputs = keras.Input((size, size, 1), name="image")
    x = layers.Rescaling(1 / 255, name="input_norm")(inputs)
    conv = layers.Conv2D(2, 1, activation="relu", name="conv")
    x = conv(x)
    x = layers.Flatten(name="flatten")(x)
    head = layers.Dense(NUM_CLASSES, activation="softmax", name="predictions")
    outputs = head(x)
    model = keras.Model(inputs, outputs)
    conv.set_weights([np.array([[[[1.0, -1.0]]]]), np.array([-0.6, 0.4])])
    kernel = np.zeros((size * size * 2, NUM_CLASSES))
    kernel[0::2, 0] = 1 / size**2
    kernel[1::2, 1] = 1 / size**2
    head.set_weights([kernel, np.zeros(NUM_CLASSES)])
    return model


def quadrant_image(size: int = 16) -> np.ndarray:
    """Mid grey, a bright top-left quadrant and a dark bottom-right one."""
    image = np.full((size, size), 128, np.uint8)
    image[: size // 2, : size // 2] = 255
    image[size // 2 :, size // 2 :] = 0
    return image


def quadrant_mask(top: bool) -> np.ndarray:
    mask = np.zeros((16, 16))
    if top:
        mask[:8, :8] = 1
    else:
        mask[8:, 8:] = 1
    return mask


@pytest.mark.parametrize("method", ["gradcam", "gradcam++"])
def test_heatmap_peaks_where_the_class_evidence_is(quadrant_model, method):
    from core.explain.gradcam import Explainer

    explainer = Explainer(quadrant_model)
    assert explainer.layers == ("conv",)
    bright = explainer.explain(quadrant_image(), target=0)
    dark = explainer.explain(quadrant_image(), target=1)
    assert bright.target == 0 and dark.target == 1
    np.testing.assert_allclose(bright.heatmaps[method], quadrant_mask(top=True), atol=1e-5)
    np.testing.assert_allclose(dark.heatmaps[method], quadrant_mask(top=False), atol=1e-5)


def test_predicted_class_is_the_default_target(quadrant_model):
    from core.explain.gradcam import Explainer

    explanation = Explainer(quadrant_model).explain(quadrant_image())
    assert explanation.target == int(explanation.probabilities.argmax())
    expected = quadrant_model.predict(quadrant_image()[None, ..., None].astype(np.float32), verbose=0)[0]
    np.testing.assert_allclose(explanation.probabilities, expected, atol=1e-5)
    assert explanation.excitation is None and explanation.se_maps == {}


def test_log_probability_score_for_models_without_a_dense_softmax_head(quadrant_model):
    """A model ending in a separate softmax activation is explained through log p (same peak here)."""
    import keras

    from core.explain.gradcam import Explainer

    logits = keras.Model(quadrant_model.inputs, quadrant_model.get_layer("predictions").input)
    head = quadrant_model.get_layer("predictions")
    dense = keras.layers.Dense(NUM_CLASSES, name="logits")
    outputs = keras.layers.Activation("softmax", name="softmax")(dense(logits.output))
    model = keras.Model(logits.inputs, outputs)
    dense.set_weights(head.get_weights())
    explanation = Explainer(model, "conv").explain(quadrant_image(), target=0)
    np.testing.assert_allclose(explanation.heatmaps["gradcam"], quadrant_mask(top=True), atol=1e-5)


def test_shapes_ranges_and_se_maps_on_a_small_model(tiny_model):
    from core.explain.gradcam import Explainer

    image = np.random.default_rng(3).integers(0, 256, (60, 50), dtype=np.uint8)
    explanation = Explainer(tiny_model).explain(image, target=4)
    assert explanation.layer == "block2_conv1" and explanation.target == 4
    assert explanation.image.shape == (48, 48) and explanation.image.dtype == np.uint8
    assert explanation.probabilities.shape == (NUM_CLASSES,)
    assert explanation.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    for heat in [*explanation.heatmaps.values(), *explanation.se_maps.values()]:
        assert heat.shape == (48, 48)
        assert heat.min() >= 0.0 and heat.max() <= 1.0
        assert heat.max() == pytest.approx(1.0) or not heat.any()
    assert explanation.excitation.shape == (16,)
    assert np.all((explanation.excitation > 0) & (explanation.excitation < 1))


def test_se_weights_equal_the_layers_actual_excitation(tiny_model):
    """Read-out weights = a manual numpy forward of the SE block = what the layer multiplies in."""
    import keras

    from core.data.preprocessing import preprocess
    from core.explain.gradcam import Explainer
    from core.model.architectures import se_layer

    image = np.random.default_rng(7).integers(0, 256, (48, 48), dtype=np.uint8)
    se = se_layer(tiny_model)
    probe = keras.Model(tiny_model.inputs[0], [se.input, se.output])
    features, weighted = (np.asarray(a, dtype=np.float64)[0] for a in probe(preprocess(image, (48, 48, 3))))
    squeeze_kernel, squeeze_bias = se.squeeze.get_weights()
    excite_kernel, excite_bias = se.excite.get_weights()
    hidden = np.maximum(features.mean(axis=(0, 1)) @ squeeze_kernel + squeeze_bias, 0.0)
    manual = 1.0 / (1.0 + np.exp(-(hidden @ excite_kernel + excite_bias)))

    explanation = Explainer(tiny_model, "block1_conv1").explain(image)
    np.testing.assert_allclose(explanation.excitation, manual, rtol=1e-5, atol=1e-6)
    active = features.max(axis=(0, 1)) > 1e-3
    assert active.any()
    ratio = weighted.sum(axis=(0, 1))[active] / features.sum(axis=(0, 1))[active]
    np.testing.assert_allclose(explanation.excitation[active], ratio, rtol=1e-4)
    after = weighted.mean(axis=-1)
    from core.artifacts.explanations import normalise, upsample

    np.testing.assert_allclose(explanation.se_maps["after"], normalise(upsample(normalise(after), (48, 48))), atol=1e-5)


def test_explainer_refuses_unknown_layers_and_leaves_the_model_alone(tiny_model):
    from core.explain.gradcam import Explainer

    with pytest.raises(ValueError, match="block2_conv1"):
        Explainer(tiny_model, "block9_conv9")
    layers_before = [layer.name for layer in tiny_model.layers]
    weights_before = [w.copy() for w in tiny_model.get_weights()]
    Explainer(tiny_model, ("block1_conv1", "block2_conv1")).run(np.zeros((2, 48, 48), np.uint8), np.array([0, 3]))
    assert [layer.name for layer in tiny_model.layers] == layers_before
    assert all(np.array_equal(a, b) for a, b in zip(weights_before, tiny_model.get_weights(), strict=True))
    assert tiny_model.layers[-1].get_config()["activation"] == "softmax"


def test_explainer_works_on_a_freshly_built_scenario_model():
    """VGG16 layers reused from keras.applications have two graph nodes; the explainer picks this model's."""
    from core.explain.class_average import default_layers
    from core.explain.gradcam import Explainer
    from core.model.architectures import build_model

    model = build_model("optimized", (32, 32, 3), init="random", seed=1, input_mean=(128.0,), input_std=128.0)
    explainer = Explainer(model, default_layers(model))
    assert explainer.layers == ("block5_conv3", "block4_conv3")
    result = explainer.run(np.full((1, 32, 32), 90, np.uint8))
    assert result.features["block4_conv3"].shape == (1, 4, 4, 512)
    assert result.excitation.shape == (1, 512)


def fake_probabilities(batch: np.ndarray) -> np.ndarray:
    """Class 0's probability is the top-left quadrant's brightness; nothing else matters."""
    p0 = np.asarray(batch, dtype=float)[:, :24, :24].mean(axis=(1, 2)) / 255.0
    rest = np.repeat(((1.0 - p0) / (NUM_CLASSES - 1))[:, None], NUM_CLASSES - 1, axis=1)
    return np.column_stack([p0, rest])


def test_occlusion_drops_only_where_the_evidence_is():
    from core.explain.occlusion import occlusion

    image = np.zeros((48, 48), np.uint8)
    image[:24, :24] = 255
    result = occlusion(fake_probabilities, image, patch=8, stride=4)
    assert result.drop.shape == (48, 48)
    assert result.target == 0 and result.probability == pytest.approx(1.0)
    assert result.patches == 11 * 11
    assert result.drop[:16, :16].min() > 0
    np.testing.assert_allclose(result.drop[32:, 32:], 0.0)
    odd = occlusion(fake_probabilities, image, patch=12, stride=8, target=3)
    assert odd.target == 3 and odd.patches == 6 * 6


def test_probes_change_what_they_say():
    from core.explain.occlusion import Probe

    image = np.tile(np.arange(48, dtype=np.uint8) * 5, (48, 1)).T.copy()
    np.testing.assert_array_equal(Probe().apply(image), image)
    masked = Probe(mask_eyes=True).apply(image)
    fill = round(float(image.mean()))
    assert np.all(masked[12:24] == fill)
    np.testing.assert_array_equal(masked[:12], image[:12])
    np.testing.assert_array_equal(masked[24:], image[24:])
    mouth = Probe(mask_mouth=True).apply(image)
    assert np.all(mouth[32:44] == fill) and np.array_equal(mouth[:32], image[:32])
    assert Probe(brightness=0.5).apply(image).max() == round(image.max() * 0.5)
    dot = np.zeros((48, 48), np.uint8)
    dot[20, 20] = 255
    moved = Probe(shift_x=0.25).apply(dot)
    assert np.unravel_index(moved.argmax(), moved.shape) == (20, 32)
    assert Probe(blur=2.0).apply(dot).max() < 255
    rotated = Probe(rotation=90).apply(dot)
    assert rotated.shape == (48, 48) and np.unravel_index(rotated.argmax(), rotated.shape) != (20, 20)


def test_band_helpers():
    assert explain_reports.band_rows(48, "eyes") == slice(12, 24)
    assert explain_reports.band_rows(48, "mouth") == slice(32, 44)
    assert explain_reports.uniform_share("eyes") == pytest.approx(0.25)
    even = np.ones((48, 48))
    eyes_only = np.zeros((48, 48))
    eyes_only[14:20, 5:30] = 3.0
    shares = explain_reports.band_shares(np.stack([even, eyes_only, np.zeros((48, 48))]))
    np.testing.assert_allclose(shares["eyes"][:2], [0.25, 1.0])
    np.testing.assert_allclose(shares["mouth"][:2], [0.25, 0.0])
    assert np.isnan(shares["eyes"][2])
    normalised = explain_reports.normalise(np.array([[[-1.0, 2.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]]))
    np.testing.assert_allclose(normalised, [[[0.0, 1.0], [0.5, 0.0]], [[0.0, 0.0], [0.0, 0.0]]])
    assert explain_reports.upsample(np.eye(3), (48, 40)).shape == (48, 40)


def test_nested_and_flat_layer_names_are_matched():
    nested = ["vgg16/block4_conv3", "vgg16/block5_conv3"]
    flat = ["block1_conv1", "block4_conv3", "block5_conv3"]
    assert explain_reports.shared_layers([nested, flat]) == ["block4_conv3", "block5_conv3"]
    assert explain_reports.shared_layers([flat, ["features/vgg16/block5_conv3"]]) == ["block5_conv3"]
    assert explain_reports.shared_layers([nested, nested]) == nested, "the same paths stay paths"
    assert explain_reports.shared_layers([["a/conv", "b/conv"], ["conv"]]) == [], "an ambiguous name matches nothing"
    assert explain_reports.shared_layers([["conv"], flat]) == []
    assert explain_reports.resolve_layer(nested, "block5_conv3") == "vgg16/block5_conv3"
    assert explain_reports.resolve_layer(flat, "vgg16/block5_conv3") == "block5_conv3"
    with pytest.raises(KeyError, match="not among"):
        explain_reports.resolve_layer(flat, "conv")


def test_a_nested_layer_path_finds_the_flat_models_layer(tiny_model, model_zoo):
    from core.explain.gradcam import Explainer
    from core.explain.layers import ExplainError, find
    from core.model.loading import load_model

    assert find(tiny_model, "vgg16/block2_conv1") is tiny_model.get_layer("block2_conv1")
    nested = load_model(model_zoo["nested_functional"])
    assert Explainer(nested, "block4_conv3").layers == ("vgg16/block4_conv3",)
    with pytest.raises(ExplainError, match="no layer 'block9_conv1'"):
        find(nested, "block9_conv1")


@pytest.fixture(scope="module")
def explained(scenario_models, tmp_path_factory) -> dict:
    """The CLI run with --limit on the scenario models over a small stored test split."""
    from core.explain.class_average import main

    reports = tmp_path_factory.mktemp("explain_reports")
    labels = np.repeat(np.arange(NUM_CLASSES), 3)
    images = np.random.default_rng(1).integers(0, 256, (len(labels), 48, 48), dtype=np.uint8)
    save_test_images(
        reports / "test_images_private.npz", images, labels, files=[f"PrivateTest_{i}.jpg" for i in labels]
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FER_REPORTS_DIR", str(reports))
        patch.setenv("FER_MODELS_DIR", str(scenario_models))
        written = main(["--limit", "2", "--batch-size", "5"])
    return {"reports": reports, "written": written}


@pytest.fixture
def explained_env(explained, scenario_models, monkeypatch) -> dict:
    monkeypatch.setenv("FER_REPORTS_DIR", str(explained["reports"]))
    monkeypatch.setenv("FER_MODELS_DIR", str(scenario_models))
    return explained


def test_cli_writes_readable_class_average_reports(explained_env):
    assert [path.name for path in explained_env["written"]] == ["baseline", "optimized"]
    assert explain_reports.available() == ["baseline", "optimized"]
    for scenario in ("baseline", "optimized"):
        report = explain_reports.load_class_maps(scenario)
        assert report.layers == ["block5_conv3", "block4_conv3"]
        assert report.methods == ["gradcam", "gradcam++"]
        assert report.maps.shape == (2, 2, NUM_CLASSES, 32, 32)
        assert report.maps.min() >= 0 and report.maps.max() <= 1
        np.testing.assert_array_equal(report.counts, np.full(NUM_CLASSES, 2))
        assert report.mean_faces.shape == (NUM_CLASSES, 32, 32)
        assert report.meta["limit"] == 2 and report.meta["images"] == 14 and report.meta["target"] == "true"
        assert len(report.shares) == 2 * 2 * NUM_CLASSES
        assert set(report.shares["class"]) == set(CLASSES)
        shares = report.shares[["eyes", "mouth"]].to_numpy()
        assert np.all((shares[~np.isnan(shares)] >= 0) & (shares[~np.isnan(shares)] <= 1))
        assert report.class_maps("block4_conv3", "gradcam++").shape == (NUM_CLASSES, 32, 32)
    assert explain_reports.load_class_maps("baseline").excitation is None
    assert explain_reports.load_class_maps("optimized").excitation.shape == (NUM_CLASSES, 512)


def test_class_averages_of_a_nested_model_match_the_flat_ones(explained_env, model_zoo, tmp_path, monkeypatch):
    """``python -m core.explain`` for a nested student model: its vgg16/... layers answer for the flat names."""
    import shutil

    from core.explain.class_average import main

    shutil.copytree(explained_env["reports"], tmp_path / "reports")
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    main(["--scenario", "student", "--model", str(model_zoo["nested_functional"]), "--limit", "1"])
    nested, flat = explain_reports.load_class_maps("student"), explain_reports.load_class_maps("baseline")
    assert nested.layers == ["vgg16/block5_conv3", "vgg16/block4_conv3"]
    assert explain_reports.shared_layers([flat.layers, nested.layers]) == ["block5_conv3", "block4_conv3"]
    assert nested.class_maps("block4_conv3", "gradcam").shape == (NUM_CLASSES, 32, 32)
    assert nested.layer("block5_conv3") in set(nested.shares["layer"])


def test_readers_refuse_tampered_and_missing_reports(explained_env, tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "reports"
    shutil.copytree(explained_env["reports"], copy)
    monkeypatch.setenv("FER_REPORTS_DIR", str(copy))
    shares = explain_reports.folder("optimized") / "band_shares.csv"
    shares.write_text(shares.read_text().replace("block4_conv3", "block3_conv3"))
    with pytest.raises(ReportError, match="python -m core.explain --scenario optimized"):
        explain_reports.load_class_maps("optimized")
    assert explain_reports.available() == ["baseline"]
    manifest = explain_reports.folder("baseline") / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "schema_version": 99}))
    with pytest.raises(ReportError, match="schema version 99"):
        explain_reports.load_class_maps("baseline")
    with pytest.raises(ReportError, match="No class-average explanations"):
        explain_reports.load_class_maps("nothing")


def test_cli_rejects_bad_arguments(explained_env, capsys):
    from core.explain.class_average import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--scenario", "optimized", "--layer", "block9_conv9", "--limit", "1"])
    assert exit_info.value.code == 2
    assert "block5_conv3" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--scenario", "missing_model"])
    assert "missing_model.keras" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--limit", "0"])


def test_cli_explains_a_missing_test_split(scenario_models, empty_dirs, monkeypatch, capsys):
    from core.explain.class_average import main

    monkeypatch.setenv("FER_MODELS_DIR", str(scenario_models))
    with pytest.raises(SystemExit):
        main(["--scenario", "baseline", "--limit", "1"])
    assert "python -m core.evaluate" in capsys.readouterr().err


def test_readers_and_charts_do_not_import_tensorflow():
    code = (
        "import sys, core.artifacts.explanations, core.charts.explain, core.explain.budget, dashboard.cache; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
