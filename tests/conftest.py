"""Shared fixtures: a tiny seeded model, small real VGG16 scenario models and synthetic reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pylibsrtp  # noqa: F401 - before TensorFlow, as in streamlit_app.py (libsrtp's init crashes after it)
import pytest

from core.classes import CLASSES, NUM_CLASSES
from core.evaluate.metrics import compute_metrics

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "fer2013"
ROOT = Path(__file__).resolve().parents[1]


def real_images(split: str = "test", per_class: int = 1) -> list[tuple[Path, int]]:
    """A few real FER-2013 files with their labels (empty when the dataset is absent)."""
    if not SHARED_DATA.exists():
        return []
    found = []
    for label, name in enumerate(CLASSES):
        files = sorted((SHARED_DATA / split / name).glob("PrivateTest_*" if split == "test" else "*"))
        found += [(file, label) for file in files[:per_class]]
    return found


@pytest.fixture(scope="session")
def tiny_model():
    """A small flat CNN with VGG-style layer names and an SE block, seeded (fast to run and to explain)."""
    import keras
    from keras import layers

    from core.model.layers import SqueezeExcite

    keras.utils.set_random_seed(0)
    inputs = keras.Input((48, 48, 3), name="image")
    x = layers.Normalization(mean=[127.5] * 3, variance=[127.5**2] * 3, name="input_norm")(inputs)
    x = layers.Conv2D(8, 3, padding="same", activation="relu", name="block1_conv1")(x)
    x = layers.MaxPooling2D(name="block1_pool")(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="block2_conv1")(x)
    x = SqueezeExcite(4, name="se")(x)
    x = layers.MaxPooling2D(name="block2_pool")(x)
    x = layers.Flatten(name="flatten")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="tiny")


@pytest.fixture(scope="session")
def scenario_models(tmp_path_factory) -> Path:
    """Both scenario models at 32x32 with random backbones, saved with cards, in a models folder."""
    from core.model.architectures import build_model
    from core.train.backbones import backbone_note
    from core.train.config import TrainConfig

    folder = tmp_path_factory.mktemp("models")
    for scenario in ("baseline", "optimized"):
        model = build_model(scenario, (32, 32, 3), init="random", seed=1, input_mean=(128.0,), input_std=128.0)
        model.save(folder / f"{scenario}.keras")
        card = {
            "card_version": 1,
            "scenario": scenario,
            "input_shape": [32, 32, 3],
            "classes": list(CLASSES),
            "backbone_init": "random",
            "backbone_note": backbone_note("random"),
            "hyperparameters": TrainConfig(scenario, backbone_weights="random").__dict__,
            "test_time_flip": {"used": scenario == "optimized"},
        }
        (folder / f"{scenario}.json").write_text(json.dumps(card))
    return folder


def _synthetic_report(scenario: str, labels: np.ndarray, files: list[str], strength: float, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(len(labels), NUM_CLASSES))
    logits[np.arange(len(labels)), labels] += strength
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    epochs = np.arange(1, 6)
    history = pd.DataFrame(
        {
            "epoch": epochs,
            "loss": 2.0 / epochs,
            "accuracy": 0.3 + 0.05 * epochs,
            "val_loss": 2.1 / epochs,
            "val_accuracy": 0.28 + 0.04 * epochs,
            "learning_rate": 1e-4,
            "epoch_time_s": 10.0 + epochs,
        }
    )
    card = {
        "card_version": 1,
        "scenario": scenario,
        "input_shape": [48, 48, 3],
        "classes": list(CLASSES),
        "backbone_init": "random",
        "backbone_note": "synthetic test report",
        "best_epoch": 5,
        "epochs_run": 5,
        "wall_time_s": 60.0,
        "hyperparameters": {"scenario": scenario, "learning_rate": 1e-4},
        "test_time_flip": {"used": scenario == "optimized", "public_accuracy": {"single": 0.5, "flip": 0.5123}},
    }
    return probs, history, card


@pytest.fixture(scope="session")
def synthetic_reports(tmp_path_factory) -> Path:
    """A complete reports folder (both scenarios, 140 images) written through core.reports."""
    import os

    from core import paths
    from core.artifacts.reports import predictions_frame, save_test_images, write_report

    folder = tmp_path_factory.mktemp("reports")
    old = os.environ.get("FER_REPORTS_DIR")
    os.environ["FER_REPORTS_DIR"] = str(folder)
    try:
        labels = np.repeat(np.arange(NUM_CLASSES), 20)
        files = [f"PrivateTest_{i:05d}.jpg" for i in range(len(labels))]
        images = np.random.default_rng(0).integers(0, 256, size=(len(labels), 48, 48), dtype=np.uint8)
        save_test_images(paths.test_images_path("private"), images, labels, files=files)
        for seed, (scenario, strength) in enumerate((("baseline", 1.0), ("optimized", 2.0))):
            probs, history, card = _synthetic_report(scenario, labels, files, strength, seed)
            metrics = compute_metrics(labels, probs)
            write_report(scenario, predictions_frame(files, labels, probs), metrics, card=card, history=history)
    finally:
        if old is None:
            del os.environ["FER_REPORTS_DIR"]
        else:
            os.environ["FER_REPORTS_DIR"] = old
    return folder


@pytest.fixture
def use_reports(synthetic_reports, monkeypatch) -> Path:
    """Point the app and core at the synthetic reports."""
    monkeypatch.setenv("FER_REPORTS_DIR", str(synthetic_reports))
    return synthetic_reports


@pytest.fixture
def empty_dirs(tmp_path, monkeypatch) -> Path:
    """No models and no reports at all."""
    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("FER_MODELS_DIR", str(tmp_path / "models"))
    return tmp_path


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


ABLATION_LABELS = np.repeat(np.arange(NUM_CLASSES), 20)
"""140 images, 20 per class; the ablation fixture's predictions are right on chosen index ranges."""


def _right_on(ranges: list[range]) -> np.ndarray:
    """Probabilities that predict the label on the given index ranges and (label + 1) % 7 elsewhere."""
    right = np.zeros(len(ABLATION_LABELS), dtype=bool)
    for part in ranges:
        right[list(part)] = True
    preds = np.where(right, ABLATION_LABELS, (ABLATION_LABELS + 1) % NUM_CLASSES)
    probs = np.full((len(preds), NUM_CLASSES), 0.05)
    probs[np.arange(len(preds)), preds] = 0.7
    return probs


def ablation_card(scenario: str, seed: int, ablation: str | None = None) -> dict:
    """A card as core.train writes it for the scenario-2 recipe, one component removed when ``ablation`` is set."""
    recipe = {
        "trainable_backbone": "block4_conv1..block5_pool (layers 11-18)",
        "squeeze_excitation": True,
        "augmentation": True,
        "class_weights": "sqrt",
        "label_smoothing": 0.1,
    }
    if ablation:
        recipe["ablation"] = ablation
    return {"card_version": 1, "scenario": scenario, "recipe": recipe, "hyperparameters": {"seed": seed}}


@pytest.fixture
def ablation_reports(tmp_path, monkeypatch) -> Path:
    """N named reports: baseline, optimized (seed 0), optimized_seed1 and optimized_no_se, with hand-set outcomes.

    optimized is right on images 0-99; optimized_no_se on 10-103 (94 right: 10 lost, 4 gained);
    optimized_seed1 on 0-96 and 100-101 (99 right); baseline on 0-69.
    """
    from core import paths
    from core.artifacts.reports import predictions_frame, save_test_images, write_report

    monkeypatch.setenv("FER_REPORTS_DIR", str(tmp_path / "reports"))
    files = [f"PrivateTest_{i:05d}.jpg" for i in range(len(ABLATION_LABELS))]
    images = np.zeros((len(files), 48, 48), dtype=np.uint8)
    save_test_images(paths.test_images_path("private"), images, ABLATION_LABELS, files=files)
    runs = {
        "baseline": ([range(70)], {"card_version": 1, "scenario": "baseline", "recipe": {"augmentation": False}}),
        "optimized": ([range(100)], ablation_card("optimized", 0)),
        "optimized_seed1": ([range(97), range(100, 102)], ablation_card("optimized", 1)),
        "optimized_no_se": ([range(10, 104)], ablation_card("optimized", 0, "no_se")),
    }
    for name, (ranges, card) in runs.items():
        probs = _right_on(ranges)
        frame = predictions_frame(files, ABLATION_LABELS, probs)
        write_report(name, frame, compute_metrics(ABLATION_LABELS, probs), card=card)
    return tmp_path / "reports"


@pytest.fixture(scope="session")
def model_zoo(tmp_path_factory) -> dict[str, Path]:
    """The student-shaped tiny models of tests/zoo.py, saved without cards (name -> file)."""
    from tests.zoo import build_zoo

    return build_zoo(tmp_path_factory.mktemp("zoo"))
