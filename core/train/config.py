"""What a training run is: every knob of it (written into the card verbatim) and the small rules it follows."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.classes import NUM_CLASSES
from core.data.dataset import Split


@dataclass
class TrainConfig:
    """Every knob of a run; it is written into the model card verbatim."""

    scenario: str
    backbone_weights: str = "imagenet"
    input_size: int = 48
    epochs: int = 30
    batch_size: int = 64
    learning_rate: float = 1e-4
    head_units: int = 256
    dropout: float = 0.5
    se_ratio: int = 16
    label_smoothing: float = 0.1
    class_weights: str = "balanced"
    augment_rotation: float = 0.05
    augment_shift: float = 0.1
    augment_zoom: float = 0.1
    patience: int = 5
    head_warmup: int = 5
    lr_patience: int = 2
    seed: int = 0
    limit: int | None = None
    max_minutes: float | None = None
    init_model: str | None = None

    def recipe(self) -> dict[str, Any]:
        """The thesis recipe of the scenario; baseline has no augmentation, weights or smoothing."""
        optimized = self.scenario == "optimized"
        return {
            "trainable_backbone": "block4_conv1..block5_pool (layers 11-18)" if optimized else "none",
            "squeeze_excitation": optimized,
            "augmentation": optimized,
            "class_weights": self.class_weights if optimized else "none",
            "label_smoothing": self.label_smoothing if optimized else 0.0,
            "head_warmup_epochs": self.head_warmup if optimized else 0,
        }


def class_weight_table(labels: np.ndarray, mode: str) -> dict[int, float] | None:
    """'balanced' = n / (k * n_c) as in scikit-learn; 'sqrt' its square root; 'none'."""
    if mode == "none":
        return None
    counts = np.bincount(labels, minlength=NUM_CLASSES).astype(np.float64)
    weights = len(labels) / (NUM_CLASSES * np.maximum(counts, 1))
    if mode == "sqrt":
        weights = np.sqrt(weights)
    return {i: float(w) for i, w in enumerate(weights)}


def input_normalisation(config: TrainConfig, train: Split) -> tuple[tuple[float, ...] | None, float | None, str]:
    """ImageNet weights get VGG16's own preprocessing; other inits get data standardisation to about +-0.5."""
    if config.backbone_weights == "imagenet":
        return None, None, "VGG16 ImageNet (caffe) preprocessing: BGR mean subtraction, no scaling"
    mean, scale = pixel_standardisation(train.images)
    return (mean,) * 3, scale, f"standardised with training-set mean {mean:.2f} and 2 x std {scale:.2f}"


def would_overrun(started: float, last_epoch_s: float, max_minutes: float | None) -> bool:
    """True when another epoch as long as the last one would end past ``max_minutes`` after ``started``
    (a ``time.perf_counter()`` reading); never without a budget."""
    if max_minutes is None:
        return False
    return time.perf_counter() - started + last_epoch_s > 60 * max_minutes


def pixel_standardisation(images: np.ndarray) -> tuple[float, float]:
    """Mean and 2 x std of the training pixels: inputs land at about +-0.5, where He-initialised
    (or self-supervised) VGG16 layers without BatchNorm train stably."""
    return float(images.mean()), 2.0 * float(images.std())
