"""A zoo of tiny models in the shapes students write in Keras 3 (weights=None, 32x32 inputs).

Each builder returns an untrained, seeded model mapping an image to 7 softmax outputs; the zoo
saves them as a student would (``model.save("x.keras")`` or ``model.save("x.h5")``).
"""

from __future__ import annotations

from pathlib import Path

import keras
from keras import layers

SIZE = 32
SE_LAYERS_PY = '''
import keras
from keras import layers


@keras.saving.register_keras_serializable(package="thesis")
class SEBlock(layers.Layer):
    """A student's own Squeeze-and-Excitation layer."""

    def __init__(self, ratio=4, **kwargs):
        super().__init__(**kwargs)
        self.ratio = ratio

    def build(self, input_shape):
        channels = int(input_shape[-1])
        self.pool = layers.GlobalAveragePooling2D()
        self.squeeze = layers.Dense(max(channels // self.ratio, 1), activation="relu")
        self.excite = layers.Dense(channels, activation="sigmoid")

    def call(self, x):
        weights = self.excite(self.squeeze(self.pool(x)))
        return x * weights[:, None, None, :]

    def get_config(self):
        return {**super().get_config(), "ratio": self.ratio}
'''


def _vgg(shape: tuple[int, int, int] = (SIZE, SIZE, 3)) -> keras.Model:
    return keras.applications.VGG16(include_top=False, weights=None, input_shape=shape)


def _head(x):
    x = layers.Flatten()(x)
    x = layers.Dense(16, activation="relu")(x)
    return layers.Dense(7, activation="softmax", name="predictions")(x)


def nested_sequential() -> keras.Model:
    """The tutorial's ``Sequential([VGG16(include_top=False), Flatten, Dense, Dropout, Dense])``."""
    return keras.Sequential(
        [
            keras.Input((SIZE, SIZE, 3)),
            _vgg(),
            layers.Flatten(),
            layers.Dense(16, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(7, activation="softmax"),
        ],
        name="nested_sequential",
    )


def nested_functional() -> keras.Model:
    """A Functional model that calls the VGG16 base as one layer."""
    inputs = keras.Input((SIZE, SIZE, 3))
    return keras.Model(inputs, _head(_vgg()(inputs)), name="nested_functional")


def two_levels() -> keras.Model:
    """Functional outer model -> Sequential feature extractor -> VGG16 (two levels deep)."""
    extractor = keras.Sequential([keras.Input((SIZE, SIZE, 3)), _vgg(), layers.BatchNormalization()], name="features")
    inputs = keras.Input((SIZE, SIZE, 3))
    return keras.Model(inputs, _head(extractor(inputs)), name="two_levels")


def gray_concatenate() -> keras.Model:
    """Grayscale input repeated to RGB by Concatenate, then the VGG16 base."""
    inputs = keras.Input((SIZE, SIZE, 1))
    rgb = layers.Concatenate()([inputs, inputs, inputs])
    return keras.Model(inputs, _head(_vgg()(rgb)), name="gray_concatenate")


def gray_adapter() -> keras.Model:
    """Grayscale input mapped to RGB by a 1x1 Conv2D adapter in front of VGG16."""
    inputs = keras.Input((SIZE, SIZE, 1))
    rgb = layers.Conv2D(3, 1, name="gray_to_rgb")(inputs)
    return keras.Model(inputs, _head(_vgg()(rgb)), name="gray_adapter")


def se_plain() -> keras.Model:
    """An SE block in plain layers: GAP -> Dense(relu) -> Dense(sigmoid) -> Reshape -> Multiply."""
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2")(x)
    s = layers.GlobalAveragePooling2D()(x)
    s = layers.Dense(8, activation="relu")(s)
    s = layers.Dense(32, activation="sigmoid")(s)
    s = layers.Reshape((1, 1, 32))(s)
    x = layers.Multiply(name="se_scale")([x, s])
    return keras.Model(inputs, _head(layers.MaxPooling2D()(x)), name="se_plain")


def se_custom(se_class: type) -> keras.Model:
    """The SE block as the student's own registered Layer subclass."""
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1")(inputs)
    x = se_class(4, name="my_se")(x)
    return keras.Model(inputs, _head(layers.MaxPooling2D()(x)), name="se_custom")


def flat() -> keras.Model:
    """A flat CNN with no SE block and no sub-model."""
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Conv2D(8, 3, activation="relu", name="conv")(inputs)
    return keras.Model(inputs, _head(layers.MaxPooling2D()(x)), name="flat")


def build_zoo(folder: Path) -> dict[str, Path]:
    """Save every shape into ``folder`` (student file names, no cards); returns name -> file."""
    from core.model.loading import load_custom_objects

    layers_py = folder / "thesis_layers.py"
    layers_py.write_text(SE_LAYERS_PY)
    se_class = load_custom_objects(layers_py)["SEBlock"]
    builders = {
        "nested_sequential": nested_sequential,
        "nested_functional": nested_functional,
        "two_levels": two_levels,
        "gray_concatenate": gray_concatenate,
        "gray_adapter": gray_adapter,
        "se_plain": se_plain,
        "flat": flat,
    }
    files = {}
    for seed, (name, build) in enumerate(builders.items()):
        keras.utils.set_random_seed(seed)
        files[name] = folder / f"{name}.keras"
        build().save(files[name])
    keras.utils.set_random_seed(99)
    custom = se_custom(se_class)
    files["se_custom"] = folder / "se_custom.keras"
    custom.save(files["se_custom"])
    files["se_custom_h5"] = folder / "Thesis Model (final).h5"
    custom.save(files["se_custom_h5"])
    files["layers_py"] = layers_py
    return files
