"""Class-average explanations over a test split, and ``python -m core.explain`` that writes them.

Class-average maps over PrivateTest for the dashboard (progress shown, a few minutes per model
on a CPU)::

    python -m core.explain                         # every models/<scenario>.keras
    python -m core.explain --scenario optimized --layer vgg16/block4_conv3 --limit 20
    python -m core.explain --model my_vgg.h5 --scenario my_vgg --custom-objects thesis_layers.py
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import keras
import numpy as np
import pandas as pd

from core import paths
from core.artifacts.explanations import (
    BAND_COLUMNS,
    BANDS,
    ClassMaps,
    ExplanationMeta,
    band_rows,
    band_shares,
    write_class_maps,
)
from core.artifacts.reports import ReportError, load_test_images
from core.classes import CLASSES, NUM_CLASSES
from core.data.preprocessing import detect_pixel_step, preprocess
from core.explain.errors import ExplainMemoryError
from core.explain.gradcam import METHODS, Explainer
from core.explain.layers import ExplainError, conv_layers, last_conv_layer
from core.model.loading import ModelFileError, load_model

DESCRIPTION = """\
Precompute the dashboard's class-average explanations. For each model, over the test split:
  - the mean Grad-CAM and Grad-CAM++ heatmap per true class (last conv layer and block4_conv3),
  - the share of heatmap mass in the eye band (rows 12-23 of the 48x48 crop) and the mouth band
    (rows 32-43), per class: a landmark-free proxy for "attends to eyes / mouth",
  - for models with an SE block, the mean channel excitation per class (7 x channels).
Writes reports/explanations/<scenario>/ (sealed by a manifest). Needs models/<scenario>.keras and
reports/test_images_<split>.npz (written by `python -m core.evaluate`). Layers are named by
their nested path (vgg16/block5_conv3) when the VGG16 base is a sub-model.
"""
EXAMPLES = """examples:
  python -m core.explain                                    every models/<scenario>.keras, full PrivateTest
  python -m core.explain --scenario optimized --limit 20    quick look: 20 images per class
  python -m core.explain --scenario my_vgg --layer block3_conv3 --target predicted
"""


def default_layers(model: keras.Model) -> list[str]:
    """The class-average report's layers: the last conv layer and, when present, block4_conv3 (finer map)."""
    layers = [last_conv_layer(model)]
    finer = [path for path in conv_layers(model) if path.split("/")[-1] == "block4_conv3"]
    return layers + [path for path in finer[-1:] if path not in layers]


def _per_class_table(layer: str, method: str, labels: np.ndarray, *, shares: dict[str, np.ndarray]) -> list[dict]:
    rows = []
    for index in range(NUM_CLASSES):
        picked = {band: values[(labels == index) & ~np.isnan(values)] for band, values in shares.items()}
        n = len(picked["eyes"])
        row = {"layer": layer, "method": method, "class": CLASSES[index], "n": n}
        for band, values in picked.items():
            row[band] = float(values.mean()) if n else np.nan
            row[f"{band}_sem"] = float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
        rows.append(row)
    return rows


def _subset(split: str, limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The split's stored test images and labels, or at most ``limit`` per class (in file order)."""
    data = load_test_images(split)
    images, labels = data["images"], data["labels"].astype(np.int64)
    if limit is None:
        return images, labels
    keep = np.sort(np.concatenate([np.flatnonzero(labels == c)[:limit] for c in range(NUM_CLASSES)]))
    return images[keep], labels[keep]


def _meta(model_file: Path, conv: dict, split: str, *, target: str, limit: int | None, images: int) -> ExplanationMeta:
    """What the class averages were computed from, stored beside them."""
    return {
        "model_file": str(model_file),
        "preprocessing": conv,
        "model_sha256": hashlib.sha256(Path(model_file).read_bytes()).hexdigest(),
        "split": split,
        "target": target,
        "limit": limit,
        "images": int(images),
        "bands": {band: [band_rows(48, band).start, band_rows(48, band).stop] for band in BANDS},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


@dataclass
class Sums:
    """Per-class sums of heatmaps, faces and SE gates over a split, and the band shares of every map."""

    maps: np.ndarray
    faces: np.ndarray
    excitation: np.ndarray | None = None
    shares: dict[tuple[str, str], dict[str, list]] = field(default_factory=dict)
    largest_batch: int = 0


def accumulate(
    explainer: Explainer,
    images: np.ndarray,
    labels: np.ndarray,
    *,
    target: str = "true",
    batch_size: int = 64,
    desc: str = "explain",
    done: str = "none",
) -> Sums:
    """Explain ``images`` batch by batch; a batch is never larger than the explainer's memory plan allows.

    ``done``: the pixel step the faces already went through (core.data.preprocessing.preprocess)."""
    from tqdm import tqdm

    size = explainer.input_size
    step = max(min(batch_size, explainer.plan.batch_size), 1)
    sums = Sums(np.zeros((len(explainer.layers), len(METHODS), NUM_CLASSES, *size)), np.zeros((NUM_CLASSES, *size)))
    for start in tqdm(range(0, len(labels), step), desc=desc, unit="batch"):
        batch, batch_labels = images[start : start + step], labels[start : start + step]
        sums.largest_batch = max(sums.largest_batch, len(batch))
        result = explainer.run(batch, batch_labels if target == "true" else None, done=done)
        np.add.at(sums.faces, batch_labels, preprocess(batch, explainer.model.input_shape)[..., 0])
        for li, layer in enumerate(explainer.layers):
            for mi, method in enumerate(METHODS):
                heat = result.heatmaps(layer, method, size)
                np.add.at(sums.maps[li, mi], batch_labels, heat)
                for band, values in band_shares(heat).items():
                    sums.shares.setdefault((layer, method), {}).setdefault(band, []).append(values)
        if result.excitation is not None:
            if sums.excitation is None:
                sums.excitation = np.zeros((NUM_CLASSES, result.excitation.shape[1]))
            np.add.at(sums.excitation, batch_labels, result.excitation)
    return sums


def class_average(
    scenario: str,
    model_file: Path,
    layers: list[str] | None = None,
    *,
    target: str = "true",
    split: str = "private",
    limit: int | None = None,
    batch_size: int = 64,
    custom_objects: Path | str | None = None,
) -> ClassMaps:
    """Mean Grad-CAM / Grad-CAM++ per true class, band shares and SE excitation profiles over a test split."""
    from core.model.card import check_compatible, convention, read_card

    conv = convention(read_card(model_file))
    model = load_model(model_file, custom_objects)
    check_compatible(model, model_file)
    explainer = Explainer(model, layers or default_layers(model), conv)
    images, labels = _subset(split, limit)
    sums = accumulate(
        explainer,
        images,
        labels,
        target=target,
        batch_size=batch_size,
        desc=f"explain {scenario}",
        done=detect_pixel_step(images),
    )
    counts = np.bincount(labels, minlength=NUM_CLASSES)
    per_class = np.maximum(counts, 1)
    rows = []
    for (layer, method), values in sums.shares.items():
        rows += _per_class_table(layer, method, labels, shares={band: np.concatenate(v) for band, v in values.items()})
    meta = _meta(model_file, conv, split, target=target, limit=limit, images=len(labels))
    return ClassMaps(
        scenario=scenario,
        layers=list(explainer.layers),
        methods=list(METHODS),
        maps=sums.maps / per_class[None, None, :, None, None],
        counts=counts,
        mean_faces=sums.faces / per_class[:, None, None],
        shares=pd.DataFrame(rows, columns=BAND_COLUMNS),
        meta=meta,
        excitation=None if sums.excitation is None else sums.excitation / per_class[:, None],
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core.explain",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLES,
        description=DESCRIPTION,
    )
    parser.add_argument(
        "--scenario",
        action="append",
        help="model name, i.e. models/<name>.keras (repeatable; default: every scenario model found)",
    )
    parser.add_argument("--model", type=Path, help="a model file (.keras or .h5, any name) for a single --scenario")
    parser.add_argument("--custom-objects", type=Path, help="Python file defining the model's custom layers")
    parser.add_argument(
        "--layer",
        action="append",
        help="conv layer to explain, by name or nested path such as vgg16/block5_conv3 (repeatable; default: "
        "the last conv layer and block4_conv3)",
    )
    parser.add_argument(
        "--target",
        choices=("true", "predicted"),
        default="true",
        help="class whose score is explained: the image's true class (default) or the predicted one",
    )
    parser.add_argument("--split", default="private", help="test split stored in reports/ (default: private)")
    parser.add_argument(
        "--limit", type=int, default=None, help="use only the first N images of each class (quick runs; default: all)"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=64,
        help="images per forward/backward pass (default: 64; fewer when the memory budget FER_EXPLAIN_BUDGET_MB "
        "allows fewer for the model's input size)",
    )
    return parser


def main(argv: list[str] | None = None) -> list[Path]:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.model and len(args.scenario or []) != 1:
        parser.error("--model needs exactly one --scenario (the report name)")
    scenarios = args.scenario or [s for s in paths.SCENARIOS if paths.model_path(s).exists()]
    files = {s: args.model or paths.model_path(s) for s in scenarios}
    if not scenarios:
        parser.error(
            f"no models found in {paths.models_dir()}: train one with `python -m core.train --scenario "
            "optimized`, or pass --scenario NAME for models/NAME.keras"
        )
    missing = [str(file) for file in files.values() if not file.exists()]
    if missing:
        parser.error(f"model file(s) not found: {', '.join(missing)}")
    written = []
    for scenario in scenarios:
        try:
            report = class_average(
                scenario,
                files[scenario],
                args.layer,
                target=args.target,
                split=args.split,
                limit=args.limit,
                batch_size=args.batch_size,
                custom_objects=args.custom_objects,
            )
        except (ModelFileError, ExplainError, ExplainMemoryError, ValueError, ReportError) as err:
            parser.error(str(err))
        written.append(write_class_maps(report))
        print(f"wrote {written[-1]}")
    return written
