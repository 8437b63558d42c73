"""The project's own Keras layers, registered so that any process can load a model that uses them."""

from __future__ import annotations

import keras
from keras import layers


@keras.saving.register_keras_serializable(package="fer")
class SqueezeExcite(layers.Layer):
    """Squeeze-and-Excitation (Hu et al. 2018): rescales channels by weights learned from their means.

    ``excitation(x)`` returns the per-channel weights in (0, 1) that ``call`` multiplies in,
    so the dashboard can show what the block attends to.
    """

    def __init__(self, ratio: int = 16, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ratio = ratio

    def build(self, input_shape: tuple) -> None:
        channels = int(input_shape[-1])
        units = max(channels // self.ratio, 1)
        self.squeeze = layers.Dense(units, activation="relu", name="squeeze", dtype=self.dtype_policy)
        self.excite = layers.Dense(channels, activation="sigmoid", name="excite", dtype=self.dtype_policy)
        self.squeeze.build((None, channels))
        self.excite.build((None, units))
        super().build(input_shape)

    def excitation(self, inputs):
        """Channel weights (batch, channels) for a feature map (batch, h, w, channels)."""
        if not self.built:
            self.build(inputs.shape)
        return self.excite(self.squeeze(keras.ops.mean(inputs, axis=(1, 2))))

    def call(self, inputs):
        weights = self.excitation(inputs)
        return inputs * weights[:, None, None, :]

    def get_config(self) -> dict:
        return {**super().get_config(), "ratio": self.ratio}
