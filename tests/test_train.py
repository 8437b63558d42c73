"""A tiny end-to-end run: train (1 epoch, few images) -> evaluate -> a valid report; resume continues."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score, f1_score

from core import reports
from core.classes import CLASSES
from core.evaluate import main as evaluate_main
from core.train import class_weight_table
from core.train import main as train_main
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.skipif(not SHARED_DATA.exists(), reason="FER-2013 not present")


@pytest.fixture(scope="module")
def small_fer(tmp_path_factory):
    """Real FER-2013 files, 8 train and 3 per test split for each class, in the official layout."""
    root = tmp_path_factory.mktemp("fer")
    for name in CLASSES:
        picks = {"train": ("Training", 8), "test": ("PublicTest", 3)}
        for folder, (prefix, count) in picks.items():
            for file in sorted((SHARED_DATA / folder / name).glob(f"{prefix}_*"))[:count]:
                (root / folder / name).mkdir(parents=True, exist_ok=True)
                shutil.copy(file, root / folder / name / file.name)
        for file in sorted((SHARED_DATA / "test" / name).glob("PrivateTest_*"))[:3]:
            shutil.copy(file, root / "test" / name / file.name)
    return root


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("FER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


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
