"""What the fine-tuning sees each epoch: augmented, class-weighted batches in a fixed, seeded order."""

from __future__ import annotations

import numpy as np

from core.classes import NUM_CLASSES
from core.train.config import TrainConfig, class_weight_table


def augment(images: np.ndarray, rng: np.random.Generator, config: TrainConfig) -> np.ndarray:
    """Random horizontal flip, rotation, shift and zoom of each (h, w, c) image, edges replicated.

    One OpenCV affine warp per image: far faster than Keras' augmentation layers run eagerly per
    batch, and the same on every Keras backend. ``augment_rotation`` is a fraction of a full turn
    (0.05 = +-18 degrees), ``augment_shift`` and ``augment_zoom`` fractions of the image size.
    """
    import cv2

    n, h, w = images.shape[:3]
    flips = rng.random(n) < 0.5
    angles = rng.uniform(-1, 1, n) * config.augment_rotation * 360.0
    scales = 1.0 + rng.uniform(-1, 1, n) * config.augment_zoom
    shifts = rng.uniform(-1, 1, (n, 2)) * config.augment_shift * np.array([w, h])
    out = np.empty_like(images)
    for i, image in enumerate(images):
        matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angles[i], scales[i])
        matrix[:, 2] += shifts[i]
        source = np.ascontiguousarray(image[:, ::-1] if flips[i] else image)
        warped = cv2.warpAffine(source, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out[i] = warped.reshape(image.shape)
    return out


def sample_weights(labels: np.ndarray, mode: str) -> np.ndarray:
    """Each image's class weight (``class_weight_table``); all ones without class weights."""
    weights = class_weight_table(labels, mode)
    if weights is None:
        return np.ones(len(labels), np.float32)
    return np.array([weights[c] for c in labels], np.float32)


def one_hot(labels: np.ndarray) -> np.ndarray:
    return np.eye(NUM_CLASSES, dtype=np.float32)[labels]


def epoch_batches(x: np.ndarray, y: np.ndarray, weights: np.ndarray, *, config: TrainConfig, epoch: int):
    """One epoch of (augmented unless ``config.augment`` is off) batches in a fixed, epoch-seeded order
    (a resumed run sees the same order and the same augmentation); each carries its sample weights."""
    import keras

    order = np.random.default_rng(config.seed * 1000 + epoch).permutation(len(y))

    class Batches(keras.utils.PyDataset):
        def __len__(self) -> int:
            return -(-len(y) // config.batch_size)

        def __getitem__(self, index: int):
            pick = order[index * config.batch_size : (index + 1) * config.batch_size]
            images = x[pick]
            if config.augment:
                images = augment(images, np.random.default_rng([config.seed, epoch, index]), config)
            return images, y[pick], weights[pick]

    return Batches()
