"""Where to look inside any CNN: nested layer paths, explainable conv layers, SE blocks, and a traced run.

Students nest: ``Sequential([VGG16(include_top=False), Flatten(), Dense(...)])``, or a Functional
model that calls the VGG16 base as one layer, sometimes behind a gray-to-RGB adapter. Layers are
named by their path from the outer model, e.g. ``vgg16/block5_conv3``. :func:`traced_call` runs the
model's own graph (every level) and records the inputs and outputs of the layers asked for, so
gradients of a nested activation can be taken without changing or rebuilding the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
from keras import layers as kl

from core.artifacts.explanations import resolve_layer
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
    """The layer at a nested path ("vgg16/block5_conv3"), else the one layer anywhere with that path's own
    name: a flat model's ``block5_conv3`` answers for ``vgg16/block5_conv3`` and the other way round."""
    layers = dict(walk(model))
    try:
        return layers[resolve_layer(list(layers), path)]
    except KeyError as err:
        raise ExplainError(f"{model.name} has no layer {path!r} ({err.args[0]})") from None


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
    """Where a model's Squeeze-and-Excitation block is and how to read its gate (the sigmoid output).

    kind ``class``: the project's SqueezeExcite (its ``excitation``); ``gate``: a Multiply of the
    feature map with sigmoid weights built from plain layers (the gate is its second input);
    ``layer``: a user's own SE layer class, its gate recomputed by :func:`excitation_chain`.
    """

    path: str
    kind: str


SE_LOOKED_FOR = (
    "core.model.layers.SqueezeExcite layers; GlobalAveragePooling2D -> Dense -> Dense(sigmoid) "
    "[-> Reshape] -> Multiply with the feature map; custom layers whose Dense (or 1x1 Conv2D) sublayers map "
    "the channel means to a sigmoid gate that the layer multiplies in"
)
GATE_ACTIVATIONS = ("sigmoid", "hard_sigmoid")


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


def _width(layer: keras.layers.Layer) -> tuple[int, int] | None:
    """(inputs, outputs) of a Dense or 1x1 Conv2D sublayer, None for anything else."""
    if isinstance(layer, kl.Dense) or (isinstance(layer, kl.Conv2D) and tuple(layer.kernel_size) == (1, 1)):
        if getattr(layer, "kernel", None) is not None:
            return int(layer.kernel.shape[-2]), int(layer.kernel.shape[-1])
    return None


def excitation_chain(layer: keras.layers.Layer) -> list[keras.layers.Layer] | None:
    """A custom SE layer's excitation sublayers in call order, or None when it is not one that can be read.

    The gate of a user's SE class is a tensor inside its ``call``, which no Keras API exposes, and
    output / input is no substitute: a channel whose input is 0 reads 0 whatever its gate. The
    squeeze-excite recipe is fixed, though (Hu et al.: mean over space -> Dense -> Dense(sigmoid)),
    so the gate is recomputed from the layer's own input with its own sublayers: the chain of Dense
    (or 1x1 Conv2D) sublayers from C channels back to C whose last one is a sigmoid. The chain is
    accepted only if the layer's output on a test input equals that input times the recomputed gate,
    so a layer that does something else is never read as an SE block.
    """
    if type(layer).__module__.startswith("keras") or isinstance(layer, keras.Model):
        return None
    try:
        shape = tuple(layer.input.shape)
        if len(shape) != 4 or tuple(layer.output.shape) != shape:
            return None
    except (AttributeError, ValueError):
        return None
    subs = [sub for sub in layer._flatten_layers(include_self=False) if _width(sub)]
    chain, width = [], int(shape[-1])
    while len(chain) < len(subs):
        following = [sub for sub in subs if sub not in chain and _width(sub)[0] == width]
        if not following:
            return None
        following.sort(key=lambda sub: sub.get_config().get("activation") in GATE_ACTIVATIONS)
        chain.append(following[0])
        width = _width(following[0])[1]
        if width == shape[-1] and following[0].get_config().get("activation") in GATE_ACTIVATIONS:
            return chain if _reproduces(layer, chain, shape) else None
    return None


def excitation(chain: list[keras.layers.Layer], inputs: Any) -> Any:
    """The (n, C) gate of a custom SE layer recomputed from its (n, h, w, C) input."""
    weights = keras.ops.mean(inputs, axis=(1, 2))
    for sub in chain:
        weights = sub(weights) if isinstance(sub, kl.Dense) else sub(weights[:, None, None, :])[:, 0, 0, :]
    return weights


def _reproduces(layer: keras.layers.Layer, chain: list[keras.layers.Layer], shape: tuple) -> bool:
    """Whether the layer's output on a seeded test input is that input times the recomputed gate."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 1.0, (2, *(int(d or 8) for d in shape[1:]))).astype("float32")
    x[:, :, :, ::3] = 0.0
    try:
        out = keras.ops.convert_to_numpy(layer(x))
        gate = keras.ops.convert_to_numpy(excitation(chain, x))
    except (TypeError, ValueError):
        return False
    return bool(np.allclose(out, x * gate[:, None, None, :], rtol=1e-4, atol=1e-5))


def _kind(layer: keras.layers.Layer) -> str | None:
    if isinstance(layer, SqueezeExcite):
        return "class"
    if _gates(layer):
        return "gate"
    return "layer" if excitation_chain(layer) else None


def se_block(model: keras.Model, name: str | None = None) -> SEBlock | None:
    """The model's (last) SE block at any depth, or the layer the user names; None when none is found."""
    if name:
        path = path_of(model, name)
        kind = _kind(find(model, path))
        if kind is None:
            raise ExplainError(f"{path} is not a Squeeze-and-Excitation block this app can read: {SE_LOOKED_FOR}")
        return SEBlock(path, kind)
    found = None
    for path, layer in walk(model):
        kind = _kind(layer)
        found = SEBlock(path, kind) if kind else found
    return found


def gate_reader(model: keras.Model, block: SEBlock) -> Callable[[Any, Any], tuple[Any, Any]]:
    """(block input, block output) -> (feature map (n, h, w, C), gate (n, C)): the sigmoid output itself."""
    layer = find(model, block.path)
    if block.kind == "class":
        return lambda inputs, outputs: (inputs, layer.excitation(inputs))
    if block.kind == "gate":

        def split(inputs, outputs):
            feature, gate = sorted(inputs, key=lambda tensor: -int(tensor.shape[1] or 0) * int(tensor.shape[2] or 0))
            return feature, keras.ops.reshape(gate, (-1, feature.shape[-1]))

        return split
    chain = excitation_chain(layer)
    return lambda inputs, outputs: (inputs, excitation(chain, inputs))


def traced_call(model: keras.Model, x: Any, taps: set[str]) -> tuple[Any, dict[str, tuple[Any, Any]]]:
    """Run ``model`` on ``x`` (inference mode) through its own graph; return its output and, for each
    tapped path, the (first input, output) tensors of that layer in this run."""
    record: dict[str, tuple[Any, Any]] = {}
    return _call(model, (x,), {}, path="", taps=taps, record=record), record


def _call(layer: keras.layers.Layer, args: tuple, kwargs: dict, *, path: str, taps: set[str], record: dict) -> Any:
    prefix = f"{path}/" if path else ""
    if isinstance(layer, keras.Sequential):
        out = args[0]
        for sub in layer.layers:
            out = _call(sub, (out,), {}, path=f"{prefix}{sub.name}", taps=taps, record=record)
    elif isinstance(layer, keras.Model) and hasattr(layer, "_run_through_graph"):
        out = layer._run_through_graph(
            layer._standardize_inputs(args[0]),
            operation_fn=lambda op: (
                lambda *a, **k: _call(op, a, k, path=f"{prefix}{op.name}", taps=taps, record=record)
            ),
        )
        out = out[0] if isinstance(out, list | tuple) and len(out) == 1 else out
    else:
        if getattr(layer, "_call_has_training_arg", False):
            kwargs = {**kwargs, "training": False}
        out = layer(*args, **kwargs)
    if path in taps:
        record[path] = (args[0], out)
    return out
