"""Live inference: a loaded model plus its card, warmed up, predicting single faces fast.

``model.predict`` builds a data pipeline on every call (tens of ms); a compiled forward pass
(a :class:`~core.model.runtimes.Runtime`, TensorFlow's ``tf.function`` by default) is several
times faster for one face and faster for batches too, so live prediction (:class:`Predictor`)
and batch evaluation (:func:`predict_probabilities`) both run through one. Another runtime
(ONNX Runtime, OpenVINO, XLA) is a name away; without its package TensorFlow is used.

A model card may ask for a horizontal-flip test-time average (``test_time_flip``, chosen on
PublicTest by :func:`choose_flip`); :func:`flip_average` is the one place that
applies it, for live prediction and for batch evaluation alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.data.dataset import Split
from core.data.preprocessing import Convention, ImageLike, preprocess
from core.model.card import check_compatible, convention, read_card, uses_flip
from core.model.runtimes import DEFAULT_RUNTIME, Runtime, build_runtime


def flip_views(x: np.ndarray, flip: bool) -> np.ndarray:
    """A preprocessed (n, h, w, c) batch, followed by its mirror images when ``flip``: one model call."""
    return np.concatenate([x, x[:, :, ::-1]]) if flip else x


def mean_of_views(out: np.ndarray) -> np.ndarray:
    """(n, 7) mean of the model's outputs on :func:`flip_views` (2n rows: the faces, then their mirrors)."""
    half = len(out) // 2
    return (out[:half] + out[half:]) / 2


def flip_average(forward: Callable[[np.ndarray], Any], x: np.ndarray, flip: bool) -> np.ndarray:
    """(n, 7) probabilities of a preprocessed (n, h, w, c) batch; with ``flip`` the mean of the
    batch's and its mirror images' probabilities."""
    out = np.asarray(forward(flip_views(x, flip)), dtype=np.float64)
    return mean_of_views(out) if flip else out


def batched(forward: Callable[[np.ndarray], Any], x: np.ndarray, batch_size: int, *, verbose: int = 0) -> np.ndarray:
    """``forward`` over ``x`` in chunks of ``batch_size`` (a progress bar with ``verbose``)."""
    from tqdm import tqdm

    starts = range(0, len(x), batch_size)
    chunks = [np.asarray(forward(x[i : i + batch_size])) for i in tqdm(starts, disable=not verbose, unit="batch")]
    return np.concatenate(chunks) if chunks else np.zeros((0, 0), dtype=np.float32)


def predict_probabilities(
    model,
    images: np.ndarray,
    batch_size: int = 64,
    *,
    verbose: int = 0,
    flip: bool = False,
    runtime: str | Runtime = DEFAULT_RUNTIME,
    conv: Convention = None,
    done: str = "none",
) -> np.ndarray:
    """Class probabilities for a (n, h, w) uint8 batch, through the one preprocessing path with the
    model's input contract ``conv`` (its pixel step skipped when the faces are ``done`` with it), a
    compiled runtime (a name, or one already built) and, with ``flip``, the card's flip average."""
    x = preprocess(images, model.input_shape, conv, done=done)
    run = runtime if isinstance(runtime, Runtime) else build_runtime(model, runtime)
    probs = flip_average(lambda a: batched(run, a, batch_size, verbose=verbose), x, flip)
    return probs / probs.sum(axis=1, keepdims=True)


def choose_flip(model, public: Split, batch_size: int = 64, *, conv: Convention = None) -> dict[str, Any]:
    """Measure PublicTest accuracy with and without the flip average and keep it only if it helps.

    The choice is made on PublicTest alone (PrivateTest is never looked at), like every other
    choice in core.train; the card records both accuracies so the gain can be quoted.
    """
    x = preprocess(public.images, model.input_shape, conv, done=public.pixel_step)
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


@dataclass
class Prediction:
    probabilities: np.ndarray
    """(7,) class probabilities."""
    seconds: float
    """Wall time of preprocessing + model call for this batch, divided by its size."""

    @property
    def label(self) -> int:
        return int(self.probabilities.argmax())

    @property
    def confidence(self) -> float:
        return float(self.probabilities.max())


@dataclass
class Predictor:
    """A model that is never mutated, its card, and a compiled forward pass (flip-averaged when
    the card says so)."""

    model: Any
    card: dict[str, Any]
    path: Path
    runtime: str = DEFAULT_RUNTIME
    """The runtime asked for; ``forward.name`` says which one runs (TensorFlow when its package is absent)."""
    forward: Runtime = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.forward = build_runtime(self.model, self.runtime)
        self.probabilities(np.zeros((1, *self.input_shape[:2]), dtype=np.uint8))

    @property
    def flip(self) -> bool:
        return uses_flip(self.card)

    @property
    def convention(self) -> dict[str, Any]:
        """The card's input convention (``source`` says declared, inferred or unknown)."""
        return convention(self.card)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return tuple(int(d) for d in self.model.input_shape[1:])

    def probabilities(self, faces: ImageLike | list | np.ndarray, *, done: str = "none") -> np.ndarray:
        """(n, 7) probabilities for one face, a list of faces or a uint8 (n, h, w) batch (``done``: the
        pixel step the faces already went through, e.g. a bundled test face's ``equalize``)."""
        x = preprocess(faces, self.input_shape, self.convention, done=done)
        return flip_average(self.forward, x, self.flip)

    def predict(self, faces: list, *, done: str = "none") -> list[Prediction]:
        """Predictions for a list of face crops, each with its share of the elapsed time (``done``: the pixel
        step the faces already went through, see :meth:`probabilities`)."""
        if not faces:
            return []
        start = time.perf_counter()
        probs = self.probabilities(faces, done=done)
        seconds = (time.perf_counter() - start) / len(faces)
        return [Prediction(p, seconds) for p in probs]


def load_predictor(path: Path, custom_objects: Path | str | None = None, runtime: str = DEFAULT_RUNTIME) -> Predictor:
    """Load a model file (safe mode, see core.model.loading), check it maps images to 7 classes, warm it up."""
    from core.model.loading import load_model

    card = read_card(Path(path))
    model = load_model(path, custom_objects)
    check_compatible(model, path)
    return Predictor(model, card, Path(path), runtime)
