"""Summaries of the scenario reports for the home, metrics and training pages (pandas only, no TensorFlow).

Everything here is derived from the report files (metrics.json, history.csv, model_card.json), so
the numbers the pages show are always the measured ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.artifacts.reports import HISTORY_COLUMNS
from core.paths import SCENARIOS

METRIC_KEYS = {
    "accuracy": "summary_accuracy",
    "macro_f1": "summary_macro_f1",
    "weighted_f1": "summary_weighted_f1",
    "top2_accuracy": "summary_top2_accuracy",
    "log_loss": "summary_log_loss",
    "ece": "summary_ece",
}
"""Headline metrics of metrics.json, in the order shown -> their text keys."""
LOWER_IS_BETTER = {"log_loss", "ece"}
HEADLINE: tuple[tuple[str, bool], ...] = tuple((name, name not in LOWER_IS_BETTER) for name in METRIC_KEYS)
"""Headline metrics and whether higher is better (decides the delta colour)."""

RATES = {"accuracy", "macro_f1", "weighted_f1", "top2_accuracy"}
"""Headline metrics that are shares (shown as percentages, differences in percentage points)."""


def format_value(name: str, value: float) -> str:
    """A headline value as shown: shares as percentages, losses and ECE as plain numbers."""
    return f"{value:.2%}" if name in RATES else f"{value:.4f}"


def format_change(name: str, change: float) -> str:
    """A difference between scenarios: percentage points for shares, plain for losses and ECE."""
    return f"{change * 100:+.2f} pt" if name in RATES else f"{change:+.4f}"


RECIPE_KEYS = {
    "trainable_backbone": "home_recipe_trainable_backbone",
    "head_warmup_epochs": "home_recipe_head_warmup_epochs",
    "squeeze_excitation": "home_recipe_squeeze_excitation",
    "augmentation": "home_recipe_augmentation",
    "class_weights": "home_recipe_class_weights",
    "label_smoothing": "home_recipe_label_smoothing",
}
"""The card's recipe keys, in the order shown -> their names' text keys (keys a card adds keep their own name)."""
CONFIG_KEYS = {
    "backbone_init": "training_cfg_backbone_init",
    "input_shape": "training_cfg_input_shape",
    "epochs_run": "training_cfg_epochs_run",
    "best_epoch": "training_cfg_best_epoch",
    "best_val_accuracy": "training_cfg_best_val_accuracy",
    "wall_time_s": "training_cfg_wall_time_s",
    "train_images": "training_cfg_train_images",
    "validation_split": "training_cfg_validation_split",
    "data_source": "training_cfg_data_source",
    "data_fingerprint": "training_cfg_data_fingerprint",
    "created": "training_cfg_created",
}
"""The card's run facts, in the order shown -> their names' text keys."""


def recipe(scenario: str, card: dict[str, Any] | None) -> dict[str, Any]:
    """The scenario's training recipe: from its model card when recorded, else the thesis design ({} if unknown).

    A run continued from an earlier model (``core.train.trainer --init-model``) shows what changed as
    "earlier -> later", so a recipe switched midway is never reported as the whole story.
    """
    if card and isinstance(card.get("recipe"), dict):
        earlier = (card.get("continued_from") or {}).get("recipe") or {}
        return {
            key: f"{earlier[key]} -> {value}" if key in earlier and earlier[key] != value else value
            for key, value in card["recipe"].items()
        }
    if scenario not in SCENARIOS:
        return {}
    from core.train.config import TrainConfig

    return TrainConfig(scenario).recipe()


def recipe_table(scenarios: list[str], cards: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Recipe keys as rows, scenarios as columns; keys a card adds beyond the design are kept."""
    recipes = {s: recipe(s, cards.get(s)) for s in scenarios}
    keys = list(RECIPE_KEYS) + sorted({k for r in recipes.values() for k in r} - set(RECIPE_KEYS))
    return pd.DataFrame({s: [recipes[s].get(k) for k in keys] for s in scenarios}, index=keys)


def headline_table(metrics: dict[str, dict[str, Any]], pair: tuple[str, ...] = SCENARIOS) -> pd.DataFrame:
    """Headline metrics as rows, reports as columns, and scenario 2 minus scenario 1 right after the pair when both
    of ``pair`` are in (other reports follow)."""
    scenarios = list(metrics)
    frame = pd.DataFrame(
        {s: [float(metrics[s][name]) for name, _ in HEADLINE] for s in scenarios},
        index=[name for name, _ in HEADLINE],
    )
    first, second = pair[:2]
    if first in frame and second in frame:
        after = max(frame.columns.get_loc(first), frame.columns.get_loc(second)) + 1
        frame.insert(after, "difference", frame[second] - frame[first])
    return frame


def per_class_table(metrics: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Long table: one row per (scenario, class) with precision, recall, F1 and support."""
    rows = [
        {"scenario": s, "class_index": i, **{k: row[k] for k in ("precision", "recall", "f1", "support")}}
        for s, m in metrics.items()
        for i, row in enumerate(m["per_class"])
    ]
    return pd.DataFrame(rows, columns=["scenario", "class_index", "precision", "recall", "f1", "support"])


def f1_difference(first: dict[str, Any], second: dict[str, Any]) -> np.ndarray:
    """Per-class F1 of ``second`` minus ``first`` (positive: the second one is better; NaN: a class the set lacks)."""
    pairs = zip(first["per_class"], second["per_class"], strict=True)
    return np.array([np.nan if None in (a["f1"], b["f1"]) else b["f1"] - a["f1"] for a, b in pairs])


def normalise_rows(confusion: np.ndarray) -> np.ndarray:
    """Row-normalised confusion matrix (share of each true class); empty rows stay 0."""
    matrix = np.asarray(confusion, dtype=np.float64)
    totals = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)


@dataclass(frozen=True)
class Confusion:
    """One off-diagonal cell: ``count`` images of class ``true`` predicted as ``pred``."""

    true: int
    pred: int
    count: int
    share: float
    """count / support of the true class."""


def most_confused(confusion: np.ndarray, k: int = 3) -> list[Confusion]:
    """The ``k`` largest off-diagonal cells by count (ties: larger share of the true class, then order)."""
    matrix = np.asarray(confusion, dtype=np.int64)
    shares = normalise_rows(matrix)
    cells = [
        Confusion(i, j, int(matrix[i, j]), float(shares[i, j]))
        for i in range(matrix.shape[0])
        for j in range(matrix.shape[1])
        if i != j and matrix[i, j] > 0
    ]
    return sorted(cells, key=lambda c: (-c.count, -c.share, c.true, c.pred))[:k]


@dataclass(frozen=True)
class Capabilities:
    """What a scenario measurably can and cannot do, for the home page's honest note."""

    n: int
    accuracy: float
    input_shape: tuple[int, ...] | None
    best_class: int
    best_recall: float
    worst_class: int
    worst_recall: float
    confused: list[Confusion]


def capabilities(metrics: dict[str, Any], card: dict[str, Any] | None) -> Capabilities:
    """Measured accuracy, best and worst recognised class (by recall) and most-confused pairs."""
    recalls = np.array([row["recall"] for row in metrics["per_class"]])
    shape = (card or {}).get("input_shape")
    return Capabilities(
        n=int(metrics["n"]),
        accuracy=float(metrics["accuracy"]),
        input_shape=tuple(int(v) for v in shape) if shape else None,
        best_class=int(recalls.argmax()),
        best_recall=float(recalls.max()),
        worst_class=int(recalls.argmin()),
        worst_recall=float(recalls.min()),
        confused=most_confused(np.asarray(metrics["confusion_matrix"])),
    )


def best_epoch(history: pd.DataFrame | None, card: dict[str, Any] | None) -> int | None:
    """The kept epoch: the card's record, else the epoch of the highest validation accuracy."""
    if card and card.get("best_epoch"):
        return int(card["best_epoch"])
    if history is None or history.empty or "val_accuracy" not in history:
        return None
    return int(history.loc[history["val_accuracy"].idxmax(), "epoch"])


def usable_history(history: pd.DataFrame | None) -> bool:
    """Whether a history has every documented column and at least one epoch (else it cannot be drawn)."""
    return history is not None and not history.empty and set(HISTORY_COLUMNS) <= set(history.columns)


@dataclass(frozen=True)
class RunFacts:
    """The headline facts of a training run, for the sentence under the curves."""

    epochs: int
    best: int | None
    best_val_accuracy: float | None
    minutes: float


def run_facts(history: pd.DataFrame, card: dict[str, Any] | None) -> RunFacts:
    """Epochs run, kept epoch with its validation accuracy and wall time: from the card, else the history."""
    card = card or {}
    best = best_epoch(history, card)
    kept = history.loc[history["epoch"] == best, "val_accuracy"]
    value = card.get("best_val_accuracy", float(kept.iloc[0]) if len(kept) else None)
    return RunFacts(
        epochs=int(card.get("epochs_run", len(history))),
        best=best,
        best_val_accuracy=None if value is None else float(value),
        minutes=float(card.get("wall_time_s", history["epoch_time_s"].sum())) / 60,
    )


def _flat(prefix: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [item for key, sub in value.items() for item in _flat(f"{prefix}.{key}" if prefix else key, sub)]
    if isinstance(value, list | tuple):
        return [(prefix, ", ".join(map(str, value)))]
    return [(prefix, value)]


def folder_name(value: str) -> str:
    """A path as the committee may see it: an absolute one (the training machine's) by its last part only."""
    return re.split(r"[\\/]", value.rstrip("\\/"))[-1] if re.match(r"([A-Za-z]:)?[\\/]", value) else value


def _shown(key: str, value: Any) -> str:
    """A card value as text: floats to 4 significant digits, durations in whole seconds, None as blank,
    shapes as 48 x 48 x 3, absolute paths by their last part."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " x ".join(map(str, value))
    if isinstance(value, str):
        return folder_name(value)
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:,.0f} s" if key.endswith("_s") or key.endswith(".seconds") else f"{value:.4g}"
    return str(value)


def config_table(cards: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Training configuration of each card (run facts, recipe, hyperparameters) as text, one column per scenario."""
    columns: dict[str, dict[str, str]] = {}
    for scenario, card in cards.items():
        items = [(k, card[k]) for k in CONFIG_KEYS if k in card]
        items += _flat("recipe", card.get("recipe", {})) + _flat("hyperparameters", card.get("hyperparameters", {}))
        items += _flat("test_time_flip", card.get("test_time_flip") or {})
        items += _flat("versions", card.get("versions", {}))
        columns[scenario] = {key: _shown(key, value) for key, value in items}
    keys = list(dict.fromkeys(k for column in columns.values() for k in column))
    return pd.DataFrame({s: [columns[s].get(k, "") for k in keys] for s in columns}, index=pd.Index(keys, name="key"))


def missing_scenarios(present: list[str], pair: tuple[str, ...] = SCENARIOS) -> list[str]:
    """The assigned pair's scenarios that have no complete report."""
    return [s for s in pair if s not in present]


@dataclass(frozen=True)
class Continuation:
    """A run continued from an earlier one (card's continued_from): where each part ran and what changed."""

    first_epochs: int
    """Epochs of the first run; the continuation starts at first_epochs + 1."""
    epochs: int
    first_backend: str
    backend: str
    first_transport: str
    first_epoch_s: float | None
    """Median epoch time of the first run, and of the continuation (from history.csv)."""
    epoch_s: float | None
    lr_restarted: bool
    """The learning rate rose where the continuation starts (its schedule began again)."""


def continuation(card: dict[str, Any] | None, history: pd.DataFrame | None) -> Continuation | None:
    """The two parts of a continued run, from the card (None for a run trained in one go)."""
    before = (card or {}).get("continued_from")
    if not isinstance(before, dict) or "epochs_run" not in before:
        return None
    first = int(before["epochs_run"])
    times = lrs = None
    if history is not None and {"epoch", "epoch_time_s", "learning_rate"} <= set(history):
        early = history["epoch"] <= first
        times = (history.loc[early, "epoch_time_s"].median(), history.loc[~early, "epoch_time_s"].median())
        lrs = history.loc[early, "learning_rate"], history.loc[~early, "learning_rate"]
    restarted = lrs is not None and len(lrs[0]) > 0 and len(lrs[1]) > 0 and lrs[1].iloc[0] > lrs[0].iloc[-1]
    return Continuation(
        first_epochs=first,
        epochs=int(card.get("epochs_run", first)),
        first_backend=str((before.get("versions") or {}).get("backend", "?")),
        backend=str((card.get("versions") or {}).get("backend", "?")),
        first_transport=str(before.get("transport", "")),
        first_epoch_s=None if times is None or pd.isna(times[0]) else float(times[0]),
        epoch_s=None if times is None or pd.isna(times[1]) else float(times[1]),
        lr_restarted=bool(restarted),
    )
