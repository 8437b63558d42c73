"""How many images one explanation step may run at once, so that no view can exhaust the server's memory.

A 224x224 VGG16 holds a 224x224x64 float32 activation (12.8 MB) per image; occlusion once sent
1,370 patched copies through it in one call, TensorFlow asked for tens of GB and the process died.
Every heavy step (occlusion, probes, Grad-CAM / Grad-CAM++ and the SE read-out, class averages)
now runs in batches whose estimated memory fits a budget:

- a forward pass keeps a few activations alive at once: :data:`FORWARD_COPIES` times the model's
  largest activation per image (measured on a 224x224 VGG16 on a CPU: about 2.8 times);
- a gradient pass also keeps what the backward pass needs: :data:`GRADIENT_COPIES` times the sum of
  all activations on top of the forward figure (an upper bound: Grad-CAM of the last conv layer
  needs much less).

Activations are counted from the layers' output shapes, inside nested sub-models too. The budget
is ``FER_EXPLAIN_BUDGET_MB`` megabytes (default :data:`DEFAULT_BUDGET_MB`), never more than half of
the memory the machine has available right now. TensorFlow's own out-of-memory error and Python's
MemoryError become :class:`~core.explain.errors.ExplainMemoryError`, which pages show as a message.
Importing this module loads no TensorFlow (occlusion's probes stay light).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.explain.errors import ExplainMemoryError

BUDGET_ENV = "FER_EXPLAIN_BUDGET_MB"
DEFAULT_BUDGET_MB = 512
FORWARD_COPIES = 4
GRADIENT_COPIES = 2
BYTES = 4
"""float32."""
MB = 1024 * 1024


def available_bytes() -> int | None:
    """Memory the machine can still give (Linux MemAvailable), None where it cannot be read."""
    try:
        with open("/proc/meminfo") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
        return int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return None


def budget_bytes() -> int:
    """The memory one explanation step may use: the configured megabytes, at most half of what is free."""
    try:
        configured = float(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET_MB)) * MB
    except ValueError:
        configured = DEFAULT_BUDGET_MB * MB
    free = available_bytes()
    return int(max(min(configured, free / 2) if free else configured, MB))


def activation_sizes(model: Any) -> tuple[int, int]:
    """(largest, total) activation elements per image, from every layer's output shape (nested too)."""
    import keras

    from core.explain.layers import walk

    sizes = [int(np.prod(model.input_shape[1:]))]
    for _, layer in walk(model):
        if isinstance(layer, keras.Model):
            continue
        try:
            outputs = keras.tree.flatten(layer.output)
        except (AttributeError, ValueError):
            continue
        sizes += [int(np.prod([int(d or 1) for d in tensor.shape[1:]])) for tensor in outputs]
    return max(sizes), sum(sizes)


@dataclass(frozen=True)
class Plan:
    """A batch size and the figures it came from (shown when the budget is too small)."""

    batch_size: int
    image_bytes: int
    """Estimated memory one image needs in this step."""
    budget_bytes: int

    @property
    def peak_bytes(self) -> int:
        """Estimated memory of a full batch."""
        return self.batch_size * self.image_bytes


def plan(model: Any, *, gradients: bool = False, budget: int | None = None) -> Plan:
    """The largest batch whose estimated memory fits the budget (at least 1 image when one fits).

    Raises ExplainMemoryError when even one image is estimated to need more than the budget.
    """
    largest, total = activation_sizes(model)
    elements = FORWARD_COPIES * largest + (GRADIENT_COPIES * total if gradients else 0)
    image = elements * BYTES
    budget = budget_bytes() if budget is None else int(budget)
    if image > budget:
        raise ExplainMemoryError(image_mb=image / MB, budget_mb=budget / MB)
    return Plan(max(budget // image, 1), image, budget)


@contextmanager
def guarded(plan: Plan | None = None):
    """Turn TensorFlow's and Python's out-of-memory errors into ExplainMemoryError (a view's message)."""
    import tensorflow as tf

    try:
        yield
    except (tf.errors.ResourceExhaustedError, MemoryError) as err:
        if isinstance(err, ExplainMemoryError):
            raise
        image = plan.image_bytes / MB if plan else math.nan
        budget = plan.budget_bytes / MB if plan else budget_bytes() / MB
        raise ExplainMemoryError(image_mb=image, budget_mb=budget) from err


def in_batches(forward: Callable[[np.ndarray], np.ndarray], items: np.ndarray, batch_size: int) -> np.ndarray:
    """``forward`` over ``items`` in chunks of at most ``batch_size``, concatenated (out-of-memory guarded)."""
    chunks = []
    with guarded():
        for start in range(0, len(items), max(int(batch_size), 1)):
            chunks.append(np.asarray(forward(items[start : start + batch_size])))
    return np.concatenate(chunks)
