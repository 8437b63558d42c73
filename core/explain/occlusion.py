"""Model-agnostic explanations: occlusion sensitivity and controlled probes of a face.

Both work on any model through its probability function (e.g. ``Predictor.probabilities``), so they
need no conv layer and no gradients; their batches are cut to the memory budget of core.explain.budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import cv2
import numpy as np

from core.artifacts.explanations import band_rows
from core.explain.budget import in_batches


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
    batch_size: int = 0
    """The most copies scored in one model call (the memory budget's batch size)."""


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
    *,
    stride: int = 4,
    target: int | None = None,
    batch_size: int = 64,
) -> Occlusion:
    """Slide a patch of the image's mean grey over it, scoring at most ``batch_size`` copies per call.

    ``probabilities`` maps a (n, h, w) uint8 batch to (n, 7) (e.g. ``Predictor.probabilities``);
    ``image`` is the 2-D uint8 image at the model's input size; ``patch``/``stride`` are in its pixels;
    ``batch_size`` comes from core.explain.budget (a 224x224 VGG16 cannot score 1,370 copies at once).
    Out of memory ends in ExplainMemoryError, never in a dead process.
    """
    image = np.asarray(image, dtype=np.uint8)
    height, width = image.shape
    patch = int(np.clip(patch, 1, min(height, width)))
    stride = max(int(stride), 1)
    boxes = [(y, x) for y in _positions(height, patch, stride) for x in _positions(width, patch, stride)]
    fill = np.uint8(round(float(image.mean())))

    def covered(chunk: np.ndarray) -> np.ndarray:
        """The patched copies for box indices ``chunk`` (0 = the intact image), made only when scored."""
        batch = np.repeat(image[None], len(chunk), axis=0)
        for row, index in enumerate(chunk):
            if index:
                y, x = boxes[index - 1]
                batch[row, y : y + patch, x : x + patch] = fill
        return probabilities(batch)

    probs = np.asarray(in_batches(covered, np.arange(len(boxes) + 1), batch_size), dtype=np.float64)
    target = int(probs[0].argmax()) if target is None else int(target)
    drops = probs[0, target] - probs[1:, target]
    total = np.zeros((height, width))
    count = np.zeros((height, width))
    for (y, x), drop in zip(boxes, drops, strict=True):
        total[y : y + patch, x : x + patch] += drop
        count[y : y + patch, x : x + patch] += 1
    drop = total / np.maximum(count, 1)
    return Occlusion(image, drop, target, float(probs[0, target]), len(boxes), min(batch_size, len(boxes) + 1))


CROP = 48
"""Patch, stride and blur are given in pixels of a 48-pixel FER-2013 crop and scaled to the model's input."""


def scored(predictor: Any, images: np.ndarray, *, done: str = "none") -> np.ndarray:
    """(n, 7) probabilities of a (n, h, w) uint8 batch, in chunks that fit the memory budget (``done``: the
    pixel step the faces already went through, see core.data.preprocessing.preprocess)."""
    from core.explain.budget import plan

    probabilities = partial(predictor.probabilities, done=done)
    return in_batches(probabilities, np.asarray(images, dtype=np.uint8), plan(predictor.model).batch_size)


def occlusion_map(predictor: Any, image: np.ndarray, *, patch: int, stride: int, done: str = "none") -> Occlusion:
    """The occlusion view of a loaded model (a core.model.inference.Predictor): the face at the model's
    input size, ``patch``/``stride`` in pixels of a 48-pixel crop (so a 224x224 model is covered by the
    same grid as a 48x48 one: 49 patches at 12/6, not 1,370), batches within the memory budget; ``done``
    as in :func:`scored`."""
    from core.data.preprocessing import preprocess
    from core.explain.budget import plan

    gray = preprocess(image, predictor.input_shape)[0, ..., 0].astype(np.uint8)
    scale = gray.shape[0] / CROP
    size = plan(predictor.model).batch_size
    probabilities = partial(predictor.probabilities, done=done)
    return occlusion(probabilities, gray, round(patch * scale), stride=round(stride * scale), batch_size=size)


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
