"""Why a model predicts what it does: Grad-CAM, Grad-CAM++, SE attention, occlusion and probes.

An :class:`Explainer` wraps a loaded model (never mutated) with a derived gradient model and a
compiled ``tf.function`` that returns, in one forward and backward pass, the chosen conv layers'
feature maps, the gradients of the target class score, the probabilities and, for models with an
SE block, the block's input and its channel weights. The class score is the pre-softmax logit
(recomputed from the final Dense layer's input and weights); models whose last layer is not a
softmax Dense use the log-probability instead.

Heatmaps are computed at the layer's resolution, normalised to [0, 1] and upsampled to the
model's input size (the image as the model sees it). Face bands: see core.explain_reports.

Class-average maps over PrivateTest for the dashboard (progress shown, a few minutes per model
on a CPU)::

    python -m core.explain                         # every models/<scenario>.keras
    python -m core.explain --scenario optimized --layer block4_conv3 --limit 20
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import cv2
import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from core import paths
from core.artifacts.explanations import (
    BAND_COLUMNS,
    BANDS,
    ClassMaps,
    band_rows,
    band_shares,
    normalise,
    upsample,
    write_class_maps,
)
from core.artifacts.reports import ReportError, load_test_images
from core.classes import CLASSES, NUM_CLASSES
from core.data.preprocessing import ImageLike, preprocess
from core.model.architectures import last_conv_layer, se_layer

DESCRIPTION = """\
Precompute the dashboard's class-average explanations. For each model, over the test split:
  - the mean Grad-CAM and Grad-CAM++ heatmap per true class (last conv layer and block4_conv3),
  - the share of heatmap mass in the eye band (rows 12-23 of the 48x48 crop) and the mouth band
    (rows 32-43), per class: a landmark-free proxy for "attends to eyes / mouth",
  - for models with an SE block, the mean channel excitation per class (7 x channels).
Writes reports/explanations/<scenario>/ (sealed by a manifest). Needs models/<scenario>.keras and
reports/test_images_<split>.npz (written by `python -m core.evaluate`).
"""
EXAMPLES = """examples:
  python -m core.explain                                    every models/<scenario>.keras, full PrivateTest
  python -m core.explain --scenario optimized --limit 20    quick look: 20 images per class
  python -m core.explain --scenario my_vgg --layer block3_conv3 --target predicted
"""
METHODS = ("gradcam", "gradcam++")
"""Grad-CAM (Selvaraju et al. 2017) and Grad-CAM++ (Chattopadhay et al. 2018)."""


def conv_layers(model: keras.Model) -> list[str]:
    """Names of the model's top-level Conv2D layers, in order (the layers Grad-CAM can explain)."""
    return [layer.name for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]


def _node_output(model: keras.Model, layer: keras.layers.Layer, inputs: bool = False):
    """The layer's output (or input) tensor within this model's graph.

    A layer reused from another model (VGG16 layers inside a freshly built scenario) has one node
    per graph; ``layer.output`` would return the first one, which is not connected to ``model``.
    """
    nodes = [node for depth in model._nodes_by_depth.values() for node in depth if node.operation is layer]
    tensors = nodes[0].input_tensors if inputs else nodes[0].output_tensors
    return tensors[0]


def _softmax_head(model: keras.Model) -> keras.layers.Dense | None:
    """The final Dense layer when it applies softmax (then logits can be recomputed from its input)."""
    last = model.layers[-1]
    if isinstance(last, keras.layers.Dense) and last.get_config().get("activation") == "softmax":
        return last
    return None


def cam(features: np.ndarray, grads: np.ndarray, method: str) -> np.ndarray:
    """Class activation maps (n, h, w), not yet normalised, from feature maps and score gradients."""
    if method == "gradcam":
        weights = grads.mean(axis=(1, 2))
    elif method == "gradcam++":
        grads2, grads3 = grads**2, grads**3
        denominator = 2.0 * grads2 + features.sum(axis=(1, 2), keepdims=True) * grads3
        alphas = grads2 / np.where(denominator != 0.0, denominator, 1.0)
        weights = (alphas * np.maximum(grads, 0.0)).sum(axis=(1, 2))
    else:
        raise ValueError(f"unknown method {method!r}: one of {METHODS}")
    return np.maximum(np.einsum("nhwc,nc->nhw", features, weights), 0.0)


@dataclass
class Explanation:
    """One image explained by one model."""

    image: np.ndarray
    """(h, w) uint8, the image as the model sees it (its input size, grayscale)."""
    probabilities: np.ndarray
    target: int
    """The class whose score the heatmaps explain."""
    heatmaps: dict[str, np.ndarray]
    """method -> (h, w) map in [0, 1] at the image's size."""
    layer: str
    seconds: float
    excitation: np.ndarray | None = None
    """(C,) SE channel weights, for models with an SE block."""
    se_maps: dict[str, np.ndarray] = field(default_factory=dict)
    """'before'/'after': channel mean of the SE block's input, unweighted and SE-weighted, (h, w) in [0, 1]."""


@dataclass
class BatchResult:
    """Raw outputs for a batch: per layer the feature maps and gradients, plus probabilities and SE."""

    features: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    probabilities: np.ndarray
    targets: np.ndarray
    se_features: np.ndarray | None
    excitation: np.ndarray | None

    def heatmaps(self, layer: str, method: str, size: tuple[int, int]) -> np.ndarray:
        """(n, h, w) maps in [0, 1] upsampled to ``size``."""
        return normalise(upsample(normalise(cam(self.features[layer], self.grads[layer], method)), size))


class Explainer:
    """A loaded model plus its derived gradient model for the given conv layers (the model is not changed).

    Construction traces the compiled step once, so every explanation after it runs warm.
    """

    def __init__(self, model: keras.Model, layers: str | tuple[str, ...] | list[str] | None = None) -> None:
        self.model = model
        names = [layers] if isinstance(layers, str) else list(layers or [last_conv_layer(model)])
        available = conv_layers(model)
        unknown = [name for name in names if name not in available]
        if unknown:
            raise ValueError(f"{model.name} has no conv layer {unknown}: choose from {available}")
        self.layers = tuple(names)
        self.se = se_layer(model)
        self.head = _softmax_head(model)
        outputs = [_node_output(model, model.get_layer(name)) for name in self.layers]
        if self.se is not None:
            outputs.append(_node_output(model, self.se, inputs=True))
        outputs.append(_node_output(model, self.head, inputs=True) if self.head is not None else model.outputs[0])
        self.graph = keras.Model(model.inputs[0], outputs, name=f"{model.name}_explainer")
        shape = (None, *model.input_shape[1:])
        self._step = tf.function(
            self._compute,
            reduce_retracing=True,
            input_signature=[tf.TensorSpec(shape, tf.float32), tf.TensorSpec((None,), tf.int32)],
        )
        self.run(np.zeros((1, *self.input_size), np.uint8))

    @property
    def input_size(self) -> tuple[int, int]:
        return int(self.model.input_shape[1]), int(self.model.input_shape[2])

    def _compute(self, x: tf.Tensor, targets: tf.Tensor) -> dict[str, tf.Tensor]:
        with tf.GradientTape() as tape:
            outputs = self.graph(x, training=False)
            features = outputs[: len(self.layers)]
            last = outputs[-1]
            if self.head is not None:
                logits = tf.matmul(last, self.head.kernel) + self.head.bias
                probabilities = tf.nn.softmax(logits)
            else:
                probabilities = last
                logits = tf.math.log(probabilities + 1e-12)
            targets = tf.where(targets < 0, tf.argmax(probabilities, axis=1, output_type=tf.int32), targets)
            score = tf.reduce_sum(tf.gather(logits, targets, axis=1, batch_dims=1))
        result = {
            "probabilities": probabilities,
            "targets": targets,
            "features": features,
            "grads": tape.gradient(score, features),
        }
        if self.se is not None:
            result["se_features"] = outputs[len(self.layers)]
            result["excitation"] = self.se.excitation(result["se_features"])
        return result

    def run(self, images: np.ndarray, targets: np.ndarray | None = None) -> BatchResult:
        """One pass over a (n, h, w) uint8 batch; ``targets`` -1 (default) means the predicted class."""
        x = preprocess(np.asarray(images, dtype=np.uint8), self.model.input_shape)
        wanted = np.full(len(x), -1, np.int32) if targets is None else np.asarray(targets, np.int32)
        out = self._step(tf.constant(x), tf.constant(wanted))
        se = self.se is not None
        return BatchResult(
            features={name: out["features"][i].numpy() for i, name in enumerate(self.layers)},
            grads={name: out["grads"][i].numpy() for i, name in enumerate(self.layers)},
            probabilities=out["probabilities"].numpy().astype(np.float64),
            targets=out["targets"].numpy(),
            se_features=out["se_features"].numpy() if se else None,
            excitation=out["excitation"].numpy() if se else None,
        )

    def explain(self, image: ImageLike, target: int | None = None) -> Explanation:
        """Grad-CAM and Grad-CAM++ of one face for ``target`` (default: the predicted class)."""
        start = time.perf_counter()
        gray = preprocess(image, self.model.input_shape)[0, ..., 0].astype(np.uint8)
        result = self.run(gray[None], None if target is None else np.array([target]))
        layer = self.layers[0]
        heatmaps = {method: result.heatmaps(layer, method, self.input_size)[0] for method in METHODS}
        explanation = Explanation(
            image=gray,
            probabilities=result.probabilities[0],
            target=int(result.targets[0]),
            heatmaps=heatmaps,
            layer=layer,
            seconds=0.0,
        )
        if result.excitation is not None:
            weights = result.excitation[0]
            features = result.se_features[0]
            explanation.excitation = weights
            explanation.se_maps = {
                "before": normalise(upsample(normalise(features.mean(axis=-1)), self.input_size)),
                "after": normalise(upsample(normalise((features * weights).mean(axis=-1)), self.input_size)),
            }
        explanation.seconds = time.perf_counter() - start
        return explanation


@dataclass
class Occlusion:
    """Occlusion sensitivity of one image: how much the target probability drops under a grey patch."""

    image: np.ndarray
    drop: np.ndarray
    """(h, w) mean drop of the target probability over the patches covering each pixel (negative: it rose)."""
    target: int
    probability: float
    """The target's probability on the intact image."""
    patches: int


def _positions(length: int, patch: int, stride: int) -> list[int]:
    """Patch start positions covering the whole side, the last one flush with the edge."""
    starts = list(range(0, max(length - patch, 0) + 1, stride))
    if starts[-1] + patch < length:
        starts.append(length - patch)
    return starts


def occlusion(
    probabilities: Callable[[np.ndarray], np.ndarray],
    image: np.ndarray,
    patch: int = 8,
    stride: int = 4,
    target: int | None = None,
) -> Occlusion:
    """Slide a patch of the image's mean grey over it, all positions in one batch.

    ``probabilities`` maps a (n, h, w) uint8 batch to (n, 7) (e.g. ``Predictor.probabilities``);
    ``image`` is the 2-D uint8 image at the model's input size; ``patch``/``stride`` are in its pixels.
    """
    image = np.asarray(image, dtype=np.uint8)
    height, width = image.shape
    patch = int(np.clip(patch, 1, min(height, width)))
    stride = max(int(stride), 1)
    boxes = [(y, x) for y in _positions(height, patch, stride) for x in _positions(width, patch, stride)]
    batch = np.repeat(image[None], len(boxes) + 1, axis=0)
    fill = np.uint8(round(float(image.mean())))
    for i, (y, x) in enumerate(boxes, start=1):
        batch[i, y : y + patch, x : x + patch] = fill
    probs = np.asarray(probabilities(batch), dtype=np.float64)
    target = int(probs[0].argmax()) if target is None else int(target)
    drops = probs[0, target] - probs[1:, target]
    total = np.zeros((height, width))
    count = np.zeros((height, width))
    for (y, x), drop in zip(boxes, drops, strict=True):
        total[y : y + patch, x : x + patch] += drop
        count[y : y + patch, x : x + patch] += 1
    return Occlusion(image, total / np.maximum(count, 1), target, float(probs[0, target]), len(boxes))


@dataclass(frozen=True)
class Probe:
    """A controlled change to a face, applied before the one preprocessing path.

    Order: band masks (filled with the image's mean grey; bands from core.artifacts.explanations), then
    rotation and crop shift (edges replicated), blur, brightness.
    """

    mask_eyes: bool = False
    mask_mouth: bool = False
    brightness: float = 1.0
    """Multiplies pixel values (1 = unchanged)."""
    blur: float = 0.0
    """Gaussian sigma in pixels of a 48-pixel crop (scaled to the image's size)."""
    rotation: float = 0.0
    """Degrees, counter-clockwise, about the centre."""
    shift_x: float = 0.0
    """Crop shift as a fraction of the width (positive: the face moves right)."""
    shift_y: float = 0.0
    """Crop shift as a fraction of the height (positive: the face moves down)."""

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The probed copy of a 2-D uint8 image (same size)."""
        out = np.asarray(image, dtype=np.uint8).copy()
        height, width = out.shape
        fill = float(out.mean())
        for band, wanted in (("eyes", self.mask_eyes), ("mouth", self.mask_mouth)):
            if wanted:
                out[band_rows(height, band), :] = round(fill)
        if self.rotation or self.shift_x or self.shift_y:
            matrix = cv2.getRotationMatrix2D((width / 2 - 0.5, height / 2 - 0.5), self.rotation, 1.0)
            matrix[:, 2] += (self.shift_x * width, self.shift_y * height)
            out = cv2.warpAffine(out, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        if self.blur > 0:
            out = cv2.GaussianBlur(out, (0, 0), sigmaX=self.blur * height / 48)
        if self.brightness != 1.0:
            out = np.clip(out.astype(np.float32) * self.brightness, 0, 255).round().astype(np.uint8)
        return out


def default_layers(model: keras.Model) -> list[str]:
    """The class-average report's layers: the last conv layer and, when present, block4_conv3 (finer map)."""
    layers = [last_conv_layer(model)]
    if "block4_conv3" in conv_layers(model) and "block4_conv3" not in layers:
        layers.append("block4_conv3")
    return layers


def _per_class_table(layer: str, method: str, labels: np.ndarray, shares: dict[str, np.ndarray]) -> list[dict]:
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


def class_average(
    scenario: str,
    model_file: Path,
    layers: list[str] | None = None,
    target: str = "true",
    split: str = "private",
    limit: int | None = None,
    batch_size: int = 64,
) -> ClassMaps:
    """Mean Grad-CAM / Grad-CAM++ per true class, band shares and SE excitation profiles over a test split."""
    from tqdm import tqdm

    from core.model.architectures import load_model
    from core.model.card import check_compatible

    model = load_model(model_file)
    check_compatible(model)
    explainer = Explainer(model, layers or default_layers(model))
    data = load_test_images(split)
    images, labels = data["images"], data["labels"].astype(np.int64)
    if limit is not None:
        keep = np.concatenate([np.flatnonzero(labels == c)[:limit] for c in range(NUM_CLASSES)])
        images, labels = images[np.sort(keep)], labels[np.sort(keep)]
    size = explainer.input_size
    maps = np.zeros((len(explainer.layers), len(METHODS), NUM_CLASSES, *size))
    faces = np.zeros((NUM_CLASSES, *size))
    excitation = None
    shares: dict[tuple[str, str], dict[str, list]] = {}
    for start in tqdm(range(0, len(labels), batch_size), desc=f"explain {scenario}", unit="batch"):
        batch, batch_labels = images[start : start + batch_size], labels[start : start + batch_size]
        result = explainer.run(batch, batch_labels if target == "true" else None)
        np.add.at(faces, batch_labels, preprocess(batch, model.input_shape)[..., 0])
        for li, layer in enumerate(explainer.layers):
            for mi, method in enumerate(METHODS):
                heat = result.heatmaps(layer, method, size)
                np.add.at(maps[li, mi], batch_labels, heat)
                for band, values in band_shares(heat).items():
                    shares.setdefault((layer, method), {}).setdefault(band, []).append(values)
        if result.excitation is not None:
            excitation = np.zeros((NUM_CLASSES, result.excitation.shape[1])) if excitation is None else excitation
            np.add.at(excitation, batch_labels, result.excitation)
    counts = np.bincount(labels, minlength=NUM_CLASSES)
    per_class = np.maximum(counts, 1)
    rows = []
    for (layer, method), values in shares.items():
        rows += _per_class_table(layer, method, labels, {band: np.concatenate(v) for band, v in values.items()})
    meta = {
        "model_file": str(model_file),
        "model_sha256": hashlib.sha256(Path(model_file).read_bytes()).hexdigest(),
        "split": split,
        "target": target,
        "limit": limit,
        "images": int(len(labels)),
        "bands": {band: [band_rows(48, band).start, band_rows(48, band).stop] for band in BANDS},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return ClassMaps(
        scenario=scenario,
        layers=list(explainer.layers),
        methods=list(METHODS),
        maps=maps / per_class[None, None, :, None, None],
        counts=counts,
        mean_faces=faces / per_class[:, None, None],
        shares=pd.DataFrame(rows, columns=BAND_COLUMNS),
        meta=meta,
        excitation=None if excitation is None else excitation / per_class[:, None],
    )


def main(argv: list[str] | None = None) -> list[Path]:
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
    parser.add_argument(
        "--layer",
        action="append",
        help="conv layer to explain (repeatable; default: the last conv layer and block4_conv3)",
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
    parser.add_argument("--batch-size", type=int, default=64, help="images per forward/backward pass (default: 64)")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    scenarios = args.scenario or [s for s in paths.SCENARIOS if paths.model_path(s).exists()]
    if not scenarios:
        parser.error(
            f"no models found in {paths.models_dir()}: train one with `python -m core.train --scenario "
            "optimized`, or pass --scenario NAME for models/NAME.keras"
        )
    missing = [str(paths.model_path(s)) for s in scenarios if not paths.model_path(s).exists()]
    if missing:
        parser.error(f"model file(s) not found: {', '.join(missing)}")
    written = []
    for scenario in scenarios:
        try:
            report = class_average(
                scenario, paths.model_path(scenario), args.layer, args.target, args.split, args.limit, args.batch_size
            )
        except (ValueError, ReportError) as err:
            parser.error(str(err))
        written.append(write_class_maps(report))
        print(f"wrote {written[-1]}")
    return written
