"""The SE view reads the gate itself (the sigmoid output) of plain-layer, project and custom SE blocks,
also for channels whose input is exactly 0, and never reads a layer that is not an SE block."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

from core.classes import NUM_CLASSES


class OwnSE(keras.layers.Layer):
    """A student's SE layer: GAP -> Dense relu -> Dense sigmoid -> multiply (the excite Dense made first,
    to show that call order is found from the shapes, not the attribute order); ``conv=True`` uses
    1x1 Conv2D sublayers instead; ``scale`` != 1 makes it something other than an SE block."""

    def __init__(self, conv: bool = False, scale: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.conv, self.scale = conv, scale

    def build(self, input_shape):
        channels = int(input_shape[-1])
        make = (lambda n, a: keras.layers.Conv2D(n, 1, activation=a)) if self.conv else keras.layers.Dense
        self.excite = make(channels, "sigmoid")
        self.squeeze = make(4, "relu")
        shape = (None, 1, 1) if self.conv else (None,)
        self.squeeze.build((*shape, channels))
        self.excite.build((*shape, 4))

    def call(self, x):
        pooled = keras.ops.mean(x, axis=(1, 2), keepdims=self.conv)
        gate = self.excite(self.squeeze(pooled))
        return x * (gate if self.conv else gate[:, None, None, :]) * self.scale


def _dead_half_model(kind: str):
    """A conv layer whose channels 0-7 are dead (zero kernel, negative bias: ReLU gives exactly 0), then an SE block."""
    from core.model.layers import SqueezeExcite

    keras.utils.set_random_seed(4)
    inputs = keras.Input((24, 24, 3))
    conv = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv")
    x = conv(inputs)
    kernel, bias = conv.get_weights()
    kernel[..., :8] = 0.0
    conv.set_weights([kernel, np.where(np.arange(16) < 8, -1.0, np.abs(bias) + 0.1)])
    if kind == "plain":
        s = layers.Dense(4, activation="relu")(layers.GlobalAveragePooling2D()(x))
        s = layers.Reshape((1, 1, 16))(layers.Dense(16, activation="sigmoid")(s))
        x = layers.Multiply(name="se")([x, s])
    else:
        x = {"class": SqueezeExcite(4, name="se"), "custom": OwnSE(name="se"), "conv": OwnSE(True, name="se")}[kind](x)
    out = layers.Dense(NUM_CLASSES, activation="softmax")(layers.Flatten()(layers.MaxPooling2D(4)(x)))
    return keras.Model(inputs, out)


@pytest.mark.parametrize("kind", ["plain", "class", "custom", "conv"])
def test_the_se_view_reads_the_sigmoid_gate_even_where_the_input_is_zero(kind):
    """Half the block's input channels are exactly 0; their gate is still a sigmoid value in (0, 1), equal to
    the block's own excitation (output / input would read 0 there)."""
    from core.data.preprocessing import preprocess
    from core.explain.gradcam import Explainer

    model = _dead_half_model(kind)
    image = np.random.default_rng(8).integers(0, 256, (24, 24), dtype=np.uint8)
    explanation = Explainer(model, "conv").explain(image)
    block = model.get_layer("se")
    x = preprocess(image, model.input_shape)
    features = np.asarray(keras.Model(model.input, model.get_layer("conv").output)(x))[0]
    assert (features[..., :8] == 0).all() and (features[..., 8:] > 0).any()
    subs = [s for s in model.layers if isinstance(s, keras.layers.Dense)][:2]
    squeeze, excite = (block.squeeze, block.excite) if kind != "plain" else subs
    k1, b1 = (w.reshape(-1, w.shape[-1]) if w.ndim == 4 else w for w in squeeze.get_weights())
    k2, b2 = (w.reshape(-1, w.shape[-1]) if w.ndim == 4 else w for w in excite.get_weights())
    gate = 1 / (1 + np.exp(-(np.maximum(features.mean(axis=(0, 1)) @ k1 + b1, 0) @ k2 + b2)))
    np.testing.assert_allclose(explanation.excitation, gate, rtol=1e-4, atol=1e-6)
    assert np.all(explanation.excitation[:8] > 0), "a channel with input 0 still shows its gate"
    output = np.asarray(keras.Model(model.input, block.output)(x))[0]
    ratio = output.sum(axis=(0, 1)) / np.maximum(features.sum(axis=(0, 1)), 1e-12)
    assert (ratio[:8] == 0).all(), "what the old output / input read-out showed for these channels"


def test_a_custom_layer_that_is_not_an_se_block_is_not_read_as_one():

    from core.explain.layers import se_block

    inputs = keras.Input((8, 8, 3))
    x = OwnSE(scale=2.0, name="not_se")(keras.layers.Conv2D(8, 3, name="conv")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(7, activation="softmax")(keras.layers.Flatten()(x)))
    assert se_block(model) is None
    with pytest.raises(ValueError, match="not a Squeeze-and-Excitation block"):
        se_block(model, "not_se")
