"""Evaluate a trained model on a FER-2013 split and write its report folder.

    python -m core.evaluate                                   # every models/<scenario>.keras
    python -m core.evaluate --model models/optimized.keras    # one model, PrivateTest
    python -m core.evaluate --model my_vgg.keras --scenario my_vgg --split public
    python -m core.evaluate --choose-flip                     # decide the flip average on PublicTest first

Works for any compatible .keras file (7 softmax outputs, image input): the input size is
read from the model, and a card's ``test_time_flip`` (see core.inference) is honoured. Writes
``reports/<scenario>/`` (see core.reports) and, once, the split's images to
``reports/test_images_<split>.npz`` so the dashboard can show samples.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.classes import CLASSES, NUM_CLASSES
from core.data import Split, load_dataset, resolve_split
from core.inference import flip_average, flip_views, mean_of_views, uses_flip
from core.metrics import compute_metrics
from core.preprocessing import preprocess
from core.reports import (
    ReportError,
    atomic_write_json,
    load_test_images,
    predictions_frame,
    save_test_images,
    write_report,
)

SPLIT_SHORT = {"Training": "train", "PublicTest": "public", "PrivateTest": "private"}


def read_card(model_file: Path) -> dict[str, Any]:
    """The model's card, or a minimal one saying that none came with the file."""
    card_file = paths.card_path(model_file)
    if card_file.exists():
        return json.loads(card_file.read_text())
    return {
        "card_version": 1,
        "scenario": model_file.stem,
        "backbone_init": "unknown",
        "backbone_note": f"No model card was found beside {model_file.name}; provenance unknown.",
        "classes": list(CLASSES),
    }


def predict_probabilities(
    model, images: np.ndarray, batch_size: int = 64, verbose: int = 0, flip: bool = False
) -> np.ndarray:
    """Class probabilities for a (n, h, w) uint8 batch, through the one preprocessing path
    (and, with ``flip``, the card's flip average)."""
    x = preprocess(images, model.input_shape)
    probs = flip_average(lambda a: model.predict(a, batch_size=batch_size, verbose=verbose), x, flip)
    return probs / probs.sum(axis=1, keepdims=True)


def choose_flip(model, public: Split, batch_size: int = 64) -> dict[str, Any]:
    """Measure PublicTest accuracy with and without the flip average and keep it only if it helps.

    The choice is made on PublicTest alone (PrivateTest is never looked at), like every other
    choice in core.train; the card records both accuracies so the gain can be quoted.
    """
    x = preprocess(public.images, model.input_shape)
    both = np.asarray(model.predict(flip_views(x, True), batch_size=batch_size, verbose=0), dtype=np.float64)
    accuracy = {
        "single": float((both[: len(x)].argmax(axis=1) == public.labels).mean()),
        "flip": float((mean_of_views(both).argmax(axis=1) == public.labels).mean()),
    }
    return {
        "used": accuracy["flip"] > accuracy["single"],
        "method": "mean of the probabilities of the face and its horizontal mirror image",
        "chosen_by": "PublicTest accuracy",
        "images": len(public),
        "public_accuracy": accuracy,
    }


def check_compatible(model) -> None:
    """Refuse models that cannot be shown: they must map an image to 7 class probabilities."""
    if len(model.inputs) != 1 or len(model.input_shape) != 4 or None in model.input_shape[1:]:
        raise ValueError(f"{model.name}: expected one fixed-size image input (batch, h, w, c), got {model.input_shape}")
    if model.output_shape[-1] != NUM_CLASSES:
        raise ValueError(f"{model.name}: expected {NUM_CLASSES} outputs (FER-2013 classes), got {model.output_shape}")


def evaluate(
    model_file: Path,
    split: str = "private",
    data: Path | None = None,
    scenario: str | None = None,
    batch_size: int = 64,
    choose: bool = False,
) -> Path:
    """Run one model on a split and write its sealed report folder; returns the folder.

    With ``choose``, first decide the flip average on PublicTest (:func:`choose_flip`) and write
    it into the model's card, which the report then carries.
    """
    from core.architectures import load_model

    model_file = Path(model_file)
    model = load_model(model_file)
    check_compatible(model)
    card = read_card(model_file)
    scenario = scenario or card.get("scenario") or model_file.stem
    full_split = resolve_split(split)
    dataset = load_dataset(data)
    part = dataset.split(full_split)
    if choose:
        card["test_time_flip"] = choose_flip(model, dataset.split("PublicTest"), batch_size)
        atomic_write_json(paths.card_path(model_file), card)
        accuracy = card["test_time_flip"]["public_accuracy"]
        print(
            f"{model_file.name}: PublicTest accuracy {accuracy['single']:.4f} single, {accuracy['flip']:.4f} "
            f"flip-averaged -> flip {'used' if uses_flip(card) else 'not used'}"
        )

    model.predict(preprocess(part.images[:8], model.input_shape), verbose=0)
    start = time.perf_counter()
    probs = predict_probabilities(model, part.images, batch_size, verbose=1, flip=uses_flip(card))
    seconds = time.perf_counter() - start
    metrics = compute_metrics(part.labels, probs)
    metrics.update(
        split=full_split,
        images_per_s=round(len(part) / seconds, 1),
        data_fingerprint=dataset.fingerprint,
        model_file=model_file.name,
    )
    history_file = model_file.with_suffix(".history.csv")
    history = pd.read_csv(history_file) if history_file.exists() else None
    _store_images(SPLIT_SHORT[full_split], part.images, part.labels, part.files)
    folder = write_report(scenario, predictions_frame(part.files, part.labels, probs), metrics, card, history)
    print(
        f"{scenario}: {full_split} n={len(part)} accuracy {metrics['accuracy']:.4f} macro-F1 {metrics['macro_f1']:.4f} "
        f"top-2 {metrics['top2_accuracy']:.4f} ({metrics['images_per_s']:.0f} images/s) -> {folder}"
    )
    return folder


def _store_images(split: str, images: np.ndarray, labels: np.ndarray, files: list[str]) -> None:
    """Write the split's images for the dashboard unless the same ones are already there."""
    try:
        stored = load_test_images(split)
        if stored["files"].tolist() == list(files):
            return
    except ReportError:
        pass
    save_test_images(paths.test_images_path(split), images, labels, files)


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(
        prog="python -m core.evaluate",
        description="Evaluate trained models on a FER-2013 split and write reports/<scenario>/ for the dashboard.",
    )
    parser.add_argument(
        "--model",
        type=Path,
        action="append",
        help="a .keras file (repeatable; default: every models/<scenario>.keras that exists)",
    )
    parser.add_argument("--scenario", help="report name for a single --model (default: from its card, else file name)")
    parser.add_argument(
        "--choose-flip",
        action="store_true",
        help="first decide on PublicTest whether averaging each face with its mirror image helps, "
        "and record it in the model card (evaluation then follows the card)",
    )
    parser.add_argument("--split", default="private", help="private (default, the reported split), public or train")
    parser.add_argument(
        "--data", type=Path, default=None, help="FER-2013 folder or fer2013.csv (default: ../shared/fer2013)"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=64,
        help="images per model call (default: %(default)s; 256 was 2x slower here)",
    )
    args = parser.parse_args(argv)
    models = args.model or [paths.model_path(s) for s in paths.SCENARIOS if paths.model_path(s).exists()]
    if not models:
        parser.error(
            f"no models found in {paths.models_dir()}: train one with `python -m core.train --scenario optimized`"
        )
    if args.scenario and len(models) > 1:
        parser.error("--scenario names one report: pass a single --model with it")
    return [evaluate(m, args.split, args.data, args.scenario, args.batch_size, args.choose_flip) for m in models]


if __name__ == "__main__":
    main()
