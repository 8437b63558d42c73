"""Train one thesis scenario on FER-2013 and write the model, its card and its history.

    python -m core.train --scenario baseline                                 # ImageNet (needs a network)
    python -m core.train --scenario optimized --backbone-weights models/backbone/rotation.weights.h5
    python -m core.train --scenario optimized --limit 512 --epochs 1        # smoke run

Training uses the Training split, validates on PublicTest after every epoch, keeps the best
epoch (by validation accuracy), halves the learning rate when validation stalls and stops early.
Every epoch is checkpointed to ``models/checkpoints/<scenario>/``; ``--resume`` continues an
interrupted run from its last finished epoch with the same optimizer state and data order.
Only Keras is used, so the same code trains on any backend (``KERAS_BACKEND=jax`` on a GPU).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.artifacts.reports import HISTORY_COLUMNS, atomic_write_csv, atomic_write_json
from core.classes import NUM_CLASSES
from core.data.dataset import Dataset, Split, load_dataset
from core.data.preprocessing import preprocess
from core.model.inference import choose_flip
from core.train.card import model_card
from core.train.config import TrainConfig, class_weight_table, input_normalisation, would_overrun


def augment(images: np.ndarray, rng: np.random.Generator, config: TrainConfig) -> np.ndarray:
    """Random horizontal flip, rotation, shift and zoom of each (h, w, c) image, edges replicated.

    One OpenCV affine warp per image: far faster than Keras' augmentation layers run eagerly per
    batch, and the same on every Keras backend. ``augment_rotation`` is a fraction of a full turn
    (0.05 = +-18 degrees), ``augment_shift`` and ``augment_zoom`` fractions of the image size.
    """
    import cv2

    n, h, w = images.shape[:3]
    flips = rng.random(n) < 0.5
    angles = rng.uniform(-1, 1, n) * config.augment_rotation * 360.0
    scales = 1.0 + rng.uniform(-1, 1, n) * config.augment_zoom
    shifts = rng.uniform(-1, 1, (n, 2)) * config.augment_shift * np.array([w, h])
    out = np.empty_like(images)
    for i, image in enumerate(images):
        matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angles[i], scales[i])
        matrix[:, 2] += shifts[i]
        source = np.ascontiguousarray(image[:, ::-1] if flips[i] else image)
        warped = cv2.warpAffine(source, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out[i] = warped.reshape(image.shape)
    return out


def _batches(x: np.ndarray, y: np.ndarray, weights: np.ndarray, config: TrainConfig, epoch: int):
    """One epoch of augmented batches in a fixed, epoch-seeded order (a resumed run sees the same
    order and the same augmentation); each batch carries its class-weight sample weights."""
    import keras

    order = np.random.default_rng(config.seed * 1000 + epoch).permutation(len(y))

    class Batches(keras.utils.PyDataset):
        def __len__(self) -> int:
            return -(-len(y) // config.batch_size)

        def __getitem__(self, index: int):
            pick = order[index * config.batch_size : (index + 1) * config.batch_size]
            rng = np.random.default_rng([config.seed, epoch, index])
            return augment(x[pick], rng, config), y[pick], weights[pick]

    return Batches()


def _one_hot(labels: np.ndarray) -> np.ndarray:
    return np.eye(NUM_CLASSES, dtype=np.float32)[labels]


class Trainer:
    """Runs one scenario epoch by epoch with checkpoints, resumable."""

    def __init__(self, config: TrainConfig, dataset: Dataset, models_dir: Path) -> None:
        self.config = config
        self.dataset = dataset
        self.models_dir = models_dir
        self.run_dir = models_dir / "checkpoints" / config.scenario
        self.train = dataset.split("Training").head(config.limit, config.seed)
        self.val = dataset.split("PublicTest").head(config.limit, config.seed)

    def _compile(self, model) -> None:
        import keras

        smoothing = self.config.recipe()["label_smoothing"]
        model.compile(
            optimizer=keras.optimizers.Adam(self.config.learning_rate, clipnorm=1.0),
            loss=keras.losses.CategoricalCrossentropy(label_smoothing=smoothing),
            metrics=["accuracy"],
        )

    def _new_model(self):
        """Build the scenario, then rebuild it with the feature scale measured on training images."""
        import keras

        from core.model.architectures import build_model

        config = self.config
        mean, std, self.preprocessing_note = input_normalisation(config, self.train)
        size = config.input_size

        def build(feature_mean=None, feature_variance=None):
            keras.utils.set_random_seed(config.seed)
            return build_model(
                config.scenario,
                (size, size, 3),
                config.backbone_weights,
                config.seed,
                mean,
                std,
                config.head_units,
                config.dropout,
                config.se_ratio,
                feature_mean,
                feature_variance,
            )

        probe = build()
        features = keras.Model(probe.input, probe.get_layer("flatten").output)
        sample = features.predict(self._inputs(self.train.head(4096, config.seed)), batch_size=256, verbose=0)
        variance = sample.var(axis=0)
        model = build(sample.mean(axis=0), variance + 0.1 * variance.mean() + 1e-12)
        self._compile(model)
        return model

    def _inputs(self, split: Split) -> np.ndarray:
        size = self.config.input_size
        return preprocess(split.images, (size, size, 3))

    def run(self, resume: bool = False) -> Path:
        import keras

        from core.model.architectures import load_model

        config = self.config
        state_file = self.run_dir / "state.json"
        self.started = time.perf_counter()
        with _distribution_scope():
            if resume and state_file.exists():
                state = json.loads(state_file.read_text())
                model = load_model(self.run_dir / "last.keras", compile=True)
                self.preprocessing_note = state["preprocessing_note"]
                print(
                    f"resuming {config.scenario} after epoch {state['epoch']} (best {state['best_val_accuracy']:.4f})"
                )
            else:
                if self.run_dir.exists():
                    shutil.rmtree(self.run_dir)
                self.run_dir.mkdir(parents=True)
                keras.utils.set_random_seed(config.seed)
                if config.init_model:
                    model, state = self._continued(Path(config.init_model))
                    return self._train(model, state)
                model = self._new_model()
                state = {
                    "epoch": 0,
                    "best_val_accuracy": -1.0,
                    "best_epoch": 0,
                    "stale": 0,
                    "lr_stale": 0,
                    "wall_time_s": 0.0,
                    "history": [],
                    "preprocessing_note": self.preprocessing_note,
                }
        return self._train(model, state)

    def _continued(self, path: Path) -> tuple[Any, dict]:
        """Start from a finished model of the same scenario: its history, best epoch and PublicTest
        accuracy carry over (so only a better epoch replaces it), with a fresh optimizer."""
        from core.model.architectures import load_model
        from core.model.card import read_card

        card = read_card(path)
        if card.get("scenario") != self.config.scenario:
            raise ValueError(f"{path} is a {card.get('scenario')!r} model, not {self.config.scenario!r}")
        model = load_model(path)
        self._compile(model)
        history_file = path.with_suffix(".history.csv")
        history = pd.read_csv(history_file).to_dict("records") if history_file.exists() else []
        self.preprocessing_note = card["preprocessing"].split("input_norm layer: ", 1)[-1]
        model.save(self.run_dir / "best.keras")
        state = {
            "epoch": len(history),
            "best_val_accuracy": card["best_val_accuracy"],
            "best_epoch": card["best_epoch"],
            "stale": 0,
            "lr_stale": 0,
            "wall_time_s": card.get("wall_time_s", 0.0),
            "history": history,
            "preprocessing_note": self.preprocessing_note,
            "head_warmup": card.get("head_warmup"),
            "continued_from": {k: card.get(k) for k in ("epochs_run", "best_epoch", "best_val_accuracy", "wall_time_s")}
            | {k: card.get(k) for k in ("transport", "versions", "recipe", "hyperparameters")}
            | {"file": path.name},
        }
        print(f"continuing {path} after epoch {state['epoch']} (best {state['best_val_accuracy']:.4f})")
        return model, state

    def _train(self, model, state: dict) -> Path:
        config = self.config
        x_val, y_val = self._inputs(self.val), _one_hot(self.val.labels)
        if config.scenario == "baseline":
            self._run_baseline(model, state, x_val, y_val)
        else:
            self._run_optimized(model, state, x_val, y_val)
        return self._finish(state)

    def _epoch_done(self, model, state: dict, logs: dict, seconds: float, lr: float) -> bool:
        """Record an epoch, checkpoint, adjust the learning rate; returns True to stop."""
        import keras

        config = self.config
        state["epoch"] += 1
        state["wall_time_s"] += seconds
        state["history"].append(
            {
                "epoch": state["epoch"],
                "loss": logs["loss"],
                "accuracy": logs["accuracy"],
                "val_loss": logs["val_loss"],
                "val_accuracy": logs["val_accuracy"],
                "learning_rate": lr,
                "epoch_time_s": seconds,
            }
        )
        if logs["val_accuracy"] > state["best_val_accuracy"]:
            state.update(best_val_accuracy=logs["val_accuracy"], best_epoch=state["epoch"], stale=0, lr_stale=0)
            model.save(self.run_dir / "best.keras")
        else:
            state["stale"] += 1
            state["lr_stale"] += 1
            if state["lr_stale"] >= config.lr_patience:
                model.optimizer.learning_rate.assign(lr * 0.5)
                state["lr_stale"] = 0
        model.save(self.run_dir / "last.keras")
        atomic_write_json(self.run_dir / "state.json", state)
        atomic_write_csv(self.run_dir / "history.csv", pd.DataFrame(state["history"], columns=HISTORY_COLUMNS))
        print(
            f"epoch {state['epoch']}/{config.epochs}: loss {logs['loss']:.4f} acc {logs['accuracy']:.4f} "
            f"val_loss {logs['val_loss']:.4f} val_acc {logs['val_accuracy']:.4f} lr {lr:.2e} ({seconds:.0f} s)",
            flush=True,
        )
        keras.utils.set_random_seed(config.seed + state["epoch"])
        return state["stale"] >= config.patience

    def _epochs(self, model, state: dict, fit_one) -> None:
        """Run ``fit_one(epoch)`` (one Keras fit epoch) until done or early-stopped."""
        import keras

        while state["epoch"] < self.config.epochs:
            if self._out_of_time(state):
                print(f"time budget of {self.config.max_minutes} min reached after epoch {state['epoch']}")
                break
            keras.utils.set_random_seed(self.config.seed + state["epoch"])
            lr = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
            start = time.perf_counter()
            history = fit_one(state["epoch"])
            logs = {key: float(values[-1]) for key, values in history.history.items()}
            if self._epoch_done(model, state, logs, time.perf_counter() - start, lr):
                print(f"early stop: no validation gain for {self.config.patience} epochs")
                break

    def _out_of_time(self, state: dict) -> bool:
        if not state["history"]:
            return False
        return would_overrun(self.started, state["history"][-1]["epoch_time_s"], self.config.max_minutes)

    def _head(self, model, x_train: np.ndarray, x_val: np.ndarray):
        """The model's head as its own model on precomputed backbone features (shares the layers)."""
        import keras

        features = keras.Model(model.input, model.get_layer("flatten").output)
        f_train = features.predict(x_train, batch_size=256, verbose=2)
        f_val = features.predict(x_val, batch_size=256, verbose=2)
        head_in = keras.Input(shape=f_train.shape[1:], name="features")
        x = head_in
        for name in ("feature_norm", "fc1", "dropout", "predictions"):
            x = model.get_layer(name)(x)
        return keras.Model(head_in, x, name="head"), f_train, f_val

    def _run_baseline(self, model, state: dict, x_val: np.ndarray, y_val: np.ndarray) -> None:
        """Frozen base: compute its features once, train only the head on them (same weights, far faster)."""
        print("computing the frozen VGG16 features once (the baseline trains its head only)", flush=True)
        start = time.perf_counter()
        head, f_train, f_val = self._head(model, self._inputs(self.train), x_val)
        state["wall_time_s"] += time.perf_counter() - start
        head.compile(optimizer=model.optimizer, loss=model.loss, metrics=["accuracy"])
        y_train = _one_hot(self.train.labels)

        def fit_one(epoch: int):
            order = np.random.default_rng(self.config.seed * 1000 + epoch).permutation(len(y_train))
            return head.fit(
                f_train[order],
                y_train[order],
                batch_size=self.config.batch_size,
                validation_data=(f_val, y_val),
                epochs=epoch + 1,
                initial_epoch=epoch,
                shuffle=False,
                verbose=2,
            )

        self._epochs(model, state, fit_one)

    def _warm_up_head(self, model, state: dict, x_train, y_train, x_val, y_val, weights) -> None:
        """Train the new head on the initial backbone's features before fine-tuning (standard two-stage
        transfer learning: a random head's large gradients would otherwise wreck blocks 4-5)."""
        import keras

        config = self.config
        print(f"head warm-up: {config.head_warmup} epochs on the initial backbone's features", flush=True)
        start = time.perf_counter()
        head, f_train, f_val = self._head(model, x_train, x_val)
        head.compile(optimizer=keras.optimizers.Adam(1e-3), loss=model.loss, metrics=["accuracy"])
        result = head.fit(
            f_train,
            y_train,
            batch_size=config.batch_size,
            epochs=config.head_warmup,
            validation_data=(f_val, y_val),
            class_weight=weights,
            verbose=2,
        )
        state["head_warmup"] = {
            "epochs": config.head_warmup,
            "val_accuracy": float(result.history["val_accuracy"][-1]),
            "seconds": round(time.perf_counter() - start, 1),
        }
        state["wall_time_s"] += state["head_warmup"]["seconds"]
        state.update(best_val_accuracy=state["head_warmup"]["val_accuracy"], best_epoch=0)
        model.save(self.run_dir / "best.keras")
        model.save(self.run_dir / "last.keras")
        atomic_write_json(self.run_dir / "state.json", state)

    def _run_optimized(self, model, state: dict, x_val: np.ndarray, y_val: np.ndarray) -> None:
        """Head warm-up (checkpointed, a candidate as epoch 0), then blocks 4-5 + SE + head fine-tuned."""
        x_train, y_train = self._inputs(self.train), _one_hot(self.train.labels)
        weights = class_weight_table(self.train.labels, self.config.class_weights)
        if "head_warmup" not in state and self.config.head_warmup and not self.config.init_model:
            self._warm_up_head(model, state, x_train, y_train, x_val, y_val, weights)
        sample_weights = (
            np.ones(len(y_train), np.float32)
            if weights is None
            else np.array([weights[c] for c in self.train.labels], np.float32)
        )

        def fit_one(epoch: int):
            return model.fit(
                _batches(x_train, y_train, sample_weights, self.config, epoch),
                validation_data=(x_val, y_val),
                epochs=epoch + 1,
                initial_epoch=epoch,
                verbose=2 if self.config.limit is None else 1,
            )

        self._epochs(model, state, fit_one)

    def _finish(self, state: dict) -> Path:
        """Copy the best epoch to models/<scenario>.keras with its card (flip average decided on
        PublicTest) and history."""
        from core.model.architectures import load_model

        config = self.config
        self.models_dir.mkdir(parents=True, exist_ok=True)
        target = self.models_dir / f"{config.scenario}.keras"
        best = load_model(self.run_dir / "best.keras")
        best.save(target)
        history = pd.DataFrame(state["history"], columns=HISTORY_COLUMNS)
        atomic_write_csv(target.with_suffix(".history.csv"), history)
        card = model_card(config, self.dataset, best, state, self.preprocessing_note)
        card["test_time_flip"] = choose_flip(best, self.val, config.batch_size)
        atomic_write_json(paths.card_path(target), card)
        print(
            f"wrote {target} (best epoch {state['best_epoch']}, PublicTest accuracy {state['best_val_accuracy']:.4f})"
        )
        return target


def _distribution_scope():
    """MirroredStrategy when TensorFlow sees several GPUs; one device (or another backend) needs none."""
    import keras

    if keras.config.backend() == "tensorflow":
        import tensorflow as tf

        if len(tf.config.list_physical_devices("GPU")) > 1:
            return tf.distribute.MirroredStrategy().scope()
    return contextlib.nullcontext()


def parse_args(argv: list[str] | None = None) -> tuple[TrainConfig, argparse.Namespace]:
    defaults = TrainConfig("optimized")
    parser = argparse.ArgumentParser(
        prog="python -m core.train",
        description="Train a thesis scenario (baseline: frozen VGG16 + head; optimized: blocks 4-5 fine-tuned, "
        "SE block, augmentation, class weights, label smoothing) and write models/<scenario>.keras + card.",
    )
    parser.add_argument("--scenario", required=True, choices=paths.SCENARIOS)
    parser.add_argument(
        "--backbone-weights",
        default=defaults.backbone_weights,
        help="imagenet (needs a network once), random, or a VGG16 weights file (default: %(default)s)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="FER-2013 folder or fer2013.csv (default: ../shared/fer2013)"
    )
    parser.add_argument("--models-dir", type=Path, default=None, help="output folder (default: models/)")
    parser.add_argument("--epochs", type=int, default=defaults.epochs, help="maximum epochs (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument(
        "--lr", type=float, default=defaults.learning_rate, help="Adam learning rate (default: %(default)s)"
    )
    parser.add_argument("--head-units", type=int, default=defaults.head_units)
    parser.add_argument("--dropout", type=float, default=defaults.dropout)
    parser.add_argument(
        "--se-ratio", type=int, default=defaults.se_ratio, help="SE reduction ratio (default: %(default)s)"
    )
    parser.add_argument("--class-weights", choices=("balanced", "sqrt", "none"), default=defaults.class_weights)
    parser.add_argument(
        "--head-warmup",
        type=int,
        default=defaults.head_warmup,
        help="optimized only: epochs training the head on frozen features before fine-tuning (default: %(default)s)",
    )
    parser.add_argument("--patience", type=int, default=defaults.patience, help="early-stopping patience in epochs")
    parser.add_argument(
        "--lr-patience",
        type=int,
        default=defaults.lr_patience,
        help="halve the learning rate after this many epochs without a PublicTest gain (default: %(default)s)",
    )
    parser.add_argument(
        "--input-size", type=int, default=defaults.input_size, help="square input size (default: %(default)s)"
    )
    parser.add_argument("--limit", type=int, default=None, help="use at most this many train/val images (smoke runs)")
    parser.add_argument(
        "--init-model",
        default=None,
        help="continue training a finished .keras model of the same scenario (its history and best "
        "PublicTest accuracy carry over; fresh optimizer at --lr)",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=None,
        help="stop after the epoch that would leave too little time for another (the best epoch is kept)",
    )
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--resume", action="store_true", help="continue the interrupted run in models/checkpoints/<scenario>/"
    )
    args = parser.parse_args(argv)
    config = TrainConfig(
        scenario=args.scenario,
        backbone_weights=args.backbone_weights,
        input_size=args.input_size,
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.lr,
        head_units=args.head_units,
        dropout=args.dropout,
        se_ratio=args.se_ratio,
        class_weights=args.class_weights,
        patience=args.patience,
        lr_patience=args.lr_patience,
        head_warmup=args.head_warmup,
        seed=args.seed,
        limit=args.limit,
        max_minutes=args.max_minutes,
        init_model=args.init_model,
    )
    return config, args


def main(argv: list[str] | None = None) -> Path:
    config, args = parse_args(argv)
    dataset = load_dataset(args.data, config.seed)
    models_dir = args.models_dir or paths.models_dir()
    return Trainer(config, dataset, models_dir).run(resume=args.resume)
