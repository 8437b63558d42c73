"""Pretrain the VGG16 conv base without labels: the offline stand-in for ImageNet weights.

    python -m core.train.pretrain --out models/backbone/rotation.weights.h5 --epochs 20
    python -m core.train --scenario optimized --backbone-weights models/backbone/rotation.weights.h5

ImageNet weights cannot be downloaded on offline machines. A backbone trained from scratch on the
emotion labels would make Scenario 1 ("frozen generic features") meaningless, so the base learns
a pretext task instead: predict whether a FER-2013 Training face was rotated by 0, 90, 180 or 270
degrees (Gidaris et al., ICLR 2018). No emotion label is read. Both scenarios then start from the
saved weights exactly as they would from ImageNet's. A sidecar ``.json`` records how the weights
were made; model cards and the home page quote it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from core import paths
from core.artifacts.reports import atomic_write_json
from core.data.dataset import add_data_argument, load_dataset
from core.data.preprocessing import preprocess
from core.train.backbones import description_path
from core.train.card import backend_versions, trained_faces
from core.train.config import pixel_standardisation, would_overrun

ROTATIONS = 4


def rotated(images: np.ndarray, turns: np.ndarray) -> np.ndarray:
    """Each (h, w, c) image turned counter-clockwise by 90 degrees x ``turns[i]``."""
    return np.stack([np.rot90(image, k) for image, k in zip(images, turns, strict=True)])


def rotation_batches(x: np.ndarray, batch_size: int, seed: int):
    """Every image once per epoch, with a random rotation (a new draw each epoch) as its label."""
    import keras

    class Batches(keras.utils.PyDataset):
        def __init__(self) -> None:
            super().__init__()
            self.epoch = 0
            self.draw()

        def draw(self) -> None:
            rng = np.random.default_rng(seed * 1000 + self.epoch)
            self.order = rng.permutation(len(x))
            self.turns = rng.integers(0, ROTATIONS, len(x))

        def on_epoch_end(self) -> None:
            self.epoch += 1
            self.draw()

        def __len__(self) -> int:
            return -(-len(x) // batch_size)

        def __getitem__(self, index: int):
            pick = self.order[index * batch_size : (index + 1) * batch_size]
            return rotated(x[pick], self.turns[pick]), self.turns[pick]

    return Batches()


def build_pretext(input_shape: tuple[int, int, int], mean: float, scale: float, *, seed: int):
    """(model, base): a flat He-initialised VGG16 base + a small rotation head; ``base`` shares its layers."""
    import keras
    from keras import layers

    from core.model.architectures import vgg16_base

    keras.utils.set_random_seed(seed)
    base = vgg16_base(input_shape, "random", seed)
    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Normalization(mean=[mean] * input_shape[-1], variance=[scale**2] * input_shape[-1])(inputs)
    for layer in base.layers[1:]:
        x = layer(x)
    x = layers.Flatten()(x)
    x = layers.Dense(256, activation="relu")(x)
    outputs = layers.Dense(ROTATIONS, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="rotation_pretext"), base


def pretrain(
    out: Path,
    data: Path | None = None,
    epochs: int = 20,
    *,
    batch_size: int = 128,
    learning_rate: float = 1e-4,
    input_size: int = 48,
    max_minutes: float | None = None,
    limit: int | None = None,
    seed: int = 0,
) -> dict:
    """Train the pretext, save the base's weights to ``out`` and its description beside it."""
    import keras

    dataset = load_dataset(data, seed)
    train = trained_faces(dataset.split("Training").head(limit, seed))
    val = trained_faces(dataset.split("PublicTest").head(limit, seed))
    shape = (input_size, input_size, 3)
    x_train, x_val = preprocess(train.images, shape), preprocess(val.images, shape)
    turns_val = np.random.default_rng(seed).integers(0, ROTATIONS, len(x_val))
    x_val = rotated(x_val, turns_val)
    mean, scale = pixel_standardisation(train.images)
    model, base = build_pretext(shape, mean, scale, seed=seed)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate, clipnorm=1.0),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    history: list[dict] = []
    batches = rotation_batches(x_train, batch_size, seed)
    for epoch in range(epochs):
        epoch_start = time.perf_counter()
        logs = model.fit(batches, validation_data=(x_val, turns_val), epochs=1, verbose=2).history
        history.append({k: float(v[-1]) for k, v in logs.items()} | {"seconds": time.perf_counter() - epoch_start})
        print(f"pretext epoch {epoch + 1}/{epochs}: rotation val accuracy {history[-1]['val_accuracy']:.4f}")
        if would_overrun(start, history[-1]["seconds"], max_minutes):
            print(f"time budget of {max_minutes} min reached")
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    base.save_weights(str(out))
    info = {
        "method": "self-supervised rotation prediction (0/90/180/270 degrees), Gidaris et al. ICLR 2018",
        "labels_used": "none (emotion labels are never read)",
        "train_images": len(train),
        "epochs": len(history),
        "rotation_val_accuracy": history[-1]["val_accuracy"],
        "validation": "PublicTest images, each rotated at random (its emotion labels unused)",
        "input_standardisation": {"mean": mean, "scale": scale},
        "hyperparameters": {"batch_size": batch_size, "learning_rate": learning_rate, "seed": seed},
        "wall_time_s": round(time.perf_counter() - start, 1),
        "history": history,
        "data_fingerprint": dataset.fingerprint,
        "versions": backend_versions(),
    }
    atomic_write_json(description_path(out), info)
    print(f"wrote {out} (rotation accuracy {info['rotation_val_accuracy']:.4f} on rotated PublicTest images)")
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m core.train.pretrain",
        description="Pretrain the VGG16 conv base on FER-2013 Training images by predicting their rotation "
        "(no emotion labels), and save it as a backbone weights file for core.train.trainer --backbone-weights.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=paths.models_dir() / "backbone" / "rotation.weights.h5",
        help="weights file to write (default: %(default)s)",
    )
    add_data_argument(parser)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-4, help="Adam learning rate (default: %(default)s)")
    parser.add_argument("--input-size", type=int, default=48)
    parser.add_argument("--max-minutes", type=float, default=None, help="stop after the epoch that would overrun")
    parser.add_argument("--limit", type=int, default=None, help="use at most this many images (smoke runs)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pretrain(
        args.out,
        args.data,
        args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        input_size=args.input_size,
        max_minutes=args.max_minutes,
        limit=args.limit,
        seed=args.seed,
    )


if __name__ == "__main__":
    main()
