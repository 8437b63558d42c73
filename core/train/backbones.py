"""Where a backbone comes from: the sidecar of a pretrained weights file and the sentence a card says about it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def description_path(weights: Path | str) -> Path:
    """models/backbone/rotation.weights.h5 -> models/backbone/rotation.json."""
    weights = Path(weights)
    return weights.with_name(weights.name.split(".")[0] + ".json")


def describe(weights: Path | str) -> dict | None:
    """The sidecar description of a pretrained weights file, or None if there is none."""
    path = description_path(weights)
    return json.loads(path.read_text()) if path.exists() else None


def backbone_note(weights: str) -> str:
    """Plain-language provenance of the backbone, shown on the home page."""
    if weights == "imagenet":
        return "VGG16 initialised from ImageNet weights (keras.applications), as in the thesis."
    if weights == "random":
        return (
            "VGG16 not initialised from ImageNet: the weights were unavailable offline, so the backbone "
            "started from seeded He-normal random weights. Run `python -m core.train ... "
            "--backbone-weights imagenet` with a network to reproduce the thesis setting."
        )
    info = describe(weights)
    if info is None:
        return f"VGG16 initialised from the weights file {Path(weights).name}."
    return (
        "VGG16 not initialised from ImageNet: the weights were unavailable offline, so the backbone was "
        f"pretrained here without labels by {info['method']} on {info['train_images']:,} FER-2013 Training "
        f"images ({info['epochs']} epochs, rotation accuracy {info['rotation_val_accuracy']:.1%}). Run "
        "`python -m core.train ... --backbone-weights imagenet` with a network to reproduce the thesis setting."
    )


def pretraining(weights: str) -> dict[str, Any] | None:
    """How a self-supervised backbone file was made (its sidecar, without the per-epoch history)."""
    if weights in ("imagenet", "random"):
        return None
    info = describe(weights)
    return None if info is None else {k: v for k, v in info.items() if k != "history"}
