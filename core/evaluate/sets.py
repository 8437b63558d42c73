"""Evaluate models on a second labelled test set and write ``reports/sets/<set_id>/<name>/``.

    python -m core.evaluate --test-set ../shared/fer2013/fer2013_test_raw.csv.gz          # its PrivateTest rows
    python -m core.evaluate --test-set fer2013.csv --usage PublicTest
    python -m core.evaluate --model models/optimized.keras --test-set my_photos/ --faces auto

Faces reach the model through the same path as PrivateTest (core.evaluate.resumable ->
core.model.inference -> core.data.preprocessing.preprocess, with the card's input convention), so a
card's per-face pixel step applies here too. Classes the set lacks are reported as absent: macro-F1
averages the classes present, and the absent ones have no recall or F1 (null), not zero.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from core.artifacts.reports import predictions_frame
from core.artifacts.testsets import SetInfo, load_set_images, read_set, write_set, write_set_report
from core.classes import CLASSES, NUM_CLASSES
from core.data.preprocessing import detect_pixel_step
from core.data.testsets import FACE_MODES, LabelledSet, load_test_set
from core.evaluate.metrics import compute_metrics
from core.evaluate.resumable import Progress, chunked_probabilities, finish, run_key
from core.model.card import check_compatible, convention, read_card, uses_flip


def set_metrics(labels: np.ndarray, probs: np.ndarray) -> dict[str, Any]:
    """compute_metrics, with classes the set lacks marked absent and left out of macro-F1."""
    from sklearn.metrics import f1_score

    metrics = compute_metrics(labels, probs)
    counts = np.bincount(np.asarray(labels, np.int64), minlength=NUM_CLASSES)
    present = [i for i in range(NUM_CLASSES) if counts[i] > 0]
    metrics["absent_classes"] = [CLASSES[i] for i in range(NUM_CLASSES) if counts[i] == 0]
    if len(present) < NUM_CLASSES:
        preds = np.asarray(probs).argmax(axis=1)
        metrics["macro_f1"] = float(f1_score(labels, preds, labels=present, average="macro", zero_division=0))
        for row in metrics["per_class"]:
            row["absent"] = row["support"] == 0
            if row["absent"]:
                row["recall"] = row["f1"] = None
    return metrics


def set_info(labelled: LabelledSet, source: Path, *, faces: str = "") -> SetInfo:
    counts = np.bincount(labelled.labels, minlength=NUM_CLASSES)
    return SetInfo(
        set_id=labelled.set_id,
        name=labelled.name,
        kind=labelled.kind,
        source=Path(source).name,
        n=len(labelled),
        counts={CLASSES[i]: int(counts[i]) for i in range(NUM_CLASSES)},
        absent_classes=labelled.absent_classes,
        skipped_classes=labelled.skipped_classes,
        dropped=labelled.dropped,
        notes=labelled.notes,
        faces=faces if labelled.kind == "folder" else "",
    )


def stored_set(set_id: str) -> LabelledSet:
    """A set stored by an earlier ``--test-set`` run (reports/sets/<set_id>/), ready to evaluate again."""
    info, data = read_set(set_id), load_set_images(set_id)
    files = data["files"].tolist()
    return LabelledSet(set_id, info.name, info.kind, data["images"], data["labels"], files, info.skipped_classes)


def evaluate_on_set(
    model_file: Path,
    labelled: LabelledSet,
    *,
    name: str | None = None,
    batch_size: int = 64,
    custom_objects: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """Run one model on a stored set and write its sealed report there; returns the report folder.

    The model needs a card that states its input convention (run ``python -m core.evaluate --model
    <file>`` once, which infers and writes it on PublicTest).
    """
    from core.model.loading import load_model

    model_file = Path(model_file)
    card = read_card(model_file)
    if card.get("card") == "missing":
        raise ValueError(
            f"{model_file.name} has no card yet: run `python -m core.evaluate --model {model_file}` first "
            "(it measures the input convention on PublicTest and writes the card)."
        )
    name = name or card.get("scenario") or model_file.stem
    model = load_model(model_file, custom_objects)
    check_compatible(model, model_file)
    conv, flip = convention(card), uses_flip(card)
    done = detect_pixel_step(labelled.images)  # a set cut from the bundled copy is equalized already
    key = run_key(model_file, labelled.set_id, conv, flip=flip, done=done)
    partial = f"{name}@{labelled.set_id}"
    probs, rate = chunked_probabilities(
        model,
        labelled.images,
        partial,
        key=key,
        conv=conv,
        flip=flip,
        batch_size=batch_size,
        progress=progress,
        cancel=cancel,
        done=done,
    )
    metrics = set_metrics(labelled.labels, probs)
    metrics.update(
        split=labelled.name,
        images_per_s=round(rate, 1),
        model_file=model_file.name,
        preprocessing=conv,
        faces_pixel_step=done,
    )
    table = predictions_frame(labelled.files, labelled.labels, probs)
    folder = write_set_report(labelled.set_id, name, table, metrics=metrics, card=card)
    finish(partial)
    absent = f", absent: {', '.join(metrics['absent_classes'])}" if metrics["absent_classes"] else ""
    print(
        f"{name} on {labelled.name}: n={len(labelled)} accuracy {metrics['accuracy']:.4f} "
        f"macro-F1 {metrics['macro_f1']:.4f}{absent} -> {folder}"
    )
    return folder


def add_set_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m core.evaluate`` that pick a second test set."""
    parser.add_argument(
        "--test-set",
        type=Path,
        help="a labelled test set instead of PrivateTest: a Kaggle-format .csv/.csv.gz or a folder of class folders",
    )
    parser.add_argument("--usage", help="with a CSV --test-set: the Usage rows to keep (default: PrivateTest if any)")
    parser.add_argument("--set-name", help="the set's name in reports/sets/ (default: from the file or folder name)")
    parser.add_argument(
        "--faces",
        choices=FACE_MODES,
        default="auto",
        help="with a folder: auto (default) detects faces in photos larger than a crop; detect; crops (take whole)",
    )
    parser.add_argument("--detector", help="face detector for --faces (default: the live page's, see core.data.faces)")


def run_sets(args: argparse.Namespace, models: list[Path]) -> list[Path]:
    """Load the set once, store it, evaluate every model on it."""
    labelled = load_test_set(
        args.test_set, usage=args.usage, faces=args.faces, detector=args.detector, set_name=args.set_name
    )
    skipped = ", ".join(f"{k} ({v})" for k, v in labelled.skipped_classes.items()) or "none"
    absent = ", ".join(labelled.absent_classes) or "none"
    print(
        f"test set {labelled.name} ({labelled.set_id}): {len(labelled)} faces; absent classes: {absent}; "
        f"skipped folders: {skipped}; dropped: {labelled.dropped or 'none'}"
    )
    write_set(
        set_info(labelled, args.test_set, faces=args.faces), labelled.images, labelled.labels, files=labelled.files
    )
    return [
        evaluate_on_set(m, labelled, name=args.scenario, batch_size=args.batch_size, custom_objects=args.custom_objects)
        for m in models
    ]
