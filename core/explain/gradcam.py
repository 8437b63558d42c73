"""Why a model predicts what it does: Grad-CAM, Grad-CAM++ and SE attention, for any CNN.

An :class:`Explainer` wraps a loaded model (never mutated) with a compiled ``tf.function`` that
returns, in one forward and backward pass, the chosen conv layers' feature maps (at any nesting
depth, see core.explain.layers), the gradients of the target class score, the probabilities and,
for models with an SE block, the block's input and its channel weights. The class score is the
pre-softmax logit (recomputed from the final Dense layer's input and weights); models whose last
layer is not a softmax Dense use the log-probability instead.

Grad-CAM is Selvaraju et al. 2017, Grad-CAM++ Chattopadhay et al. 2018. Batches run in chunks
that fit the memory budget of core.explain.budget (``Explainer.plan``). Heatmaps are computed at
the layer's resolution, normalised to [0, 1] and upsampled to the model's input size (the image as
the model sees it). Occlusion and probes: core.explain.occlusion;
class averages and the CLI: core.explain.class_average.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import keras
import numpy as np
import tensorflow as tf

from core.artifacts.explanations import METHODS, normalise, upsample
from core.data.preprocessing import Convention, ImageLike, preprocess
from core.explain.budget import Plan, guarded, plan
from core.explain.layers import ExplainError, conv_layers, gate_reader, last_conv_layer, path_of, se_block, traced_call


def _conv_path(model: keras.Model, name: str, available: list[str]) -> str:
    """The nested path of a conv layer given by path or bare name, refused when Grad-CAM cannot use it."""
    try:
        path = path_of(model, name)
    except ExplainError:
        path = name
    if path not in available:
        raise ExplainError(f"{model.name} has no explainable conv layer {name!r}: choose from {', '.join(available)}")
    return path


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
    """A loaded model plus a derived, compiled gradient step for the given conv layers.

    The step runs the model's own graph at every nesting level (core.explain.layers.traced_call),
    so layers inside a VGG16 sub-model can be explained; the model is never changed. Construction
    traces the step once, so every explanation after it runs warm.
    """

    def __init__(
        self,
        model: keras.Model,
        layers: str | tuple[str, ...] | list[str] | None = None,
        convention: Convention = None,
        *,
        se_name: str | None = None,
    ) -> None:
        self.model = model
        self.convention = convention
        names = [layers] if isinstance(layers, str) else list(layers or [last_conv_layer(model)])
        available = conv_layers(model)
        self.layers = tuple(_conv_path(model, name, available) for name in names)
        self.se = se_block(model, se_name)
        self._gate = gate_reader(model, self.se) if self.se else None
        self.plan: Plan = plan(model, gradients=True)
        self.head = _softmax_head(model)
        self._taps = set(self.layers) | {self.head.name if self.head else ""} | {self.se.path if self.se else ""}
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
            output, record = traced_call(self.model, x, self._taps)
            features = [record[name][1] for name in self.layers]
            if self.head is not None:
                logits = tf.matmul(record[self.head.name][0], self.head.kernel) + self.head.bias
                probabilities = tf.nn.softmax(logits)
            else:
                probabilities = output
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
            result["se_features"], result["excitation"] = self._gate(*record[self.se.path])
        return result

    def run(self, images: np.ndarray, targets: np.ndarray | None = None, *, done: str = "none") -> BatchResult:
        """A (n, h, w) uint8 batch in chunks of ``plan.batch_size``; ``targets`` -1 (default) means the
        predicted class; ``done``: the pixel step the faces already went through (see
        core.data.preprocessing.preprocess). Out of memory ends in ExplainMemoryError, never in a dead process."""
        images = np.asarray(images, dtype=np.uint8)
        wanted = np.full(len(images), -1, np.int32) if targets is None else np.asarray(targets, np.int32)
        size = self.plan.batch_size
        with guarded(self.plan):
            parts = [
                self._run(images[i : i + size], wanted[i : i + size], done=done) for i in range(0, len(images), size)
            ]
        joined = {key: [part[key] for part in parts] for key in parts[0]}
        se = self.se is not None
        return BatchResult(
            features={name: np.concatenate([f[i] for f in joined["features"]]) for i, name in enumerate(self.layers)},
            grads={name: np.concatenate([g[i] for g in joined["grads"]]) for i, name in enumerate(self.layers)},
            probabilities=np.concatenate(joined["probabilities"]).astype(np.float64),
            targets=np.concatenate(joined["targets"]),
            se_features=np.concatenate(joined["se_features"]) if se else None,
            excitation=np.concatenate(joined["excitation"]) if se else None,
        )

    def _run(self, images: np.ndarray, wanted: np.ndarray, *, done: str = "none") -> dict:
        """One compiled step on one chunk, as numpy."""
        x = preprocess(images, self.model.input_shape, self.convention, done=done)
        out = self._step(tf.constant(x), tf.constant(wanted))
        return {key: [v.numpy() for v in val] if isinstance(val, list) else val.numpy() for key, val in out.items()}

    def explain(self, image: ImageLike, target: int | None = None, *, done: str = "none") -> Explanation:
        """Grad-CAM and Grad-CAM++ of one face for ``target`` (default: the predicted class)."""
        start = time.perf_counter()
        gray = preprocess(image, self.model.input_shape)[0, ..., 0].astype(np.uint8)
        result = self.run(gray[None], None if target is None else np.array([target]), done=done)
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
