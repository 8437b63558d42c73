"""Evaluate a trained model on a FER-2013 split and write its report folder.

    python -m core.evaluate                                   # every models/<scenario>.keras
    python -m core.evaluate --model models/optimized.keras    # one model, PrivateTest
    python -m core.evaluate --model my_vgg.keras --scenario my_vgg --split public
    python -m core.evaluate --test-set fer2013.csv            # a second test set (core.evaluate.sets)
    python -m core.evaluate --model thesis_se.h5 --scenario optimized --preprocessing caffe \\
        --custom-objects thesis_layers.py

Works for any compatible .keras file (7 softmax outputs, image input): the input size is
read from the model, and a card's ``test_time_flip`` (see core.model.inference) is honoured. Writes
``reports/<scenario>/`` (see core.artifacts.reports) and, once, the split's images to
``reports/test_images_<split>.npz`` so the dashboard can show samples.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from core import paths
from core.artifacts.reports import (
    ReportError,
    load_metrics,
    load_test_images,
    predictions_frame,
    save_test_images,
    write_report,
)
from core.data.dataset import add_data_argument, load_dataset, resolve_split
from core.data.preprocessing import CONVENTIONS
from core.evaluate import catalog
from core.evaluate.metrics import compute_metrics
from core.evaluate.resumable import Cancelled, Progress, chunked_probabilities, finish, run_key
from core.evaluate.sets import add_set_arguments, run_sets
from core.model import custom_code
from core.model.card import UNTRUSTED, check_compatible, convention, read_card, uses_flip, write_card
from core.model.conventions import describe_convention, raw_public
from core.model.loading import ModelFileError

SPLIT_SHORT = {"Training": "train", "PublicTest": "public", "PrivateTest": "private"}


def evaluate(
    model_file: Path,
    split: str = "private",
    data: Path | None = None,
    *,
    scenario: str | None = None,
    batch_size: int = 64,
    preprocessing: str | None = None,
    custom_objects: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    phase: Callable[[str], None] | None = None,
) -> Path:
    """Run one model on a split and write its sealed report folder; returns the folder.

    ``preprocessing`` declares the input convention (written into the card); a model without a
    card gets one from core.model.card.write_card, its convention inferred on PublicTest.
    Predictions are saved in chunks and resume after a stop (core.evaluate.resumable). ``phase`` hears
    each step's name (model, data, convention, predict) and ``cancel`` is honoured within each.
    A ``custom_objects`` file that loads is remembered for the model (core.model.custom_code).
    It is longer because it reads top to bottom as the job's phases, each announced and cancellable.
    """
    from core.model.loading import load_model

    step = _stepper(phase, cancel)
    model_file = Path(model_file)
    step("model")
    card = read_card(model_file)
    model = load_model(model_file, custom_objects)
    check_compatible(model, model_file)
    if custom_objects is not None and not isinstance(custom_objects, dict):
        custom_code.adopt(model_file, Path(custom_objects))
    scenario = scenario or (None if card.get("card") in UNTRUSTED else card.get("scenario")) or model_file.stem
    _check_owner(scenario, model_file)
    full_split = resolve_split(split)
    step("data")
    dataset = load_dataset(data, cancel=cancel)
    if preprocessing or card.get("card") in UNTRUSTED:
        step("convention")
        card = write_card(
            model_file, model, dataset.split("PublicTest"), preprocessing=preprocessing, raw=raw_public(data)
        )
        print(f"{model_file.name}: input convention {describe_convention(convention(card))}")
    step("predict")
    conv, flip = convention(card), uses_flip(card)
    part = dataset.split(full_split)
    key = run_key(model_file, full_split, conv, flip=flip, done=part.pixel_step)
    probs, rate = chunked_probabilities(
        model,
        part.images,
        scenario,
        key=key,
        conv=conv,
        flip=flip,
        batch_size=batch_size,
        progress=progress,
        cancel=cancel,
        done=part.pixel_step,
    )
    metrics = compute_metrics(part.labels, probs)
    metrics.update(
        split=full_split,
        images_per_s=round(rate, 1),
        data_fingerprint=dataset.fingerprint,
        model_file=model_file.name,
        preprocessing=conv,
        faces_pixel_step=part.pixel_step,
    )
    history_file = model_file.with_suffix(".history.csv")
    history = pd.read_csv(history_file) if history_file.exists() else None
    _store_images(SPLIT_SHORT[full_split], part.images, part.labels, files=part.files)
    table = predictions_frame(part.files, part.labels, probs)
    folder = write_report(scenario, table, metrics, card=card, history=history)
    finish(scenario)
    print(
        f"{scenario}: {full_split} n={len(part)} accuracy {metrics['accuracy']:.4f} macro-F1 {metrics['macro_f1']:.4f} "
        f"top-2 {metrics['top2_accuracy']:.4f} ({metrics['images_per_s']:.1f} images/s) -> {folder}"
    )
    return folder


def _check_owner(scenario: str, model_file: Path) -> None:
    """Refuse to overwrite a report that another model file made (nothing is replaced silently)."""
    try:
        recorded = load_metrics(scenario).get("model_file")
    except ReportError:
        return
    if recorded and recorded != model_file.name:
        raise ReportError(
            f"reports/{scenario} was made from {recorded}, not {model_file.name}: evaluate into another report "
            f"(--scenario {catalog.report_name(model_file)}_2) or move reports/{scenario} aside first."
        )


def _stepper(phase: Callable[[str], None] | None, cancel: Callable[[], bool] | None) -> Callable[[str], None]:
    """Announce a step and stop first when a cancel was asked for (nothing is lost between steps)."""

    def step(name: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled(f"cancelled before {name}")
        if phase is not None:
            phase(name)

    return step


def _store_images(split: str, images: np.ndarray, labels: np.ndarray, *, files: list[str]) -> None:
    """Write the split's images for the dashboard unless the same ones are already there."""
    try:
        stored = load_test_images(split)
        if stored["files"].tolist() == list(files):
            return
    except ReportError:
        pass
    save_test_images(paths.test_images_path(split), images, labels, files=files)


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(
        prog="python -m core.evaluate",
        description="Evaluate trained models on a FER-2013 split and write reports/<scenario>/ for the dashboard.",
    )
    parser.add_argument(
        "--model",
        type=Path,
        action="append",
        help="a model file, .keras or .h5, any name (repeatable; default: every models/<scenario>.keras)",
    )
    parser.add_argument("--scenario", help="report name for a single --model (default: from its card, else file name)")
    parser.add_argument("--split", default="private", help="private (default, the reported split), public or train")
    add_data_argument(parser)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=64,
        help="images per model call (default: %(default)s; 256 was 2x slower here)",
    )
    parser.add_argument(
        "--preprocessing",
        choices=CONVENTIONS,
        help="the model's input convention, written into its card (default: the card's; inferred on PublicTest "
        "when the model has no card)",
    )
    parser.add_argument("--custom-objects", type=Path, help="Python file defining the model's custom layers/losses")
    add_set_arguments(parser)
    args = parser.parse_args(argv)
    models = args.model or [paths.model_path(s) for s in paths.SCENARIOS if paths.model_path(s).exists()]
    if not models:
        parser.error(
            f"no models found in {paths.models_dir()}: train one with `python -m core.train --scenario optimized`"
        )
    if args.scenario and len(models) > 1:
        parser.error("--scenario names one report: pass a single --model with it")
    try:
        if args.test_set is not None:
            return run_sets(args, models)
        return [
            evaluate(
                m,
                args.split,
                args.data,
                scenario=args.scenario,
                batch_size=args.batch_size,
                preprocessing=args.preprocessing,
                custom_objects=args.custom_objects,
            )
            for m in models
        ]
    except (ModelFileError, ReportError) as err:
        parser.exit(2, f"error: {err}\n")
    except (FileNotFoundError, ValueError) as err:
        if args.test_set is None:
            raise
        parser.exit(2, f"error: {err}\n")
