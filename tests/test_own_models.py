"""The candidate's own models: every student-shaped zoo model from file to evaluation, live prediction,
Grad-CAM and the SE view; the messages for files that cannot be used; the convention oracle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.model.loading import ModelFileError, load_model
from tests.conftest import ROOT, SHARED_DATA

SHAPES = ["nested_sequential", "nested_functional", "two_levels", "gray_concatenate", "gray_adapter", "se_plain"]
SHAPES += ["se_custom", "se_custom_h5", "flat"]
EXPECTED = {
    "nested_sequential": ("vgg16/block5_conv3", None),
    "nested_functional": ("vgg16/block5_conv3", None),
    "two_levels": ("features/vgg16/block5_conv3", None),
    "gray_concatenate": ("vgg16/block5_conv3", None),
    "gray_adapter": ("vgg16/block5_conv3", None),
    "se_plain": ("conv2", "se_scale"),
    "se_custom": ("conv1", "my_se"),
    "se_custom_h5": ("conv1", "my_se"),
    "flat": ("conv", None),
}
FACES = np.random.default_rng(0).integers(0, 256, size=(3, 48, 48), dtype=np.uint8)


def _custom(name: str, zoo: dict[str, Path]) -> Path | None:
    return zoo["layers_py"] if name.startswith("se_custom") else None


@pytest.mark.parametrize("name", SHAPES)
def test_zoo_model_predicts_live_and_is_explained(name, model_zoo):
    from core.explain.gradcam import Explainer
    from core.explain.layers import se_block
    from core.model.inference import load_predictor

    predictor = load_predictor(model_zoo[name], _custom(name, model_zoo))
    probs = predictor.probabilities(FACES)
    assert probs.shape == (3, 7) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert predictor.convention["source"] == "unknown"
    explainer = Explainer(predictor.model)
    layer, se = EXPECTED[name]
    assert explainer.layers == (layer,)
    explanation = explainer.explain(FACES[0])
    np.testing.assert_allclose(explanation.probabilities, probs[0], rtol=1e-4, atol=1e-5)
    assert explanation.heatmaps["gradcam"].shape == (32, 32)
    found = se_block(predictor.model)
    assert (found.path if found else None) == se
    assert (explanation.excitation is not None) == (se is not None)


def test_nested_activation_is_the_sub_models_own(model_zoo):
    """The traced feature map of vgg16/block5_conv3 is what the VGG16 sub-model computes there."""
    import keras

    from core.data.preprocessing import preprocess
    from core.explain.layers import find, traced_call

    model = load_model(model_zoo["nested_functional"])
    x = preprocess(FACES, model.input_shape)
    output, record = traced_call(model, x, {"vgg16/block5_conv3"})
    vgg = find(model, "vgg16")
    reference = keras.Model(vgg.inputs, vgg.get_layer("block5_conv3").output)(x)
    np.testing.assert_allclose(np.asarray(record["vgg16/block5_conv3"][1]), np.asarray(reference), rtol=1e-4)
    np.testing.assert_allclose(np.asarray(output), model.predict(x, verbose=0), rtol=1e-4, atol=1e-6)


def test_se_views_show_the_blocks_own_channel_weights(model_zoo):
    import keras

    from core.data.preprocessing import preprocess
    from core.explain.gradcam import Explainer
    from core.model.loading import load_custom_objects

    plain = load_model(model_zoo["se_plain"])
    x = preprocess(FACES[:1], plain.input_shape)
    gate = next(layer for layer in plain.layers if getattr(layer, "activation", None) is keras.activations.sigmoid)
    np.testing.assert_allclose(
        Explainer(plain).explain(FACES[0]).excitation, keras.Model(plain.input, gate.output)(x)[0], rtol=1e-4
    )
    custom = load_model(model_zoo["se_custom"], load_custom_objects(model_zoo["layers_py"]))
    block = custom.get_layer("my_se")
    inputs = keras.Model(custom.input, block.input)(x)
    weights = block.excite(block.squeeze(block.pool(inputs)))
    np.testing.assert_allclose(Explainer(custom).explain(FACES[0]).excitation, weights[0], rtol=1e-3, atol=1e-5)


def test_user_picks_a_nested_layer_and_names_an_se_block(model_zoo):
    from core.explain.gradcam import Explainer
    from core.explain.layers import ExplainError, conv_layers

    model = load_model(model_zoo["gray_adapter"])
    assert "gray_to_rgb" not in conv_layers(model) and conv_layers(model)[0] == "vgg16/block1_conv1"
    assert Explainer(model, "vgg16/block4_conv3").layers == ("vgg16/block4_conv3",)
    assert Explainer(model, "block3_conv3").layers == ("vgg16/block3_conv3",)
    with pytest.raises(ExplainError, match="gray_to_rgb"):
        Explainer(model, "gray_to_rgb")
    plain = load_model(model_zoo["se_plain"])
    assert Explainer(plain, se_name="se_scale").se.kind == "gate"


def test_a_model_without_conv_layers_gets_a_message():
    import keras

    from core.explain.gradcam import Explainer
    from core.explain.layers import ExplainError

    inputs = keras.Input((8, 8, 3))
    dense = keras.Model(inputs, keras.layers.Dense(7, activation="softmax")(keras.layers.Flatten()(inputs)))
    with pytest.raises(ExplainError, match="no convolutional layer"):
        Explainer(dense)


CHILD = """
import json, sys
from core.model.loading import ModelFileError, load_model
out = {}
for objects in (None, sys.argv[1]):  # without first: importing the file registers SEBlock for the process
    for path in sys.argv[2:]:
        try:
            out[f"{path}|{bool(objects)}"] = load_model(path, objects).get_layer("my_se").__class__.__name__
        except ModelFileError as err:
            out[f"{path}|{bool(objects)}"] = [err.kind, err.name, err.message("en")]
print(json.dumps(out))
"""


def test_custom_se_class_loads_in_a_fresh_process_only_with_its_file(model_zoo):
    files = [str(model_zoo["se_custom"]), str(model_zoo["se_custom_h5"])]
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(model_zoo["layers_py"]), *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    for file in files:
        assert result[f"{file}|True"] == "SEBlock"
        kind, name, message = result[f"{file}|False"]
        assert (kind, name) == ("custom_class", "SEBlock")
        assert "--custom-objects thesis_layers.py" in message and "core.train" not in message


def test_broken_files_name_their_real_cause(tmp_path, model_zoo):
    import keras

    from core.model.card import read_card

    data = model_zoo["flat"].read_bytes()
    (tmp_path / "cut.keras").write_bytes(data[: len(data) // 2])
    inputs = keras.Input((8, 8, 3))
    lam = keras.layers.Lambda(lambda x: x / 255.0)(inputs)
    keras.Model(inputs, keras.layers.Dense(7)(keras.layers.Flatten()(lam))).save(tmp_path / "lam.keras")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "cut.json").write_text("{broken")
    cases = {"cut.keras": "corrupt", "lam.keras": "lambda", "notes.txt": "format", "absent.h5": "missing"}
    for file, kind in cases.items():
        with pytest.raises(ModelFileError) as err:
            load_model(tmp_path / file)
        assert err.value.kind == kind
        for lang in ("id", "en"):
            assert file in err.value.message(lang) and "core.train" not in err.value.message(lang)
    with pytest.raises(ModelFileError) as err:
        read_card(tmp_path / "cut.keras")
    assert err.value.kind == "card_invalid" and "cut.json" in err.value.message("id")


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not available")
@pytest.mark.parametrize("name", ["nested_sequential", "gray_adapter", "se_custom_h5"])
def test_zoo_model_is_evaluated_with_a_card_written_beside_it(name, model_zoo, small_fer, dirs, tmp_path):
    import shutil

    from core.artifacts import reports
    from core.evaluate.run import evaluate
    from core.model.card import convention, read_card

    file = tmp_path / model_zoo[name].name
    shutil.copy(model_zoo[name], file)
    folder = evaluate(file, "private", small_fer, scenario="mine", custom_objects=_custom(name, model_zoo))
    card = read_card(file)
    assert convention(card)["source"] == "inferred" and set(convention(card)["scores"]) >= {"raw", "unit", "caffe"}
    assert reports.load_metrics("mine")["preprocessing"]["convention"] == convention(card)["convention"]
    assert len(reports.load_predictions("mine")) == 21 and folder.name == "mine"
    evaluate(
        file, "private", small_fer, scenario="mine", preprocessing="caffe", custom_objects=_custom(name, model_zoo)
    )
    conv = convention(read_card(file))
    assert conv == {"convention": "caffe", "source": "declared", "pixel_step": conv["pixel_step"]}
    assert conv["pixel_step"]["source"] == "unknown"  # no original pixels beside this data: nobody can tell


SHIPPED = ROOT / "models" / "baseline.keras"


@pytest.fixture(scope="module")
def public_split():
    from core.data.dataset import load_dataset

    return load_dataset(None).split("PublicTest")


@pytest.mark.skipif(not (SHIPPED.exists() and SHARED_DATA.exists()), reason="needs models/baseline.keras and FER-2013")
@pytest.mark.parametrize("convention", ["unit", "caffe"])
def test_oracle_inference_recovers_the_convention_a_wrapper_stripped(convention, public_split):
    """The shipped model takes raw [0, 255]; wrapped with the inverse of ``convention`` it is accurate
    only when fed that convention, and inference must find it and reach the shipped accuracy."""
    import keras

    from core.data.preprocessing import IMAGENET_BGR_MEAN, preprocess
    from core.model.conventions import infer_convention

    shipped = load_model(SHIPPED)
    inputs = keras.Input(shipped.input_shape[1:])
    if convention == "unit":
        raw = keras.layers.Rescaling(255.0)(inputs)
    else:
        raw = keras.layers.Rescaling(1.0, offset=list(IMAGENET_BGR_MEAN))(inputs)  # gray: B, G, R channels equal
    wrapped = keras.Model(inputs, shipped(raw))
    found = infer_convention(wrapped, public_split, size=150)
    sample = public_split.head(150, 0)
    shipped_probs = shipped.predict(preprocess(sample.images, shipped.input_shape), verbose=0)
    truth = float((shipped_probs.argmax(axis=1) == sample.labels).mean())
    assert found["convention"] == convention and found["scores"][convention] == pytest.approx(truth, abs=1e-3)
    assert found["scores"][convention] > max(v for k, v in found["scores"].items() if k != convention)


def test_the_projects_own_se_layer_loads_in_a_fresh_process(scenario_models):
    """A fresh server process has imported nothing: loading must register SqueezeExcite itself."""
    code = (
        "import sys; from core.model.loading import load_model; "
        "print(sorted({type(l).__name__ for l in load_model(sys.argv[1]).layers}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(scenario_models / "optimized.keras")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "SqueezeExcite" in run.stdout
