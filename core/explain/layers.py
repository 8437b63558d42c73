"""Where to look inside any CNN: nested layer paths, explainable conv layers, SE blocks, and a traced run.

Students nest: ``Sequential([VGG16(include_top=False), Flatten(), Dense(...)])``, or a Functional
model that calls the VGG16 base as one layer, sometimes behind a gray-to-RGB adapter. Layers are
named by their path from the outer model, e.g. ``vgg16/block5_conv3``. :func:`traced_call` runs the
model's own graph (every level) and records the inputs and outputs of the layers asked for, so
gradients of a nested activation can be taken without changing or rebuilding the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import keras
from keras import layers as kl

from core.explain.errors import ExplainError
from core.model.layers import SqueezeExcite

CONV_TYPES = (kl.Conv2D, kl.SeparableConv2D, kl.DepthwiseConv2D)


def walk(model: keras.Model, prefix: str = "") -> Iterator[tuple[str, keras.layers.Layer]]:
    """Every layer with its nested path, depth first in call order (sub-models and their layers)."""
    for layer in model.layers:
        if isinstance(layer, kl.InputLayer):
            continue
        path = f"{prefix}{layer.name}"
        yield path, layer
        if isinstance(layer, keras.Model):
            yield from walk(layer, f"{path}/")


def find(model: keras.Model, path: str) -> keras.layers.Layer:
    """The layer at a nested path ("vgg16/block5_conv3"); a bare name is looked up anywhere."""
    for candidate, layer in walk(model):
        if candidate == path or ("/" not in path and layer.name == path):
            return layer
    raise ExplainError(f"{model.name} has no layer {path!r}")


def path_of(model: keras.Model, name: str) -> str:
    """The full nested path of a layer given by path or bare name."""
    target = find(model, name)
    return next(p for p, layer in walk(model) if layer is target)


def _is_adapter(layer: keras.layers.Layer) -> bool:
    """A 1x1 conv with 3 filters in front of a backbone: maps gray to RGB, explains nothing about faces."""
    return isinstance(layer, kl.Conv2D) and tuple(layer.kernel_size) == (1, 1) and layer.filters == 3


def conv_layers(model: keras.Model) -> list[str]:
    """Paths of the conv layers Grad-CAM can explain, in call order: spatial output, no input adapters."""
    found = []
    for path, layer in walk(model):
        if isinstance(layer, CONV_TYPES) and not _is_adapter(layer):
            shape = layer.output.shape if hasattr(layer, "output") else None
            if shape is None or len(shape) != 4 or (shape[1] or 2) > 1 or (shape[2] or 2) > 1:
                found.append(path)
    return found


def last_conv_layer(model: keras.Model) -> str:
    """The last spatial conv layer at any depth (Grad-CAM's default target)."""
    convs = conv_layers(model)
    if not convs:
        raise ExplainError(
            f"{model.name} has no convolutional layer with a spatial output (looked inside every sub-model, "
            "skipping 1x1 gray-to-RGB adapters): Grad-CAM needs one; occlusion still works"
        )
    return convs[-1]


@dataclass(frozen=True)
class SEBlock:
    """Where a model's Squeeze-and-Excitation block is and how to read its channel weights.

    kind ``class``: the project's SqueezeExcite (its ``excitation``); ``gate``: a Multiply of the
    feature map with sigmoid weights built from plain layers (the gate is its second input);
    ``layer``: any other channel-gating layer (weights = output / input channel sums).
    """

    path: str
    kind: str


SE_LOOKED_FOR = (
    "core.model.layers.SqueezeExcite layers; GlobalAveragePooling2D -> Dense -> Dense(sigmoid) "
    "[-> Reshape] -> Multiply with the feature map; custom layers with a sigmoid Dense inside whose output "
    "has the input's shape"
)


def _producer(tensor: Any) -> keras.layers.Layer | None:
    history = getattr(tensor, "_keras_history", None)
    return history.operation if history is not None else None


def _gate_source(tensor: Any) -> Any | None:
    """The feature map a gate tensor was squeezed from, if it is [Reshape <-] Dense(sigmoid) <- ... <- GAP."""
    layer = _producer(tensor)
    if isinstance(layer, kl.Reshape):
        layer = _producer(layer.input)
    if not (isinstance(layer, kl.Dense) and layer.get_config().get("activation") == "sigmoid"):
        return None
    for _ in range(4):
        layer = _producer(layer.input)
        if isinstance(layer, kl.GlobalAveragePooling2D):
            return layer.input
        if not isinstance(layer, (kl.Dense, kl.Reshape, kl.Activation, kl.Dropout)):
            return None
    return None


def _gates(layer: keras.layers.Layer) -> bool:
    """A Multiply whose inputs are a feature map and a sigmoid gate squeezed from that same map."""
    if not isinstance(layer, kl.Multiply):
        return False
    for node in layer._inbound_nodes:
        tensors = list(node.input_tensors)
        if len(tensors) == 2:
            for feature, gate in (tensors, tensors[::-1]):
                if _gate_source(gate) is feature:
                    return True
    return False


def _custom_gate(layer: keras.layers.Layer) -> bool:
    """A user's own SE layer: not a Keras built-in, same-shape 4-D in/out, a sigmoid Dense inside."""
    if type(layer).__module__.startswith("keras") or isinstance(layer, keras.Model):
        return False
    try:
        same = tuple(layer.input.shape) == tuple(layer.output.shape) and len(layer.output.shape) == 4
    except (AttributeError, ValueError):
        return False
    dense = [v for v in vars(layer).values() if isinstance(v, kl.Dense)]
    return same and any(d.get_config().get("activation") == "sigmoid" for d in dense)


def se_block(model: keras.Model, name: str | None = None) -> SEBlock | None:
    """The model's (last) SE block at any depth, or the layer the user names; None when none is found."""
    if name:
        path = path_of(model, name)
        layer = find(model, path)
        kind = "class" if isinstance(layer, SqueezeExcite) else "gate" if _gates(layer) else "layer"
        return SEBlock(path, kind)
    found = None
    for path, layer in walk(model):
        if isinstance(layer, SqueezeExcite):
            found = SEBlock(path, "class")
        elif _gates(layer):
            found = SEBlock(path, "gate")
        elif _custom_gate(layer):
            found = SEBlock(path, "layer")
    return found


def traced_call(model: keras.Model, x: Any, taps: set[str]) -> tuple[Any, dict[str, tuple[Any, Any]]]:
    """Run ``model`` on ``x`` (inference mode) through its own graph; return its output and, for each
    tapped path, the (first input, output) tensors of that layer in this run."""
    record: dict[str, tuple[Any, Any]] = {}
    return _call(model, (x,), {}, "", taps, record), record


def _call(layer: keras.layers.Layer, args: tuple, kwargs: dict, path: str, taps: set[str], record: dict) -> Any:
    prefix = f"{path}/" if path else ""
    if isinstance(layer, keras.Sequential):
        out = args[0]
        for sub in layer.layers:
            out = _call(sub, (out,), {}, f"{prefix}{sub.name}", taps, record)
    elif isinstance(layer, keras.Model) and hasattr(layer, "_run_through_graph"):
        out = layer._run_through_graph(
            layer._standardize_inputs(args[0]),
            operation_fn=lambda op: lambda *a, **k: _call(op, a, k, f"{prefix}{op.name}", taps, record),
        )
        out = out[0] if isinstance(out, list | tuple) and len(out) == 1 else out
    else:
        if getattr(layer, "_call_has_training_arg", False):
            kwargs = {**kwargs, "training": False}
        out = layer(*args, **kwargs)
    if path in taps:
        record[path] = (args[0], out)
    return out
