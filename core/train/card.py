"""The card a training run writes beside its model: what the file is and how it was made."""

from __future__ import annotations

import platform
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from core.classes import CLASSES
from core.data.dataset import Dataset, Split
from core.data.preprocessing import apply_pixel_step
from core.train.backbones import HED, backbone_note, hed_source, pretraining
from core.train.config import TrainConfig
from core.train.state import RunState

TRAINING_STEP = "equalize"
"""Every face a model learns from is histogram-equalized once: the bundled copy already is (its split says
so), the original pixels of a Kaggle CSV become so. The card declares it, and every path then feeds it so."""


def trained_faces(split: Split) -> Split:
    """The split as a model learns it: each face through TRAINING_STEP once (the bundled copy as it is)."""
    if split.pixel_step == TRAINING_STEP:
        return split
    return Split(apply_pixel_step(split.images, TRAINING_STEP), split.labels, split.files, TRAINING_STEP)


def input_contract(note: str) -> dict[str, Any]:
    """The card's ``preprocessing`` entry for a model this project trained (declared by its trainer)."""
    return {
        "convention": "inside",
        "source": "declared",
        "pixel_step": {"step": TRAINING_STEP, "source": "declared", "by": "core.train"},
        "note": (
            "core.data.preprocessing.preprocess: grayscale, bilinear resize to the input size, histogram "
            f"equalization (cv2.equalizeHist), replicated to 3 channels, float32 in [0, 255]; {note}"
        ),
    }


def contract_note(card: dict[str, Any]) -> str:
    """The input_norm sentence of a card, from its ``preprocessing`` entry (a dict now, a sentence before)."""
    entry = card["preprocessing"]
    return (entry["note"] if isinstance(entry, dict) else entry).split("input_norm layer: ", 1)[-1]


def backend_versions() -> dict[str, str]:
    """Keras, its backend (tensorflow, jax or torch) and Python versions, for the model card."""
    import importlib

    import keras

    backend = keras.config.backend()
    return {
        "backend": backend,
        backend: importlib.import_module(backend).__version__,
        "keras": keras.__version__,
        "python": platform.python_version(),
    }


def model_card(config: TrainConfig, dataset: Dataset, model, *, state: RunState) -> dict[str, Any]:
    """Everything needed to know what a model file is and how it was made."""
    return {
        "card_version": 1,
        "scenario": config.scenario,
        "input_shape": list(model.input_shape[1:]),
        "preprocessing": input_contract(f"the model's input_norm layer: {state.preprocessing_note}"),
        "classes": list(CLASSES),
        "backbone_init": config.backbone_weights,
        "backbone_note": backbone_note(config.backbone_weights),
        "backbone_pretraining": pretraining(config.backbone_weights),
        "backbone_source": hed_source() if config.backbone_weights == HED else None,
        "recipe": config.recipe(),
        "optimizer": config.optimizer_note(),
        "trainable_layers": [layer.name for layer in model.layers if layer.trainable and layer.weights],
        "hyperparameters": asdict(config),
        "epochs_run": state.epoch,
        "head_warmup": state.head_warmup,
        "continued_from": state.continued_from,
        "best_epoch": state.best_epoch,
        "best_val_accuracy": state.best_val_accuracy,
        "validation_split": "PublicTest",
        "wall_time_s": round(state.wall_time_s, 1),
        "train_images": int(len(dataset.split("Training").head(config.limit, config.seed))),
        "data_source": dataset.source,
        "data_fingerprint": dataset.fingerprint,
        "data_notes": dataset.notes,
        "versions": backend_versions(),
        "machine": platform.processor() or platform.machine(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
