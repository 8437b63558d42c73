"""A tiny end-to-end run: train (1 epoch, few images) -> evaluate -> a valid report; resume continues."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, f1_score

from core.artifacts import reports
from core.evaluate.run import main as evaluate_main
from core.train.config import class_weight_table
from core.train.trainer import main as train_main
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not present")


def _train(small_fer, *extra: str):
    args = [
        "--scenario",
        "optimized",
        "--backbone-weights",
        "random",
        "--data",
        str(small_fer),
        "--input-size",
        "32",
        "--batch-size",
        "16",
        "--seed",
        "1",
        *extra,
    ]
    return train_main(args)


def test_train_then_evaluate_writes_a_complete_report(small_fer, dirs):
    model_file = _train(small_fer, "--epochs", "1", "--limit", "40")
    card = json.loads(model_file.with_suffix(".json").read_text())
    assert card["scenario"] == "optimized" and card["backbone_init"] == "random"
    assert card["train_images"] == 40 and card["epochs_run"] == 1 and card["input_shape"] == [32, 32, 3]
    assert "not initialised from ImageNet" in card["backbone_note"]
    assert card["recipe"]["label_smoothing"] == 0.1 and card["recipe"]["augmentation"] is True
    flip = card["test_time_flip"]
    assert flip["chosen_by"] == "PublicTest accuracy" and flip["images"] == 21, "all of the small PublicTest"
    assert flip["used"] is (flip["public_accuracy"]["flip"] > flip["public_accuracy"]["single"])

    evaluate_main(["--model", str(model_file), "--data", str(small_fer)])
    assert reports.available_scenarios() == ["optimized"]
    predictions = reports.load_predictions("optimized")
    metrics = reports.load_metrics("optimized")
    assert len(predictions) == metrics["n"] == 21
    probs = reports.probabilities(predictions)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    preds = probs.argmax(axis=1)
    assert metrics["accuracy"] == pytest.approx(accuracy_score(predictions["label"], preds))
    assert metrics["macro_f1"] == pytest.approx(
        f1_score(predictions["label"], preds, average="macro", labels=range(7), zero_division=0)
    )
    assert np.array(metrics["confusion_matrix"]).sum() == 21
    history = reports.load_history("optimized")
    assert list(history.columns) == reports.HISTORY_COLUMNS and len(history) == 1
    images = reports.load_test_images("private")
    assert images["images"].shape == (21, 48, 48) and images["files"].tolist() == predictions["file"].tolist()


def test_resume_continues_after_the_last_finished_epoch(small_fer, dirs):
    _train(small_fer, "--epochs", "1", "--limit", "24")
    run_dir = dirs / "models" / "checkpoints" / "optimized"
    first = pd.read_csv(run_dir / "history.csv")
    model_file = _train(small_fer, "--epochs", "2", "--limit", "24", "--resume")
    history = pd.read_csv(run_dir / "history.csv")
    assert history["epoch"].tolist() == [1, 2]
    pd.testing.assert_series_equal(history.iloc[0], first.iloc[0])
    assert json.loads(model_file.with_suffix(".json").read_text())["epochs_run"] == 2


def test_baseline_trains_the_head_on_cached_features(small_fer, dirs):
    model_file = train_main(
        [
            "--scenario",
            "baseline",
            "--backbone-weights",
            "random",
            "--data",
            str(small_fer),
            "--input-size",
            "32",
            "--epochs",
            "2",
            "--limit",
            "40",
        ]
    )
    card = json.loads(model_file.with_suffix(".json").read_text())
    assert card["trainable_layers"] == ["fc1", "predictions"] and card["recipe"]["augmentation"] is False


def test_class_weights():
    labels = np.array([0, 0, 0, 1])
    balanced = class_weight_table(labels, "balanced")
    assert balanced[1] == pytest.approx(4 / 7) and balanced[0] == pytest.approx(4 / 21)
    assert class_weight_table(labels, "sqrt")[1] == pytest.approx(np.sqrt(4 / 7))
    assert class_weight_table(labels, "none") is None


def test_augment_is_seeded_and_keeps_shape():
    from core.train.augment import augment
    from core.train.config import TrainConfig

    images = np.random.default_rng(0).uniform(0, 255, (6, 32, 32, 3)).astype(np.float32)
    config = TrainConfig("optimized")
    first = augment(images, np.random.default_rng(5), config)
    again = augment(images, np.random.default_rng(5), config)
    assert first.shape == images.shape and first.dtype == np.float32
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first, images)


def test_augment_without_geometry_only_flips():
    from core.train.augment import augment
    from core.train.config import TrainConfig

    images = np.random.default_rng(1).uniform(0, 255, (20, 16, 16, 1)).astype(np.float32)
    still = TrainConfig("optimized", augment_rotation=0.0, augment_shift=0.0, augment_zoom=0.0)
    out = augment(images, np.random.default_rng(2), still)
    flipped = [np.allclose(o, i[:, ::-1], atol=1e-3) for o, i in zip(out, images, strict=True)]
    kept = [np.allclose(o, i, atol=1e-3) for o, i in zip(out, images, strict=True)]
    assert all(f or k for f, k in zip(flipped, kept, strict=True)) and 0 < sum(flipped) < len(images)


def test_init_model_continues_a_finished_run(small_fer, dirs):
    first = _train(small_fer, "--epochs", "1", "--limit", "24")
    kept = dirs / "kept"
    kept.mkdir()
    for suffix in (".keras", ".json", ".history.csv"):
        shutil.copy(first.with_suffix(suffix), kept / f"optimized{suffix}")
    before = json.loads((kept / "optimized.json").read_text())
    model_file = _train(small_fer, "--epochs", "2", "--limit", "24", "--init-model", str(kept / "optimized.keras"))
    card = json.loads(model_file.with_suffix(".json").read_text())
    history = pd.read_csv(model_file.with_suffix(".history.csv"))
    assert history["epoch"].tolist() == [1, 2] and card["epochs_run"] == 2
    assert card["continued_from"]["file"] == "optimized.keras" and card["head_warmup"] == before["head_warmup"]
    assert card["best_val_accuracy"] >= before["best_val_accuracy"]
    assert "block5_conv3" in card["trainable_layers"] and "block3_conv3" not in card["trainable_layers"]


def test_evaluate_follows_the_cards_flip_choice(small_fer, dirs):
    from core.data.dataset import load_dataset
    from core.model.architectures import load_model
    from core.model.inference import predict_probabilities

    model_file = _train(small_fer, "--epochs", "1", "--limit", "40")
    card_file = model_file.with_suffix(".json")
    card = json.loads(card_file.read_text())
    card["test_time_flip"]["used"] = True
    card_file.write_text(json.dumps(card))
    evaluate_main(["--model", str(model_file), "--data", str(small_fer)])

    private = load_dataset(small_fer).split("PrivateTest")
    expected = predict_probabilities(load_model(model_file), private.images, flip=True)
    stored = reports.probabilities(reports.load_predictions("optimized"))
    np.testing.assert_allclose(stored, expected, atol=1e-4)
    assert reports.load_model_card("optimized")["test_time_flip"]["used"] is True


def test_model_choose_flip_writes_the_choice_into_card_and_report(small_fer, dirs):
    from core.model.__main__ import main as model_main

    model_file = _train(small_fer, "--epochs", "1", "--limit", "40")
    card_file = model_file.with_suffix(".json")
    card = json.loads(card_file.read_text())
    del card["test_time_flip"]
    card_file.write_text(json.dumps(card))
    model_main(["--choose-flip", str(model_file), "--data", str(small_fer)])
    evaluate_main(["--model", str(model_file), "--data", str(small_fer)])
    choice = json.loads(card_file.read_text())["test_time_flip"]
    assert choice["chosen_by"] == "PublicTest accuracy" and choice["images"] == 21
    assert reports.load_model_card("optimized")["test_time_flip"] == choice
